import type { MipSolver, SolveStatus } from '../engine/mip/solver';
import { subInstance, type PlannerInstance, type PlannerPlan } from '../engine/planner/instance';
import { solvePlanner, type PartRunner } from '../engine/planner/solve';
import { leanPlan, startObjective, trimmedPlan } from '../engine/planner/start';
import { generateCandidates } from './candidates';
import type { CityData } from './city';
import { buildPlanProblem, plannerInstance } from './problem';
import { enabledTypes, type FacilityType, type Scenario } from './scenario';

/**
 * The budget-coverage curve: the optimal covered share for budgets from zero
 * to the cost of covering everyone who can be covered, each point solved
 * exactly (or with its proven gap) from its neighbour's plan. One period
 * (phases off), the scenario's norms, costs, candidates, required and
 * forbidden sites and fairness; the objective is maximum coverage.
 */
export type CurveTarget = FacilityType | 'all';

export interface CurvePoint {
  /** Tenge allowed. */
  readonly budget: number;
  /** Tenge the plan uses (<= budget). */
  readonly spent: number;
  /** People (households for containers) within the norm, of the target type(s), existing facilities included. */
  readonly covered: number;
  readonly demand: number;
  /** covered / demand ('all': the objective's mean share over the types). */
  readonly share: number;
  /** Proven upper bound on the share (null when none). */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly status: SolveStatus;
  /** The plan: per type, [candidate index, count] as SharedPlan.open uses (empty for a curve from a link). */
  readonly open: Partial<Record<FacilityType, readonly (readonly [number, number])[]>>;
}

export interface BudgetCurve {
  readonly target: CurveTarget;
  readonly points: readonly CurvePoint[];
  /** The cost of covering everyone who can be covered, as found in the time given (the last point's budget; in the app rounded up to 0.1 bn). */
  readonly fullBudget: number;
  /** The smallest budget point reaching the maximum coverage (null when none does). */
  readonly saturation: number | null;
}

export interface CurveOptions {
  readonly target: CurveTarget;
  /** Budget points, both ends included (at least 2). */
  readonly points: number;
  readonly onPoint?: (point: CurvePoint, index: number, of: number) => void;
  readonly runPart?: PartRunner;
  /** Seconds per point; by default the whole curve gets the smaller of CURVE_SECONDS and the scenario's time limit, spread over the points left after the full budget is found. */
  readonly timePerPoint?: number;
}

/** The whole curve's default time, seconds (the target on the demo's schools with 20 points is 30 s in the browser). */
export const CURVE_SECONDS = 24;

export const CURVE_POINTS = { min: 3, max: 50, default: 20 } as const;

/** The scenario a curve is solved on: maximum coverage, one period, the target's types in one budget. */
export function curveScenario(scenario: Scenario, target: CurveTarget): Scenario {
  const facilities = { ...scenario.facilities };
  if (target !== 'all') for (const type of enabledTypes(scenario)) if (type !== target) facilities[type] = { ...facilities[type], enabled: false };
  return {
    ...scenario,
    objective: 'maxCoverage',
    budgetMode: target === 'all' ? 'shared' : 'perType',
    phases: { ...scenario.phases, enabled: false },
    facilities,
  };
}

/** Today's budget for the target: the type's own (per-type budgets) or the shared one, over the whole plan. */
export function todayBudget(scenario: Scenario, target: CurveTarget): number {
  const phased = scenario.phases.enabled;
  if (scenario.budgetMode === 'perType' && target !== 'all') return phased ? scenario.phases.typeYearBudgets[target].reduce((a, b) => a + b, 0) : scenario.facilities[target].budget;
  if (scenario.budgetMode === 'perType') return enabledTypes(scenario).reduce((sum, type) => sum + todayBudget(scenario, type), 0);
  return phased ? scenario.phases.yearBudgets.reduce((a, b) => a + b, 0) : scenario.budget;
}

/** The scenario a curve point makes: the current one with the point's budget (and phases off, as the curve was solved). */
export function scenarioAtPoint(scenario: Scenario, target: CurveTarget, budget: number, name: string): Scenario {
  const rounded = Math.round(budget);
  const phases = { ...scenario.phases, enabled: false };
  if (target !== 'all' && scenario.budgetMode === 'perType') return { ...scenario, name, phases, facilities: { ...scenario.facilities, [target]: { ...scenario.facilities[target], budget: rounded } } };
  return { ...scenario, name, phases, budget: rounded };
}

