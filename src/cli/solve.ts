import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../engine/instance/errors';
import { parseInstanceText } from '../engine/instance/parse';
import type { SolveReport } from '../engine/solve';
import { USAGE, UsageError, parseSolveArguments, type SolveArguments } from './args';
import { curveInWorker, resolveSolver, solveInWorker } from './runner';
import { launchedAt } from './launch';
import { curveEnd, type BudgetCurve } from '../plan/curve';
import { parseScenario } from '../plan/parseScenario';
import type { Scenario } from '../plan/scenario';
import { answerScenario, scenarioCityAbout, scenarioCityFiles, type ScenarioReport } from './scenarioJob';
import { extensionLines } from './summary';
import type { CityFiles } from '../plan/city';
import { PackageProblems } from '../io/city/layers';
import { summary } from './summary';

/** Seconds of a curve's time limit left for what follows its last solve (measured: 0.6-1.1 s past the curve's own time with two busy processes). */
const CURVE_MARGIN = 0.8;

/** Exit codes, as documented in the README. */
const EXIT = { solved: 0, internalError: 1, badInput: 2, infeasible: 3 } as const;

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseSolveArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return EXIT.badInput;
  }
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    process.stderr.write(`${args.file}: ${why}\n`);
    return EXIT.badInput;
  }
  let problem;
  try {
    problem = isScenario(text) ? parseScenarioText(text, args.file) : parseInstanceText(text, args.file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.badInput;
  }
  let cityFiles: CityFiles | undefined;
  if ('format' in problem) {
    // The scenario's city is read here, so that a bad package is a message and exit code 2, as a bad file is.
    try {
      cityFiles = await scenarioCityFiles(problem, args.file);
    } catch (error) {
      if (!(error instanceof InputError || error instanceof PackageProblems)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
  }
  if (args.reports && !('format' in problem)) {
    process.stderr.write(`${args.file}: --report needs a scenario file saved by the app (format siting-scenario/1); this is a benchmark instance\n`);
    return EXIT.badInput;
  }
  for (const [flag, path] of [['--write-lp', args.writeLp], ['--write-mps', args.writeMps], ['--log', args.log], ...(args.reports ?? []).map((path) => ['--report', path] as const)] as const) {
    // A file that cannot be written is bad input, found before the solve rather than after it.
    if (path !== undefined && !existsSync(dirname(resolve(path)))) {
      process.stderr.write(`${flag}: ${path}: no such folder ${dirname(resolve(path))}\n`);
      return EXIT.badInput;
    }
  }
  if (args.curve !== undefined) {
    if (!('format' in problem)) {
      process.stderr.write(`${args.file}: --curve needs a scenario file saved by the app (format siting-scenario/1); this is a benchmark instance\n`);
      return EXIT.badInput;
    }
    if (args.curveType !== 'all' && !(args.curveType! in problem.facilities)) {
      process.stderr.write(`${args.file}: --curve-type ${args.curveType}: the scenario has no such type (it has ${Object.keys(problem.facilities).join(', ')})\n`);
      return 2;
    }
    if (args.curveType !== 'all' && !problem.facilities[args.curveType!].enabled) {
      process.stderr.write(`${args.file}: --curve-type ${args.curveType}: the scenario has ${args.curveType} switched off\n`);
      return EXIT.badInput;
    }
    // The whole curve within the limit, counted from the command's launch (as one plan's); CURVE_MARGIN is left
    // for the last point's solver to return after its limit, the thread to answer and the line to be printed.
    const seconds = (launchedAt() + args.timeLimit * 1000 - Date.now()) / 1000 - CURVE_MARGIN;
    // As for one plan, the command line's --gap (default 0: exact) replaces the scenario's.
    const result = await curveInWorker({ ...problem, gap: args.gap }, args.solver, Math.max(seconds, 0.5), args.curve, args.curveType!, cityFiles);
    if (!result.ok) {
      process.stderr.write(`the curve could not be computed: ${result.error}\n`);
      return EXIT.internalError;
    }
    process.stdout.write(`${args.json ? JSON.stringify(curveJson(result.curve)) : curveTable(problem, result.curve, result.solver, performance.now() / 1000)}\n`);
    return EXIT.solved;
  }
  const write = args.writeLp || args.writeMps || args.log ? { lp: args.writeLp, mps: args.writeMps, log: args.log } : undefined;
  // A scenario's limit counts from the command's launch (src/cli/launch.ts): starting npm, Node and tsx, reading the file and the city are inside it.
  const report =
    'format' in problem
      ? await answerScenario(problem, resolveSolver(args.solver), args.timeLimit, args.gap, cityFiles, write, launchedAt() + args.timeLimit * 1000)
      : await solveInWorker(problem, args.solver, { timeLimit: args.timeLimit, relativeGap: args.gap }, write);
  const readable = 'format' in problem ? scenarioSummary(problem, report as ScenarioReport) : summary(problem, report);
  process.stdout.write(`${args.json ? JSON.stringify(jsonFields(report)) : readable}\n`);
  if (args.reports && 'format' in problem) {
    // The documents follow the answer: the time limit is the solve's. Without a plan there is nothing to write: said, and the answer's exit code stands.
    const written = await writeReports(problem, report as ScenarioReport, args);
    if (written !== null) {
      process.stderr.write(`${written}\n`);
      if (written.startsWith(NO_PLAN)) return report.status === 'infeasible' ? EXIT.infeasible : EXIT.internalError;
      return EXIT.internalError;
    }
  }
  if (report.status === 'infeasible') return EXIT.infeasible;
  return report.status === 'error' ? EXIT.internalError : EXIT.solved;
}

const NO_PLAN = '--report: no document was written: the solve ended without a plan';

/** Writes the documents --report asks for; the message of the first that fails, or null. */
async function writeReports(scenario: Scenario, report: ScenarioReport, args: SolveArguments): Promise<string | null> {
  const full = report.full;
  if (!full?.result.kpis) return `${NO_PLAN} (${report.status})`;
  const { reportContent } = await import('../app/report/content');
  const { writeReport } = await import('./report');
  const { Words } = await import('../app/i18n/translator');
  const { longDate } = await import('../app/i18n/date');
  const { layerWords } = await import('../app/map/words');
  const { encodeShare, sharedPlanOf } = await import('../io/link/shareLink');
  const lang = args.lang ?? 'en';
  const words = new Words(lang, scenario.facilities);
  const result = full.result;
  const link = args.appUrl === undefined ? null : `${args.appUrl}#${await encodeShare({ scenario, plan: sharedPlanOf(result) })}`;
  // The city's own names and credits (the demo's credits are the catalogue's, translated).
  const about = await scenarioCityAbout(scenario, args.file).catch(() => null);
  const content = reportContent({
    words,
    city: full.city,
    cityName: about?.name[lang] || about?.name.en || scenario.data,
    ...(scenario.data !== 'demo:almaty' && about && { attribution: about.attribution }),
    scenario,
    result: { ...result, kpis: result.kpis! },
    layerWords: layerWords(scenario.data, scenario.imported),
    date: longDate(new Date(), lang),
    link,
  });
  for (const path of args.reports ?? []) {
    try {
      await writeReport(path, content, words);
    } catch (error) {
      return `--report: ${path}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return null;
}

/** The --json contract: these fields, in this order; `schedule` only for phased instances; scenarios add their sites and KPIs. */
function jsonFields(report: SolveReport | ScenarioReport) {
  const { name, status, objective, bound, gap, open, seconds, solver, schedule, reasons, message } = report;
  // A scenario with public transport adds its shares by mode (absent otherwise: older answers are unchanged).
  const extra = 'sites' in report ? { sites: report.sites, coveredShare: report.coveredShare, totalCost: report.totalCost, ...(report.transit && { transit: report.transit }) } : {};
  return { name, status, objective, bound, gap, open, seconds, solver, schedule, reasons, message, ...extra };
}

/** The --curve --json contract: these keys, in this order (docs/FORMAT.md). */
function curveJson(curve: BudgetCurve) {
  return {
    points: curve.points.map(({ budget, covered, share, bound, gap, status }) => ({ budget, covered, share, bound, gap, status })),
    saturation: curve.saturation,
    fullBudget: curve.fullBudget,
    fullBudgetBound: curve.fullBudgetBound ?? null,
    target: curve.target,
  };
}

/** The curve printed without --json: one line per point, then what its end says. */
function curveTable(scenario: Scenario, curve: BudgetCurve, solver: string, seconds: number): string {
  const bn = (tenge: number) => `${(tenge / 1e9).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} bn`;
  const pct = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(2)}%`);
  const lines = [`${scenario.name} (budget-coverage curve: ${curve.target}, ${curve.points.length} points; ${solver}, ${seconds.toFixed(1)} s)`];
  lines.push(['budget', 'covered', 'share', 'bound', 'gap', 'status'].map((title, k) => (k === 5 ? title : title.padStart(k === 0 ? 12 : 10))).join('  '));
  for (const point of curve.points) {
    const cells = [bn(point.budget).padStart(12), Math.round(point.covered).toLocaleString('en-US').padStart(10), pct(point.share).padStart(10), pct(point.bound).padStart(10), (point.gap === null ? '-' : `${(point.gap * 100).toFixed(3)}%`).padStart(10), point.status];
    lines.push(cells.join('  '));
  }
  const end = curveEnd(curve);
  if (end.saturation !== null) lines.push(`saturation ${bn(end.saturation)}: the smallest budget point reaching the maximum coverage`);
  else lines.push('saturation none: no point reached the maximum coverage');
  if (end.proven) lines.push(`full       ${bn(curve.fullBudget)}: the least cost of covering everyone who can be covered (proven)`);
  else lines.push(`full       at most ${bn(end.most)}${end.least !== null ? `, at least ${bn(end.least)}` : ''}: covering everyone who can be covered (not proven in the time given; the axis ends at ${bn(curve.fullBudget)})`);
  return lines.join('\n');
}

/** An app scenario file (format siting-scenario/1) rather than a benchmark instance. */
function isScenario(text: string): boolean {
  return /"format"\s*:\s*"siting-scenario\//.test(text.slice(0, 4096));
}

function parseScenarioText(text: string, file: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('', 'not valid JSON', file);
  }
  try {
    return parseScenario(json);
  } catch (error) {
    throw error instanceof InputError ? error.inFile(file) : error;
  }
}

function scenarioSummary(scenario: Scenario, report: ScenarioReport): string {
  const count = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 4 });
  const lines = [`${scenario.name} (scenario: ${scenario.objective}; ${report.solver}, ${report.seconds.toFixed(2)} s)`, `status     ${report.status}`];
  if (report.objective !== null) lines.push(`objective  ${count(report.objective)}${report.gap !== null ? ` (gap ${(report.gap * 100).toPrecision(3)}%)` : ''}`);
  if (report.coveredShare != null) lines.push(`covered    ${(report.coveredShare * 100).toFixed(1)}% (average over facility types)`);
  if (report.totalCost != null) lines.push(`cost       ${count(report.totalCost)} tenge`);
  for (const type of report.types ?? []) {
    const label = `${type.label} (${type.id})`;
    lines.push(`${label.padEnd(32)} covered ${(type.share * 100).toFixed(1)}% of ${count(Math.round(type.demand))} ${type.unit} (before ${((type.coveredBefore / Math.max(type.demand, 1e-9)) * 100).toFixed(1)}%); ${type.newSites} new, ${count(type.cost)} tenge`);
  }
  const every = report.everyService;
  if (every && every.essential.length > 1) {
    const labels = every.essential.map((id) => report.types?.find((type) => type.id === id)?.label ?? id);
    const share = (value: number) => `${((value / Math.max(every.residents, 1e-9)) * 100).toFixed(1)}%`;
    lines.push(`every      ${share(every.reached)} of residents reach all of ${labels.join(', ')} (before ${share(every.reachedBefore)})`);
  }
  for (const mode of report.transit ?? []) {
    const label = report.types?.find((type) => type.id === mode.type)?.label ?? mode.type;
    const pair = ([before, after]: number[]) => `${(after * 100).toFixed(1)}% (before ${(before * 100).toFixed(1)}%)`;
    lines.push(`transit    ${label}: on foot ${pair(mode.walk)}, by transit ${pair(mode.transit)}, either ${pair(mode.either)}`);
  }
  lines.push(...extensionLines(report.sites ?? []));
  for (const reason of report.reasons ?? []) lines.push(`why        ${reason}`);
  if (report.message) lines.push(`note       ${report.message}`);
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  // Exit at once: a solver thread stopped by the watchdog may take a moment to wind down, and the answer is out.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.internalError);
  },
);
