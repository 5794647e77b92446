/**
 * Every service of the 15-minute city (issue 20): the demo with six facility
 * types (its three presets, the kindergarten, and two types of a planner's
 * own: a pharmacy and a sports ground), solved as the command line solves it
 * (parts in worker threads, HiGHS):
 *
 * - at 500 m: time to the first plan and to the proof (target: under 1 s and
 *   under 10 s, in Node);
 * - at 250 m (the demo's people regridded, as bench:grids does): the gap at
 *   30 s (target: within 0.5%);
 * - "most residents reaching every essential type" (objective maxAll) on the
 *   demo: proven, or the gap at 30 s (target: within 1%).
 *
 * Times are wall seconds from the city's data (parsed, candidates generated)
 * to the answer; the first plan is the first onUpdate.
 *
 * Run: npm run bench:types [-- --quick]
 */
import { cpus } from 'node:os';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { threadParts } from '../src/cli/parts';
import { generateCandidates } from '../src/plan/candidates';
import { parseCity } from '../src/plan/city';
import { withImports } from '../src/plan/imported';
import { PRESETS, blankType } from '../src/plan/presets';
import { defaultScenario, spread, type FacilitySettings, type Objective, type Scenario } from '../src/plan/scenario';
import { solvePlan } from '../src/plan/solvePlan';
import { nodeSolver } from '../src/solvers/node';
import { shiftedGrid } from './bench-grids';

/** A pharmacy within 10 minutes on foot for every resident (uncapacitated), and a sports ground for children 6-17 within 15 minutes: a planner's own types, figures assumed. */
const PHARMACY: FacilitySettings = { ...blankType({ en: 'Pharmacy', ru: 'Аптека', kk: 'Дәріхана' }), walkMinutes: 10, unitCost: 60e6, candidateSpacing: 600, budget: 1.2e9 };
const SPORTS: FacilitySettings = {
  ...blankType({ en: 'Sports ground', ru: 'Спортплощадка', kk: 'Спорт алаңы' }),
  demand: { of: 'children' },
  capacity: 600,
  capacitated: true,
  unitCost: 150e6,
  candidateSpacing: 800,
  budget: 3e9,
};

export function sixTypes(objective: Objective = 'maxCoverage'): Scenario {
  const base = defaultScenario();
  const facilities = { ...base.facilities, kindergarten: { ...PRESETS.kindergarten.settings }, pharmacy: PHARMACY, sports_ground: SPORTS };
  const years = base.phases.yearBudgets.length;
  return {
    ...base,
    name: 'Six types',
    objective,
    facilities,
    phases: { ...base.phases, typeYearBudgets: Object.fromEntries(Object.entries(facilities).map(([id, s]) => [id, spread(s.budget, years)])) },
  };
}

interface Row {
  readonly label: string;
  readonly points: number;
  readonly limit: number;
  readonly firstPlan: number | null;
  readonly status: string;
  readonly gap: number | null;
  readonly wall: number;
}

async function run(label: string, scenario: Scenario, limit: number): Promise<Row> {
  const city = parseCity(withImports(demoCityFiles(), scenario.imported));
  const started = performance.now();
  const candidates = generateCandidates(city, scenario);
  let firstPlan: number | null = null;
  const result = await solvePlan(city, { ...scenario, timeLimit: limit, gap: 0 }, nodeSolver('highs'), {
    candidates,
    runPart: threadParts('highs'),
    brief: true,
    onUpdate: () => (firstPlan ??= (performance.now() - started) / 1000),
  });
  const wall = (performance.now() - started) / 1000;
  const row = { label, points: city.demand.count, limit, firstPlan, status: result.status, gap: result.gap, wall };
  process.stderr.write(`${label}: first plan ${firstPlan?.toFixed(2) ?? '-'} s, ${row.status}, gap ${row.gap === null ? '-' : `${(row.gap * 100).toFixed(2)}%`}, ${wall.toFixed(1)} s\n`);
  return row;
}

if (process.argv[1]?.endsWith('bench-types.ts')) {
  const quick = process.argv.includes('--quick');
  const rows: Row[] = [];
  rows.push(await run('six types, 500 m', sixTypes(), 30));
  rows.push(await run('six types, 250 m shifted (seed 1)', { ...sixTypes(), imported: { demand: shiftedGrid(250, 1) } }, 30));
  if (!quick) rows.push(await run('six types, 250 m shifted (seed 2)', { ...sixTypes(), imported: { demand: shiftedGrid(250, 2) } }, 30));
  rows.push(await run('every essential type (maxAll), 500 m, six types', sixTypes('maxAll' as Objective), 30));
  rows.push(await run('every essential type (maxAll), 500 m, the demo\'s three', { ...defaultScenario(), objective: 'maxAll' as Objective }, 30));
  console.log(`Every service of the 15-minute city (${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}; HiGHS, parts in worker threads; wall seconds from the parsed city to the answer):\n`);
  console.log('| case | points | limit | first plan | status | gap | wall |');
  console.log('|---|---:|---:|---:|---|---:|---:|');
  for (const row of rows) {
    const gap = row.gap === null ? '-' : `${(row.gap * 100).toFixed(2)}%`;
    console.log(`| ${row.label} | ${row.points.toLocaleString('en-US')} | ${row.limit} s | ${row.firstPlan === null ? '-' : `${row.firstPlan.toFixed(2)} s`} | ${row.status} | ${gap} | ${row.wall.toFixed(1)} s |`);
  }
  process.exit(0);
}
