import { isFeasible, mipObjective, withMipNames, type Mip } from '../mip/mip';
import { relativeGap, type MipProgress, type MipSolver } from '../mip/solver';
import { coverageBound } from './bound';
import { existingOffset, quickBound } from './quickBound';
import { explainInfeasible } from './explain';
import type { Baseline } from './greedy';
import { prepare } from './prepare';
import { coversDemand, groupTotal, maximises, subInstance, type PlannerInstance, type PlannerPlan, type PlannerReason } from './instance';
import { essentialTypes, prepareAll, solveAllPart } from './allEssential';
import { buildPlannerModel, planFrom } from './model';
import { coverSearch } from './search';
import { movedPlan, swapSearch, swappedStart } from './swapSearch';
import { amongEquals } from './secondStage';
import { startPlan } from './start';
import type { DemandRows } from './rows';
import { safeBound, startValues, tighter, type PartCallbacks, type PartOptions, type PartRunner, type PlannerResult, type PlanUpdate, type Prepared } from './part';

/** The part contract, for the engine's users (src/plan, the command line, the workers). */
export { safeBound, tighter, type PartCallbacks, type PartOptions, type PartRunner, type PlannerResult, type PlanUpdate, type Prepared } from './part';

export interface PlannerOptions {
  /** Seconds for the whole answer, model building included. */
  readonly timeLimit: number;
  /** Relative gap at which a plan counts as optimal; 0 means exact. */
  readonly relativeGap: number;
  /**
   * The same limit as a wall-clock time (Date.now() milliseconds), where the
   * caller's clock started earlier (the command line counts from the
   * process's start): the sooner of the two holds.
   */
  readonly deadline?: number;
  /** A plan to evaluate rather than find: per type, facilities fixed at each site and year. */
  readonly fixedOpen?: readonly Int32Array[];
  /**
   * A known plan to start from, in the shape of fixedOpen: per type,
   * facilities opened at each site and year. It is the first plan when it is
   * feasible and better than the greedy's (the budget-coverage curve passes
   * each point's plan to the next, larger budget), so the answer is never
   * worse than it. Ignored with fixedOpen.
   */
  readonly start?: readonly Int32Array[];
  /** The objective and the proven bound as they improve (whole plan, all parts together). */
  readonly onProgress?: (progress: MipProgress) => void;
  /** A better plan than the last one reported (the first is the greedy's, in milliseconds). */
  readonly onPlan?: (update: PlanUpdate) => void;
  /** Solves independent parts, for example in parallel workers; by default one after another here. */
  readonly runPart?: PartRunner;
  /** Every part goes to `runPart`, however small (by default small plans are solved here, see SMALL_PAIRS). */
  readonly runAllParts?: boolean;
  /**
   * The export: called with each part's integer program as it goes to the
   * solver (built with names), `part` counting from 0 of `parts`.
   */
  readonly onModel?: (mip: Mip, part: number, parts: number) => void;
  /** false: answer with the first objective's plan, without choosing among equals (secondStage.ts); for measuring. */
  readonly equals?: boolean;
  /** Seconds the stages among equals may take (by default STAGES_SECONDS, twice that with GLPK): a test that needs them proven on a busy machine gives more. */
  readonly equalsSeconds?: number;
}

/**
 * The planner's problem, solved by the engine: independent parts (types with
 * their own budgets, or least-cost targets) apart and, with a runner, in
 * parallel; each part by its aggregated model, a greedy first plan, a
 * Lagrangian bound and the MIP from that start, within the time limit. The
 * answer is the best plan found with its proven bound, never worse than the
 * greedy's.
 */
