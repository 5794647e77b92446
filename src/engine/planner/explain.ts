import type { MipSolver } from '../mip/solver';
import { subInstance, type PlannerInstance, type PlannerPlan, type PlannerReason, type PlannerType } from './instance';
import { isFeasible } from '../mip/mip';
import { greedyPlan } from './greedy';
import { buildPlannerModel, districtDemand, planFrom } from './model';
import { prepare } from './prepare';
import { demandRows, forEachPiece } from './rows';
import { startValues } from './part';

/**
 * When the solver proves there is no plan: a target share or a district's
 * minimum share that no plan within the budget can reach is the usual cause.
 * For district shares (coverage objectives), first the fairest plan: how much
 * of the minimums every district can keep at once (see `fairest`); failing
 * that in time, each type and district alone: the best share it can reach
 * within the budget, against the share required. `solveLimit`: the solve's
 * own time limit, of which the fairest plan may take a share past `timeLimit`.
 */
export async function explainInfeasible(instance: PlannerInstance, solver: MipSolver, timeLimit: number, solveLimit = timeLimit): Promise<PlannerReason[]> {
  const started = performance.now();
  const left = () => timeLimit - (performance.now() - started) / 1000;
  const reasons: PlannerReason[] = [];
  if (instance.objective === 'minCost') {
    instance.types.forEach((type, k) => {
      const best = reachable(type) / Math.max(type.totalByPeriod[0], 1e-9);
      if (best < instance.targetShare) reasons.push({ key: 'targetUnreachable', type: k, best, target: instance.targetShare });
    });
  }
  if (reasons.length === 0 && instance.objective === 'maxCoverage' && instance.types.some((type) => type.districtShares)) {
    // What is left of the time limit, and at least 30% of the solve's own limit up to 8 s (the proof may have used it all:
    // the demo's 555 container cells need about 8 s for a first fairest plan), at most 20 s; a budget curve's short points stay short.
    const fair = await fairest(instance, solver, Math.min(20, Math.max(left(), Math.min(8, 0.3 * solveLimit))));
    if (fair) reasons.push(fair);
  }
  if (reasons.length === 0 && instance.types.some((type) => type.districtShares)) {
    for (const [k, type] of instance.types.entries()) {
      for (let district = 0; district < type.districtCount && left() > 0.5; district++) {
        const required = type.districtShares?.[district] ?? 0;
        for (let t = 0; t < instance.periods; t++) {
          // Only this district's demand in year t counts, so the optimum is the most it can have then.
          const weightsByPeriod = type.weightsByPeriod.map((weights, s) => Float64Array.from(weights, (w, i) => (s === t && type.district[i] === district ? w : 0)));
          const demand = weightsByPeriod[t].reduce((a, b) => a + b, 0);
          if (demand === 0) break;
          const only: PlannerType = { ...type, weightsByPeriod, totalByPeriod: weightsByPeriod.map(() => demand), districtShares: null };
          const alone: PlannerInstance = { ...subInstance({ ...instance, objective: 'maxCoverage' }, [k]), types: [only] };
          const model = buildPlannerModel(alone, alone.types.map((x) => demandRows(x, true, true)));
          const solution = await solver.solve(model.mip, { timeLimit: Math.min(10, Math.max(left(), 0.5)), relativeGap: 0 });
          // The objective is the covered share in percentage points; a bound is an honest "at most" too.
          const most = solution.status === 'optimal' ? solution.objective : solution.bound;
          if (most === null) break;
          const best = Math.min(1, most / 100);
          if (best < required - 1e-6) {
            reasons.push({ key: 'districtShort', type: k, district, best, required, period: t });
            break;
          }
        }
      }
    }
  }
  if (reasons.length > 0) return reasons;
  // One type with district minimums and no required site: without the minimums, opening nothing is a plan within the budget, so they are the cause.
  const [only] = instance.types;
  if (instance.objective === 'maxCoverage' && instance.types.length === 1 && only.districtShares && only.minCount.every((count) => count === 0)) return [{ key: 'fairnessUnknown', type: 0 }];
  return [{ key: 'solverProved' }];
}

/**
 * Districts compete for one budget: each may reach its minimum alone and
 * still not all together. The largest s such that a plan keeps every district
 * at s times its minimum (every type, every year), and the district that holds
 * the others back (the lowest share of its minimum in that plan). The plan is
 * found, so any minimum up to s times the asked one has one: `checked`. Null
 * when no plan was found in time, or every minimum can be met after all.
 */
async function fairest(instance: PlannerInstance, solver: MipSolver, timeLimit: number): Promise<PlannerReason | null> {
  // The model on the part's own rows, started from the greedy plan (which ignores the minimums) at the scale it reaches:
  // a plan checked before the solver runs, which the solver can only better (the demo's container sites need it).
  const { instance: reduced, rows, baseline } = prepare(instance);
  const model = buildPlannerModel(reduced, rows, { scaleShares: true });
  const first = greedyPlan(reduced, rows, baseline);
  let start: Float64Array | undefined;
  if (first) {
    start = startValues(reduced, model, rows, first);
    const greedy = planFrom(reduced, rows, first.opened, (k, t) => first.flows[k]?.[t] ?? null);
    start[model.scale] = Math.max(0, Math.min(1, bottleneck(reduced, greedy)?.ratio ?? 0) - 1e-9);
    if (!isFeasible(model.mip, start)) start = undefined;
  }
  const solution = await solver.solve(model.mip, { timeLimit, relativeGap: 1e-4, initialSolution: start });
  const values = solution.values && (!start || solution.values[model.scale] >= start[model.scale]) ? solution.values : start;
  if (!values) return null;
  const scale = Math.min(1, Math.max(0, values[model.scale]));
  const proven = solution.status === 'optimal' && values === solution.values;
  // Every minimum met after all; or nothing kept anywhere, and not proven the most (the greedy's "0%" says nothing).
  if (scale >= 1 - 1e-9 || (scale <= 0 && !proven)) return null;
  const worst = bottleneck(reduced, model.decode(values));
  if (!worst) return null;
  const { type, district, period, share } = worst;
  return { key: 'fairnessShort', type, district, period, required: instance.types[type].districtShares![district], best: share, scale, proven };
}

/** In a plan, the district (of a type, in a year) with the lowest covered share against its minimum. */
function bottleneck(instance: PlannerInstance, plan: PlannerPlan): { type: number; district: number; period: number; ratio: number; share: number } | null {
  let worst: { type: number; district: number; period: number; ratio: number; share: number } | null = null;
  for (const [k, type] of instance.types.entries()) {
    if (!type.districtShares) continue;
    for (let t = 0; t < instance.periods; t++) {
      const demand = districtDemand(type, t);
      const covered = new Array<number>(type.districtCount).fill(0);
      plan.served[k][t].forEach((served, i) => (covered[type.district[i]] += served));
      for (let district = 0; district < type.districtCount; district++) {
        const required = type.districtShares[district];
        if (required <= 0 || demand[district] <= 0) continue;
        const share = covered[district] / demand[district];
        const ratio = share / required;
        if (!worst || ratio < worst.ratio - 1e-9) worst = { type: k, district, period: t, ratio, share };
      }
    }
  }
  return worst;
}

/** Demand that some site (existing or allowed) can serve. */
function reachable(type: PlannerType): number {
  let total = 0;
  const weights = type.weightsByPeriod[0];
  for (let i = 0; i < weights.length; i++) {
    forEachPiece(type, i, (share, sites) => {
      if (sites.some((j) => j < type.existingCount || type.maxCount[j] > 0)) total += weights[i] * share;
    });
  }
  return total;
}
