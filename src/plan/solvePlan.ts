import { relativeGap, type MipProgress, type MipSolver, type SolveStatus, type SolverName } from '../engine/mip/solver';
import type { CityData } from './city';
import { generateCandidates, type Candidate } from './candidates';
import { firstPlan } from './firstPlan';
import { computeKpis, type PlanKpis } from './kpis';
import { buildPlanModel, districtShare, type PlanModel, type PlanSolution, type Reason } from './planModel';
import { buildPlanProblem, type PlanProblem, type TypeProblem } from './problem';
import { periodCount, type FacilityType, type Scenario } from './scenario';

/** A new facility the plan opens, with what a planner asks about it. */
export interface PlannedSite {
  readonly id: string;
  readonly type: FacilityType;
  /** Position in the type's candidate list (candidates are regenerated identically from the scenario). */
  readonly candidateIndex: number;
  readonly lon: number;
  readonly lat: number;
  readonly district: number;
  readonly count: number;
  readonly cost: number;
  readonly capacity: number;
  /** People the site serves in the plan. */
  readonly served: number;
  /** People within its norm whom no existing facility served before the plan. */
  readonly newlyReached: number;
  readonly required: boolean;
  readonly addedByPlanner: boolean;
  /** Index of the year the site opens in (0 without phases). */
  readonly period: number;
}

export interface PlanResult {
  readonly status: SolveStatus;
  readonly solver: SolverName;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly sites: PlannedSite[];
  /** Per type, people served at each demand point in the plan's last year (for the map). */
  readonly served: Partial<Record<FacilityType, Float64Array>>;
  /** The same for every year of a phased plan (one entry without phases). */
  readonly servedByYear: Partial<Record<FacilityType, Float64Array[]>>;
  readonly kpis: PlanKpis | null;
  readonly reasons: Reason[];
  /** Required or forbidden candidate ids that no longer exist and were ignored. */
  readonly staleCandidates: number;
  readonly message?: string;
}

export interface PlanOptions {
  readonly onProgress?: (progress: MipProgress) => void;
  readonly candidates?: Candidate[];
  /**
   * A plan to evaluate rather than find: per type, [candidate index, count,
   * year index] entries (from a share link or a saved scenario). The model is then only the
   * flows, and the result reports what the plan achieves.
   */
  readonly fixed?: Partial<Record<FacilityType, readonly (readonly [number, number, number?])[]>>;
  /** Called with a quick first plan (status `feasible`, no bound) before the solver starts, where the scenario has one. */
  readonly onFirstPlan?: (result: PlanResult) => void;
}

/** Thrown when a fixed plan names candidates the scenario does not have (a damaged or mismatched link). */
export class PlanMismatch extends Error {}

/** Scenario -> candidates -> problem -> MIP -> solver -> plan with KPIs, all pure and in one place. */
export async function solvePlan(city: CityData, scenario: Scenario, solver: MipSolver, options: PlanOptions = {}): Promise<PlanResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const candidates = options.candidates ?? generateCandidates(city, scenario);
  const problem = buildPlanProblem(city, scenario, candidates);
  const fixedOpen = options.fixed && fixedPlan(problem, scenario, options.fixed);
  const staleCandidates = problem.unknownCandidateIds.length;
  const empty = { objective: null, bound: null, gap: null, sites: [], served: {}, servedByYear: {}, kpis: null, staleCandidates, solver: solver.name };

  const parts = independentParts(problem, scenario);
  const models = parts.map((part) => buildPlanModel(part, scenario, { fixedOpen }));
  const refused = models.flatMap((model) => ('reasons' in model ? model.reasons : []));
  if (refused.length > 0) return { ...empty, status: 'infeasible', reasons: refused, seconds: seconds() };

  const before = mergeSolutions(await Promise.all(parts.map((part) => baseline(part, scenario, solver))));
  const result = (plan: PlanSolution, summary: Pick<PlanResult, 'status' | 'objective' | 'bound' | 'gap'>): PlanResult => ({
    ...summary,
    solver: solver.name,
    seconds: seconds(),
    sites: plannedSites(problem, scenario, plan, before),
    served: Object.fromEntries([...plan.served].map(([type, years]) => [type, years[years.length - 1]])),
    servedByYear: Object.fromEntries(plan.served),
    kpis: computeKpis(city, scenario, problem, plan, before),
    reasons: [],
    staleCandidates,
  });

  // A first plan in milliseconds to show while the solver works (not for a plan given to evaluate).
  const first = !fixedOpen && options.onFirstPlan ? firstPlan(problem, scenario, before) : null;
  if (first) options.onFirstPlan!(result(first.plan, { status: 'feasible', objective: first.objective, bound: null, gap: null }));

  // Parts are solved one after another, each with the time that is left; their objectives and bounds add up.
  let objective = 0;
  let bound: number | null = 0;
  let proven = true;
  const solutions: PlanSolution[] = [];
  for (const model of models as PlanModel[]) {
    const timeLeft = Math.max(scenario.timeLimit - seconds(), 0.5);
    const onProgress = options.onProgress;
    const solution = await solver.solve(model.mip, {
      timeLimit: timeLeft,
      relativeGap: scenario.gap,
      // A bound for the whole plan is known only when it is one model; parts still to come have none yet.
      onProgress: onProgress && ((p) => onProgress({ seconds: seconds(), objective: p.objective === null ? null : objective + p.objective, bound: models.length === 1 ? p.bound : null })),
    });
    if (solution.status === 'error') return { ...empty, status: 'error', reasons: [], message: solution.message, seconds: seconds() };
    if (solution.status === 'infeasible' || !solution.values) {
      const reasons = solution.status === 'infeasible' ? await explainInfeasible(problem, scenario, solver) : [];
      return { ...empty, status: solution.status, reasons, message: solution.message, seconds: seconds() };
    }
    solutions.push(model.decode(solution.values));
    objective += solution.objective!;
    bound = bound === null || solution.bound === null ? null : bound + solution.bound;
    proven &&= solution.status === 'optimal';
  }
  const plan = await canonicalFlows(problem, scenario, solver, mergeSolutions(solutions), before);
  const gap = relativeGap(objective, bound);
  const status: SolveStatus = proven || (gap !== null && gap <= scenario.gap + 1e-9) ? 'optimal' : 'timeout';
  return result(plan, { status, objective, bound, gap });
}

