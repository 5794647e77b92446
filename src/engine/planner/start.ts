import type { Baseline, GreedyPlan } from './greedy';
import { allowedBy, coversDemand, type PlannerInstance, type PlannerType } from './instance';
import { servedByFlow } from './maxFlow';
import { districtDemand } from './model';
import type { DemandRows } from './rows';
import { prepare } from './prepare';

/**
 * A known plan (per type, facilities opened at each site and year, index
 * j * periods + t) as a first plan for the solver, in the greedy's terms:
 * the best flows for its sites (a maximum flow per year, existing sites
 * included) or the rows it covers, and its objective. Null when the plan does
 * not fit the instance: another shape, counts outside a site's bounds, over a
 * budget, short of the least-cost target or of a district's share (for the
 * travel objectives it is not used). The budget-coverage curve passes each
 * point's plan to the next, larger budget, where it is always feasible; for
 * maximum coverage in one year, the money the plan leaves is spent greedily
 * (most newly served people per tenge) before it is used.
 */
export function startPlan(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, opened: readonly Int32Array[]): GreedyPlan | null {
  const { periods } = instance;
  if (!coversDemand(instance.objective) || opened.length !== instance.types.length) return null;
  const minCost = instance.objective === 'minCost';
  let cost = 0;
  const spent = instance.budgets.map(() => new Float64Array(periods));
  for (const [k, type] of instance.types.entries()) {
    const plan = opened[k];
    if (!plan || plan.length !== type.siteCount * periods) return null;
    const group = instance.budgets.findIndex((g) => g.types.includes(k));
    for (let j = 0; j < type.siteCount; j++) {
      let total = 0;
      for (let t = 0; t < periods; t++) {
        const count = plan[j * periods + t];
        if (!Number.isInteger(count) || count < 0) return null;
        total += count;
        cost += count * type.cost[j];
        if (group >= 0) spent[group][t] += count * type.cost[j];
      }
      if (j < type.existingCount ? total !== 0 : total < type.minCount[j] || total > type.maxCount[j]) return null;
    }
  }
  if (!minCost) {
    for (const [g, group] of instance.budgets.entries()) {
      for (let t = 0; t < periods; t++) {
        let used = 0;
        for (let s = instance.carryOver ? 0 : t; s <= t; s++) used += spent[g][s];
        if (used > allowedBy(instance, group, t) * (1 + 1e-9) + 1e-6) return null;
      }
    }
  }

  if (!minCost && periods === 1) {
    opened = opened.map((plan) => Int32Array.from(plan));
    fill(instance, rows, baseline, opened as Int32Array[], spent.map((years) => years[0]));
  }

  let objective = minCost ? cost : 0;
  const flows: (Float64Array[] | null)[] = [];
  const covered: (Uint8Array[] | null)[] = [];
  for (const [k, type] of instance.types.entries()) {
    const row = rows[k];
    // Facilities at each site open by year t.
    const openBy = (j: number, t: number) => {
      let n = 0;
      for (let s = 0; s <= t; s++) n += opened[k][j * periods + s];
      return n;
    };
    const servedByYear: Float64Array[] = [];
    if (type.capacitated) {
      const yearFlows = row.weights.map((weights, t) => {
        const { flows: pairFlows, served } = servedByFlow(type, row, weights, (j) => openBy(j, t));
        servedByYear.push(served);
        return pairFlows;
      });
      flows.push(yearFlows);
      covered.push(null);
    } else {
      const yearCovered = row.weights.map((weights, t) => {
        const cover = new Uint8Array(row.count);
        const served = new Float64Array(row.count);
        for (let r = 0; r < row.count; r++) {
          let yes = weights[r] - baseline.served[k][t][r] <= 0;
          for (let p = row.start[r]; p < row.start[r + 1] && !yes; p++) yes = row.site[p] >= type.existingCount && openBy(row.site[p], t) > 0;
          cover[r] = yes ? 1 : 0;
          served[r] = yes ? weights[r] : baseline.served[k][t][r];
        }
        servedByYear.push(served);
        return cover;
      });
      flows.push(null);
      covered.push(yearCovered);
    }
    for (let t = 0; t < periods; t++) {
      const total = servedByYear[t].reduce((a, b) => a + b, 0);
      if (minCost && total < instance.targetShare * type.totalByPeriod[t] - 1e-6) return null;
      if (!minCost) objective += (total * 100) / Math.max(type.totalByPeriod[t], 1e-9);
      if (type.districtShares) {
        const demand = districtDemand(type, t);
        const got = new Float64Array(type.districtCount);
        for (let r = 0; r < row.count; r++) got[row.district[r]] += servedByYear[t][r];
        for (let d = 0; d < type.districtCount; d++) if (got[d] < type.districtShares[d] * demand[d] - 1e-6) return null;
      }
    }
  }
  return { opened: opened.map((plan) => Int32Array.from(plan)), flows, covered, objective };
}

