import { groupTotal, type PlannerInstance, type PlannerPlan } from './instance';
import type { Baseline, GreedyPlan } from './greedy';
import { planFrom } from './model';
import type { DemandRows } from './rows';

/**
 * A plan's local search to a 1-swap optimum (issue 23): for maximal coverage
 * in one year, one facility of an uncapacitated type (the container sites at
 * fine resolution) moves from its site to another candidate while that
 * covers more people, the best such move first, until no move improves the
 * plan or the time is up. Every move is checked exactly, not only among the
 * most promising sites: a move's gain is what the new site covers that no
 * open site does, less what only the old one covered, plus what both cover
 * and no other does; that last term is non-zero only for sites sharing a
 * row, so the best move to a distant site needs only the smallest loss.
 * Capacitated types keep their facilities (a move would need a new flow);
 * the budget holds because a move never spends more than the budget allows.
 *
 * Returns the improved plan's openings and its objective, or null where the
 * search does not apply or found no better plan.
 */
export function swapSearch(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, opened: readonly Int32Array[], objective: number, deadline: number): { opened: Int32Array[]; objective: number } | null {
  if (instance.objective !== 'maxCoverage' || instance.periods !== 1) return null;
  const result = opened.map((o) => o.slice());
  let improved = 0;
  instance.types.forEach((type, k) => {
    if (type.capacitated || type.districtShares) return;
    const group = instance.budgets.find((g) => g.types.includes(k));
    if (!group) return;
    let spent = 0;
    for (const m of group.types) {
      const other = instance.types[m];
      for (let j = other.existingCount; j < other.siteCount; j++) spent += result[m][j] * other.cost[j];
    }
    improved += searchType(type, rows[k], baseline.served[k][0], result[k], groupTotal(group) - spent, deadline);
  });
  return improved > 1e-9 ? { opened: result, objective: objective + improved } : null;
}

/** Moves facilities of one uncapacitated type within `room` spare budget; returns the objective's gain (percentage points). */
function searchType(type: PlannerInstance['types'][number], row: DemandRows, served: Float64Array, count: Int32Array, room: number, deadline: number): number {
  const perPerson = 100 / Math.max(type.totalByPeriod[0], 1e-9);
  const sites = type.siteCount;
  // Rows an existing site covers (or with no people) never change: they are left out.
  const value = Float64Array.from(row.weights[0], (w, r) => (served[r] > 0 ? 0 : w * perPerson));
  const siteStart = new Int32Array(sites + 1);
  for (let p = 0; p < row.site.length; p++) siteStart[row.site[p] + 1]++;
  for (let j = 0; j < sites; j++) siteStart[j + 1] += siteStart[j];
  const siteRows = new Int32Array(row.site.length);
  const fill = siteStart.slice(0, sites);
  for (let r = 0; r < row.count; r++) for (let p = row.start[r]; p < row.start[r + 1]; p++) siteRows[fill[row.site[p]]++] = r;
  const isOpen = (j: number) => j < type.existingCount || count[j] > 0;
  const cover = new Int32Array(row.count);
  for (let j = 0; j < sites; j++) if (isOpen(j)) for (let n = siteStart[j]; n < siteStart[j + 1]; n++) cover[siteRows[n]]++;
  /** The one open site covering row r (cover[r] === 1). */
  const soleSite = (r: number) => {
    for (let p = row.start[r]; p < row.start[r + 1]; p++) if (isOpen(row.site[p])) return row.site[p];
    return -1;
  };
  const loss = new Float64Array(sites);
  const overlap = new Map<number, number>();
  let total = 0;
  while (performance.now() < deadline) {
    // What each movable facility's removal loses: rows only its site covers (nothing where the site has another facility).
    const movable: number[] = [];
    for (let j = type.existingCount; j < sites; j++) {
      if (count[j] <= type.minCount[j]) continue;
      movable.push(j);
      let sum = 0;
      if (count[j] === 1) for (let n = siteStart[j]; n < siteStart[j + 1]; n++) if (cover[siteRows[n]] === 1) sum += value[siteRows[n]];
      loss[j] = sum;
    }
    if (movable.length === 0) break;
    movable.sort((a, b) => loss[a] - loss[b] || a - b);
    let best = { delta: 1e-9, from: -1, to: -1 };
    for (let j = type.existingCount; j < sites && performance.now() < deadline; j++) {
      // Only into a closed site: a second facility at an open site reaches no one new.
      if (count[j] > 0 || type.maxCount[j] <= 0) continue;
      let gain = 0;
      overlap.clear();
      for (let n = siteStart[j]; n < siteStart[j + 1]; n++) {
        const r = siteRows[n];
        if (cover[r] === 0) gain += value[r];
        else if (cover[r] === 1 && value[r] > 0) {
          const i = soleSite(r);
          if (i >= type.existingCount && count[i] === 1) overlap.set(i, (overlap.get(i) ?? 0) + value[r]);
        }
      }
      if (gain <= best.delta) continue;
      // Sites sharing rows with j: their exact gain; any other: the smallest loss that the budget allows.
      for (const [i, shared] of overlap) {
        const delta = gain - loss[i] + shared;
        if (delta > best.delta && type.cost[j] - type.cost[i] <= room + 1e-6) best = { delta, from: i, to: j };
      }
      for (const i of movable) {
        if (gain - loss[i] <= best.delta) break;
        if (i === j || overlap.has(i) || type.cost[j] - type.cost[i] > room + 1e-6) continue;
        best = { delta: gain - loss[i], from: i, to: j };
        break;
      }
    }
    if (best.from < 0) break;
    count[best.from]--;
    if (count[best.from] === 0) for (let n = siteStart[best.from]; n < siteStart[best.from + 1]; n++) cover[siteRows[n]]--;
    count[best.to]++;
    for (let n = siteStart[best.to]; n < siteStart[best.to + 1]; n++) cover[siteRows[n]]++;
    room -= type.cost[best.to] - type.cost[best.from];
    total += best.delta;
  }
  return total;
}

/** A searched first plan as the solver's start: the moved openings, each uncapacitated type's covered rows, the same flows. */
export function swappedStart(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, first: GreedyPlan, deadline: number): GreedyPlan | null {
  const swapped = swapSearch(instance, rows, baseline, first.opened, first.objective, deadline);
  if (!swapped) return null;
  const covered = first.covered.map((years, k) => {
    if (!years) return null;
    const row = rows[k];
    const type = instance.types[k];
    return [
      Uint8Array.from({ length: row.count }, (_, r) => {
        if (baseline.served[k][0][r] > 0 || row.weights[0][r] <= 0) return 1;
        for (let p = row.start[r]; p < row.start[r + 1]; p++) if (row.site[p] < type.existingCount || swapped.opened[k][row.site[p]] > 0) return 1;
        return 0;
      }),
    ];
  });
  return { opened: swapped.opened, flows: first.flows, covered, objective: swapped.objective };
}

/** The plan with one type's facilities moved: uncapacitated types served anew, capacitated ones (not moved) as they were. */
export function movedPlan(instance: PlannerInstance, rows: readonly DemandRows[], plan: PlannerPlan, opened: Int32Array[]): PlannerPlan {
  const moved = planFrom(instance, rows, opened, () => null);
  const keep = <T>(fresh: T[], old: T[]) => fresh.map((value, k) => (instance.types[k].capacitated ? old[k] : value));
  return { ...moved, served: keep(moved.served, plan.served), load: keep(moved.load, plan.load) };
}
