import { servedByFlow } from './maxFlow';
import { greedyPlan, type Baseline, type GreedyPlan } from './greedy';
import { coversDemand, type PlannerInstance, type PlannerPlan } from './instance';
import { nearestOpen, planFrom } from './model';
import { demandRows, forEachPiece, type DemandRows } from './rows';

/**
 * What a part needs before any solver runs, in milliseconds to a second even
 * at 100 m: its demand rows, what existing facilities serve (a maximum flow),
 * and a first plan (the greedy's, or for travel the required sites alone).
 */
export function prepare(instance: PlannerInstance, evaluating = false) {
  const coverage = coversDemand(instance.objective);
  const districts = instance.types.some((type) => type.districtShares) || instance.periods > 1;
  const reduced = coverage ? withoutIdleCapacities(instance) : instance;
  const rows = reduced.types.map((type) => demandRows(type, coverage, districts));
  const baseline = baselineOf(reduced, rows);
  const before = planFrom(reduced, rows, zeros(reduced), (k, t) => (coverage ? baseline.flows[k]?.[t] ?? null : null));
  const first = evaluating ? null : coverage ? (reduced.types.some((type) => type.districtShares) ? null : greedyPlan(reduced, rows, baseline)) : travelStart(reduced);
  const firstPlan = first ? planFrom(reduced, rows, first.opened, (k, t) => first.flows[k]?.[t] ?? null) : null;
  const firstObjective = first ? (coverage ? first.objective : travelObjective(reduced, firstPlan!)) : null;
  return { instance: reduced, coverage, rows, baseline, before, first, firstPlan, firstObjective };
}

/**
 * A capacitated type whose every site can serve everyone within its reach
 * (in every year) is an uncapacitated one: no capacity row can bind, and
 * everyone within the norm of an open site is served. Exact, and much
 * smaller: the demo's container sites at 100 m (no site reaches more than
 * 298 households, a site holds 330) lose 88,000 flow columns.
 */
export function withoutIdleCapacities(instance: PlannerInstance): PlannerInstance {
  const types = instance.types.map((type) => {
    if (!type.capacitated) return type;
    for (const weights of type.weightsByPeriod) {
      const reach = new Float64Array(type.siteCount);
      for (let i = 0; i < weights.length; i++) forEachPiece(type, i, (share, sites) => sites.forEach((j) => (reach[j] += weights[i] * share)));
      for (let j = 0; j < type.siteCount; j++) if (reach[j] > type.capacity[j] + 1e-9) return type;
    }
    return { ...type, capacitated: false };
  });
  return types.every((type, k) => type === instance.types[k]) ? instance : { ...instance, types };
}

function zeros(instance: PlannerInstance): Int32Array[] {
  return instance.types.map((type) => new Int32Array(type.siteCount * instance.periods));
}

/**
 * What existing facilities serve alone, per row. Capacitated coverage: a
 * maximum flow from the rows through their pairs to the existing sites'
 * capacities, every year (the flows are the baseline the plan adds to);
 * otherwise a row is served when an existing site is within the norm.
 */
export function baselineOf(instance: PlannerInstance, rows: readonly DemandRows[]): Baseline {
  const coverage = coversDemand(instance.objective);
  const flows: (Float64Array[] | null)[] = instance.types.map(() => null);
  const served = instance.types.map((type, k) => {
    const row = rows[k];
    if (coverage && type.capacitated) {
      // What existing facilities serve alone: the flow with no candidate open.
      const byYear = row.weights.map((weights) => servedByFlow(type, row, weights, () => 0));
      flows[k] = byYear.map((year) => year.flows);
      return byYear.map((year) => year.served);
    }
    return row.weights.map((weights) => {
      const out = new Float64Array(row.count);
      for (let r = 0; r < row.count; r++) {
        for (let p = row.start[r]; p < row.start[r + 1]; p++) if (row.site[p] < type.existingCount && row.distance[p] <= type.radius) out[r] = weights[r];
      }
      return out;
    });
  });
  return { served, flows };
}

/** Travel objectives: the plan with only the required facilities (in the first year) is always feasible. */
function travelStart(instance: PlannerInstance): GreedyPlan | null {
  if (instance.types.some((type) => type.existingCount === 0)) return null;
  const opened = instance.types.map((type) => {
    const byYear = new Int32Array(type.siteCount * instance.periods);
    for (let j = type.existingCount; j < type.siteCount; j++) byYear[j * instance.periods] = type.minCount[j];
    return byYear;
  });
  for (const group of instance.budgets) {
    const cost = group.types.reduce((sum, k) => sum + instance.types[k].minCount.reduce((s, n, j) => s + n * instance.types[k].cost[j], 0), 0);
    if (cost > group.perPeriod[0] + 1e-6) return null;
  }
  return { opened, flows: instance.types.map(() => null), covered: instance.types.map(() => null), objective: 0 };
}

/** The travel objective of a plan: per type and year, the average (or worst) distance to the nearest open site. */
function travelObjective(instance: PlannerInstance, plan: PlannerPlan): number {
  let total = 0;
  instance.types.forEach((type, k) => {
    for (let t = 0; t < instance.periods; t++) {
      const weights = type.weightsByPeriod[t];
      let sum = 0;
      let worst = 0;
      for (let i = 0; i < weights.length; i++) {
        if (weights[i] <= 0) continue;
        const { distance } = nearestOpen(type, i, plan.opened[k], t, instance.periods);
        if (!Number.isFinite(distance)) continue;
        sum += weights[i] * distance;
        worst = Math.max(worst, distance);
      }
      total += instance.objective === 'minWorst' ? worst : sum / Math.max(type.totalByPeriod[t], 1e-9);
    }
  });
  return total;
}
