import { transitAccess, type TransitAccess } from './transitAccess';
import type { MipProgress, MipSolver, SolveStatus, SolverName } from '../engine/mip/solver';
import type { PlannerPlan, PlannerReason } from '../engine/planner/instance';
import { forEachPiece } from '../engine/planner/rows';
import { solvePlanner, type PartRunner, type PlannerOptions } from '../engine/planner/solve';
import type { CityData } from './city';
import { existingOf, generateCandidates, type Candidate } from './candidates';
import { computeKpis, type PlanKpis } from './kpis';
import { buildPlanProblem, plannerInstance, type PlanProblem } from './problem';
import { typeSpecs } from './presets';
import { periodCount, type FacilityType, type Routing, type Scenario } from './scenario';
import { serviceAreas, type ServiceArea } from './serviceArea';
import { offStreet, offStreetRules } from './streets';
import type { StreetSource } from '../engine/streets/graph';

/** How access was measured, for the planner to read beside the plan. */
export interface AccessInfo {
  readonly routing: Routing;
  /** The street network used (null: the city has none, or straight routing): minutes are along streets exactly when it is set. */
  readonly source: StreetSource | null;
  /** Types measured along streets (walking norms under streets routing). */
  readonly alongStreets: FacilityType[];
  /** Demand points farther than the connector limit from every street, measured by the straight line, and their residents. */
  readonly offStreetPoints: number[];
  readonly offStreetResidents: number;
  readonly residents: number;
}

/** Service areas are drawn for at most this many new sites of a type (container sites may be hundreds). */
const SERVICE_AREA_SITES = 300;

/** A new facility the plan opens, or an existing one it extends, with what a planner asks about it. */
export interface PlannedSite {
  readonly id: string;
  readonly type: FacilityType;
  /** A new site, or an extension of an existing facility (an annex, added capacity). */
  readonly kind: 'new' | 'extension';
  /** An extension: the index of the existing facility it extends (in existingOf(city, type)). */
  readonly extends?: number;
  /** An extension: the extended facility's id and name in the city's data (the name may be empty). */
  readonly extendsId?: string;
  readonly extendsName?: string;
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
  /**
   * People within its norm who have no existing facility of the type within
   * the norm: the plan reaches them first (why this site among equally good
   * ones; see docs/FORMAT.md, "One plan among equals").
   */
  readonly reachedFirst: number;
  readonly required: boolean;
  readonly addedByPlanner: boolean;
  /** The name the planner gave the site (a land plot's), where it has one. */
  readonly name?: string;
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
  readonly access?: AccessInfo;
  /** Per new site id, of types measured along streets: the demand it reaches within the norm and the streets walked. */
  readonly serviceAreas?: Record<string, Pick<ServiceArea, 'cells' | 'streets'>>;
  /** Types reached on foot or by transit: the shares by mode and each cell's transit minutes (src/plan/transitAccess.ts). */
  readonly transit?: TransitAccess[];
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
  /**
   * Called with a quick first plan (status `feasible`) before the solver
   * starts, where the scenario has one, and again with every better plan the
   * solver finds (at most about once a second per part).
   */
  readonly onPlan?: (result: PlanResult) => void;
  /** Solves the engine's independent parts, for example in parallel workers (see src/engine/planner/solve.ts). */
  readonly runPart?: PartRunner;
  /** The export: each independent part's integer program, with names, as it goes to the solver (see src/engine/planner/solve.ts). */
  readonly onModel?: PlannerOptions['onModel'];
  /**
   * When the answer is due, as a wall-clock time (Date.now() milliseconds),
   * where the caller's clock started before this call (the command line
   * counts from the process's start): the engine stops early enough for the
   * sites and KPIs to follow.
   */
  readonly deadline?: number;
  /**
   * The command line's answer, due at its time limit: sites, coverage and cost, without service
   * areas and walking distances (along streets they take seconds on a fine grid).
   */
  readonly brief?: boolean;
  /** PlannerOptions.equalsSeconds. */
  readonly equalsSeconds?: number;
  /** Solve every independent part with `runPart`, however small (the command line: its main thread must stay free to keep the deadline). */
  readonly runAllParts?: boolean;
  /**
   * As onPlan, but the result is built only if asked for (its sites and KPIs
   * take a moment on a fine grid): for a caller that needs only the last one,
   * and only if the solve is cut short.
   */
  readonly onUpdate?: (result: () => PlanResult) => void;
  /**
   * This thread's CPU time in milliseconds (the command line's process.cpuUsage), where the platform has it:
   * on a busy machine the thread gets a share of a core, measured while candidates and pairs are made, and
   * the time kept after the engine for the sites and KPIs grows by it, so the answer stays due when it is.
   */
  readonly cpuTime?: () => number;
}

/** Thrown when a fixed plan names candidates the scenario does not have (a damaged or mismatched link). */
export class PlanMismatch extends Error {}

/** Why a plan cannot exist, as a message key and its values, for the app's catalogue to phrase. */
export type Reason = DistributiveReplace<PlannerReason>;
type DistributiveReplace<T> = T extends { type: number } ? Omit<T, 'type'> & { readonly type: FacilityType } : T;

