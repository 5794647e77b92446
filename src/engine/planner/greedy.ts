import { MaxHeap } from '../heuristics/maxHeap';
import { allowedBy, type PlannerInstance, type PlannerType } from './instance';
import { bySite, type DemandRows, type SitePairs } from './rows';

/**
 * What existing facilities serve alone, per row: people served in every year,
 * and for capacitated types the flow on every row pair.
 */
export interface Baseline {
  readonly served: Float64Array[][];
  readonly flows: (Float64Array[] | null)[];
}

/** A first plan: facilities opened per type (index j * periods + t) and the new flows on row pairs (capacitated types). */
export interface GreedyPlan {
  readonly opened: Int32Array[];
  /** Per type and year: flow on each row pair, existing sites' baseline included (capacitated types); null otherwise. */
  readonly flows: (Float64Array[] | null)[];
  /** Per type and year: rows covered (uncapacitated types). */
  readonly covered: (Uint8Array[] | null)[];
  readonly objective: number;
}

/**
 * A first plan in milliseconds, for coverage objectives without district
 * shares: year by year, facilities open greedily by newly served people (in
 * percentage points of their type's demand, summed over the years they
 * serve) per tenge, within every budget group; for least cost, per type,
 * until the target is met. A capacitated facility takes the nearest people
 * not yet served, up to its capacity, on top of what existing facilities
 * serve, so the plan takes service from no one. Lazy: a site's gain only
 * falls as others open, so a stale gain is an upper bound and most sites are
 * never looked at again. Null when the greedy cannot honour the instance
 * (required sites over a year's budget, a target it cannot reach).
 */
export function greedyPlan(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline): GreedyPlan | null {
  const { periods } = instance;
  const states = instance.types.map((type, k) => new TypeState(type, rows[k], periods, baseline, k));
  const groupOf = new Int32Array(instance.types.length);
  instance.budgets.forEach((group, g) => group.types.forEach((k) => (groupOf[k] = g)));
  const minCost = instance.objective === 'minCost';
  const spent = instance.budgets.map(() => new Float64Array(periods));
  const left = (g: number, t: number) => {
    const group = instance.budgets[g];
    let used = 0;
    for (let s = instance.carryOver ? 0 : t; s <= t; s++) used += spent[g][s];
    return allowedBy(instance, group, t) - used;
  };

  // Required facilities first, in the first year that can pay for them.
  for (const [k, state] of states.entries()) {
    for (let j = state.type.existingCount; j < state.type.siteCount; j++) {
      for (let n = 0; n < state.type.minCount[j]; n++) {
        const cost = state.type.cost[j];
        let year = 0;
        if (!minCost) while (year < periods && left(groupOf[k], year) < cost - 1e-6) year++;
        if (year === periods) return null;
        state.take(j, year);
        if (!minCost) spent[groupOf[k]][year] += cost;
      }
    }
  }

  for (let t = 0; t < periods; t++) {
    if (minCost) {
      for (const state of states) if (!state.reachTarget(instance.targetShare, t)) return null;
      continue;
    }
    const offsets = [0];
    for (const state of states) offsets.push(offsets[offsets.length - 1] + state.type.siteCount);
    const heap = new MaxHeap(offsets[offsets.length - 1]);
    const locate = (item: number) => {
      let k = 0;
      while (item >= offsets[k + 1]) k++;
      return { k, j: item - offsets[k] };
    };
    states.forEach((state, k) => {
      for (let j = state.type.existingCount; j < state.type.siteCount; j++) if (state.count[j] < state.type.maxCount[j]) heap.push(offsets[k] + j, state.score(j, t));
    });
    while (heap.size > 0) {
      const item = heap.pop();
      const { k, j } = locate(item);
      const state = states[k];
      if (state.type.cost[j] > left(groupOf[k], t) + 1e-6) continue;
      const fresh = state.score(j, t);
      if (fresh <= 0) continue;
      if (heap.size > 0 && fresh < heap.peekKey() - 1e-12) {
        heap.push(item, fresh);
        continue;
      }
      state.take(j, t);
      spent[groupOf[k]][t] += state.type.cost[j];
      if (state.count[j] < state.type.maxCount[j]) heap.push(item, state.score(j, t));
    }
  }
  const objective = minCost ? states.reduce((sum, state) => sum + state.spent, 0) : states.reduce((sum, state) => sum + state.objective(), 0);
  return { opened: states.map((s) => s.opened), flows: states.map((s) => s.flows), covered: states.map((s) => s.covered), objective };
}

