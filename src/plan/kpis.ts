import type { CityData } from './city';
import type { PlannerPlan } from '../engine/planner/instance';
import type { PlanProblem } from './problem';
import { periodCount, totalBudget, type FacilityType, type Scenario } from './scenario';
import { PointIndex } from './spatial';
import { everyService, type EveryService } from './everyService';
import { estateResidents } from './housing';
import { nearestAlongStreets, offStreetRules, snapSites } from './streets';

/** The walking times the results chart counts people within, minutes. */
export const MINUTE_BANDS = [5, 10, 15, 20] as const;

/** People within each of MINUTE_BANDS of the nearest facility, before (existing only) and after the plan. */
export interface MinuteBands {
  readonly demand: number;
  readonly before: number[];
  readonly after: number[];
}

export interface TypeKpis {
  readonly type: FacilityType;
  /** People (or households) to serve, and how many the plan serves within the norm. */
  readonly demand: number;
  readonly covered: number;
  readonly share: number;
  /** The same with existing facilities alone. */
  readonly coveredBefore: number;
  /** New sites only (extensions are counted apart below). */
  readonly newSites: number;
  readonly cost: number;
  /** Places, visits-equivalent residents, or households the new sites add. */
  readonly newCapacity: number;
  /** Existing facilities the plan extends, what the extensions cost, and the places (people) they add. */
  readonly extensions: number;
  readonly extensionCost: number;
  readonly extensionCapacity: number;
  /** Distance to the nearest open facility (along streets where the type is measured so, else straight), averaged over people, and the worst. */
  readonly averageDistance: number;
  readonly worstDistance: number;
  /**
   * The worst of those distances among the people the plan serves: under a
   * 100 m norm, "12.6 km" for someone nobody serves says nothing useful, so
   * the unserved are counted apart (`unserved`).
   */
  readonly worstServedDistance: number;
  /**
   * The average of those distances among the people the plan serves (each
   * weighted by the people it serves): `averageDistance` counts the unserved
   * too, so under a 100 m norm it can be a kilometre while nobody served
   * walks more than 100 m.
   */
  readonly averageServedDistance: number;
  /** People (or households) the plan leaves without a facility within the norm. */
  readonly unserved: number;
  /** Whether distances are along streets. */
  readonly alongStreets: boolean;
  /** Walking minutes to the nearest facility (streets routing: along streets; else straight times the detour factor), per district. */
  readonly minutes: { readonly total: MinuteBands; readonly districts: MinuteBands[] };
  /** Per demand point, the walking distance in metres to the nearest facility after the plan (measured as `minutes`). */
  readonly walking: Float64Array;
}

export interface DistrictKpis {
  readonly district: number;
  readonly byType: { readonly type: FacilityType; readonly demand: number; readonly covered: number; readonly coveredBefore: number }[];
}

/** One year of a phased plan (a plan without phases has one). */
export interface YearKpis {
  readonly year: number;
  readonly spend: number;
  /** That year's budget (or, with carry-over, what is left to spend); null for minCost. */
  readonly budget: number | null;
  readonly coveredShare: number;
  readonly byType: { readonly type: FacilityType; readonly demand: number; readonly covered: number }[];
  readonly districts: { readonly district: number; readonly byType: { readonly type: FacilityType; readonly demand: number; readonly covered: number }[] }[];
}

export interface PlanKpis {
  /** Mean over the plan's types of the covered share (each type counts equally, as in the objective). */
  readonly coveredShare: number;
  /** What the plan spends: new sites and extensions together (the budget used). */
  readonly totalCost: number;
  /** The budget that applies: shared, or the sum of the per-type budgets; null for minCost. */
  readonly budget: number | null;
  /** New sites only. */
  readonly sitesOpened: number;
  /** Existing facilities extended, all types together. */
  readonly extensions: number;
  readonly types: TypeKpis[];
  readonly districts: DistrictKpis[];
  readonly years: YearKpis[];
  /** Planned housing counted in the plan's last year: how many estates and the residents they add (absent without housing). */
  readonly housing?: { readonly estates: number; readonly residents: number };
  /** "Reaches them all": residents reaching every essential type (absent in results kept before it existed). */
  readonly everyService?: EveryService;
}

