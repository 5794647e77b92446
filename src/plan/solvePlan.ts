import { relativeGap, type MipProgress, type MipSolver, type SolveStatus, type SolverName } from '../engine/mip/solver';
import type { CityData } from './city';
import { generateCandidates, type Candidate } from './candidates';
import { computeKpis, type PlanKpis } from './kpis';
import { buildPlanModel, type PlanModel, type PlanSolution, type Reason } from './planModel';
import { buildPlanProblem, type PlanProblem } from './problem';
import type { FacilityType, Scenario } from './scenario';

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
}

export interface PlanResult {
  readonly status: SolveStatus;
  readonly solver: SolverName;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly sites: PlannedSite[];
  /** Per type, people served at each demand point (for the map). */
  readonly served: Partial<Record<FacilityType, Float64Array>>;
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
   * A plan to evaluate rather than find: per type, [candidate index, count]
   * pairs (from a share link or a saved scenario). The model is then only the
   * flows, and the result reports what the plan achieves.
   */
  readonly fixed?: Partial<Record<FacilityType, readonly (readonly [number, number])[]>>;
}

/** Thrown when a fixed plan names candidates the scenario does not have (a damaged or mismatched link). */
export class PlanMismatch extends Error {}

/** Scenario -> candidates -> problem -> MIP -> solver -> plan with KPIs, all pure and in one place. */
export async function solvePlan(city: CityData, scenario: Scenario, solver: MipSolver, options: PlanOptions = {}): Promise<PlanResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const candidates = options.candidates ?? generateCandidates(city, scenario);
  const problem = options.fixed ? fixPlan(buildPlanProblem(city, scenario, candidates), options.fixed) : buildPlanProblem(city, scenario, candidates);
  const staleCandidates = problem.unknownCandidateIds.length;
  const empty = { objective: null, bound: null, gap: null, sites: [], served: {}, kpis: null, staleCandidates, solver: solver.name };

  const parts = independentParts(problem, scenario);
  const models = parts.map((part) => buildPlanModel(part, scenario));
  const refused = models.flatMap((model) => ('reasons' in model ? model.reasons : []));
  if (refused.length > 0) return { ...empty, status: 'infeasible', reasons: refused, seconds: seconds() };

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
      const reasons = solution.status === 'infeasible' ? explainInfeasible(problem, scenario) : [];
      return { ...empty, status: solution.status, reasons, message: solution.message, seconds: seconds() };
    }
    solutions.push(model.decode(solution.values));
    objective += solution.objective!;
    bound = bound === null || solution.bound === null ? null : bound + solution.bound;
    proven &&= solution.status === 'optimal';
  }
  const before = mergeSolutions(await Promise.all(parts.map((part) => baseline(part, scenario, solver))));
  const plan = await canonicalFlows(problem, scenario, solver, mergeSolutions(solutions), before);
  const gap = relativeGap(objective, bound);
  const status: SolveStatus = proven || (gap !== null && gap <= scenario.gap + 1e-9) ? 'optimal' : 'timeout';
  return {
    status,
    solver: solver.name,
    objective,
    bound,
    gap,
    seconds: seconds(),
    sites: plannedSites(problem, scenario, plan, before),
    served: Object.fromEntries(plan.served),
    kpis: computeKpis(city, scenario, problem, plan, before),
    reasons: [],
    staleCandidates,
  };
}

function fixPlan(problem: PlanProblem, fixed: NonNullable<PlanOptions['fixed']>): PlanProblem {
  for (const type of Object.keys(fixed)) {
    if (!problem.types.some((t) => t.type === type)) throw new PlanMismatch(`the plan opens ${type} sites, but the scenario has that type switched off`);
  }
  return {
    ...problem,
    types: problem.types.map((type) => {
      const counts = new Int32Array(type.siteCount);
      for (const [index, count] of fixed[type.type] ?? []) {
        if (index >= type.candidates.length) throw new PlanMismatch(`the plan names ${type.type} candidate ${index}, but there are only ${type.candidates.length}`);
        counts[type.existingCount + index] = count;
      }
      return { ...type, minCount: counts, maxCount: counts };
    }),
  };
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
  return { counts: merge((s) => s.counts), served: merge((s) => s.served), load: merge((s) => s.load) };
}

/** What existing facilities serve alone: the same model with every candidate closed (a small LP). */
async function baseline(problem: PlanProblem, scenario: Scenario, solver: MipSolver): Promise<PlanSolution> {
  const closed: PlanProblem = {
    ...problem,
    types: problem.types.map((type) => ({ ...type, minCount: new Int32Array(type.siteCount), maxCount: new Int32Array(type.siteCount) })),
  };
  const model = buildPlanModel(closed, { ...scenario, objective: scenario.objective === 'minCost' ? 'maxCoverage' : scenario.objective });
  if ('reasons' in model) throw new Error(`the existing facilities alone give no model: ${model.reasons.join('; ')}`);
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
  const fixed: PlanProblem = {
    ...problem,
    types: capacitated.map((type) => {
      const counts = plan.counts.get(type.type)!;
      return { ...type, minCount: counts, maxCount: counts };
    }),
  };
  const model = buildPlanModel(fixed, { ...scenario, objective: 'maxCoverage', budgetMode: 'perType' }, { minServed: before.served });
  if ('reasons' in model) return plan;
  const solution = await solver.solve(model.mip, { timeLimit: 30, relativeGap: 0 });
  if (!solution.values) return plan;
  const flows = model.decode(solution.values);
  return {
    counts: plan.counts,
    served: new Map([...plan.served, ...flows.served]),
    load: new Map([...plan.load, ...flows.load]),
  };
}

function plannedSites(problem: PlanProblem, scenario: Scenario, plan: PlanSolution, before: PlanSolution): PlannedSite[] {
  const sites: PlannedSite[] = [];
  const required = new Set(scenario.candidates.required);
  for (const type of problem.types) {
    const counts = plan.counts.get(type.type)!;
    const load = plan.load.get(type.type)!;
    const servedBefore = before.served.get(type.type)!;
    for (let j = type.existingCount; j < type.siteCount; j++) {
      if (counts[j] === 0) continue;
      const candidate = type.candidates[j - type.existingCount];
      let newlyReached = 0;
      for (let i = 0; i < type.weights.length; i++) {
        for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
          if (type.pairSite[k] === j && type.pairDistance[k] <= type.radius) newlyReached += type.weights[i] - servedBefore[i];
        }
      }
      sites.push({
        id: candidate.id,
        type: type.type,
        candidateIndex: j - type.existingCount,
        lon: candidate.lon,
        lat: candidate.lat,
        district: candidate.district,
        count: counts[j],
        cost: counts[j] * type.cost[j],
        capacity: counts[j] * type.capacity[j],
        served: load[j],
        newlyReached,
        required: required.has(candidate.id),
        addedByPlanner: candidate.addedByPlanner,
      });
    }
  }
  return sites;
}

/** When the solver proves there is no plan: a target share no candidate set can reach is the usual cause. */
function explainInfeasible(problem: PlanProblem, scenario: Scenario): Reason[] {
  if (scenario.objective !== 'minCost') return [{ key: 'solverProved' }];
  const reasons: Reason[] = [];
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
  return reasons.length > 0 ? reasons : [{ key: 'solverProved' }];
}