export async function budgetCurve(city: CityData, scenario: Scenario, solver: MipSolver, options: CurveOptions): Promise<BudgetCurve> {
  const target = options.target;
  if (target !== 'all' && !scenario.facilities[target].enabled) throw new Error(`the scenario has ${target} switched off`);
  const base = curveScenario(scenario, target);
  if (enabledTypes(base).length === 0) throw new Error('the scenario has no facility type switched on');
  const problem = buildPlanProblem(city, base, generateCandidates(city, base));
  const instance = plannerInstance(problem, base);
  const types = problem.types.map((type) => type.type);
  const engine = await instanceCurve(instance, solver, {
    points: options.points,
    timePerPoint: options.timePerPoint,
    totalSeconds: Math.min(CURVE_SECONDS, scenario.timeLimit),
    // Round budgets: a clicked point's scenario reads 1,087 bn, not 1,087.272727.
    roundBudgets: true,
    relativeGap: scenario.gap,
    runPart: options.runPart,
    onPoint: options.onPoint && ((point, index, of) => options.onPoint!(asCurvePoint(point), index, of)),
  });
  function asCurvePoint(point: InstancePoint): CurvePoint {
    const open: Partial<Record<FacilityType, [number, number][]>> = {};
    problem.types.forEach((type, k) => {
      const counts = point.counts?.[k];
      if (!counts) return;
      const entries: [number, number][] = [];
      for (let j = type.existingCount; j < type.siteCount; j++) if (counts[j] > 0) entries.push([j - type.existingCount, counts[j]]);
      open[types[k]] = entries;
    });
    return { budget: point.budget, spent: point.spent, covered: point.covered, demand: point.demand, share: point.share, bound: point.bound, gap: point.gap, status: point.status, open };
  }
  return { target, points: engine.points.map(asCurvePoint), fullBudget: engine.fullBudget, saturation: engine.saturation };
}

/** A curve point in the engine's terms: counts per type and site instead of candidate indices. */
export interface InstancePoint extends Omit<CurvePoint, 'open'> {
  readonly counts: Int32Array[] | null;
}

export interface InstanceCurveOptions {
  readonly points: number;
  /** Seconds per point; by default `totalSeconds` (CURVE_SECONDS) spread over the points left after the full budget is found. */
  readonly timePerPoint?: number;
  readonly totalSeconds?: number;
  /** Budgets rounded to four significant digits of the full budget (the last one up, so that it still pays for the full plan). */
  readonly roundBudgets?: boolean;
  readonly relativeGap: number;
  readonly runPart?: PartRunner;
  readonly onPoint?: (point: InstancePoint, index: number, of: number) => void;
}

/** The share of the curve's time for its full budget. */
const FULL_SHARE = 0.25;
/** Relative tolerance of "reaches the maximum coverage". */
const SATURATED = 1e-9;

/**
 * The curve of an engine instance (maximum coverage, one period; all its
 * types in one budget, whatever its budgets were): the maximum coverage with
 * every candidate open, the least-cost plan reaching it (its cost is the
 * full budget), then every budget from zero up, each solve starting from the
 * previous point's plan, which the larger budget can always afford.
 */