/** KPIs of the plan's last year (its full effect), with a line per year for the charts. */
export function computeKpis(city: CityData, scenario: Scenario, problem: PlanProblem, plan: PlannerPlan, before: PlannerPlan, distances = true): PlanKpis {
  const last = periodCount(scenario) - 1;
  const types = problem.types.map((type, k): TypeKpis => {
    const counts = plan.counts[k];
    const served = plan.served[k][last];
    const servedBefore = before.served[k][last];
    const weights = type.weightsByPeriod[last];
    let newSites = 0;
    let cost = 0;
    let newCapacity = 0;
    let extensions = 0;
    let extensionCost = 0;
    let extensionCapacity = 0;
    const open: number[] = [];
    for (let j = 0; j < type.siteCount; j++) {
      if (j < type.existingCount || counts[j] > 0) open.push(j);
      if (counts[j] === 0) continue;
      if (j >= type.existingCount && type.candidates[j - type.existingCount].extends !== undefined) {
        extensions += counts[j];
        extensionCost += counts[j] * type.cost[j];
        extensionCapacity += counts[j] * type.capacity[j];
        continue;
      }
      newSites += counts[j];
      cost += counts[j] * type.cost[j];
      newCapacity += counts[j] * type.capacity[j];
    }
    // Without `distances` (the command line's answer, due at its time limit) distances are NaN: walking along streets takes seconds on a fine grid.
    const unknown = () => new Float64Array(city.demand.count).fill(NaN);
    const walkAfter = distances ? walkingDistances(city, scenario, type, open) : unknown();
    const walkBefore = distances ? walkingBefore(city, scenario, type) : unknown();
    const nearest = !distances ? walkAfter : type.alongStreets ? walkAfter : straightDistances(city, type, open);
    const hasOpen = open.length > 0;
    let distanceSum = 0;
    let worst = 0;
    let worstServed = 0;
    let servedDistanceSum = 0;
    let servedSum = 0;
    const total = type.totalByPeriod[last];
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] <= 0 || !hasOpen) continue;
      const distance = nearest[i];
      distanceSum += weights[i] * distance;
      worst = Math.max(worst, distance);
      if (served[i] > 1e-9) {
        // A cell split into pieces (src/plan/cells.ts) is served in the part within the norm, though its centre may lie beyond.
        const servedAt = type.pieces ? Math.min(distance, type.radius) : distance;
        worstServed = Math.max(worstServed, servedAt);
        servedDistanceSum += served[i] * servedAt;
        servedSum += served[i];
      }
    }
    const covered = sum(served);
    return {
      type: type.type,
      demand: total,
      covered,
      share: total > 0 ? covered / total : 1,
      coveredBefore: sum(servedBefore),
      newSites,
      cost,
      newCapacity,
      extensions,
      extensionCost,
      extensionCapacity,
      averageDistance: !hasOpen ? Infinity : distanceSum / Math.max(total, 1e-9),
      worstDistance: !hasOpen ? Infinity : worst,
      worstServedDistance: !hasOpen ? Infinity : worstServed,
      averageServedDistance: !hasOpen ? Infinity : servedSum > 0 ? servedDistanceSum / servedSum : 0,
      unserved: Math.max(0, total - covered),
      alongStreets: type.alongStreets,
      minutes: minuteBands(city, weights, walkBefore, walkAfter, scenario.facilities[type.type].walkSpeedKmh),
      walking: walkAfter,
    };
  });
  const districts = city.districts.map((_, district): DistrictKpis => ({
    district,
    byType: problem.types.map((type, k) => {
      let demand = 0;
      let covered = 0;
      let coveredBefore = 0;
      const weights = type.weightsByPeriod[last];
      const served = plan.served[k][last];
      const servedBefore = before.served[k][last];
      for (let i = 0; i < weights.length; i++) {
        if (city.demand.district[i] !== district) continue;
        demand += weights[i];
        covered += served[i];
        coveredBefore += servedBefore[i];
      }
      return { type: type.type, demand, covered, coveredBefore };
    }),
  }));
  const budget = scenario.objective === 'minCost' ? null : planBudget(scenario, problem);
  return {
    years: yearKpis(city, scenario, problem, plan),
    coveredShare: types.length === 0 ? 0 : types.reduce((total, type) => total + type.share, 0) / types.length,
    totalCost: types.reduce((total, type) => total + type.cost + type.extensionCost, 0),
    budget,
    sitesOpened: types.reduce((total, type) => total + type.newSites, 0),
    extensions: types.reduce((total, type) => total + type.extensions, 0),
    types,
    districts,
    everyService: everyService(city, scenario, problem, plan, before),
    ...(scenario.housing && scenario.housing.length > 0 && { housing: housingCounted(scenario, problem) }),
  };
}