/** One type's state: people not yet served per row and year, and the rows within reach of each site, nearest first. */
class TypeState {
  readonly count: Int32Array;
  readonly opened: Int32Array;
  readonly flows: Float64Array[] | null;
  readonly covered: Uint8Array[] | null;
  spent = 0;
  /** People served in every year (existing facilities included). */
  private readonly servedTotal: number[];
  private readonly unserved: Float64Array[];
  /** Row pairs of every site, nearest first. */
  private readonly sites: SitePairs;
  private readonly perPerson: number[];

  constructor(
    readonly type: PlannerType,
    rows: DemandRows,
    private readonly periods: number,
    baseline: Baseline,
    k: number,
  ) {
    this.count = new Int32Array(type.siteCount);
    this.opened = new Int32Array(type.siteCount * periods);
    this.unserved = rows.weights.map((weights, t) => Float64Array.from(weights, (w, r) => Math.max(0, w - baseline.served[k][t][r])));
    this.flows = type.capacitated ? baseline.flows[k]!.map((flows) => flows.slice()) : null;
    this.covered = type.capacitated ? null : this.unserved.map((unserved) => Uint8Array.from(unserved, (u) => (u > 0 ? 0 : 1)));
    this.servedTotal = rows.weights.map((weights, t) => weights.reduce((sum, w, r) => sum + w - this.unserved[t][r], 0));
    this.perPerson = type.totalByPeriod.map((total) => 100 / Math.max(total, 1e-9));
    this.sites = bySite(rows, type.siteCount, type.existingCount, true);
  }

  /** People one more facility at j would newly serve in year t. */
  private gainIn(j: number, t: number): number {
    let reachable = 0;
    for (let n = this.sites.start[j]; n < this.sites.start[j + 1]; n++) {
      const r = this.sites.row[n];
      if (this.covered ? !this.covered[t][r] : true) reachable += this.unserved[t][r];
    }
    return this.type.capacitated ? Math.min(reachable, this.type.capacity[j]) : reachable;
  }

  /** Objective gain per tenge of one more facility at j opened in year t (it serves from t on). */
  score(j: number, t: number): number {
    let gain = 0;
    for (let s = t; s < this.periods; s++) gain += this.gainIn(j, s) * this.perPerson[s];
    return gain / Math.max(this.type.cost[j], 1e-9);
  }

  take(j: number, t: number): void {
    this.count[j]++;
    this.opened[j * this.periods + t]++;
    this.spent += this.type.cost[j];
    for (let s = t; s < this.periods; s++) {
      let room = this.type.capacitated ? this.type.capacity[j] : Infinity;
      for (let n = this.sites.start[j]; n < this.sites.start[j + 1] && room > 0; n++) {
        const p = this.sites.pair[n];
        const r = this.sites.row[n];
        if (this.covered) {
          this.covered[s][r] = 1;
          this.servedTotal[s] += this.unserved[s][r];
          this.unserved[s][r] = 0;
          continue;
        }
        const served = Math.min(this.unserved[s][r], room);
        if (served <= 0) continue;
        this.unserved[s][r] -= served;
        this.servedTotal[s] += served;
        this.flows![s][p] += served;
        room -= served;
      }
    }
  }

  /** Least cost: open the most newly served people per tenge until year t's target is met; false when it cannot be. */
  reachTarget(share: number, t: number): boolean {
    const need = () => share * this.type.totalByPeriod[t] - this.servedTotal[t];
    const heap = new MaxHeap(this.type.siteCount);
    for (let j = this.type.existingCount; j < this.type.siteCount; j++) if (this.count[j] < this.type.maxCount[j]) heap.push(j, this.gainIn(j, t) / Math.max(this.type.cost[j], 1e-9));
    while (need() > 1e-6) {
      if (heap.size === 0) return false;
      const j = heap.pop();
      const fresh = this.gainIn(j, t) / Math.max(this.type.cost[j], 1e-9);
      if (fresh <= 0) return false;
      if (heap.size > 0 && fresh < heap.peekKey() - 1e-12) {
        heap.push(j, fresh);
        continue;
      }
      this.take(j, t);
      if (this.count[j] < this.type.maxCount[j]) heap.push(j, this.gainIn(j, t) / Math.max(this.type.cost[j], 1e-9));
    }
    return true;
  }

  /** The objective of the plan so far: percentage points of demand served, summed over the years. */
  objective(): number {
    return this.servedTotal.reduce((total, served, t) => total + served * this.perPerson[t], 0);
  }
}
