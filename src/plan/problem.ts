import { demandWeights, type CityData } from './city';
import { typeSpecs } from './presets';
import { plusHousing, withHousing, type HousingDemand } from './housing';
import { existingOf, generateCandidates, type Candidate } from './candidates';
import type { PlannerInstance, PlannerType, Pieces } from '../engine/planner/instance';
import { alongStreets, coverageObjective, essentialTypes, coverageRadius, districtShare, enabledTypes, periodCount, walkMetres, type FacilityType, type Scenario, type TypeDemand } from './scenario';
import { areaPairs, cityCells, halfDiagonal, subdivision } from './cells';
import { PointIndex } from './spatial';
import { transitPairs, withTransitPairs, type TransitPairs } from './transitReach';
import { nearestAlongStreets, offStreetRules, snapSites, streetPairs, type OffStreetRules } from './streets';

/**
 * One facility type's share of a plan, ready for the engine (see
 * src/engine/planner/instance.ts): who needs it (weights per demand point),
 * where it is or could be (existing sites first, then candidates), and which
 * demand point may use which site (sparse pairs found with a spatial index,
 * never a dense matrix); plus what the planner's KPIs need (positions,
 * candidates, district ids).
 */
export interface TypeProblem extends PlannerType {
  readonly type: FacilityType;
  /** Demand per point in the first year (the data's own year). */
  readonly weights: Float64Array;
  readonly total: number;
  readonly weightsByPeriod: Float64Array[];
  readonly totalByPeriod: number[];
  readonly districtIds: string[];
  readonly siteX: Float64Array;
  readonly siteY: Float64Array;
  /** Candidates, in site order after the existing sites. */
  readonly candidates: Candidate[];
  /** Distances (pairDistance, radius) are metres along streets, not straight metres. */
  readonly alongStreets: boolean;
  /**
   * A type reached on foot or by transit: the walking pairs (cell centres' distances, up to the radius and, for
   * split cells, half a cell beyond) and the transit pairs apart, for the shares by mode and the tooltips.
   */
  readonly access?: { readonly walk: Pairs; readonly transit: TransitPairs };
}

export interface PlanProblem {
  readonly types: TypeProblem[];
  readonly demandCount: number;
  /** Residents per demand point in every year (grown as every type's demand is): who counts for "reaches them all". */
  readonly residentsByPeriod: Float64Array[];
  /** Required or forbidden candidate ids that no longer exist (e.g. after a spacing change). */
  readonly unknownCandidateIds: string[];
}

/**
 * The scenario's rules as the engine's instance: its objective, years, the
 * budgets (shared or per type, per year, with or without carry-over) and the
 * district shares.
 */
export function plannerInstance(problem: PlanProblem, scenario: Scenario): PlannerInstance {
  const types = problem.types.map((type) => type.type);
  const yearBudgets = (type: FacilityType | null): number[] => {
    const phased = scenario.phases.enabled;
    if (type === null) return phased ? [...scenario.phases.yearBudgets] : [scenario.budget];
    return phased ? [...scenario.phases.typeYearBudgets[type]] : [scenario.facilities[type].budget];
  };
  const essential = new Set(essentialTypes(scenario));
  return {
    objective: scenario.objective,
    // "Every essential type": the residents who reach them all (the types not essential are not planned).
    ...(scenario.objective === 'maxAll' && {
      all: { essential: problem.types.flatMap((type, k) => (essential.has(type.type) ? [k] : [])), weightsByPeriod: problem.residentsByPeriod },
    }),
    periods: periodCount(scenario),
    carryOver: scenario.phases.enabled && scenario.phases.carryOver,
    targetShare: scenario.targetShare,
    types: problem.types,
    budgets:
      scenario.budgetMode === 'shared'
        ? [{ types: types.map((_, k) => k), perPeriod: yearBudgets(null) }]
        : types.map((type, k) => ({ types: [k], perPeriod: yearBudgets(type) })),
  };
}