export async function solvePlanner(instance: PlannerInstance, solver: MipSolver, options: PlannerOptions): Promise<PlannerResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const left = () => Math.min(options.timeLimit - seconds(), options.deadline === undefined ? Infinity : (options.deadline - Date.now()) / 1000);
  const reasons = precheck(instance, options.fixedOpen !== undefined);
  if (reasons.length > 0) return { status: 'infeasible', objective: null, bound: null, gap: null, plan: null, before: null, reasons, seconds: seconds() };

  const groups = independentParts(instance, options.fixedOpen !== undefined);
  // Starting a worker and its solver costs about a second: small plans (the demo at 500 m has 75,000 pairs) are faster here.
  const pairs = instance.types.reduce((sum, type) => sum + type.pairSite.length, 0);
  const threads = options.runPart !== undefined && (options.runAllParts || pairs > SMALL_PAIRS);
  const parts = groups.map((types) => subInstance(instance, types));
  // Every part's first plan is made here, at once, with a proven bound beside it, and shown together: whenever
  // the answer is cut short (the limit, Cancel, a thread that does not answer), it is at least these plans.
  const preparedParts = parts.map((part, n) => (options.fixedOpen ? null : preparePart(part, options.start && groups[n].map((k) => options.start![k]))));
  const firsts = preparedParts.map((prepared): PlanUpdate | null => {
    if (!prepared?.firstPlan) return null;
    const bound = quickBound(prepared.instance, prepared.rows, prepared.baseline, prepared.first, 20);
    return { plan: prepared.firstPlan, before: prepared.before, objective: prepared.firstObjective!, bound: bound === null ? null : safeBound(instance.objective, bound, prepared.firstObjective!), seconds: seconds() };
  });
  // In this thread the parts run one after another, each with its share of the time left (a part proven early leaves its time to the next).
  let next = Promise.resolve();
  const here: PartRunner = (part, partOptions, callbacks) => {
    const n = parts.indexOf(part);
    const turn = next.then(() => solvePart(part, solver, { ...partOptions, timeLimit: Math.max(left() / (parts.length - n), 0.2) }, callbacks));
    next = turn.then(() => undefined);
    return turn;
  };
  const run: PartRunner = threads ? options.runPart! : here;
  // Per part: the shown plan and its objective, and the solver's best objective and bound so far (its plan may come later).
  const latest = groups.map((_, n) => ({ planObjective: firsts[n]?.objective ?? null, objective: firsts[n]?.objective ?? null, bound: firsts[n]?.bound ?? null, plan: firsts[n]?.plan ?? null, before: firsts[n]?.before ?? null }));
  const total = (pick: (entry: (typeof latest)[number]) => number | null) => {
    let sum = 0;
    for (const entry of latest) {
      const value = pick(entry);
      if (value === null) return null;
      sum += value;
    }
    return sum;
  };
  const report = () => options.onProgress?.({ seconds: seconds(), objective: total((e) => e.objective), bound: total((e) => e.bound) });
  const showPlan = () => {
    if (!options.onPlan || !latest.every((entry) => entry.plan)) return;
    options.onPlan({
      plan: mergePlans(instance, groups, latest.map((entry) => entry.plan!)),
      before: mergePlans(instance, groups, latest.map((entry) => entry.before!)),
      objective: total((e) => e.planObjective)!,
      bound: total((e) => e.bound),
      seconds: seconds(),
    });
  };
  showPlan();
  const answers = await Promise.all(
    groups.map((types, n) =>
      run(
        parts[n],
        { timeLimit: Math.max(left(), 0.2), ...(options.deadline !== undefined && { deadline: options.deadline }), ...(preparedParts[n] && { prepared: preparedParts[n]! }), relativeGap: options.relativeGap, fixedOpen: options.fixedOpen && types.map((k) => options.fixedOpen![k]), ...(options.start && !options.fixedOpen && { start: types.map((k) => options.start![k]) }), ...(options.onModel && { names: true }), ...(options.equals === false && { equals: false }), ...(options.equalsSeconds !== undefined && { equalsSeconds: options.equalsSeconds }) },
        {
          onModel: options.onModel && ((mip) => options.onModel!(mip, n, groups.length)),
          onProgress: (progress) => {
            latest[n].objective = progress.objective ?? latest[n].objective;
            latest[n].bound = tighter(instance.objective, latest[n].bound, progress.bound);
            report();
          },
          onPlan: (update) => {
            // A part's own first plan is the one already shown; only better ones replace it.
            const shown = latest[n].planObjective;
            const better = shown === null || (maximises(instance.objective) ? update.objective > shown + 1e-9 : update.objective < shown - 1e-9);
            latest[n].bound = tighter(instance.objective, latest[n].bound, update.bound);
            if (better) {
              latest[n] = { ...latest[n], planObjective: update.objective, plan: update.plan, before: update.before };
              latest[n].objective ??= update.objective;
              showPlan();
            }
            report();
          },
        },
        firsts[n],
      ),
    ),
  );
  // A part cut short without a plan of its own answers with the plan it showed; every bound it reported counts.
  const results = answers.map((result, n): PlannerResult => {
    const shown = latest[n];
    if (result.status === 'timeout' && !result.plan && shown.plan && shown.planObjective !== null) return { ...result, objective: shown.planObjective, bound: shown.bound === null ? null : safeBound(instance.objective, shown.bound, shown.planObjective), plan: shown.plan, before: shown.before };
    if (!result.plan || result.objective === null) return result;
    const bound = tighter(instance.objective, result.bound, shown.bound);
    return { ...result, bound: bound === null ? null : safeBound(instance.objective, bound, result.objective) };
  });
  const failed = results.find((result) => result.status === 'error') ?? results.find((result) => result.status === 'infeasible' || !result.plan);
  if (failed) {
    // Parts that fail alike say so once (two types' parts each proving "no plan" is one line, not two).
    const all = results.flatMap((result, n) => result.reasons.map((reason) => ('type' in reason ? { ...reason, type: groups[n][reason.type] } : reason)));
    const reasons = all.filter((reason, k) => all.findIndex((other) => JSON.stringify(other) === JSON.stringify(reason)) === k);
    return { ...failed, reasons, plan: null, before: null, seconds: seconds() };
  }
  const objective = results.reduce((sum, result) => sum + result.objective!, 0);
  const bound = results.every((result) => result.bound !== null) ? results.reduce((sum, result) => sum + result.bound!, 0) : null;
  const gap = relativeGap(objective, bound);
  const proven = results.every((result) => result.status === 'optimal') || (gap !== null && gap <= options.relativeGap + 1e-9);
  return {
    status: proven ? 'optimal' : 'timeout',
    objective,
    bound,
    gap: proven && options.relativeGap === 0 ? 0 : gap,
    plan: mergePlans(instance, groups, results.map((result) => result.plan!)),
    before: mergePlans(instance, groups, results.map((result) => result.before!)),
    reasons: [],
    seconds: seconds(),
  };
}

