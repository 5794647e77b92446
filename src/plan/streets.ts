import { StreetNetwork, type Snaps } from '../engine/streets/network';
import { byTarget, nearestSites, reachWithin } from '../engine/streets/reach';
import type { CityData } from './city';
import type { Scenario } from './scenario';

/**
 * The city's street network as the planner uses it: projected once per city,
 * with the demand points joined once per connector limit (kept by identity,
 * so every solve, re-evaluation and map layer of a city shares them).
 */

/** What a scenario says about walking off the streets: the detour factor of straight lines and the longest connector. */
export interface OffStreetRules {
  readonly detour: number;
  readonly maxConnector: number;
}

export function offStreetRules(scenario: Pick<Scenario, 'detourFactor' | 'maxConnector'>): OffStreetRules {
  return { detour: scenario.detourFactor, maxConnector: scenario.maxConnector };
}

interface CityStreets {
  readonly network: StreetNetwork;
  /** Per set of demand points (a city with its housing, or with a scenario's transit, shares its points), per connector limit. */
  readonly demand: WeakMap<CityData['demand'], Map<number, Snaps>>;
}

/** Kept by the graph: the same city with a scenario's transit or another plan's view is a new object with the same streets. */
const cache = new WeakMap<NonNullable<CityData['streets']>, CityStreets>();

function cityStreets(city: CityData): CityStreets | null {
  if (!city.streets) return null;
  let streets = cache.get(city.streets);
  if (!streets) {
    streets = { network: new StreetNetwork(city.streets, city.projection), demand: new WeakMap() };
    cache.set(city.streets, streets);
  }
  return streets;
}

export function streetNetwork(city: CityData): StreetNetwork | null {
  return cityStreets(city)?.network ?? null;
}

/** The demand points joined to the streets with a connector limit. */
export function demandSnaps(city: CityData, maxConnector: number): Snaps {
  const streets = cityStreets(city)!;
  let byConnector = streets.demand.get(city.demand);
  if (!byConnector) streets.demand.set(city.demand, (byConnector = new Map()));
  let snaps = byConnector.get(maxConnector);
  if (!snaps) {
    snaps = streets.network.snap(city.demand.x, city.demand.y, maxConnector);
    byConnector.set(maxConnector, snaps);
  }
  return snaps;
}

export function snapSites(city: CityData, x: Float64Array, y: Float64Array, rules: OffStreetRules): Snaps {
  return cityStreets(city)!.network.snap(x, y, rules.maxConnector);
}

/** Per demand point, the sites within `radius` metres along streets (ascending) and their distances. */
export function streetPairs(city: CityData, sites: Snaps, radius: number, rules: OffStreetRules) {
  const pairs = reachWithin(cityStreets(city)!.network, sites, demandSnaps(city, rules.maxConnector), radius, rules.detour);
  const turned = byTarget(pairs, city.demand.count);
  return { pairStart: turned.start, pairSite: turned.site, pairDistance: turned.distance };
}

/** Per demand point, the distance along streets to the nearest of `sites`. */
export function nearestAlongStreets(city: CityData, sites: Snaps, rules: OffStreetRules): { site: Int32Array; distance: Float64Array } {
  return nearestSites(cityStreets(city)!.network, sites, demandSnaps(city, rules.maxConnector), rules.detour);
}

/** Demand points measured by the straight line (too far from every street), and the people living there. */
export function offStreet(city: CityData, maxConnector: number): { points: number[]; residents: number } {
  if (!city.streets) return { points: [], residents: 0 };
  const snaps = demandSnaps(city, maxConnector);
  const points: number[] = [];
  let residents = 0;
  for (let i = 0; i < city.demand.count; i++) {
    if (snaps.edge[i] < 0) {
      points.push(i);
      residents += city.demand.residents[i];
    }
  }
  return { points, residents };
}
