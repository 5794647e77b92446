import { DEMAND_UNIT_EN, demandUnit, typeLabel, typeSpecs } from '../plan/presets';
import { scenarioCity } from '../plan/housing';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityData, CityFiles } from '../plan/city';
import type { Scenario } from '../plan/scenario';
import { generateCandidates } from '../plan/candidates';
import { solvePlan, type PlanOptions, type PlanResult } from '../plan/solvePlan';
import { budgetCurve, type BudgetCurve, type CurveTarget } from '../plan/curve';
import type { SolveReport } from '../engine/solve';
import { safeBound, tighter } from '../engine/planner/solve';
import { nodeSolver } from '../solvers/node';
import { threadParts } from './parts';
import { partFiles, writeModel, type ModelFiles } from './modelFiles';
import { SolveLog } from '../plan/solveLog';
import { partTitle, solveHeading } from '../plan/modelExport';
import { relativeGap, type MipProgress } from '../engine/mip/solver';
import { streetGraphOf } from '../io/osm/graph';
import { InputError } from '../engine/instance/errors';
import { cityRef } from '../plan/scenario';
import { MANIFEST, readCityPackage, readPackageStreets, type PackageSource } from '../io/city/package';
import { parseManifest } from '../io/city/manifest';
import type { CityManifest } from '../io/city/types';
import { normaliseLayers, type PackageLayers } from '../io/city/layers';
import { hostedCities } from '../io/city/hosted';
import { feedDayOf, readFeed } from '../io/transitFeed';
import { PACKAGE_FEED } from '../plan/transit';

const HOSTED = new URL('../../public/data/', import.meta.url);
const DEMO = new URL('almaty/', HOSTED);