/** Below this many demand-site pairs a plan is solved in the caller's thread, parts one after another. */
export const SMALL_PAIRS = 150_000;

/**
 * Types that share no budget row do not interact: with budgets per type (or
 * least-cost targets, where budgets do not apply) each is its own, much
 * smaller model (measured on the Almaty demo: 27 s as one model, about 6 s
 * as three). A shared budget couples them into one model; so does maxAll
 * (every essential type counts at every point): one part with every type.
 */
function independentParts(instance: PlannerInstance, evaluating: boolean): number[][] {
  const all = instance.types.map((_, k) => k);
  if (instance.objective === 'maxAll') return [all];
  if (evaluating || instance.objective === 'minCost') return all.map((k) => [k]);
  return instance.budgets.map((group) => [...group.types]);
}

function mergePlans(instance: PlannerInstance, groups: number[][], plans: PlannerPlan[]): PlannerPlan {
  const pick = <T>(select: (plan: PlannerPlan) => T[]): T[] => {
    const out = new Array<T>(instance.types.length);
    groups.forEach((types, n) => types.forEach((k, local) => (out[k] = select(plans[n])[local])));
    return out;
  };
  return { opened: pick((p) => p.opened), counts: pick((p) => p.counts), served: pick((p) => p.served), load: pick((p) => p.load) };
}