/**
 * Scenario -> candidates -> the engine's instance -> the engine's plan ->
 * the planner's sites and KPIs. The model and its solving live in the engine
 * (src/engine/planner); this only translates.
 */
export async function solvePlan(city: CityData, scenario: Scenario, solver: MipSolver, options: PlanOptions = {}): Promise<PlanResult> {
  const started = performance.now();
  const cpuStarted = options.cpuTime?.();
  const seconds = () => (performance.now() - started) / 1000;
  const candidates = options.candidates ?? generateCandidates(city, scenario);
  const problem = buildPlanProblem(city, scenario, candidates);
  const fixedOpen = options.fixed && fixedPlan(problem, scenario, options.fixed);
  const staleCandidates = problem.unknownCandidateIds.length;
  const access = accessInfo(city, scenario, problem);
  const empty = { objective: null, bound: null, gap: null, sites: [], served: {}, servedByYear: {}, kpis: null, staleCandidates, solver: solver.name, access };
  const instance = plannerInstance(problem, scenario);
  const asPlan = (plan: PlannerPlan, before: PlannerPlan, summary: Pick<PlanResult, 'status' | 'objective' | 'bound' | 'gap'>): PlanResult => ({
    ...summary,
    solver: solver.name,
    seconds: seconds(),
    sites: plannedSites(city, problem, scenario, plan, before),
    served: Object.fromEntries(problem.types.map((type, k) => [type.type, plan.served[k][plan.served[k].length - 1]])),
    servedByYear: Object.fromEntries(problem.types.map((type, k) => [type.type, plan.served[k]])),
    kpis: computeKpis(city, scenario, problem, plan, before, !options.brief),
    reasons: [],
    staleCandidates,
    access,
    serviceAreas: options.brief ? undefined : streetServiceAreas(city, scenario, problem, plan),
    ...(problem.types.some((type) => type.access) && { transit: transitAccess(problem, plan, before) }),
  });

  const onPlan = options.onPlan;
  const result = await solvePlanner(instance, solver, {
    // The limit counts from the call: candidates and pairs are already spent, and the KPIs still to come get a moment.
    timeLimit: Math.max(scenario.timeLimit - seconds() - 0.3, 0.5),
    ...(options.deadline !== undefined && { deadline: options.deadline - afterSolve(instance, options.brief === true) * slowdown(performance.now() - started, cpuStarted, options.cpuTime) }),
    relativeGap: scenario.gap,
    fixedOpen,
    onProgress: options.onProgress,
    runPart: options.runPart,
    runAllParts: options.runAllParts,
    ...(options.equalsSeconds !== undefined && { equalsSeconds: options.equalsSeconds }),
    onModel: options.onModel,
    // Plans go to the screen as they improve while the solver works (the first is the greedy's).
    onPlan: (onPlan || options.onUpdate) && ((update) => {
      const result = () => asPlan(update.plan, update.before, { status: 'feasible', objective: update.objective, bound: update.bound, gap: null });
      options.onUpdate?.(result);
      onPlan?.(result());
    }),
  });
  const reasons = result.reasons.map((reason): Reason => ('type' in reason ? { ...reason, type: problem.types[reason.type].type } : reason) as Reason);
  if (!result.plan || !result.before) return { ...empty, status: result.status, reasons, message: result.message, seconds: seconds() };
  return asPlan(result.plan, result.before, { status: result.status, objective: result.objective, bound: result.bound, gap: result.gap });
}

/**
 * How many times longer than its CPU time this thread's work takes on the wall clock (1 on an idle machine,
 * about 3 with two other busy processes per core), from the preparation just done; at most 10.
 */
function slowdown(wallMs: number, cpuStarted: number | undefined, cpuTime: (() => number) | undefined): number {
  if (cpuStarted === undefined || !cpuTime || wallMs < 50) return 1;
  const cpuMs = cpuTime() - cpuStarted;
  return cpuMs > 0 ? Math.min(Math.max(wallMs / cpuMs, 1), 10) : 1;
}

/**
 * Milliseconds kept after the engine for the sites and KPIs of its plan, by its pairs (the demo has
 * 1.1 million at 250 m, 6 million at 100 m); walking distances and service areas (not `brief`) take about three times as long.
 */
function afterSolve(instance: ReturnType<typeof plannerInstance>, brief: boolean): number {
  const pairs = instance.types.reduce((sum, type) => sum + type.pairSite.length, 0);
  return (150 + pairs * 1.5e-4) * (brief ? 1 : 3);
}

function accessInfo(city: CityData, scenario: Scenario, problem: PlanProblem): AccessInfo {
  const streets = scenario.routing === 'streets' && city.streets !== null;
  const off = streets ? offStreet(city, scenario.maxConnector) : { points: [], residents: 0 };
  return {
    routing: scenario.routing,
    source: streets ? city.streets!.source : null,
    alongStreets: problem.types.filter((type) => type.alongStreets).map((type) => type.type),
    offStreetPoints: off.points,
    offStreetResidents: off.residents,
    residents: city.demand.residents.reduce((a, b) => a + b, 0),
  };
}

