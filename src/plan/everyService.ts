import type { CityData } from './city';
import type { PlannerPlan } from '../engine/planner/instance';
import { allServed } from '../engine/planner/allEssential';
import { plannerInstance, type PlanProblem } from './problem';
import { essentialTypes, periodCount, type FacilityType, type Scenario } from './scenario';

/** The coverage shown as "every essential service" rather than one type's (not a type id: ids start with a letter). */
export const EVERY_SERVICE = '*';

/**
 * "Reaches them all" (the programme's 2030 aim: every resident reaches every
 * service of daily life within its norm). Per demand point, how many of the
 * plan's types reach it, and the share of its residents who reach every type
 * the planner marks essential, before the plan and after it.
 *
 * A type reaches a point's share of residents equal to the share of the
 * point's demand of that type it serves (children for schools, households for
 * container sites: the same cell, in proportion); a point with no demand of a
 * type counts by reach alone (the pieces of a split cell an open site
 * reaches). The share reaching every essential type is the least of those
 * shares: it takes the best-served residents of each type to be the same
 * people, which within one cell is the finest the data can say. It is the
 * engine's count (allServed, src/engine/planner/allEssential.ts), the one
 * the objective "every essential type" maximises.
 */
export interface EveryService {
  /** The essential types (enabled, not marked otherwise), in the scenario's order. */
  readonly essential: FacilityType[];
  /** Residents in the plan's last year, and those reaching every essential type after the plan and before it. */
  readonly residents: number;
  readonly reached: number;
  readonly reachedBefore: number;
  /** Per demand point: the share of its residents reaching every essential type, after and before. */
  readonly share: Float64Array;
  readonly shareBefore: Float64Array;
  /** Per demand point: how many of the plan's types reach it (a type reaches a point when it serves at least 99% of it), after and before. */
  readonly typesReached: Uint8Array;
  readonly typesReachedBefore: Uint8Array;
  readonly districts: { readonly district: number; readonly residents: number; readonly reached: number; readonly reachedBefore: number }[];
}

/** A type serves a point "fully" from this share on, as the map's colours say (src/style/colours.ts). */
const FULL = 0.99;

export function everyService(city: CityData, scenario: Scenario, problem: PlanProblem, plan: PlannerPlan, before: PlannerPlan): EveryService {
  const last = periodCount(scenario) - 1;
  const residents = problem.residentsByPeriod[last];
  const count = city.demand.count;
  const essential = essentialTypes(scenario).filter((type) => problem.types.some((t) => t.type === type));
  // The engine's own count on the scenario's instance under maxAll (which sums it over the years), so the KPI and the objective agree to the person.
  const instance = plannerInstance(problem, { ...scenario, objective: 'maxAll' });
  const shareOf = (which: PlannerPlan) => {
    if (essential.length === 0) return new Float64Array(count);
    const served = allServed(instance, which)[last];
    return Float64Array.from(served, (people, i) => (residents[i] > 0 ? people / residents[i] : 0));
  };
  const reachedCount = (which: PlannerPlan) =>
    Uint8Array.from({ length: count }, (_, i) =>
      problem.types.filter((type, k) => {
        const weight = type.weightsByPeriod[last][i];
        return weight > 0 ? which.served[k][last][i] >= FULL * weight : reaches(type, which.counts[k], i);
      }).length,
    );
  const after = { share: shareOf(plan), typesReached: reachedCount(plan) };
  const then = { share: shareOf(before), typesReached: reachedCount(before) };
  const districts = city.districts.map((_, district) => ({ district, residents: 0, reached: 0, reachedBefore: 0 }));
  let reached = 0;
  let reachedBefore = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const d = districts[city.demand.district[i]];
    d.residents += residents[i];
    d.reached += residents[i] * after.share[i];
    d.reachedBefore += residents[i] * then.share[i];
    total += residents[i];
    reached += residents[i] * after.share[i];
    reachedBefore += residents[i] * then.share[i];
  }
  return { essential, residents: total, reached, reachedBefore, share: after.share, shareBefore: then.share, typesReached: after.typesReached, typesReachedBefore: then.typesReached, districts };
}

/** Whether an open facility of the type (existing, or opened by the plan) is within the norm of point i. */
function reaches(type: PlanProblem['types'][number], counts: Int32Array | readonly number[], i: number): boolean {
  for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) {
    const j = type.pairSite[p];
    if ((j < type.existingCount || counts[j] > 0) && type.pairDistance[p] <= type.radius) return true;
  }
  return false;
}
