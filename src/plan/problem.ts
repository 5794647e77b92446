import type { CityData } from './city';
import { existingOf, generateCandidates, type Candidate } from './candidates';
import { coverageRadius, enabledTypes, periodCount, type FacilityType, type Scenario } from './scenario';
import { PointIndex } from './spatial';

/**
 * One facility type's share of a plan, ready for a model: who needs it
 * (weights per demand point), where it is or could be (existing sites first,
 * then candidates), and which demand point may use which site (sparse pairs
 * found with a spatial index, never a dense matrix).
 */
export interface TypeProblem {
  readonly type: FacilityType;
  readonly radius: number;
  /** Demand per point in the first year (the data's own year). */
  readonly weights: Float64Array;
  readonly total: number;
  /** Demand per point in every year of the plan (one entry without phases), grown per district. */
  readonly weightsByPeriod: Float64Array[];
  readonly totalByPeriod: number[];
  /** District of every demand point, and the districts' ids, for the fairness rows. */
  readonly district: Uint8Array;
  readonly districtIds: string[];
  readonly existingCount: number;
  readonly siteCount: number;
  readonly siteX: Float64Array;
  readonly siteY: Float64Array;
  /** People one facility at the site serves (existing: its own capacity). */
  readonly capacity: Float64Array;
  /** Cost of one new facility at the site; 0 for existing ones. */
  readonly cost: Float64Array;
  /** Bounds on the number of new facilities at each site (existing sites: 0..0). */
  readonly minCount: Int32Array;
  readonly maxCount: Int32Array;
  /** Candidates, in site order after the existing sites. */
  readonly candidates: Candidate[];
  /** CSR by demand point: the sites it may use and how far they are. */
  readonly pairStart: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairDistance: Float64Array;
}

export interface PlanProblem {
  readonly types: TypeProblem[];
  readonly demandCount: number;
  /** Required or forbidden candidate ids that no longer exist (e.g. after a spacing change). */
  readonly unknownCandidateIds: string[];
}

/** Travel objectives let a demand point use any site nearer than its nearest existing one (exact), instead of only those within the norm. */
export function buildPlanProblem(city: CityData, scenario: Scenario, candidates: Candidate[] = generateCandidates(city, scenario)): PlanProblem {
  const travel = scenario.objective === 'minTravel' || scenario.objective === 'minWorst';
  const required = new Set(scenario.candidates.required);
  const forbidden = new Set(scenario.candidates.forbidden);
  const known = new Set(candidates.map((candidate) => candidate.id));
  const types = enabledTypes(scenario).map((type) => {
    const settings = scenario.facilities[type];
    const existing = existingOf(city, type);
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
      capacity[j] = existingCapacity(city, type, j) ?? settings.capacity;
    }
    own.forEach((candidate, k) => {
      const j = existingCount + k;
      siteX[j] = candidate.x;
      siteY[j] = candidate.y;
      capacity[j] = settings.capacity;
      cost[j] = settings.unitCost;
      maxCount[j] = forbidden.has(candidate.id) ? 0 : candidate.maxCount;
      minCount[j] = required.has(candidate.id) && !forbidden.has(candidate.id) ? 1 : 0;
    });
    const weights = type === 'school' ? city.demand.children : type === 'polyclinic' ? city.demand.residents : city.demand.households;
    const weightsByPeriod = grownWeights(city, scenario, weights);
    const radius = coverageRadius(scenario, type);
    const pairs = travel ? travelPairs(city, siteX, siteY, existingCount) : coveragePairs(city, siteX, siteY, radius);
    return {
      type,
      radius,
      weights,
      total: weights.reduce((sum, w) => sum + w, 0),
      weightsByPeriod,
      totalByPeriod: weightsByPeriod.map((period) => period.reduce((sum, w) => sum + w, 0)),
      district: city.demand.district,
      districtIds: city.districts.map((district) => district.id),
      existingCount,
      siteCount,
      siteX,
      siteY,
      capacity,
      cost,
      minCount,
      maxCount,
      candidates: own,
      ...pairs,
    };
  });
  const unknownCandidateIds = [...required, ...forbidden].filter((id) => !known.has(id));
  return { types, demandCount: city.demand.count, unknownCandidateIds };
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

/** An existing facility's own capacity, where the data gives one (schools always, container sites when imported with one). */
function existingCapacity(city: CityData, type: FacilityType, j: number): number | null {
  if (type === 'school') return city.schools.capacity[j];
  if (type === 'container' && Number.isFinite(city.containers.capacity[j])) return city.containers.capacity[j];
  return null;
}
