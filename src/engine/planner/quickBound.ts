import { allBound } from './allEssential';
import { coverageBound } from './bound';
import type { Baseline, GreedyPlan } from './greedy';
import type { PlannerInstance } from './instance';
import type { DemandRows } from './rows';

/**
 * A proven bound on a part's optimum before any solver runs, so that a plan
 * stopped at any moment (the time limit, Cancel, a thread that does not
 * answer) still has a bound and a gap. Relaxations only, each valid:
 *
 * - coverage: no type covers more of a year's demand than the people within
 *   the norm of some site (existing or candidate); in one year, the
 *   Lagrangian bound (src/engine/planner/bound.ts) within `lagrangianMs`,
 *   whichever is lower (`first`, a plan's objective, steers its steps), and
 *   the plan's own bound (marginalBound);
 * - least cost: the required facilities' cost (costs are not negative);
 * - travel: every demand point at its nearest possible site (average), or
 *   the farthest such point (worst case), every year;
 * - every essential type (maxAll): see allBound.
 *
 * Null where none applies (a negative cost).
 */
export function quickBound(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, first: GreedyPlan | null, lagrangianMs: number): number | null {
  const bestKnown = first?.objective ?? null;
  const { types, objective, periods } = instance;
  if (objective === 'maxAll') return allBound(instance);
  if (objective === 'minCost') {
    let cost = 0;
    for (const type of types) {
      for (let j = type.existingCount; j < type.siteCount; j++) {
        if (type.cost[j] < 0) return null;
        cost += type.minCount[j] * type.cost[j];
      }
    }
    return cost;
  }
  let total = 0;
  types.forEach((type, k) => {
    const row = rows[k];
    for (let t = 0; t < periods; t++) {
      const weights = row.weights[t];
      const scale = 1 / Math.max(type.totalByPeriod[t], 1e-9);
      if (objective === 'maxCoverage') {
        let reachable = 0;
        for (let r = 0; r < row.count; r++) if (row.start[r + 1] > row.start[r]) reachable += weights[r];
        total += 100 * Math.min(reachable * scale, 1);
        continue;
      }
      let sum = 0;
      let worst = 0;
      for (let r = 0; r < row.count; r++) {
        if (weights[r] <= 0 || row.start[r + 1] === row.start[r]) continue;
        let nearest = Infinity;
        for (let p = row.start[r]; p < row.start[r + 1]; p++) nearest = Math.min(nearest, row.distance[p]);
        sum += weights[r] * nearest;
        worst = Math.max(worst, nearest);
      }
      total += objective === 'minWorst' ? worst : sum * scale;
    }
  });
  if (objective === 'maxCoverage' && periods === 1 && first) total = Math.min(total, marginalBound(instance, rows, baseline, first));
  if (objective === 'maxCoverage' && periods === 1 && lagrangianMs > 0) {
    const lagrangian = coverageBound(instance, rows, baseline.served.map((years) => years[0]), existingOffset(instance, rows, baseline), bestKnown ?? 0, lagrangianMs, lagrangianSteps(rows));
    if (Number.isFinite(lagrangian)) total = Math.min(total, lagrangian);
  }
  return total;
}

/**
 * Lagrangian steps taken whatever the clock says, by the work they take (about 0.35 microseconds per pair and
 * step): at most 30, as on the demo's schools at 250 m (12,000 pairs after aggregation: a bound within 5% of the
 * first plan), at least 3 (its container sites at 100 m, 134,000 pairs): about 0.15 s a part on a quiet machine.
 */
function lagrangianSteps(rows: readonly DemandRows[]): number {
  const pairs = rows.reduce((sum, row) => sum + row.site.length, 0);
  return Math.max(3, Math.min(30, Math.floor(5e5 / Math.max(pairs, 1))));
}

/** The objective's constant part in one year: uncapacitated rows an existing site covers. */
export function existingOffset(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline): number {
  let offset = 0;
  instance.types.forEach((type, k) => {
    if (type.capacitated) return;
    const perPerson = 100 / Math.max(type.totalByPeriod[0], 1e-9);
    for (let r = 0; r < rows[k].count; r++) offset += baseline.served[k][0][r] * perPerson;
  });
  return offset;
}

/**
 * Coverage in one year is submodular in the facilities opened (uncapacitated:
 * a union of areas; capacitated: a maximum flow), so for any plan S and the
 * optimum O, f(O) <= f(S) + sum over the facilities of O of what each adds to
 * S alone. What a facility adds is at most the people within its norm that S
 * leaves uncovered (uncapacitated) or its capacity (capacitated); the best
 * such sum within each budget is a fractional knapsack. Tight where S is a
 * good plan (the greedy's), in one pass over the pairs.
 */
function marginalBound(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, plan: GreedyPlan): number {
  const gain = instance.types.map((type, k) => {
    const value = new Float64Array(type.siteCount);
    const perPerson = 100 / Math.max(type.totalByPeriod[0], 1e-9);
    const row = rows[k];
    const opened = plan.opened[k];
    if (type.capacitated) {
      for (let j = type.existingCount; j < type.siteCount; j++) value[j] = type.capacity[j] * perPerson;
      return value;
    }
    const covered = plan.covered[k]?.[0];
    for (let r = 0; r < row.count; r++) {
      if (baseline.served[k][0][r] > 0 || (covered && covered[r] > 0)) continue;
      const w = row.weights[0][r] * perPerson;
      if (w <= 0) continue;
      for (let p = row.start[r]; p < row.start[r + 1]; p++) value[row.site[p]] += w;
    }
    // A site the plan opens adds nothing more (uncapacitated: a second facility there covers no one new).
    for (let j = type.existingCount; j < type.siteCount; j++) if (opened[j] > 0) value[j] = 0;
    return value;
  });
  let total = plan.objective;
  for (const group of instance.budgets) {
    const items: { value: number; cost: number; units: number }[] = [];
    for (const k of group.types) {
      const type = instance.types[k];
      for (let j = type.existingCount; j < type.siteCount; j++) {
        const units = type.capacitated ? type.maxCount[j] : Math.min(type.maxCount[j], 1);
        if (gain[k][j] > 0 && units > 0) items.push({ value: gain[k][j], cost: type.cost[j], units });
      }
    }
    items.sort((p, q) => q.value / Math.max(q.cost, 1e-12) - p.value / Math.max(p.cost, 1e-12));
    let left = group.perPeriod[0];
    for (const item of items) {
      if (item.cost <= 0) {
        total += item.value * item.units;
        continue;
      }
      if (left <= 0) break;
      const take = Math.min(item.units, left / item.cost);
      total += take * item.value;
      left -= take * item.cost;
    }
  }
  return total;
}