export async function instanceCurve(instance: PlannerInstance, solver: MipSolver, options: InstanceCurveOptions): Promise<{ points: InstancePoint[]; fullBudget: number; saturation: number | null }> {
  const all = instance.types.map((_, k) => k);
  const single: PlannerInstance = { ...instance, objective: 'maxCoverage', periods: 1, carryOver: false, types: instance.types.map((type) => ({ ...type, weightsByPeriod: type.weightsByPeriod.slice(0, 1), totalByPeriod: type.totalByPeriod.slice(0, 1) })) };
  const demand = single.types.map((type) => type.totalByPeriod[0]);
  const served = (plan: PlannerPlan) => plan.served.map((years) => years[0].reduce((a, b) => a + b, 0));
  const costOf = (counts: readonly Int32Array[]) => counts.reduce((sum, count, k) => sum + count.reduce((s, n, j) => s + n * single.types[k].cost[j], 0), 0);
  const started = performance.now();
  const total = options.totalSeconds ?? CURVE_SECONDS;
  // The evaluation with every candidate open and the least-cost plan of the maximum get a quarter of the time: the full budget sets the whole budget axis.
  const limit = Math.max(options.timePerPoint ?? total * FULL_SHARE, 0.5);

  // The most each type can cover: every candidate open as often as it may be (an evaluation: only the flows are solved).
  const allOpen = single.types.map((type) => Int32Array.from(type.maxCount));
  const everything = costOf(allOpen) + 1;
  const most = await solvePlanner({ ...single, budgets: [{ types: all, perPeriod: [everything] }] }, solver, { timeLimit: limit, relativeGap: 0, fixedOpen: allOpen });
  if (!most.plan) throw new Error(`the curve has no plan even with every candidate open (${most.status}${most.message ? `: ${most.message}` : ''})`);
  const maxCovered = served(most.plan);

  // The least cost reaching it, type by type (without a shared budget the types are independent); the open plan when none is found in time.
  const full: Int32Array[] = [];
  for (const k of all) {
    const part = subInstance({ ...single, objective: 'minCost', targetShare: Math.max(0, maxCovered[k] / Math.max(demand[k], 1e-9) - 1e-10) }, [k]);
    const cheapest = await solvePlanner({ ...part, budgets: [{ types: [0], perPeriod: [everything] }] }, solver, { timeLimit: (limit * 0.8) / single.types.length, relativeGap: 0, runPart: options.runPart, equals: false });
    const found = cheapest.plan ? cheapest.plan.counts[0] : allOpen[k];
    // A least-cost plan not proven in time may hold facilities it does not need.
    full.push(cheapest.status === 'optimal' ? found : leanPlan(subInstance(single, [k]), [found], (limit * 200) / single.types.length)[0]);
  }
  const raw = costOf(full);
  const step = options.roundBudgets && raw > 0 ? 10 ** (Math.floor(Math.log10(raw)) - 3) : 0;
  const fullBudget = step > 0 ? Math.ceil(raw / step - 1e-9) * step : raw;

  const count = fullBudget > 0 ? Math.max(2, Math.round(options.points)) : 1;
  const points: InstancePoint[] = [];
  let previous: Int32Array[] | null = null;
  for (let n = 0; n < count; n++) {
    const even = (fullBudget * n) / (count - 1);
    const budget = count === 1 ? 0 : n === count - 1 ? fullBudget : step > 0 ? Math.round(even / step) * step : even;
    const last = n === count - 1;
    const left = total - (performance.now() - started) / 1000;
    const here: PlannerInstance = { ...single, budgets: [{ types: all, perPeriod: [budget] }] };
    // The start: the previous point's plan (always affordable, so the curve never falls), or the full plan cut down to this budget where that covers more.
    let start = last && fullBudget > 0 ? full : previous;
    if (!last && previous && fullBudget > 0) {
      const trimmed = trimmedPlan(here, full, budget);
      if ((startObjective(here, trimmed) ?? -Infinity) > (startObjective(here, previous) ?? -Infinity)) start = trimmed;
    }
    const result = await solvePlanner(here, solver, {
      timeLimit: Math.max(options.timePerPoint ?? left / (count - n), 0.5),
      relativeGap: options.relativeGap,
      // The last point can afford the least-cost plan of the maximum; every other the previous point's plan.
      start: start ?? undefined,
      runPart: options.runPart,
      // A point is its coverage: no time for choosing among equal plans (issue 23, secondStage.ts).
      equals: false,
    });
    let point: InstancePoint;
    if (!result.plan) {
      point = { budget, spent: 0, covered: 0, demand: demand.reduce((a, b) => a + b, 0), share: 0, bound: null, gap: null, status: result.status === 'infeasible' ? 'infeasible' : 'error', counts: null };
    } else {
      const people = served(result.plan);
      const share = people.reduce((sum, p, k) => sum + p / Math.max(demand[k], 1e-9), 0) / single.types.length;
      const bound = result.bound === null ? null : Math.max(share, Math.min(1, result.bound / (100 * single.types.length)));
      // The gap as the share reads it (the engine's counts the objective, which is the same but for round-off).
      const gap = result.status === 'optimal' && options.relativeGap === 0 ? 0 : bound === null ? null : (bound - share) / Math.max(share, 1e-12);
      point = {
        budget,
        spent: costOf(result.plan.counts),
        covered: people.reduce((a, b) => a + b, 0),
        demand: demand.reduce((a, b) => a + b, 0),
        share,
        bound,
        gap,
        status: result.status,
        counts: result.plan.counts,
      };
      previous = result.plan.counts.map((counts) => Int32Array.from(counts));
    }
    points.push(point);
    options.onPoint?.(point, n, count);
  }
  const maxShare = maxCovered.reduce((sum, p, k) => sum + p / Math.max(demand[k], 1e-9), 0) / single.types.length;
  // A bound at a budget holds at every smaller budget too, and nothing covers more than every candidate open:
  // each point's bound is the least of its own, those of larger budgets and the maximum (points are reported before this).
  let tightest = maxShare;
  for (let n = points.length - 1; n >= 0; n--) {
    const point = points[n];
    if (!point.counts) continue;
    tightest = Math.min(tightest, point.bound ?? Infinity);
    const bound = Math.max(point.share, tightest);
    if (point.bound === null || bound < point.bound) points[n] = { ...point, bound, gap: (bound - point.share) / Math.max(point.share, 1e-12), status: bound <= point.share * (1 + Math.max(options.relativeGap, 1e-9)) ? 'optimal' : point.status };
  }
  const saturated = points.find((point) => point.counts && point.share >= maxShare * (1 - SATURATED) - 1e-12);
  return { points, fullBudget, saturation: saturated ? saturated.budget : null };
}

/**
 * Tenge per person more covered between each point and the one before it
 * (Δbudget / Δcovered): null for the first point and next to a point without
 * a plan, Infinity where money bought no one.
 */
export function marginalCosts(curve: Pick<BudgetCurve, 'points'>): (number | null)[] {
  return curve.points.map((point, n) => {
    if (n === 0) return null;
    const before = curve.points[n - 1];
    if (!planned(point) || !planned(before)) return null;
    const more = point.covered - before.covered;
    return more > 1e-9 * Math.max(point.covered, 1) ? (point.budget - before.budget) / more : Infinity;
  });
}

/** Whether a point has a plan (proven or not): it is drawn, clicked and counted. */
export function planned(point: CurvePoint): boolean {
  return point.status === 'optimal' || point.status === 'timeout' || point.status === 'feasible';
}