/** A package folder on disk, read as the app reads one it hosts. */
export function folderSource(folder: string): PackageSource {
  return async (name) => {
    try {
      return new Uint8Array(await readFile(resolve(folder, name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new InputError('', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, resolve(folder, name));
    }
  };
}

/** A city package folder with its streets, as the planner reads it: layers checked, the walking graph built. */
export async function packageCityFiles(folder: string): Promise<CityFiles> {
  const source = folderSource(folder);
  const { manifest, files } = await readCityPackage(source, folder);
  return { ...files, streets: await readPackageStreets(source, manifest) };
}

/**
 * The city a scenario names: the demo or a hosted package by id (from
 * public/data, as the app serves them), or a package folder relative to the
 * scenario file. Bad packages throw InputError or PackageProblems.
 */
export async function scenarioCityFiles(scenario: Scenario, scenarioFile?: string): Promise<CityFiles> {
  const folder = await packageFolder(scenario, scenarioFile);
  const files = await packageCityFiles(folder);
  const gtfs = scenario.transit?.gtfs;
  return gtfs === undefined ? files : { ...files, transitFeed: feedDayOf(await scenarioFeed(gtfs, folder, scenarioFile), scenario.transit!) };
}

/**
 * The scenario's GTFS feed: a .zip relative to the scenario file, or the package's `transit` layer
 * ("layer:transit"). A feed that cannot be read is an InputError naming it (or a GtfsError: its file, line and field).
 */
async function scenarioFeed(gtfs: string, folder: string, scenarioFile?: string) {
  let path: string;
  if (gtfs === PACKAGE_FEED) {
    const manifest = parseManifest(JSON.parse(await readFile(resolve(folder, MANIFEST), 'utf8')));
    if (manifest.layers.transit === undefined) throw new InputError('transit.gtfs', `the city's package (${folder}) has no transit layer`);
    path = resolve(folder, manifest.layers.transit);
  } else {
    if (scenarioFile === undefined) throw new InputError('transit.gtfs', `${JSON.stringify(gtfs)} is relative to the scenario file, and there is no file here`);
    path = resolve(dirname(scenarioFile), gtfs);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new InputError('transit.gtfs', `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return readFeed(bytes, basename(path));
}

/** The name and credits of the city a scenario names, from its package's manifest (the documents of --report show them). */
export async function scenarioCityAbout(scenario: Scenario, scenarioFile?: string): Promise<Pick<CityManifest, 'name' | 'attribution'>> {
  const manifest = parseManifest(JSON.parse(await readFile(resolve(await packageFolder(scenario, scenarioFile), MANIFEST), 'utf8')));
  return { name: manifest.name, attribution: manifest.attribution };
}

/** The folder of the package a scenario's city is in; a city that is none is an InputError. */
async function packageFolder(scenario: Scenario, scenarioFile?: string): Promise<string> {
  const ref = cityRef(scenario.data);
  if (ref === null) throw new InputError('data', `${JSON.stringify(scenario.data)} is not a city`);
  if (ref.kind === 'path') {
    if (scenarioFile === undefined) throw new InputError('data', `${JSON.stringify(scenario.data)} is a folder relative to the scenario file, and there is no file here`);
    return resolve(dirname(scenarioFile), ref.path);
  }
  const hosted = await hostedCities((name) => folderSource(fileURLToPath(HOSTED))(name));
  if (!hosted.includes(ref.id)) {
    throw new InputError('data', `${JSON.stringify(scenario.data)}: no such city among the hosted ones (public/data/cities.json lists ${hosted.map((id) => `"city:${id}"`).join(', ')}); give the package folder relative to the scenario file instead, such as "./"`);
  }
  return fileURLToPath(new URL(`${ref.id}/`, HOSTED));
}

/** The demo city as the app serves it, read from the repository: its package's layers, checked as every package is, and its street network (built as the app's worker builds it). */
export function demoCityFiles(): CityFiles {
  const read = (name: string) => readFileSync(new URL(name, DEMO));
  const manifest = parseManifest(JSON.parse(read(MANIFEST).toString('utf8')));
  const layers = Object.fromEntries(Object.entries(manifest.layers).filter(([layer, name]) => layer !== 'streets' && layer !== 'transit' && name !== undefined).map(([layer, name]) => [layer, JSON.parse(read(name!).toString('utf8'))]));
  return { ...normaliseLayers(layers as unknown as PackageLayers, manifest.layers), streets: streetGraphOf(manifest.layers.streets!, read(manifest.layers.streets!)) };
}

export interface ScenarioReport extends SolveReport {
  /**
   * The opened sites, by candidate id, with how many facilities each holds and
   * the people within its norm who have no existing facility of the type
   * within the norm (reachedFirst, rounded: why this site among equals).
   */
  readonly sites: { id: string; type: string; count: number; reachedFirst: number }[];
  readonly coveredShare: number | null;
  readonly totalCost: number | null;
  /** Each type by its id and English label: its demand (in `unit`), how much the plan covers, its new sites and their cost. */
  readonly types?: { id: string; label: string; unit: string; demand: number; covered: number; share: number; coveredBefore: number; newSites: number; cost: number }[];
  /** Residents reaching every essential type, after the plan and before it (src/plan/everyService.ts). */
  readonly everyService?: { essential: string[]; residents: number; reached: number; reachedBefore: number };
  /** Types reached on foot or by public transport: the city's shares of their demand within the norm on foot, by transit and by either, [before, after] (cell centres, capacity not counted). */
  readonly transit?: { type: string; walk: number[]; transit: number[]; either: number[] }[];
  /** The plan in full and the city it was made on, for the documents of --report (never in --json). */
  readonly full?: { readonly result: PlanResult; readonly city: CityData };
}

/**
 * A scenario file from the app, solved exactly as the app solves it. `open`
 * lists positions in the scenario's candidate list (all types, in the app's
 * order), so the contract of the instance solver holds for scenarios too.
 */
export async function solveScenario(
  scenario: Scenario,
  solverName: 'highs' | 'glpk',
  timeLimit: number,
  gap: number,
  cityFiles?: CityFiles,
  onModel?: PlanOptions['onModel'],
  onProgress?: PlanOptions['onProgress'],
  more: ScenarioRun = {},
): Promise<ScenarioReport> {
  const city = scenarioCity(cityFiles ?? (await scenarioCityFiles(scenario)), scenario);
  const candidates = generateCandidates(city, scenario);
  const position = new Map(candidates.map((candidate, k) => [candidate.id, k]));
  const onUpdate = more.onUpdate;
  const result = await solvePlan(city, { ...scenario, timeLimit, gap, solver: solverName }, nodeSolver(solverName), {
    candidates,
    runPart: threadParts(solverName, more.partGrace, more.runAllParts ? Infinity : undefined),
    runAllParts: more.runAllParts,
    onModel,
    onProgress,
    deadline: more.deadline,
    ...(more.equalsSeconds !== undefined && { equalsSeconds: more.equalsSeconds }),
    brief: true,
    cpuTime: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    onUpdate: onUpdate && ((plan) => onUpdate(() => scenarioReport(scenario, solverName, plan(), position, city))),
  });
  return scenarioReport(scenario, solverName, result, position, city);
}

/** How the command line runs a scenario (see answerScenario). */
export interface ScenarioRun {
  /** When the answer is due (Date.now() milliseconds). */
  readonly deadline?: number;
  /**
   * Every part in a worker thread, however small, so that this thread stays free, and all at once:
   * a part left waiting for a thread would answer at the deadline with its first plan's bound only
   * (on the 250 m demo the container part's bound is the tight one, from its thread's Lagrangian).
   */
  readonly runAllParts?: boolean;
  /** Seconds a part's thread may take after its limit before it is stopped and answered for (src/engine/planner/parts.ts). */
  readonly partGrace?: number;
  /** PlannerOptions.equalsSeconds. */
  readonly equalsSeconds?: number;
  /** Every better plan, its report built on demand. */
  readonly onUpdate?: (report: () => ScenarioReport) => void;
}

/** Seconds the command line waits for the engine after the answer was due, before it answers with the best plan reported. */
const LAST_RESORT = 0.4;

/**
 * The command line's scenario solve, due at `deadline` (Date.now()
 * milliseconds: the time limit from the command's launch). It runs in this
 * thread and every part in a worker thread, so this thread stays free: the
 * parts are stopped shortly before the deadline and answered for with the
 * best plan and bound they reported (src/engine/planner/parts.ts); should the
 * engine still not have answered LAST_RESORT seconds after the deadline, the
 * answer is the best plan reported so far (at least the greedy's), with the
 * tightest bound reported, status `timeout`. Writes the model files and the
 * log asked for.
 */
export async function answerScenario(scenario: Scenario, solverName: 'highs' | 'glpk', timeLimit: number, gap: number, cityFiles: CityFiles | undefined, write: ModelFiles | undefined, deadline: number): Promise<ScenarioReport> {
  const log = write?.log !== undefined ? new SolveLog(scenario.name, solverName, solveHeading({ ...scenario, timeLimit, gap })) : null;
  let latest: (() => ScenarioReport) | null = null;
  let bound: number | null = null;
  const tighten = (next: number | null | undefined) => {
    if (next != null && Number.isFinite(next)) bound = tighter(scenario.objective, bound, next);
  };
  const onModel: PlanOptions['onModel'] =
    write &&
    ((mip, part, parts) => {
      log?.model(mip, part, parts);
      writeModel(mip, parts > 1 ? partFiles(write, part) : write, partTitle(scenario.name, solverName, part, parts));
    });
  const onProgress = (progress: MipProgress) => {
    log?.progress(progress);
    tighten(progress.bound);
  };
  const solving = solveScenario(scenario, solverName, timeLimit, gap, cityFiles, onModel, onProgress, {
    // The parts stop this much earlier: their threads get a moment to answer, and the sites and KPIs follow.
    deadline: deadline - PART_GRACE * 1000 - 100,
    runAllParts: true,
    partGrace: PART_GRACE,
    onUpdate: (report) => (latest = report),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lastResort = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(deadline - Date.now(), 0) + LAST_RESORT * 1000)));
  const report = (await Promise.race([solving, lastResort])) ?? fromLatest(latest, bound, scenario, solverName);
  clearTimeout(timer);
  if (log && write?.log) {
    log.finish(report);
    writeFileSync(write.log, log.text());
  }
  return report;
}

/** Seconds a part's thread may run past its limit before it is stopped. */
const PART_GRACE = 0.2;

function fromLatest(latest: (() => ScenarioReport) | null, bound: number | null, scenario: Scenario, solver: 'highs' | 'glpk'): ScenarioReport {
  const message = 'the solver had not answered at the time limit and was stopped; this is the best plan it had reported';
  const report = latest?.();
  if (!report || report.objective === null) {
    return { name: scenario.name, status: 'timeout', objective: null, bound: null, gap: null, open: [], seconds: 0, solver, message, sites: [], coveredShare: null, totalCost: null };
  }
  const best = tighter(scenario.objective, bound, report.bound);
  const safe = best === null ? null : safeBound(scenario.objective, best, report.objective);
  return { ...report, status: 'timeout', bound: safe, gap: relativeGap(report.objective, safe), message };
}

function scenarioReport(scenario: Scenario, solverName: 'highs' | 'glpk', result: PlanResult, position: Map<string, number>, city?: CityData): ScenarioReport {
  return {
    ...(city && { full: { result, city } }),
    name: scenario.name,
    status: result.status,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    open: result.sites.map((site) => position.get(site.id)!).sort((a, b) => a - b),
    seconds: result.seconds,
    solver: solverName,
    reasons: result.reasons.length > 0 ? result.reasons.map((reason) => JSON.stringify(reason)) : undefined,
    message: result.message,
    sites: result.sites.map((site) => ({ id: site.id, type: site.type, count: site.count, reachedFirst: Math.round(site.reachedFirst) })),
    coveredShare: result.kpis?.coveredShare ?? null,
    totalCost: result.kpis?.totalCost ?? null,
    ...(result.kpis && { types: typeLines(scenario, result.kpis) }),
    ...(result.kpis?.everyService && {
      everyService: (({ essential, residents, reached, reachedBefore }) => ({ essential, residents, reached, reachedBefore }))(result.kpis.everyService),
    }),
    ...(result.transit && { transit: result.transit.map(({ type, city }) => ({ type, walk: [...city.walk], transit: [...city.transit], either: [...city.either] })) }),
  };
}

function typeLines(scenario: Scenario, kpis: NonNullable<PlanResult['kpis']>): NonNullable<ScenarioReport['types']> {
  const specs = typeSpecs(scenario.facilities);
  return kpis.types.map((type) => {
    const spec = specs.get(type.type)!;
    return { id: type.type, label: typeLabel(spec, 'en'), unit: DEMAND_UNIT_EN[demandUnit(spec.demand)], demand: type.demand, covered: type.covered, share: type.share, coveredBefore: type.coveredBefore, newSites: type.newSites, cost: type.cost };
  });
}

/**
 * A scenario's budget-coverage curve, as the app computes it, with the time
 * left until `deadline` (Date.now() milliseconds) for the whole curve rather
 * than the app's CURVE_SECONDS. The points keep no plans (the command line
 * prints budgets and coverage).
 */
export async function curveOfScenario(job: { scenario: Scenario; solver: 'highs' | 'glpk'; points: number; target: CurveTarget; deadline: number; cityFiles?: CityFiles }): Promise<BudgetCurve> {
  const city = scenarioCity(job.cityFiles ?? (await scenarioCityFiles(job.scenario)), job.scenario);
  const seconds = Math.max((job.deadline - Date.now()) / 1000, 0.5);
  const curve = await budgetCurve(city, job.scenario, nodeSolver(job.solver), { target: job.target, points: job.points, totalSeconds: seconds, runPart: threadParts(job.solver) });
  return { ...curve, points: curve.points.map((point) => ({ ...point, open: {} })) };
}