/** One independent part: rows, baseline, first plan, bound, MIP, and flows that take service from no one. */
export async function solvePart(instance: PlannerInstance, solver: MipSolver, options: PartOptions, callbacks: PartCallbacks = {}): Promise<PlannerResult> {
  if (instance.objective === 'maxAll') return solveAllPart(instance, solver, options, callbacks);
  const started = performance.now();
  const prepared = (!options.fixedOpen && options.prepared) || withStart(prepare(instance, options.fixedOpen !== undefined), options.fixedOpen ? undefined : options.start);
  const seconds = () => (performance.now() - started) / 1000;
  const left = () => Math.min(options.timeLimit - seconds(), options.deadline === undefined ? Infinity : (options.deadline - Date.now()) / 1000);
  instance = prepared.instance;
  const { coverage, rows, baseline, before } = prepared;
  const empty = { objective: null, bound: null, gap: null, plan: null, before: null, reasons: [] };

  if (options.fixedOpen) {
    const model = named(options, () => buildPlannerModel(instance, rows, { fixedOpen: options.fixedOpen }));
    if (options.names) callbacks.onModel?.(model.mip);
    const solution = await solver.solve(model.mip, { timeLimit: Math.max(left(), 1), relativeGap: 0 });
    if (!solution.values) return { ...empty, status: solution.status === 'error' ? 'error' : 'infeasible', before, message: solution.message, seconds: seconds() };
    const plan = await canonicalFlows(instance, rows, solver, model.decode(solution.values), baseline, Math.max(left(), 1));
    return { ...empty, status: 'optimal', objective: solution.objective, bound: solution.objective, gap: 0, plan, before, seconds: seconds() };
  }

  // A first plan at once, with a proven bound beside it (src/engine/planner/quickBound.ts).
  let { first, firstPlan, firstObjective } = prepared;
  let quick = firstPlan ? quickBound(instance, rows, baseline, first, Math.min(left() * 0.02, 0.2) * 1000) : null;
  if (firstPlan) callbacks.onPlan?.({ plan: firstPlan, before, objective: firstObjective!, bound: quick === null ? null : safeBound(instance.objective, quick, firstObjective!), seconds: seconds() });
  // Where the part is a plain covering problem, the engine's covering search improves the first plan.
  const searched = first && coverSearch(instance, rows, baseline, first, Math.min(left() * 0.1, 3) * 1000);
  if (searched) {
    first = searched;
    quick = tighter(instance.objective, quick, quickBound(instance, rows, baseline, searched, 0));
    firstPlan = planFrom(instance, rows, searched.opened, () => null);
    firstObjective = searched.objective;
    callbacks.onPlan?.({ plan: firstPlan, before, objective: firstObjective, bound: quick === null ? null : safeBound(instance.objective, quick, firstObjective), seconds: seconds() });
  }
  // Then to a 1-swap optimum (swapSearch.ts), briefly.
  const moved = first && swappedStart(instance, rows, baseline, first, performance.now() + Math.min(left() * 0.05, 2) * 1000);
  if (moved) {
    first = moved;
    firstPlan = movedPlan(instance, rows, firstPlan!, moved.opened);
    firstObjective = moved.objective;
    callbacks.onPlan?.({ plan: firstPlan, before, objective: firstObjective, bound: quick === null ? null : safeBound(instance.objective, quick, firstObjective), seconds: seconds() });
  }
  let lagrangian: number | null = null;
  // The bound pays where the MIP is too big to bound in time (at 500 m HiGHS proves each type in under a second).
  const pairs = rows.reduce((sum, row) => sum + row.site.length, 0);
  if (first && instance.objective === 'maxCoverage' && instance.periods === 1 && pairs > 50_000) {
    const offset = existingOffset(instance, rows, baseline);
    lagrangian = coverageBound(instance, rows, baseline.served.map((years) => years[0]), offset, first.objective, Math.min(left() * 0.1, 2) * 1000);
    lagrangian = Math.max(lagrangian, first.objective);
    callbacks.onProgress?.({ seconds: seconds(), objective: first.objective, bound: lagrangian });
  }

  // Too little time left to build a model and start a solver: the plan so far, with its bound, is the answer.
  if (firstPlan && left() < 0.3 && !options.names) {
    const bound = tighter(instance.objective, lagrangian, quick);
    const safe = bound === null ? null : safeBound(instance.objective, bound, firstObjective!);
    return { status: 'timeout', objective: firstObjective, bound: safe, gap: relativeGap(firstObjective, safe), plan: firstPlan, before, reasons: [], message: 'stopped at the time limit', seconds: seconds() };
  }
  const model = named(options, () => buildPlannerModel(instance, rows));
  if (options.names) callbacks.onModel?.(model.mip);
  const start = first ? startValues(instance, model, rows, first) : undefined;
  const usableStart = start && isFeasible(model.mip, start) ? start : undefined;
  const capacitated = coverage && instance.types.some((type) => type.capacitated);
  const swappable = instance.objective === 'maxCoverage' && instance.periods === 1 && instance.types.some((type) => !type.capacitated && !type.districtShares);
  const reserve = (capacitated ? Math.min(2, options.timeLimit * 0.1) : 0) + (swappable ? Math.min(1.5, options.timeLimit * 0.05) : 0);
  // Improving plans from the solver go out as they come (at most once a second), so the screen and a runner that stops the part have them.
  let lastPlan = performance.now();
  // HiGHS returns a while after its interrupt on large models (1.5 s on the 139,000 columns and rows of the
  // container sites at 100 m): that time is left to it, so that its plan and bound arrive before the part is stopped.
  const lag = Math.min(3, 2e-5 * (model.mip.numCols + model.mip.numRows));
  const solution = await solver.solve(model.mip, {
    timeLimit: Math.max((left() - reserve - lag) * 0.95, 0.1),
    relativeGap: options.relativeGap,
    initialSolution: usableStart,
    onProgress:
      (callbacks.onProgress || callbacks.onPlan) &&
      ((p) => {
        const bound = tighter(instance.objective, tighter(instance.objective, p.bound, lagrangian), quick);
        if (p.values && p.objective !== null && callbacks.onPlan && performance.now() - lastPlan > 1000) {
          lastPlan = performance.now();
          callbacks.onPlan({ plan: model.decode(p.values), before, objective: p.objective, bound, seconds: seconds() });
        }
        callbacks.onProgress?.({ seconds: seconds(), objective: p.objective, bound });
      }),
  });
  if (solution.status === 'error' && !usableStart) return { ...empty, status: 'error', before, message: solution.message, seconds: seconds() };
  if (solution.status === 'infeasible') {
    const reasons = await explainInfeasible(instance, solver, Math.max(left(), 1), options.timeLimit);
    return { ...empty, status: 'infeasible', before, reasons, message: solution.message, seconds: seconds() };
  }

  // The solver's plan, or the first plan when that is better (or the solver had none): a plan found is never lost.
  const sense = model.mip.sense;
  const startObjective = usableStart ? mipObjective(model.mip, usableStart) : null;
  const solverBetter = solution.values && solution.objective !== null && (startObjective === null || (sense === 'max' ? solution.objective >= startObjective - 1e-9 : solution.objective <= startObjective + 1e-9));
  let plan: PlannerPlan | null = null;
  let objective: number | null = null;
  if (solverBetter) {
    plan = model.decode(solution.values!);
    objective = solution.objective;
  } else if (usableStart) {
    plan = firstPlan;
    objective = startObjective;
  }
  if (!plan) return { ...empty, status: solution.status === 'error' ? 'error' : 'timeout', before, message: solution.message ?? 'no plan was found within the time limit', seconds: seconds() };
  // A plan the solver did not prove optimal: moved to a 1-swap optimum in the time kept for it (swapSearch.ts).
  const swapped = solution.status !== 'optimal' && objective !== null ? swapSearch(instance, rows, baseline, plan.opened, objective, performance.now() + Math.max(left() - 0.2, 0) * 1000) : null;
  let bound = tighter(instance.objective, tighter(instance.objective, solution.bound, lagrangian), quick);
  if (swapped) {
    plan = movedPlan(instance, rows, plan, swapped.opened);
    objective = swapped.objective;
    callbacks.onPlan?.({ plan, before, objective, bound: bound === null ? null : safeBound(instance.objective, bound, objective), seconds: seconds() });
  }
  if (bound !== null && objective !== null) bound = sense === 'max' ? Math.max(bound, objective) : Math.min(bound, objective);
  const gap = relativeGap(objective, bound);
  const proven = solution.status === 'optimal' || (gap !== null && gap <= options.relativeGap + 1e-9);
  // Among the plans that keep the proven objective, one chosen by stated rules (secondStage.ts), in the time left;
  // the proven plan is reported first, so that a runner that stops the part meanwhile answers with it.
  const stages = proven && objective !== null && options.equals !== false;
  if (stages) callbacks.onPlan?.({ plan, before, objective: objective!, bound, seconds: seconds() });
  const equal = stages ? await amongEquals({ instance, rows, model, solver, values: solverBetter ? solution.values! : usableStart!, objective: objective!, bound, relativeGap: options.relativeGap, secondsLeft: () => left() - reserve - lag, allowance: options.equalsSeconds }) : null;
  if (equal?.changed) (plan = model.decode(equal.values)), (objective = mipObjective(model.mip, equal.values));
  if ((solverBetter || equal?.changed) && capacitated && left() > 0.2) plan = await canonicalFlows(instance, rows, solver, plan, baseline, left());
  return { status: proven ? 'optimal' : 'timeout', objective, bound: proven && options.relativeGap === 0 ? objective : bound, gap: proven && options.relativeGap === 0 ? 0 : relativeGap(objective, bound), plan, before, reasons: [], seconds: seconds(), ...(equal && { equals: { proven: equal.proven, complete: equal.complete } }) };
}

