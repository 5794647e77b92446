import { coverage } from './distance/coverage';
import { distanceTable } from './distance/table';
import type { SitingInstance } from './instance/types';
import { isFeasible, mipNaming, mipObjective, type Mip } from './mip/mip';
import { relativeGap, type MipProgress, type MipSolution, type MipSolver, type SolveStatus, type SolverName } from './mip/solver';
import { buildCfl } from './models/cfl';
import { buildLscp } from './models/lscp';
import { buildMclp } from './models/mclp';
import { percent, type BuiltModel, type Infeasible, type Plan, type ScheduledSite } from './models/model';
import { buildPcenter } from './models/pcenter';
import { buildPmedian } from './models/pmedian';

export interface SolveOptions {
  /** Seconds the solver may take; the model building comes on top. */
  readonly timeLimit: number;
  /** Relative gap at which a plan counts as optimal; 0 (the default) means exact. */
  readonly relativeGap?: number;
  readonly onProgress?: (progress: MipProgress) => void;
  /**
   * Called with the exact Mip handed to the solver (after any reduction such as
   * the capacitated facility location's fixing), built with names recorded: the
   * LP and MPS export. Without it no names are made.
   */
  readonly onModel?: (mip: Mip) => void;
}

/** The answer, in the fields the command line prints with --json. */
export interface SolveReport {
  readonly name: string;
  readonly status: SolveStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  /** New sites opened, ascending, 0-based. */
  readonly open: number[];
  /** Seconds spent in the engine: distances, model building and solving. */
  readonly seconds: number;
  readonly solver: SolverName;
  readonly schedule?: ScheduledSite[];
  /** Why no plan exists, in a planner's words (status `infeasible`). */
  readonly reasons?: string[];
  /** What went wrong (status `error`). */
  readonly message?: string;
}

/**
 * `heuristicSeconds`: time the first-plan heuristic may take (where the model
 * has one). `solver`: the formulation that suits it, where that was measured
 * to differ (p-median: the compact radius form for HiGHS, the textbook one for GLPK).
 */
export function buildModel(instance: SitingInstance, heuristicSeconds = 1, solver: SolverName = 'highs'): BuiltModel | Infeasible {
  const { model, demand, sites, distances } = instance;
  switch (model.type) {
    case 'lscp':
      return buildLscp(instance, coverage(distances, demand.count, sites.count, model.radius));
    case 'mclp':
      return buildMclp(instance, coverage(distances, demand.count, sites.count, model.radius), heuristicSeconds);
    case 'pmedian':
      return buildPmedian(instance, distanceTable(distances, demand.count, sites.count), solver === 'highs', heuristicSeconds);
    case 'pcenter':
      return buildPcenter(instance, distanceTable(distances, demand.count, sites.count));
    case 'cfl':
      return buildCfl(instance, distanceTable(distances, demand.count, sites.count));
  }
}

/** Builds the instance's model, solves it, and reports the plan honestly: status, bound and gap. */
export async function solveInstance(instance: SitingInstance, solver: MipSolver, options: SolveOptions): Promise<SolveReport> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const requestedGap = options.relativeGap ?? 0;
  const base = { name: instance.name, solver: solver.name };
  const empty = { objective: null, bound: null, gap: null, open: [] };

  // Half of the time goes to a first plan (a good start saves the solver far more), the rest to improving and proving it.
  const naming = mipNaming.on;
  if (options.onModel) mipNaming.on = true;
  let built;
  try {
    built = buildModel(instance, options.timeLimit / 2, solver.name);
    if ('infeasible' in built) return { ...base, ...empty, status: 'infeasible', reasons: built.reasons, seconds: seconds() };
    if (built.refine) built = (await built.refine(solver, Math.max((options.timeLimit - seconds()) * 0.85, 0.5))) ?? built;
  } finally {
    mipNaming.on = naming;
  }
  options.onModel?.(built.mip);

  // HiGHS finishes its current node past its limit; a margin keeps the whole solve within the planner's limit.
  const solution = await solver.solve(built.mip, { timeLimit: Math.max((options.timeLimit - seconds()) * 0.85, 0.5), relativeGap: requestedGap, onProgress: options.onProgress, initialSolution: built.start });
  if (solution.status === 'error') return { ...base, ...empty, status: 'error', message: solution.message, seconds: seconds() };
  if (solution.status === 'infeasible') {
    const shortGroups = instance.model.minGroupCoverage !== null ? await groupShortfalls(instance, solver, options.timeLimit) : [];
    const reasons = shortGroups.length > 0 ? shortGroups : ['the solver proved that no plan meets all the constraints together (no single cause was found)'];
    return { ...base, ...empty, status: 'infeasible', reasons, seconds: seconds() };
  }

  const chosen = bestPlan(built, solution);
  const plan = chosen?.plan ?? null;
  const objective = chosen?.objective ?? null;
  // The solver's bound and the model's own (Lagrangian) are both proven: report the tighter.
  const solverBound = solution.bound;
  const modelBound = built.bound ?? null;
  const tighter = (a: number, b: number) => (built.mip.sense === 'max' ? Math.min(a, b) : Math.max(a, b));
  const bestBound = solverBound === null ? modelBound : modelBound === null ? solverBound : tighter(solverBound, modelBound);
  const bound = tightenBound(bestBound, built.mip.sense, built.integralObjective, objective);
  const gap = relativeGap(objective, bound);
  let status: SolveStatus = solution.status;
  if (plan && gap !== null && gap <= requestedGap + 1e-9) status = 'optimal';
  if (status === 'optimal' && !plan) status = 'error';
  return {
    ...base,
    status,
    objective,
    bound: status === 'optimal' && requestedGap === 0 ? objective : bound,
    gap: status === 'optimal' && requestedGap === 0 ? 0 : gap,
    open: plan?.open ?? [],
    schedule: plan?.schedule,
    seconds: seconds(),
  };
}

