import { StreetNetwork, type Snaps } from '../engine/streets/network';
import { byTarget, nearestSites, reachWithin } from '../engine/streets/reach';
import type { CityData } from './city';

/**
 * The city's street network as the planner uses it: projected and with the
 * demand points joined once per city (kept by identity, so every solve,
 * re-evaluation and map layer of a city shares them).
 */

/** A point farther than this from every mapped street is measured by the straight line instead. */
export const MAX_CONNECTOR = 300;

interface CityStreets {
  readonly network: StreetNetwork;
  readonly demand: Snaps;
}

const cache = new WeakMap<CityData, CityStreets>();

export function cityStreets(city: CityData): CityStreets | null {
  if (!city.streets) return null;
  let streets = cache.get(city);
  if (!streets) {
    const network = new StreetNetwork(city.streets, city.projection);
    streets = { network, demand: network.snap(city.demand.x, city.demand.y, MAX_CONNECTOR) };
    cache.set(city, streets);
  }
  return streets;
}

export function snapSites(city: CityData, x: Float64Array, y: Float64Array): Snaps {
  return cityStreets(city)!.network.snap(x, y, MAX_CONNECTOR);
}

/** Per demand point, the sites within `radius` metres along streets (ascending) and their distances. */
export function streetPairs(city: CityData, sites: Snaps, radius: number, detour: number) {
  const streets = cityStreets(city)!;
  const pairs = reachWithin(streets.network, sites, streets.demand, radius, detour);
  const turned = byTarget(pairs, city.demand.count);
  return { pairStart: turned.start, pairSite: turned.site, pairDistance: turned.distance };
}

/** Per demand point, the distance along streets to the nearest of `sites`. */
export function nearestAlongStreets(city: CityData, sites: Snaps, detour: number): { site: Int32Array; distance: Float64Array } {
  const streets = cityStreets(city)!;
  return nearestSites(streets.network, sites, streets.demand, detour);
}

/** Demand points measured by the straight line (too far from every street), and the people living there. */
export function offStreet(city: CityData): { points: number[]; residents: number } {
  const streets = cityStreets(city);
  if (!streets) return { points: [], residents: 0 };
  const points: number[] = [];
  let residents = 0;
  for (let i = 0; i < city.demand.count; i++) {
    if (streets.demand.edge[i] < 0) {
      points.push(i);
      residents += city.demand.residents[i];
    }
  }
  return { points, residents };
}