function yearKpis(city: CityData, scenario: Scenario, problem: PlanProblem, plan: PlannerPlan): YearKpis[] {
  const years = periodCount(scenario);
  return Array.from({ length: years }, (_, t): YearKpis => {
    let spend = 0;
    for (const [k, type] of problem.types.entries()) {
      const opened = plan.opened[k];
      for (let j = type.existingCount; j < type.siteCount; j++) spend += opened[j * years + t] * type.cost[j];
    }
    const byType = problem.types.map((type, k) => ({ type: type.type, demand: type.totalByPeriod[t], covered: sum(plan.served[k][t]) }));
    const districts = city.districts.map((_, district) => ({
      district,
      byType: problem.types.map((type, k) => {
        const weights = type.weightsByPeriod[t];
        const served = plan.served[k][t];
        let demand = 0;
        let covered = 0;
        for (let i = 0; i < weights.length; i++) {
          if (city.demand.district[i] !== district) continue;
          demand += weights[i];
          covered += served[i];
        }
        return { type: type.type, demand, covered };
      }),
    }));
    return {
      year: scenario.phases.startYear + t,
      spend,
      budget: scenario.objective === 'minCost' ? null : yearBudget(scenario, problem, t),
      coveredShare: byType.reduce((total, x) => total + (x.demand > 0 ? x.covered / x.demand : 1), 0) / Math.max(byType.length, 1),
      byType,
      districts,
    };
  });
}

/** The estates that count by the plan's last year, and the residents they add then. */
function housingCounted(scenario: Scenario, problem: PlanProblem): { estates: number; residents: number } {
  const lastYear = scenario.phases.startYear + periodCount(scenario) - 1;
  const counted = (scenario.housing ?? []).filter((estate) => !scenario.phases.enabled || estate.year === undefined || estate.year <= lastYear);
  return { estates: counted.length, residents: counted.reduce((sum, estate) => sum + estateResidents(estate), 0) };
}

/** What the whole plan may spend: the shared budget, or the types' budgets together. */
function planBudget(scenario: Scenario, problem: PlanProblem): number {
  if (scenario.budgetMode === 'shared') return totalBudget(scenario, null);
  return problem.types.reduce((total, type) => total + totalBudget(scenario, type.type), 0);
}

/** The money a year may use: its own budget, all types together. */
function yearBudget(scenario: Scenario, problem: PlanProblem, t: number): number {
  if (!scenario.phases.enabled) return planBudget(scenario, problem);
  if (scenario.budgetMode === 'shared') return scenario.phases.yearBudgets[t];
  return problem.types.reduce((total, type) => total + scenario.phases.typeYearBudgets[type.type][t], 0);
}

/** Per demand point, the straight distance to the nearest of `sites` (Infinity without any). */
function straightDistances(city: CityData, type: PlanProblem['types'][number], sites: number[]): Float64Array {
  const index = new PointIndex(Float64Array.from(sites, (j) => type.siteX[j]), Float64Array.from(sites, (j) => type.siteY[j]));
  return Float64Array.from({ length: city.demand.count }, (_, i) => (index.size === 0 ? Infinity : index.nearest(city.demand.x[i], city.demand.y[i]).distance));
}

/** Per demand point, the walking distance to the nearest of `sites`: along streets with streets routing, else straight times the detour factor. */
function walkingDistances(city: CityData, scenario: Scenario, type: PlanProblem['types'][number], sites: number[]): Float64Array {
  if (scenario.routing === 'streets' && city.streets) {
    if (sites.length === 0) return new Float64Array(city.demand.count).fill(Infinity);
    const rules = offStreetRules(scenario);
    const snaps = snapSites(city, Float64Array.from(sites, (j) => type.siteX[j]), Float64Array.from(sites, (j) => type.siteY[j]), rules);
    return nearestAlongStreets(city, snaps, rules).distance;
  }
  return straightDistances(city, type, sites).map((d) => d * scenario.detourFactor);
}

/**
 * The walking distances with existing facilities alone: the same for every
 * plan of a problem (the first, each better one, the answer), so computed
 * once per problem's type.
 */
const beforeOf = new WeakMap<PlanProblem['types'][number], Float64Array>();
function walkingBefore(city: CityData, scenario: Scenario, type: PlanProblem['types'][number]): Float64Array {
  let before = beforeOf.get(type);
  if (!before) {
    before = walkingDistances(city, scenario, type, Array.from({ length: type.existingCount }, (_, j) => j));
    beforeOf.set(type, before);
  }
  return before;
}

function minuteBands(city: CityData, weights: Float64Array, before: Float64Array, after: Float64Array, speedKmh: number): TypeKpis['minutes'] {
  const metresPerMinute = (speedKmh * 1000) / 60;
  const empty = (): { demand: number; before: number[]; after: number[] } => ({ demand: 0, before: MINUTE_BANDS.map(() => 0), after: MINUTE_BANDS.map(() => 0) });
  const total = empty();
  const districts = city.districts.map(empty);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (w <= 0) continue;
    for (const bands of [total, districts[city.demand.district[i]]]) {
      bands.demand += w;
      MINUTE_BANDS.forEach((minutes, b) => {
        if (before[i] <= minutes * metresPerMinute) bands.before[b] += w;
        if (after[i] <= minutes * metresPerMinute) bands.after[b] += w;
      });
    }
  }
  return { total, districts };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k];
  return total;
}