function streetServiceAreas(city: CityData, scenario: Scenario, problem: PlanProblem, plan: PlannerPlan): PlanResult['serviceAreas'] {
  const areas: NonNullable<PlanResult['serviceAreas']> = {};
  const rules = offStreetRules(scenario);
  for (const [k, type] of problem.types.entries()) {
    if (!type.alongStreets) continue;
    const open: number[] = [];
    for (let j = type.existingCount; j < type.siteCount; j++) if (plan.counts[k][j] > 0) open.push(j);
    if (open.length > SERVICE_AREA_SITES) continue;
    for (const [j, area] of serviceAreas(city, type, open, rules)) areas[type.candidates[j - type.existingCount].id] = { cells: area.cells, streets: area.streets };
  }
  return areas;
}

/** A plan's sites as fixed opening counts per site and year; a plan that does not fit its scenario is refused. */
function fixedPlan(problem: PlanProblem, scenario: Scenario, fixed: NonNullable<PlanOptions['fixed']>): Int32Array[] {
  const years = periodCount(scenario);
  for (const type of Object.keys(fixed)) {
    if (!problem.types.some((t) => t.type === type)) throw new PlanMismatch(`the plan opens ${type} sites, but the scenario has that type switched off`);
  }
  return problem.types.map((type) => {
    const opened = new Int32Array(type.siteCount * years);
    for (const [index, count, year = 0] of fixed[type.type] ?? []) {
      if (index >= type.candidates.length) throw new PlanMismatch(`the plan names ${type.type} candidate ${index}, but there are only ${type.candidates.length}`);
      if (year >= years) throw new PlanMismatch(`the plan opens a ${type.type} site in year ${year + 1} of a ${years}-year plan`);
      opened[(type.existingCount + index) * years + year] += count;
    }
    return opened;
  });
}

function plannedSites(city: CityData, problem: PlanProblem, scenario: Scenario, plan: PlannerPlan, before: PlannerPlan): PlannedSite[] {
  const sites: PlannedSite[] = [];
  const required = new Set(scenario.candidates.required);
  const years = periodCount(scenario);
  const specs = typeSpecs(scenario.facilities);
  const last = years - 1;
  for (const [k, type] of problem.types.entries()) {
    const opened = plan.opened[k];
    const load = plan.load[k][last];
    const servedBefore = before.served[k][last];
    const weights = type.weightsByPeriod[last];
    // People within each opened site's norm whom no existing facility served: one pass over the pairs
    // (a pass per site took seconds at 100 m, on the way to the screen).
    const reached = new Float64Array(type.siteCount);
    const first = new Float64Array(type.siteCount);
    for (let i = 0; i < weights.length; i++) {
      // A cell split into pieces counts each piece for the sites that reach it (src/plan/cells.ts).
      if (type.pieces && type.pieces.start[i] < type.pieces.start[i + 1]) {
        const unserved = weights[i] - servedBefore[i];
        forEachPiece(type, i, (share, pieceSites) => {
          const today = pieceSites.some((j) => j < type.existingCount);
          pieceSites.forEach((j) => {
            if (plan.counts[k][j] === 0) return;
            reached[j] += unserved * share;
            if (!today) first[j] += weights[i] * share;
          });
        });
        continue;
      }
      let today = false;
      for (let p = type.pairStart[i]; p < type.pairStart[i + 1] && !today; p++) today = type.pairSite[p] < type.existingCount && type.pairDistance[p] <= type.radius;
      for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) {
        const j = type.pairSite[p];
        if (plan.counts[k][j] > 0 && type.pairDistance[p] <= type.radius) {
          reached[j] += weights[i] - servedBefore[i];
          if (!today) first[j] += weights[i];
        }
      }
    }
    for (let j = type.existingCount; j < type.siteCount; j++) {
      const total = plan.counts[k][j];
      if (total === 0) continue;
      const candidate = type.candidates[j - type.existingCount];
      const newlyReached = reached[j];
      const extended = candidate.extends === undefined ? null : existingOf(city, specs.get(type.type)!);
      const kind = extended
        ? { kind: 'extension' as const, extends: candidate.extends, extendsId: extended.ids[candidate.extends!] ?? '', extendsName: extended.names[candidate.extends!] ?? '' }
        : { kind: 'new' as const };
      // One entry per year the site opens in (container cells may grow over several years).
      for (let t = 0; t < years; t++) {
        const count = opened[j * years + t];
        if (count === 0) continue;
        sites.push({
          id: candidate.id,
          type: type.type,
          ...kind,
          candidateIndex: j - type.existingCount,
          lon: candidate.lon,
          lat: candidate.lat,
          district: candidate.district,
          count,
          cost: count * type.cost[j],
          capacity: count * type.capacity[j],
          served: (load[j] * count) / total,
          newlyReached: (newlyReached * count) / total,
          reachedFirst: (first[j] * count) / total,
          required: required.has(candidate.id),
          addedByPlanner: candidate.addedByPlanner,
          ...(candidate.name !== undefined && { name: candidate.name }),
          period: t,
        });
      }
    }
  }
  return sites;
}