/** A plan's sites as fixed opening counts per site and year; a plan that does not fit its scenario is refused. */
function fixedPlan(problem: PlanProblem, scenario: Scenario, fixed: NonNullable<PlanOptions['fixed']>): Map<FacilityType, Int32Array> {
  const years = periodCount(scenario);
  for (const type of Object.keys(fixed)) {
    if (!problem.types.some((t) => t.type === type)) throw new PlanMismatch(`the plan opens ${type} sites, but the scenario has that type switched off`);
  }
  return new Map(
    problem.types.map((type) => {
      const opened = new Int32Array(type.siteCount * years);
      for (const [index, count, year = 0] of fixed[type.type] ?? []) {
        if (index >= type.candidates.length) throw new PlanMismatch(`the plan names ${type.type} candidate ${index}, but there are only ${type.candidates.length}`);
        if (year >= years) throw new PlanMismatch(`the plan opens a ${type.type} site in year ${year + 1} of a ${years}-year plan`);
        opened[(type.existingCount + index) * years + year] += count;
      }
      return [type.type, opened];
    }),
  );
}

/**
 * With a budget per type, or a target per type at least cost, the types do not
 * interact: each is its own, much smaller MIP (measured on the Almaty demo:
 * 27 s as one model, about 6 s as three). A shared budget couples them.
 */
function independentParts(problem: PlanProblem, scenario: Scenario): PlanProblem[] {
  if (scenario.budgetMode === 'shared' && scenario.objective !== 'minCost') return [problem];
  return problem.types.map((type) => ({ ...problem, types: [type] }));
}

function mergeSolutions(solutions: PlanSolution[]): PlanSolution {
  const merge = <T>(pick: (solution: PlanSolution) => Map<FacilityType, T>) => new Map(solutions.flatMap((solution) => [...pick(solution)]));
  return { opened: merge((s) => s.opened), counts: merge((s) => s.counts), served: merge((s) => s.served), load: merge((s) => s.load) };
}

/** What existing facilities serve alone: the same model with every candidate closed (a small LP). */
async function baseline(problem: PlanProblem, scenario: Scenario, solver: MipSolver): Promise<PlanSolution> {
  const years = periodCount(scenario);
  const closed = new Map(problem.types.map((type) => [type.type, new Int32Array(type.siteCount * years)]));
  const objective = scenario.objective === 'minCost' ? 'maxCoverage' : scenario.objective;
  const model = buildPlanModel(problem, { ...scenario, objective }, { fixedOpen: closed, withoutFairness: true });
  if ('reasons' in model) throw new Error(`the existing facilities alone give no model: ${model.reasons.map((r) => r.key).join('; ')}`);
  const solution = await solver.solve(model.mip, { timeLimit: 30, relativeGap: 0 });
  if (!solution.values) throw new Error(`the existing facilities alone could not be evaluated (${solution.status})`);
  return model.decode(solution.values);
}

/**
 * Capacitated coverage can route people in many equally good ways; the solver
 * picks one. With the plan's sites fixed, the flows are solved again with
 * everyone served at least as before the plan (an LP), so per-district and
 * per-site figures describe a plan that takes service from no one.
 */
