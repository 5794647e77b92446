import type { MipSolver, SolveStatus } from '../engine/mip/solver';
import { subInstance, type PlannerInstance, type PlannerPlan } from '../engine/planner/instance';
import { solvePlanner, type PartRunner } from '../engine/planner/solve';
import { servedByFlow } from '../engine/planner/maxFlow';
import { prepare } from '../engine/planner/prepare';
import { leanPlan, startObjective, startPlan, trimmedPlan } from '../engine/planner/start';
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
  /**
   * The cost of covering everyone who can be covered (the maximum coverage):
   * the least cost when proven (fullBudgetBound equals it), otherwise the cost
   * of a plan reaching it that does not depend on the time given (so that the
   * axis does not move from run to run). The last point's budget, the end of
   * the axis.
   */
  readonly fullBudget: number;
  /**
   * A proven lower bound on that least cost (tenge): equal to fullBudget when
   * the least cost is proven; null when no bound was found; absent in curves
   * made before it existed (links and saved scenarios), read as unknown.
   */
  readonly fullBudgetBound?: number | null;
  /** The smallest budget point reaching the maximum coverage (null when none does); never above fullBudget. */
  readonly saturation: number | null;
}

/** Whether the curve's full budget is the proven least cost of the maximum coverage. */
export function fullBudgetProven(curve: Pick<BudgetCurve, 'fullBudget' | 'fullBudgetBound'>): boolean {
  return curve.fullBudgetBound != null && curve.fullBudgetBound >= curve.fullBudget * (1 - 1e-9) - 1e-6;
}

/**
 * What a curve says of its end, in one place for the app, the command line
 * and the tests: where coverage stops growing, what covering everyone costs
 * (exactly, or at most and at least), never contradicting each other. `most`
 * is the least known cost of the maximum (a point reaching it may have found
 * a cheaper plan than the full one: its spent).
 */
export function curveEnd(curve: Pick<BudgetCurve, 'fullBudget' | 'fullBudgetBound' | 'saturation'> & { readonly points: readonly Pick<CurvePoint, 'budget' | 'spent' | 'status'>[] }): { proven: boolean; saturation: number | null; most: number; least: number | null } {
  const proven = fullBudgetProven(curve);
  let most = curve.fullBudget;
  const reaching = curve.saturation === null ? [] : curve.points.filter((point) => planned(point) && point.budget >= curve.saturation! - 1e-6);
  for (const point of reaching) most = Math.min(most, point.spent);
  const least = curve.fullBudgetBound == null ? null : Math.min(curve.fullBudgetBound, most);
  return { proven, saturation: curve.saturation === null ? null : Math.min(curve.saturation, curve.fullBudget), most: proven ? curve.fullBudget : most, least: proven ? curve.fullBudget : least };
}