/** Spends what the budgets leave on more facilities, greedily by newly served people (percentage points of the type's demand) per tenge. */
function fill(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, opened: Int32Array[], spent: number[]): void {
  const unserved = instance.types.map((type, k) => {
    const row = rows[k];
    const weights = row.weights[0];
    if (type.capacitated) {
      const served = servedByFlow(type, row, weights, (j) => opened[k][j]).served;
      return Float64Array.from(weights, (w, r) => Math.max(0, w - served[r]));
    }
    return Float64Array.from(weights, (w, r) => {
      if (w - baseline.served[k][0][r] <= 0) return 0;
      for (let p = row.start[r]; p < row.start[r + 1]; p++) if (row.site[p] >= type.existingCount && opened[k][row.site[p]] > 0) return 0;
      return w;
    });
  });
  // Rows within reach of every site.
  const reach = instance.types.map((type, k) => {
    const row = rows[k];
    const lists: number[][] = Array.from({ length: type.siteCount }, () => []);
    for (let r = 0; r < row.count; r++) for (let p = row.start[r]; p < row.start[r + 1]; p++) lists[row.site[p]].push(r);
    return lists;
  });
  const groupOf = instance.types.map((_, k) => instance.budgets.findIndex((group) => group.types.includes(k)));
  const left = (k: number) => (groupOf[k] < 0 ? Infinity : allowedBy(instance, instance.budgets[groupOf[k]], 0) - spent[groupOf[k]]);
  const gain = (k: number, j: number) => {
    const type = instance.types[k];
    let people = 0;
    for (const r of reach[k][j]) people += unserved[k][r];
    return type.capacitated ? Math.min(people, type.capacity[j]) : people;
  };
  for (;;) {
    let best = { k: -1, j: -1, score: 0 };
    instance.types.forEach((type, k) => {
      const room = left(k) + 1e-6;
      const perPerson = 100 / Math.max(type.totalByPeriod[0], 1e-9);
      for (let j = type.existingCount; j < type.siteCount; j++) {
        if (opened[k][j] >= type.maxCount[j] || type.cost[j] > room) continue;
        const score = (gain(k, j) * perPerson) / Math.max(type.cost[j], 1e-9);
        if (score > best.score) best = { k, j, score };
      }
    });
    if (best.k < 0) return;
    const { k, j } = best;
    const type = instance.types[k];
    opened[k][j]++;
    if (groupOf[k] >= 0) spent[groupOf[k]] += type.cost[j];
    let room = type.capacitated ? type.capacity[j] : Infinity;
    for (const r of reach[k][j]) {
      const take = Math.min(unserved[k][r], room);
      unserved[k][r] -= take;
      room -= take;
      if (room <= 0) break;
    }
  }
}

/**
 * A plan with every facility it can do without removed: one by one (the
 * least loaded first), a facility goes when the plan without it serves as
 * many people of its type in one year. For an upper end that a time limit
 * left loose (the budget-coverage curve's full budget); stops after
 * `timeLimitMs`.
 */