/** Travel objectives let a demand point use any site nearer than its nearest existing one (exact), instead of only those within the norm. */
export function buildPlanProblem(city: CityData, scenario: Scenario, candidates: Candidate[] = generateCandidates(city, scenario)): PlanProblem {
  const travel = !coverageObjective(scenario);
  const required = new Set(scenario.candidates.required);
  const forbidden = new Set(scenario.candidates.forbidden);
  const known = new Set(candidates.map((candidate) => candidate.id));
  const specs = typeSpecs(scenario.facilities);
  // Planned housing adds its residents from its year (src/plan/housing.ts); the city was prepared with its points (housingCity).
  const years = Array.from({ length: periodCount(scenario) }, (_, t) => scenario.phases.startYear + t);
  // Without estates nothing is added (and no index of the demand points is built for them on every solve).
  const housing = scenario.housing && scenario.housing.length > 0 ? withHousing(city, scenario.housing, scenario.phases.enabled ? years : null) : null;
  if (housing && housing.city.demand.count !== city.demand.count) throw new Error('the city was not prepared for the scenario\'s housing (housingCity)');
  const types = enabledTypes(scenario).map((type) => {
    const settings = scenario.facilities[type];
    const existing = existingOf(city, specs.get(type)!);
    const existingCount = existing?.count ?? 0;
    const own = candidates.filter((candidate) => candidate.type === type);
    const siteCount = existingCount + own.length;
    const siteX = new Float64Array(siteCount);
    const siteY = new Float64Array(siteCount);
    const capacity = new Float64Array(siteCount);
    const cost = new Float64Array(siteCount);
    const minCount = new Int32Array(siteCount);
    const maxCount = new Int32Array(siteCount);
    for (let j = 0; j < existingCount; j++) {
      siteX[j] = existing!.x[j];
      siteY[j] = existing!.y[j];
      // An existing facility's own capacity where its layer gives one (schools always, imported container sites when given).
      capacity[j] = Number.isFinite(existing!.capacity[j]) ? existing!.capacity[j] : settings.capacity;
    }
    own.forEach((candidate, k) => {
      const j = existingCount + k;
      siteX[j] = candidate.x;
      siteY[j] = candidate.y;
      // An extension has its own capacity and cost; it stands where the facility it extends stands.
      capacity[j] = candidate.capacity ?? settings.capacity;
      cost[j] = candidate.cost ?? settings.unitCost;
      // An extension adds places, never reach: where capacity is not counted (uncapacitated coverage, travel
      // objectives) it would serve no one new, and a solver free to spend a budget's rest could still open it.
      // It stays a candidate (indices do not move) but is closed, unless the planner requires it.
      const idle = candidate.extends !== undefined && (travel || !settings.capacitated) && !required.has(candidate.id);
      maxCount[j] = forbidden.has(candidate.id) || idle ? 0 : candidate.maxCount;
      minCount[j] = required.has(candidate.id) && !forbidden.has(candidate.id) ? 1 : 0;
    });
    const demand = specs.get(type)!.demand;
    const grown = grownWeights(city, scenario, demandWeights(city, demand));
    const weightsByPeriod = housing ? plusHousing(grown, housingDemand(housing.added, demand)) : grown;
    const weights = weightsByPeriod[0];
    const streets = alongStreets(scenario, type, city.streets !== null);
    const radius = streets ? walkMetres(scenario, type) : coverageRadius(scenario, type);
    const rules = offStreetRules(scenario);
    // Coverage of a grid's cells that are not small against the norm: cells as areas (src/plan/cells.ts).
    const split = travel ? null : subdivision(cityCells(city), radius, city.demand.count);
    const reach = split ? radius + halfDiagonal(cityCells(city)!) : radius;
    const near = streets
      ? travel
        ? streetTravelPairs(city, siteX, siteY, existingCount, rules)
        : streetPairs(city, snapSites(city, siteX, siteY, rules), reach, rules)
      : travel
        ? travelPairs(city, siteX, siteY, existingCount)
        : coveragePairs(city, siteX, siteY, reach);
    // Walking or by transit (coverage objectives; trips are measured on foot): the transit pairs join the walk's.
    const transit = !travel && settings.normKind === 'walkOrTransit' ? transitPairs(city, scenario, type, siteX, siteY, streets) : null;
    const reached: Pairs & { whole?: Uint8Array } = transit ? withTransitPairs(near, transit, radius / settings.walkMinutes) : near;
    const pairs: Pairs & { pieces?: Pieces } = split ? areaPairs(city.demand.x, city.demand.y, siteX, siteY, reached, radius, cityCells(city)!, split, !streets, reached.whole) : { pairStart: reached.pairStart, pairSite: reached.pairSite, pairDistance: reached.pairDistance };
    const districtIds = city.districts.map((district) => district.id);
    return {
      type,
      capacitated: settings.capacitated,
      radius,
      weights,
      total: weights.reduce((sum, w) => sum + w, 0),
      weightsByPeriod,
      totalByPeriod: weightsByPeriod.map((period) => period.reduce((sum, w) => sum + w, 0)),
      district: city.demand.district,
      districtCount: districtIds.length,
      districtIds,
      districtShares: scenario.fairness.enabled ? Float64Array.from(districtIds, (id) => districtShare(scenario, id)) : null,
      existingCount,
      siteCount,
      siteX,
      siteY,
      capacity,
      cost,
      minCount,
      maxCount,
      candidates: own,
      alongStreets: streets,
      ...(transit && { access: { walk: near, transit } }),
      ...pairs,
    };
  });
  const unknownCandidateIds = [...required, ...forbidden].filter((id) => !known.has(id));
  return { types, demandCount: city.demand.count, residentsByPeriod: housing ? plusHousing(grownWeights(city, scenario, city.demand.residents), housing.added.residents) : grownWeights(city, scenario, city.demand.residents), unknownCandidateIds };
}

