import { MaxHeap } from '../engine/heuristics/maxHeap';
import { nearestOpen, totalBudget, type PlanSolution } from './planModel';
import type { PlanProblem, TypeProblem } from './problem';
import type { FacilityType, Scenario } from './scenario';

/**
 * A first plan in milliseconds, shown while the solver looks for the best one
 * (maximal coverage in one year without district shares; other scenarios go
 * straight to the solver). Greedy by the objective's gain per tenge: newly
 * served people as percentage points of the type's demand, from what the
 * existing facilities already serve. A capacitated facility takes the nearest
 * people not yet served, up to its capacity; required sites open first. Lazy:
 * a site's gain only falls as others open, so a stale gain is an upper bound
 * and most sites are never looked at again.
 *
 * The greedy's own assignment is the plan's service: on top of what existing
 * facilities serve, so it takes service from no one (as the solver's plans
 * after canonical flows), and no LP is needed to show it.
 */
export function firstPlan(problem: PlanProblem, scenario: Scenario, before: PlanSolution): { plan: PlanSolution; objective: number } | null {
  if (scenario.objective !== 'maxCoverage' || scenario.phases.enabled || scenario.fairness.enabled) return null;
  const types = problem.types.map((type) => new TypeGreedy(type, scenario.facilities[type.type].capacitated, before.served.get(type.type)![0]));
  const shared = scenario.budgetMode === 'shared';
  const budgets = shared ? [scenario.budget] : problem.types.map((type) => totalBudget(scenario, type.type));
  const spent = new Float64Array(budgets.length);
  const offsets = [0];
  for (const type of problem.types) offsets.push(offsets[offsets.length - 1] + type.siteCount);
  const locate = (item: number) => {
    let k = 0;
    while (item >= offsets[k + 1]) k++;
    return { k, j: item - offsets[k], group: shared ? 0 : k };
  };

  // Required facilities first, whatever they gain.
  types.forEach((greedy, k) => {
    for (let j = greedy.type.existingCount; j < greedy.type.siteCount; j++) {
      for (let n = 0; n < greedy.type.minCount[j]; n++) {
        greedy.take(j);
        spent[shared ? 0 : k] += greedy.type.cost[j];
      }
    }
  });
  const heap = new MaxHeap(offsets[offsets.length - 1]);
  types.forEach((greedy, k) => {
    for (let j = greedy.type.existingCount; j < greedy.type.siteCount; j++) {
      if (greedy.count[j] < greedy.type.maxCount[j]) heap.push(offsets[k] + j, greedy.score(j));
    }
  });
  while (heap.size > 0) {
    const item = heap.pop();
    const { k, j, group } = locate(item);
    const greedy = types[k];
    if (spent[group] + greedy.type.cost[j] > budgets[group] + 1e-6) continue;
    const fresh = greedy.score(j);
    if (fresh <= 0) continue;
    if (heap.size > 0 && fresh < heap.peekKey() - 1e-12) {
      heap.push(item, fresh);
      continue;
    }
    greedy.take(j);
    spent[group] += greedy.type.cost[j];
    if (greedy.count[j] < greedy.type.maxCount[j]) heap.push(item, greedy.score(j));
  }
  const solution = types.map((greedy) => greedy.solution(before));
  return {
    plan: {
      opened: new Map(types.map((greedy) => [greedy.type.type, greedy.count])),
      counts: new Map(types.map((greedy) => [greedy.type.type, greedy.count])),
      served: new Map(types.map((greedy, k) => [greedy.type.type, [solution[k].served]])),
      load: new Map(types.map((greedy, k) => [greedy.type.type, [solution[k].load]])),
    },
    objective: solution.reduce((sum, s) => sum + s.objective, 0),
  };
}

/** One type's state in the greedy: people not yet served, and who is within the norm of each site, nearest first. */
class TypeGreedy {
  readonly count: Int32Array;
  private readonly unserved: Float64Array;
  /** People each new site takes. */
  private readonly taken: Float64Array;
  private readonly start: Int32Array;
  private readonly demand: Int32Array;
  private readonly perPerson: number;

  constructor(
    readonly type: TypeProblem,
    private readonly capacitated: boolean,
    servedBefore: Float64Array,
  ) {
    this.count = new Int32Array(type.siteCount);
    this.unserved = Float64Array.from(type.weights, (w, i) => Math.max(0, w - servedBefore[i]));
    this.taken = new Float64Array(type.siteCount);
    this.perPerson = 100 / Math.max(type.total, 1e-9);
    // Transpose the pairs within the norm: site -> demand points by ascending distance.
    const pairs: { i: number; d: number }[][] = Array.from({ length: type.siteCount }, () => []);
    for (let i = 0; i < type.weights.length; i++) {
      for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
        if (type.pairDistance[k] <= type.radius) pairs[type.pairSite[k]].push({ i, d: type.pairDistance[k] });
      }
    }
    this.start = new Int32Array(type.siteCount + 1);
    pairs.forEach((list, j) => (this.start[j + 1] = this.start[j] + list.length));
    this.demand = new Int32Array(this.start[type.siteCount]);
    pairs.forEach((list, j) => list.sort((a, b) => a.d - b.d || a.i - b.i).forEach(({ i }, n) => (this.demand[this.start[j] + n] = i)));
  }

  /** Objective gain of one more facility at j, per tenge. */
  score(j: number): number {
    let reachable = 0;
    for (let n = this.start[j]; n < this.start[j + 1]; n++) reachable += this.unserved[this.demand[n]];
    const gain = this.capacitated ? Math.min(reachable, this.type.capacity[j]) : reachable;
    return (gain * this.perPerson) / Math.max(this.type.cost[j], 1e-9);
  }

  take(j: number): void {
    this.count[j]++;
    let room = this.capacitated ? this.type.capacity[j] : Infinity;
    for (let n = this.start[j]; n < this.start[j + 1] && room > 0; n++) {
      const i = this.demand[n];
      const served = Math.min(this.unserved[i], room);
      this.unserved[i] -= served;
      this.taken[j] += served;
      room -= served;
    }
  }

  /** People served at every demand point and by every site, and the objective (percentage points of demand served). */
  solution(before: PlanSolution): { served: Float64Array; load: Float64Array; objective: number } {
    const { type } = this;
    const served = Float64Array.from(type.weights, (w, i) => w - this.unserved[i]);
    let load: Float64Array;
    if (this.capacitated) {
      load = before.load.get(type.type)![0].slice();
      for (let j = type.existingCount; j < type.siteCount; j++) load[j] += this.taken[j];
    } else {
      // Without capacity a demand point is served by its nearest open site within the norm, as the model reads it.
      load = new Float64Array(type.siteCount);
      for (let i = 0; i < served.length; i++) {
        const nearest = served[i] > 0 ? nearestOpen(type, i, this.count, 0, 1) : -1;
        if (nearest >= 0) load[nearest] += served[i];
      }
    }
    return { served, load, objective: served.reduce((sum, people) => sum + people, 0) * this.perPerson };
  }
}