async function canonicalFlows(problem: PlanProblem, scenario: Scenario, solver: MipSolver, plan: PlanSolution, before: PlanSolution): Promise<PlanSolution> {
  const coverage = scenario.objective === 'maxCoverage' || scenario.objective === 'minCost';
  const capacitated = problem.types.filter((type) => coverage && scenario.facilities[type.type].capacitated);
  if (capacitated.length === 0) return plan;
  const fixed: PlanProblem = { ...problem, types: capacitated };
  const model = buildPlanModel(fixed, { ...scenario, objective: 'maxCoverage', budgetMode: 'perType' }, { minServed: before.served, fixedOpen: plan.opened });
  if ('reasons' in model) return plan;
  const solution = await solver.solve(model.mip, { timeLimit: 30, relativeGap: 0 });
  // With fairness rows, floors and fairness together may leave no flow; the solver's own flows then stand.
  if (!solution.values) return plan;
  const flows = model.decode(solution.values);
  return { ...plan, served: new Map([...plan.served, ...flows.served]), load: new Map([...plan.load, ...flows.load]) };
}

function plannedSites(problem: PlanProblem, scenario: Scenario, plan: PlanSolution, before: PlanSolution): PlannedSite[] {
  const sites: PlannedSite[] = [];
  const required = new Set(scenario.candidates.required);
  const years = periodCount(scenario);
  const last = years - 1;
  for (const type of problem.types) {
    const opened = plan.opened.get(type.type)!;
    const load = plan.load.get(type.type)![last];
    const servedBefore = before.served.get(type.type)![last];
    const weights = type.weightsByPeriod[last];
    for (let j = type.existingCount; j < type.siteCount; j++) {
      const total = plan.counts.get(type.type)![j];
      if (total === 0) continue;
      const candidate = type.candidates[j - type.existingCount];
      let newlyReached = 0;
      for (let i = 0; i < weights.length; i++) {
        for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
          if (type.pairSite[k] === j && type.pairDistance[k] <= type.radius) newlyReached += weights[i] - servedBefore[i];
        }
      }
      // One entry per year the site opens in (container cells may grow over several years).
      for (let t = 0; t < years; t++) {
        const count = opened[j * years + t];
        if (count === 0) continue;
        sites.push({
          id: candidate.id,
          type: type.type,
          candidateIndex: j - type.existingCount,
          lon: candidate.lon,
          lat: candidate.lat,
          district: candidate.district,
          count,
          cost: count * type.cost[j],
          capacity: count * type.capacity[j],
          served: (load[j] * count) / total,
          newlyReached: (newlyReached * count) / total,
          required: required.has(candidate.id),
          addedByPlanner: candidate.addedByPlanner,
          period: t,
        });
      }
    }
  }
  return sites;
}

/**
 * When the solver proves there is no plan: a target share or a district's
 * minimum share that no plan within the budget can reach is the usual cause.
 * For fairness, each type and district is asked alone: the best share it can
 * reach within the budget, against the share required.
 */
async function explainInfeasible(problem: PlanProblem, scenario: Scenario, solver: MipSolver): Promise<Reason[]> {
  const reasons: Reason[] = [];
  if (scenario.objective === 'minCost') {
    for (const type of problem.types) {
      let reachable = 0;
      for (let i = 0; i < type.weights.length; i++) {
        for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
          const j = type.pairSite[k];
          if (j < type.existingCount || type.maxCount[j] > 0) {
            reachable += type.weights[i];
            break;
          }
        }
      }
      const best = reachable / Math.max(type.total, 1e-9);
      if (best < scenario.targetShare) reasons.push({ key: 'targetUnreachable', type: type.type, best, target: scenario.targetShare });
    }
  }
  if (scenario.fairness.enabled && reasons.length === 0) reasons.push(...(await shortDistricts(problem, scenario, solver)));
  return reasons.length > 0 ? reasons : [{ key: 'solverProved' }];
}

/** For every type and district: the most it can have covered within the budget, year by year, where it falls short. */
async function shortDistricts(problem: PlanProblem, scenario: Scenario, solver: MipSolver): Promise<Reason[]> {
  const reasons: Reason[] = [];
  const years = periodCount(scenario);
  for (const type of problem.types) {
    for (let district = 0; district < type.districtIds.length; district++) {
      const required = districtShare(scenario, type, district);
      for (let t = 0; t < years; t++) {
        // Only this district's demand in year t counts, so the optimum is the most it can have then.
        const weightsByPeriod = type.weightsByPeriod.map((weights, s) => Float64Array.from(weights, (w, i) => (s === t && type.district[i] === district ? w : 0)));
        const demand = weightsByPeriod[t].reduce((a, b) => a + b, 0);
        if (demand === 0) break;
        const only: TypeProblem = { ...type, weightsByPeriod, totalByPeriod: weightsByPeriod.map(() => demand) };
        const model = buildPlanModel({ ...problem, types: [only] }, { ...scenario, objective: 'maxCoverage' }, { withoutFairness: true });
        if ('reasons' in model) break;
        const solution = await solver.solve(model.mip, { timeLimit: 10, relativeGap: 0 });
        // The objective is the covered share in percentage points; a bound is an honest "at most" too.
        const most = solution.status === 'optimal' ? solution.objective : solution.bound;
        if (most === null) break;
        const best = Math.min(1, most / 100);
        if (best < required - 1e-6) {
          reasons.push({ key: 'districtShort', type: type.type, district, best, required, period: t });
          break;
        }
      }
    }
  }
  return reasons;
}
