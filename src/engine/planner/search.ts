import { greedyCover, type CoverProblem } from '../heuristics/coverGreedy';
import type { Baseline, GreedyPlan } from './greedy';
import type { PlannerInstance } from './instance';
import type { DemandRows } from './rows';

/**
 * One type, one year, maximal coverage without capacities is the engine's
 * maximal covering problem: its search (greedy, best swaps, iterated local
 * search; src/engine/heuristics/coverGreedy.ts) improves the first plan
 * within `timeLimitMs`. Null where it does not apply or found nothing better.
 */
export function coverSearch(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, first: GreedyPlan, timeLimitMs: number): GreedyPlan | null {
  if (instance.types.length !== 1 || instance.periods !== 1 || instance.objective !== 'maxCoverage') return null;
  const type = instance.types[0];
  if (type.capacitated || type.districtShares) return null;
  const row = rows[0];
  const weights = row.weights[0];
  const served = baseline.served[0][0];
  const perPerson = 100 / Math.max(type.totalByPeriod[0], 1e-9);
  // Rows an existing site already covers are a constant; the others are the covering problem.
  let offset = 0;
  const open: number[] = [];
  for (let r = 0; r < row.count; r++) {
    if (served[r] > 0) offset += served[r] * perPerson;
    else if (weights[r] > 0) open.push(r);
  }
  const rowStart = new Int32Array(open.length + 1);
  open.forEach((r, n) => (rowStart[n + 1] = rowStart[n] + row.start[r + 1] - row.start[r]));
  const rowSites = new Int32Array(rowStart[open.length]);
  open.forEach((r, n) => rowSites.set(row.site.subarray(row.start[r], row.start[r + 1]), rowStart[n]));
  const problem: CoverProblem = {
    siteCount: type.siteCount,
    rowStart,
    rowSites,
    rowWeight: Float64Array.from(open, (r) => weights[r] * perPerson),
    cost: type.cost,
    allowed: Uint8Array.from({ length: type.siteCount }, (_, j) => (j >= type.existingCount && type.maxCount[j] > 0 ? 1 : 0)),
    required: Array.from({ length: type.siteCount }, (_, j) => j).filter((j) => type.minCount[j] > 0),
    p: null,
    budget: instance.budgets[0]?.perPeriod[0] ?? null,
  };
  const start = Uint8Array.from({ length: type.siteCount }, (_, j) => (first.opened[0][j] > 0 ? 1 : 0));
  const plan = greedyCover(problem, timeLimitMs, [start]);
  const objective = offset + plan.covered;
  if (objective <= first.objective + 1e-9) return null;
  const covered = Uint8Array.from({ length: row.count }, (_, r) => {
    if (served[r] > 0 || weights[r] <= 0) return 1;
    for (let p = row.start[r]; p < row.start[r + 1]; p++) if (plan.open[row.site[p]]) return 1;
    return 0;
  });
  return { opened: [Int32Array.from(plan.open)], flows: [null], covered: [[covered]], objective };
}