/** A part's rows, baseline and first plan (with the known plan `start` as PlannerOptions.start says). */
function preparePart(part: PlannerInstance, start: readonly Int32Array[] | undefined): Prepared {
  return part.objective === 'maxAll' ? prepareAll(part, false, start) : withStart(prepare(part), start);
}

/** The prepared part with the known plan as its first plan, where that plan is feasible and better than the greedy's. */
function withStart(prepared: ReturnType<typeof prepare>, start: readonly Int32Array[] | undefined): ReturnType<typeof prepare> {
  if (!start) return prepared;
  const known = startPlan(prepared.instance, prepared.rows, prepared.baseline, start);
  if (!known) return prepared;
  const old = prepared.firstObjective;
  const better = old === null || (prepared.instance.objective === 'minCost' ? known.objective < old - 1e-9 : known.objective > old + 1e-9);
  if (!better) return prepared;
  const firstPlan = planFrom(prepared.instance, prepared.rows, known.opened, (k, t) => known.flows[k]?.[t] ?? null);
  return { ...prepared, first: known, firstPlan, firstObjective: known.objective };
}

function named<T>(options: PartOptions, build: () => T): T {
  return options.names ? withMipNames(build) : build();
}

/**
 * Capacitated coverage can route people in many equally good ways; the
 * solver picks one. With the plan's sites fixed, the flows are solved again
 * with every row served at least as before the plan (an LP), so per-district
 * and per-site figures describe a plan that takes service from no one.
 */