export function leanPlan(instance: PlannerInstance, opened: readonly Int32Array[], timeLimitMs: number): Int32Array[] {
  const started = performance.now();
  const prepared = prepare({ ...instance, periods: 1, objective: 'maxCoverage', types: instance.types.map((type) => ({ ...type, weightsByPeriod: type.weightsByPeriod.slice(0, 1), totalByPeriod: type.totalByPeriod.slice(0, 1) })) }, true);
  const { rows, baseline } = prepared;
  const lean = opened.map((plan) => Int32Array.from(plan));
  prepared.instance.types.forEach((type, k) => {
    const row = rows[k];
    const weights = row.weights[0];
    const servedBy = (plan: Int32Array): number => {
      if (type.capacitated) return servedByFlow(type, row, weights, (j) => plan[j]).served.reduce((a, b) => a + b, 0);
      let total = 0;
      for (let r = 0; r < row.count; r++) {
        let yes = weights[r] - baseline.served[k][0][r] <= 0;
        for (let p = row.start[r]; p < row.start[r + 1] && !yes; p++) yes = row.site[p] >= type.existingCount && plan[row.site[p]] > 0;
        total += yes ? weights[r] : baseline.served[k][0][r];
      }
      return total;
    };
    const goal = servedBy(lean[k]);
    const sites: number[] = [];
    for (let j = type.existingCount; j < type.siteCount; j++) if (lean[k][j] > type.minCount[j]) sites.push(j);
    // The most expensive first, then those reaching the fewest people.
    const people = new Float64Array(type.siteCount);
    for (let r = 0; r < row.count; r++) for (let p = row.start[r]; p < row.start[r + 1]; p++) people[row.site[p]] += weights[r];
    sites.sort((a, b) => type.cost[b] - type.cost[a] || people[a] - people[b]);
    for (const j of sites) {
      while (lean[k][j] > type.minCount[j]) {
        if (performance.now() - started > timeLimitMs) return;
        lean[k][j]--;
        if (servedBy(lean[k]) < goal - 1e-6 * Math.max(1, goal)) {
          lean[k][j]++;
          break;
        }
      }
    }
  });
  return lean;
}

/**
 * A plan cut down to a budget: facilities leave one at a time, those serving
 * the fewest people per tenge first (their load in the plan's best flows),
 * until the plan costs at most `budget`. With the least-cost plan of the
 * maximum coverage, a good start near the top of the budget-coverage curve,
 * where adding to a smaller plan stalls. One year, maximum coverage.
 */
export function trimmedPlan(instance: PlannerInstance, opened: readonly Int32Array[], budget: number): Int32Array[] {
  const prepared = prepare(oneYear(instance), true);
  const { rows, baseline } = prepared;
  const plan = opened.map((counts) => Int32Array.from(counts));
  const leaving: { k: number; j: number; value: number }[] = [];
  prepared.instance.types.forEach((type, k) => {
    const row = rows[k];
    const weights = row.weights[0];
    const load = new Float64Array(type.siteCount);
    if (type.capacitated) {
      const { flows } = servedByFlow(type, row, weights, (j) => plan[k][j]);
      for (let r = 0; r < row.count; r++) for (let p = row.start[r]; p < row.start[r + 1]; p++) load[row.site[p]] += flows[p];
    } else {
      // People only this site reaches.
      for (let r = 0; r < row.count; r++) {
        if (weights[r] - baseline.served[k][0][r] <= 0) continue;
        let only = -1;
        let open = 0;
        for (let p = row.start[r]; p < row.start[r + 1]; p++) if (row.site[p] >= type.existingCount && plan[k][row.site[p]] > 0) (open++, (only = row.site[p]));
        if (open === 1) load[only] += weights[r];
      }
    }
    const perPerson = 100 / Math.max(type.totalByPeriod[0], 1e-9);
    for (let j = type.existingCount; j < type.siteCount; j++) {
      for (let n = plan[k][j]; n > type.minCount[j]; n--) leaving.push({ k, j, value: ((load[j] / plan[k][j]) * perPerson) / Math.max(type.cost[j], 1e-9) });
    }
  });
  leaving.sort((a, b) => a.value - b.value);
  let cost = plan.reduce((sum, counts, k) => sum + counts.reduce((s, n, j) => s + n * instance.types[k].cost[j], 0), 0);
  for (const { k, j } of leaving) {
    if (cost <= budget) break;
    plan[k][j]--;
    cost -= instance.types[k].cost[j];
  }
  return plan;
}

/** The objective of a known plan as a start at this instance's budget (its leftover spent greedily); null where it does not fit. */
export function startObjective(instance: PlannerInstance, opened: readonly Int32Array[]): number | null {
  const prepared = prepare(oneYear(instance), true);
  return startPlan(prepared.instance, prepared.rows, prepared.baseline, opened)?.objective ?? null;
}

function oneYear(instance: PlannerInstance): PlannerInstance {
  return { ...instance, periods: 1, objective: 'maxCoverage', types: instance.types.map((type) => ({ ...type, weightsByPeriod: type.weightsByPeriod.slice(0, 1), totalByPeriod: type.totalByPeriod.slice(0, 1) })) };
}