export interface CurveOptions {
  readonly target: CurveTarget;
  /** Budget points, both ends included (at least 2). */
  readonly points: number;
  readonly onPoint?: (point: CurvePoint, index: number, of: number) => void;
  readonly runPart?: PartRunner;
  /** Seconds per point; by default the whole curve gets the smaller of CURVE_SECONDS and the scenario's time limit, spread over the points left after the full budget is found. */
  readonly timePerPoint?: number;
  /** Seconds for the whole curve instead (the command line's --time-limit). */
  readonly totalSeconds?: number;
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
  const building = performance.now();
  const problem = buildPlanProblem(city, base, generateCandidates(city, base));
  // A whole-curve limit given by the caller counts the model's building too.
  const built = (performance.now() - building) / 1000;
  const instance = plannerInstance(problem, base);
  const types = problem.types.map((type) => type.type);
  const engine = await instanceCurve(instance, solver, {
    points: options.points,
    timePerPoint: options.timePerPoint,
    totalSeconds: options.totalSeconds !== undefined ? Math.max(options.totalSeconds - built, 0.5) : Math.min(CURVE_SECONDS, scenario.timeLimit),
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
  return { target, points: engine.points.map(asCurvePoint), fullBudget: engine.fullBudget, fullBudgetBound: engine.fullBudgetBound, saturation: engine.saturation };
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
  /** Budgets between the ends rounded to four significant digits of the full budget (the last is the full budget itself). */
  readonly roundBudgets?: boolean;
  readonly relativeGap: number;
  readonly runPart?: PartRunner;
  readonly onPoint?: (point: InstancePoint, index: number, of: number) => void;
}

/** The share of the curve's time for its full budget. */
const FULL_SHARE = 0.25;
/** Relative tolerance of "reaches the maximum coverage". */
const SATURATED = 1e-7;

/**
 * The curve of an engine instance (maximum coverage, one period; all its
 * types in one budget, whatever its budgets were): the maximum coverage with
 * every candidate open, the least cost of reaching it (the full budget,
 * proven or with its lower bound: leastCostOfMaximum), then every budget from
 * zero up, each solve starting from the previous point's plan, which the
 * larger budget can always afford.
 */
export async function instanceCurve(instance: PlannerInstance, solver: MipSolver, options: InstanceCurveOptions): Promise<{ points: InstancePoint[]; fullBudget: number; fullBudgetBound: number | null; saturation: number | null }> {
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

  // The least cost reaching it, type by type (without a shared budget the types are independent): proven where
  // the time allows, otherwise the cheapest plan found with a proven lower bound.
  const cheapest: Int32Array[] = [];
  let raw = 0;
  let lower: number | null = 0;
  // The plans the axis ends at (not the solver's part) may take up to 60% of the curve's time together, so that
  // they do not depend on the machine's load.
  const leanUntil = performance.now() + total * 0.6 * 1000;
  for (const k of all) {
    const least = await leastCostOfMaximum(subInstance(single, [k]), solver, (limit * 0.9) / single.types.length, options.runPart, (leanUntil - performance.now()) / 1000);
    cheapest.push(least.cheapest);
    raw += least.cost;
    lower = lower === null || least.bound === null ? null : lower + least.bound;
  }
  const fullBudget = raw;
  const step = options.roundBudgets && raw > 0 ? 10 ** (Math.floor(Math.log10(raw)) - 3) : 0;

  // Below the required sites' cost plus the cheapest facility more, a budget buys nothing: its plan is the required sites (with their best flows), proven.
  const required = costOf(single.types.map((type) => type.minCount));
  let cheapestMore = Infinity;
  for (const type of single.types) for (let j = type.existingCount; j < type.siteCount; j++) if (type.maxCount[j] > type.minCount[j]) cheapestMore = Math.min(cheapestMore, type.cost[j]);
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
    let start = last && fullBudget > 0 ? cheapest : previous;
    if (!last && previous && fullBudget > 0) {
      const trimmed = trimmedPlan(here, cheapest, budget);
      if ((startObjective(here, trimmed) ?? -Infinity) > (startObjective(here, previous) ?? -Infinity)) start = trimmed;
    }
    const result = await solvePlanner(here, solver, {
      // Out of time, a point still gets its first plans (greedy, or the one it starts from) and the solver a moment.
      timeLimit: Math.max(options.timePerPoint ?? left / (count - n), 0.1),
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
      const nothingMore = budget - required < cheapestMore * (1 - 1e-9);
      point = {
        budget,
        spent: costOf(result.plan.counts),
        covered: people.reduce((a, b) => a + b, 0),
        demand: demand.reduce((a, b) => a + b, 0),
        share,
        bound: nothingMore ? share : bound,
        gap: nothingMore ? 0 : gap,
        status: nothingMore ? 'optimal' : result.status,
        counts: result.plan.counts,
      };
      const before = [...points].reverse().find((earlier) => earlier.counts !== null);
      if (before && share < before.share - 1e-12) {
        // A plan covering fewer than the smaller budget's (which this budget affords too) is never the answer: that plan
        // stays, with this budget's bound (seen with three types in one budget, where a part's plan came back worse than its start).
        const kept = Math.max(before.share, bound ?? before.share);
        const keptGap = bound === null ? null : (kept - before.share) / Math.max(before.share, 1e-12);
        point = { ...before, budget, bound: bound === null ? null : kept, gap: keptGap, status: keptGap !== null && keptGap <= options.relativeGap + 1e-9 ? 'optimal' : 'timeout' };
      } else previous = result.plan.counts.map((counts) => Int32Array.from(counts));
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
  // A point below the full budget that reaches the maximum found a cheaper plan of it: the least cost is not above its spent.
  const bound = lower === null ? null : Math.min(lower, saturated?.spent ?? Infinity);
  return { points, fullBudget, fullBudgetBound: bound, saturation: saturated ? saturated.budget : null };
}

/**
 * The least cost of a plan of one type (maximum coverage, one year) that
 * covers as many people as every candidate open does, exact where proven in
 * `seconds`. Sites without which even every other candidate open covers
 * fewer are fixed open first (exact, and they shrink the model). A plan that
 * does not depend on the time given comes next: the greedy from those sites
 * (every candidate open where it falls short), made lean. Then the
 * least-cost integer program with the maximum as its target, from that plan.
 * `counts` is the least-cost plan when proven, otherwise the lean plan, so
 * that the curve's axis does not move with the solver's luck; `cheapest` is
 * the cheapest plan found (the curve's last point starts from it), and
 * `bound` the solver's lower bound rounded up to a multiple of the costs'
 * common divisor (every plan costs such a multiple).
 */
export async function leastCostOfMaximum(instance: PlannerInstance, solver: MipSolver, seconds: number, runPart?: PartRunner, leanSeconds = seconds): Promise<{ counts: Int32Array; cost: number; cheapest: Int32Array; bound: number | null; proven: boolean }> {
  const started = performance.now();
  const left = () => seconds - (performance.now() - started) / 1000;
  // The plan the axis ends at must not depend on the machine's load: it gets up to `leanSeconds`, whatever the solver's share.
  const leanLeft = () => Math.max(leanSeconds, seconds) - (performance.now() - started) / 1000;
  const unlimited: PlannerInstance = { ...instance, objective: 'maxCoverage', budgets: [{ types: [0], perPeriod: [Infinity] }] };
  const { rows, baseline, instance: reduced } = prepare(unlimited, true);
  const type = instance.types[0];
  const row = rows[0];
  const weights = row.weights[0];
  const capacitated = reduced.types[0].capacitated;
  const coveredBy = (counts: Int32Array | ((j: number) => number)): number => {
    const count = typeof counts === 'function' ? counts : (j: number) => counts[j];
    if (capacitated) return servedByFlow(type, row, weights, count).served.reduce((a, b) => a + b, 0);
    let total = 0;
    for (let r = 0; r < row.count; r++) {
      let yes = weights[r] - baseline.served[0][0][r] <= 0;
      for (let p = row.start[r]; p < row.start[r + 1] && !yes; p++) yes = row.site[p] >= type.existingCount && count(row.site[p]) > 0;
      total += yes ? weights[r] : baseline.served[0][0][r];
    }
    return total;
  };
  const costOf = (counts: Int32Array) => counts.reduce((sum, n, j) => sum + n * type.cost[j], 0);
  const goal = coveredBy(type.maxCount);
  const short = (covered: number) => covered < goal - 1e-7 * Math.max(1, goal);
  // Sites the maximum needs. Uncapacitated: the only candidate within reach of someone no existing site covers.
  // Capacitated: one facility fewer there, every other candidate open, serves fewer (a maximum flow per site
  // that serves anyone with every candidate open, while half the curve's time lasts).
  const minCount = Int32Array.from(type.minCount);
  if (capacitated) {
    const { flows } = servedByFlow(type, row, weights, (j) => type.maxCount[j]);
    const load = new Float64Array(type.siteCount);
    for (let p = 0; p < row.site.length; p++) load[row.site[p]] += flows[p];
    for (let j = type.existingCount; j < type.siteCount && leanLeft() > 0; j++) {
      if (type.maxCount[j] === 0 || minCount[j] === type.maxCount[j] || load[j] <= 1e-9) continue;
      if (short(coveredBy((s) => (s === j ? type.maxCount[j] - 1 : type.maxCount[s])))) minCount[j] = type.maxCount[j];
    }
  } else {
    for (let r = 0; r < row.count; r++) {
      if (weights[r] - baseline.served[0][0][r] <= 0) continue;
      let only = -1;
      let candidates = 0;
      for (let p = row.start[r]; p < row.start[r + 1]; p++) if (row.site[p] >= type.existingCount && type.maxCount[row.site[p]] > 0) (candidates++, (only = row.site[p]));
      if (candidates === 1) minCount[only] = Math.max(minCount[only], 1);
    }
  }
  const forcedCost = costOf(minCount);
  if (!short(coveredBy(minCount))) return { counts: minCount, cost: forcedCost, cheapest: minCount, bound: forcedCost, proven: true };
  // The plan independent of time: the greedy from the needed sites, then every facility it can do without removed.
  const greedy = startPlan(reduced, rows, baseline, [minCount])?.opened[0] ?? Int32Array.from(minCount);
  // Where the greedy's estimate falls short of the maximum: every site that reaches someone it leaves unserved opens too.
  if (capacitated && short(coveredBy(greedy))) {
    const served = servedByFlow(type, row, weights, (j) => greedy[j]).served;
    for (let r = 0; r < row.count; r++) {
      if (served[r] >= weights[r] - 1e-9) continue;
      for (let p = row.start[r]; p < row.start[r + 1]; p++) if (row.site[p] >= type.existingCount) greedy[row.site[p]] = type.maxCount[row.site[p]];
    }
  }
  const lean = leanPlan(instance, [short(coveredBy(greedy)) ? Int32Array.from(type.maxCount) : greedy], Math.max(leanLeft(), 0.2) * 1000)[0];
  const leanCost = costOf(lean);
  // A bound without the solver: the people the needed sites leave to reach, bought at the best price per person
  // each other site can offer (its facilities' places, or the people within its reach, whichever is fewer).
  const knapsackBound = (): number => {
    const unserved = Float64Array.from(weights);
    if (capacitated) {
      const served = servedByFlow(type, row, weights, (j) => minCount[j]).served;
      for (let r = 0; r < row.count; r++) unserved[r] = Math.max(0, weights[r] - served[r]);
    } else {
      for (let r = 0; r < row.count; r++) {
        let yes = weights[r] - baseline.served[0][0][r] <= 0;
        for (let p = row.start[r]; p < row.start[r + 1] && !yes; p++) yes = row.site[p] >= type.existingCount && minCount[row.site[p]] > 0;
        if (yes) unserved[r] = 0;
      }
    }
    let need = goal - coveredBy(minCount);
    const reach = new Float64Array(type.siteCount);
    for (let r = 0; r < row.count; r++) for (let p = row.start[r]; p < row.start[r + 1]; p++) reach[row.site[p]] += unserved[r];
    const offers: { people: number; cost: number }[] = [];
    for (let j = type.existingCount; j < type.siteCount; j++) {
      const more = type.maxCount[j] - minCount[j];
      if (more <= 0 || reach[j] <= 0) continue;
      const people = capacitated ? Math.min(reach[j], more * type.capacity[j]) : reach[j];
      // Capacitated: each facility adds at most its places; uncapacitated: the first reaches everyone.
      offers.push({ people, cost: capacitated ? (people / Math.max(type.capacity[j], 1e-9)) * type.cost[j] : type.cost[j] });
    }
    offers.sort((a, b) => a.cost / a.people - b.cost / b.people);
    let cost = 0;
    for (const offer of offers) {
      if (need <= 1e-9) break;
      const take = Math.min(need, offer.people);
      cost += (take / offer.people) * offer.cost;
      need -= take;
    }
    return cost;
  };
  const unit = costUnit(type);
  const roundUp = (value: number) => (unit > 0 ? Math.ceil(value / unit - 1e-6) * unit : value);
  const total = type.totalByPeriod[0];
  const target: PlannerInstance = { ...instance, objective: 'minCost', targetShare: Math.max(0, goal / Math.max(total, 1e-9) - 1e-10), types: [{ ...type, minCount }] };
  const result = await solvePlanner(target, solver, { timeLimit: Math.max(left(), 0.5), relativeGap: 0, start: [lean], runPart, equals: false });
  const plan = result.plan?.counts[0];
  const better = plan !== undefined && costOf(plan) < leanCost && !short(coveredBy(plan)) ? plan : null;
  if (better && result.status === 'optimal') return { counts: better, cost: costOf(better), cheapest: better, bound: costOf(better), proven: true };
  const bound = Math.min(leanCost, roundUp(Math.max(result.status === 'optimal' ? leanCost : (result.bound ?? 0), forcedCost + knapsackBound())));
  return { counts: lean, cost: leanCost, cheapest: better ?? lean, bound, proven: bound >= leanCost * (1 - 1e-9) - 1e-6 };
}

/** The greatest common divisor of the candidates' costs where they are whole tenge (every plan costs a multiple of it); 0 otherwise. */
function costUnit(type: PlannerInstance['types'][number]): number {
  let unit = 0;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (let j = type.existingCount; j < type.siteCount; j++) {
    if (type.maxCount[j] === 0) continue;
    const cost = type.cost[j];
    if (!Number.isInteger(cost) || cost < 0 || cost > Number.MAX_SAFE_INTEGER) return 0;
    unit = gcd(cost, unit);
  }
  return unit;
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
export function planned(point: Pick<CurvePoint, 'status'>): boolean {
  return point.status === 'optimal' || point.status === 'timeout' || point.status === 'feasible';
}