async function canonicalFlows(instance: PlannerInstance, rows: DemandRows[], solver: MipSolver, plan: PlannerPlan, baseline: Baseline, timeLimit: number): Promise<PlannerPlan> {
  const capacitated = instance.types.map((type, k) => (type.capacitated ? k : -1)).filter((k) => k >= 0);
  if (!coversDemand(instance.objective) || capacitated.length === 0) return plan;
  const part = subInstance({ ...instance, objective: 'maxCoverage', budgets: [] }, capacitated);
  const model = buildPlannerModel(part, capacitated.map((k) => rows[k]), { minServed: capacitated.map((k) => baseline.served[k]), fixedOpen: capacitated.map((k) => plan.opened[k]) });
  // Improving plans from the solver go out as they come (at most once a second), so the screen and a runner that stops the part have them.
  let lastPlan = performance.now();
  const solution = await solver.solve(model.mip, { timeLimit, relativeGap: 0 });
  // With district rows, floors and shares together may leave no flow; the solver's own flows then stand.
  if (!solution.values) return plan;
  const flows = model.decode(solution.values);
  const served = plan.served.slice();
  const load = plan.load.slice();
  capacitated.forEach((k, local) => {
    served[k] = flows.served[local];
    load[k] = flows.load[local];
  });
  return { ...plan, served, load };
}

function precheck(instance: PlannerInstance, evaluating: boolean): PlannerReason[] {
  const reasons: PlannerReason[] = [];
  if (instance.types.length === 0) reasons.push({ key: 'noTypes' });
  // maxAll: nothing to plan without an essential type; only the essential types' required facilities apply.
  const planned = instance.objective === 'maxAll' && instance.types.length > 0 ? essentialTypes(instance) : null;
  if (planned && planned.length === 0 && reasons.length === 0) reasons.push({ key: 'noTypes' });
  if (evaluating) return reasons;
  instance.types.forEach((type, k) => {
    if (!coversDemand(instance.objective) && type.existingCount === 0) reasons.push({ key: 'travelNeedsExisting', type: k });
  });
  if (instance.objective !== 'minCost') {
    for (const group of instance.budgets) {
      const budget = groupTotal(group);
      for (const k of group.types) {
        if (planned && !planned.includes(k)) continue;
        const type = instance.types[k];
        const cost = type.minCount.reduce((sum, count, j) => sum + count * type.cost[j], 0);
        if (cost > budget) reasons.push({ key: 'requiredOverBudget', type: k, cost, budget });
      }
    }
  }
  return reasons;
}
