/**
 * The planner at the resolution planners have: the Almaty demo with its
 * 500 m population cells split into 2 x 2 (250 m) and 5 x 5 (100 m) cells
 * (scripts/finerDemo.ts), solved as the command line solves it (the plan's
 * parts in worker threads). Reports the first plan's time, the answer's
 * status, gap and time, and the process's peak memory.
 * Run: npm run bench:resolution [-- --quick]
 */
import { cpus, totalmem } from 'node:os';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { threadParts } from '../src/cli/parts';
import { generateCandidates } from '../src/plan/candidates';
import { parseCity } from '../src/plan/city';
import { withImports } from '../src/plan/imported';
import { defaultScenario, type Scenario } from '../src/plan/scenario';
import { solvePlan } from '../src/plan/solvePlan';
import { nodeSolver } from '../src/solvers/node';
import { finerScenario } from './finerDemo';

const cases: { label: string; scenario: Scenario; limit: number }[] = [
  { label: '500 m (the demo)', scenario: defaultScenario(), limit: 60 },
  { label: '500 m, shared budget', scenario: { ...defaultScenario(), budgetMode: 'shared' }, limit: 30 },
  { label: '250 m', scenario: finerScenario(2), limit: 10 },
  { label: '250 m', scenario: finerScenario(2), limit: 120 },
  { label: '100 m', scenario: finerScenario(5), limit: 30 },
];
if (process.argv.includes('--long')) cases.push({ label: '100 m', scenario: finerScenario(5), limit: 300 });

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const rows: string[] = [];
for (const { label, scenario, limit } of cases) {
  peak = 0;
  const started = performance.now();
  const city = parseCity(withImports(demoCityFiles(), scenario.imported));
  const candidates = generateCandidates(city, scenario);
  let first: number | null = null;
  const result = await solvePlan(city, { ...scenario, timeLimit: limit, gap: 0 }, nodeSolver('highs'), {
    candidates,
    runPart: threadParts('highs'),
    onPlan: () => (first ??= (performance.now() - started) / 1000),
  });
  const total = (performance.now() - started) / 1000;
  const gap = result.gap === null ? '-' : `${(result.gap * 100).toFixed(3)}%`;
  rows.push(`| ${city.demand.count.toLocaleString('en-US')} (${label}) | ${limit} s | ${result.status}, gap ${gap}, objective ${result.objective?.toFixed(4) ?? '-'} | ${first?.toFixed(2) ?? '-'} s | ${total.toFixed(1)} s | ${(peak / 2 ** 20).toFixed(0)} MB |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}
clearInterval(sampler);
console.log(`Planner at finer resolution (${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; time from the city's data to the answer, parts in worker threads; peak memory of the main thread's process, threads included):\n`);
console.log('| demand points | limit | result | first plan | answer | peak memory |');
console.log('|---|---:|---|---:|---:|---:|');
for (const row of rows) console.log(row);
process.exit(0);