/** A type's demand from the estates: its people (`of`, or residents for a property the estates do not have) times its share. */
function housingDemand(added: HousingDemand['added'], demand: TypeDemand): Float64Array[] {
  const base = added[demand.of ?? 'residents'];
  const share = demand.of === undefined && demand.property !== undefined ? 0 : (demand.share ?? 1);
  return base.map((period) => (share === 1 ? period : Float64Array.from(period, (value) => value * share)));
}

/** Year t's demand: the first year's, grown t times at its district's rate. */
function grownWeights(city: CityData, scenario: Scenario, weights: Float64Array): Float64Array[] {
  return Array.from({ length: periodCount(scenario) }, (_, t) => {
    if (t === 0) return weights;
    const rates = city.districts.map((district) => scenario.phases.growth[district.id] ?? 0);
    return Float64Array.from(weights, (w, i) => w * (1 + rates[city.demand.district[i]]) ** t);
  });
}

type Pairs = Pick<TypeProblem, 'pairStart' | 'pairSite' | 'pairDistance'>;

function coveragePairs(city: CityData, siteX: Float64Array, siteY: Float64Array, radius: number): Pairs {
  const index = new PointIndex(siteX, siteY);
  return collectPairs(city, siteX, siteY, (i) => index.within(city.demand.x[i], city.demand.y[i], radius));
}

function travelPairs(city: CityData, siteX: Float64Array, siteY: Float64Array, existingCount: number): Pairs {
  const existingIndex = new PointIndex(siteX.subarray(0, existingCount), siteY.subarray(0, existingCount));
  const index = new PointIndex(siteX, siteY);
  return collectPairs(city, siteX, siteY, (i) => {
    // Without existing facilities there is no exact way to keep the pairs sparse; the model refuses such a plan.
    if (existingCount === 0) return [];
    const nearest = existingIndex.nearest(city.demand.x[i], city.demand.y[i]);
    // The nearest existing site is added by index: a radius test at exactly its distance may round it away.
    const nearer = index.within(city.demand.x[i], city.demand.y[i], nearest.distance).filter((j) => j >= existingCount);
    return [nearest.index, ...nearer];
  });
}

/**
 * Travel along streets: each demand point may use its nearest existing site
 * and any candidate no farther than that, as with straight lines; one bounded
 * search per site (bounded by the farthest nearest existing site) finds them.
 */
function streetTravelPairs(city: CityData, siteX: Float64Array, siteY: Float64Array, existingCount: number, rules: OffStreetRules): Pairs {
  if (existingCount === 0) return collectPairs(city, siteX, siteY, () => []);
  const snaps = snapSites(city, siteX, siteY, rules);
  const existing = { ...snaps, count: existingCount, x: snaps.x.subarray(0, existingCount), y: snaps.y.subarray(0, existingCount), edge: snaps.edge.subarray(0, existingCount), offset: snaps.offset.subarray(0, existingCount), connector: snaps.connector.subarray(0, existingCount) };
  const nearest = nearestAlongStreets(city, existing, rules);
  let bound = 0;
  for (let i = 0; i < city.demand.count; i++) if (Number.isFinite(nearest.distance[i])) bound = Math.max(bound, nearest.distance[i]);
  const all = streetPairs(city, snaps, bound, rules);
  const pairStart = new Int32Array(city.demand.count + 1);
  const sites: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < city.demand.count; i++) {
    if (nearest.site[i] >= 0) {
      // The nearest existing site first by index order, then the candidates no farther.
      const found: [number, number][] = [[nearest.site[i], nearest.distance[i]]];
      for (let p = all.pairStart[i]; p < all.pairStart[i + 1]; p++) {
        const j = all.pairSite[p];
        if (j >= existingCount && all.pairDistance[p] <= nearest.distance[i]) found.push([j, all.pairDistance[p]]);
      }
      found.sort((a, b) => a[0] - b[0]);
      for (const [j, d] of found) {
        sites.push(j);
        distances.push(d);
      }
    }
    pairStart[i + 1] = sites.length;
  }
  return { pairStart, pairSite: Int32Array.from(sites), pairDistance: Float64Array.from(distances) };
}

function collectPairs(city: CityData, siteX: Float64Array, siteY: Float64Array, sitesOf: (demand: number) => number[]): Pairs {
  const { demand } = city;
  const pairStart = new Int32Array(demand.count + 1);
  const sites: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < demand.count; i++) {
    const found = sitesOf(i).sort((a, b) => a - b);
    for (const j of found) {
      sites.push(j);
      distances.push(Math.hypot(siteX[j] - demand.x[i], siteY[j] - demand.y[i]));
    }
    pairStart[i + 1] = sites.length;
  }
  return { pairStart, pairSite: Int32Array.from(sites), pairDistance: Float64Array.from(distances) };
}