/** The solver's plan, or the model's start when that is feasible and better (GLPK takes no start): a plan found is never lost. */
function bestPlan(model: BuiltModel, solution: MipSolution): { plan: Plan; objective: number | null } | null {
  const read = (values: Float64Array, objective: number | null) => {
    const plan = model.decode(values);
    return { plan, objective: plan.objective ?? objective };
  };
  const fromSolver = solution.values ? read(solution.values, solution.objective) : null;
  const fromStart = model.start && isFeasible(model.mip, model.start) ? read(model.start, mipObjective(model.mip, model.start)) : null;
  if (fromStart?.objective == null) return fromSolver;
  if (fromSolver?.objective == null) return fromStart;
  const startBetter = model.mip.sense === 'min' ? fromStart.objective < fromSolver.objective : fromStart.objective > fromSolver.objective;
  return startBetter ? fromStart : fromSolver;
}

/**
 * A bound on an objective that is always a whole number can be rounded toward
 * the plans (up when minimising, down when maximising), and a bound never has
 * to be weaker than a plan that proves the optimum.
 */
function tightenBound(bound: number | null, sense: 'min' | 'max', integral: boolean, objective: number | null): number | null {
  if (bound === null) return null;
  let result = bound;
  const slack = 1e-6 + 1e-9 * Math.abs(bound);
  if (integral) result = sense === 'min' ? Math.ceil(bound - slack) : Math.floor(bound + slack);
  if (objective !== null) result = sense === 'min' ? Math.min(result, objective) : Math.max(result, objective);
  return result;
}

/**
 * Which groups cannot get their share within the budgets: each group alone,
 * its coverage maximised (the other groups' demand set to zero, no share
 * rows), in the first period where it falls short.
 */
async function groupShortfalls(instance: SitingInstance, solver: MipSolver, timeLimit: number): Promise<string[]> {
  const { demand, model } = instance;
  const groups = [...new Set(demand.groups ?? [])];
  const share = model.minGroupCoverage!;
  const periods = model.periods?.length ?? 1;
  const weightsIn = (t: number) => demand.weightsByPeriod?.[t] ?? demand.weights;
  const reasons: string[] = [];
  for (const group of groups) {
    for (let t = 0; t < periods; t++) {
      // Only this group's demand in period t counts: the objective is then the most it can have covered then.
      const only = (s: number) => Float64Array.from(weightsIn(s), (w, i) => (s === t && demand.groups![i] === group ? w : 0));
      const alone: SitingInstance = {
        ...instance,
        model: { ...model, minGroupCoverage: null },
        demand: { ...demand, weights: only(0), weightsByPeriod: model.periods ? model.periods.map((_, s) => only(s)) : null },
      };
      const built = buildModel(alone);
      if ('infeasible' in built) break;
      const solution = await solver.solve(built.mip, { timeLimit: Math.max(timeLimit / groups.length, 1), relativeGap: 0 });
      // An upper bound is what "at most" needs; a proven optimum is one.
      const most = solution.status === 'optimal' ? solution.objective : solution.bound;
      if (most === null) break;
      const total = only(t).reduce((sum, w) => sum + w, 0);
      const best = total > 0 ? Math.min(1, most / total) : 1;
      if (best < share - 1e-9) {
        const when = model.periods ? ` in ${model.periods[t].label}` : '';
        reasons.push(`group ${group} can reach at most ${percent(best)} coverage${when} within the budget, ${percent(share - best)} short of the required ${percent(share)}`);
        break;
      }
    }
  }
  return reasons;
}
