/**
 * Grids as they come (issue 23): the demo's population on grids the planner
 * was never tuned on, solved as the command line solves them (parts in worker
 * threads), quiet and with one core kept busy by another process.
 *
 * - "100 m shifted" and "250 m shifted": the demo's 500 m cells, their people
 *   spread evenly over each cell's square, summed into square cells of 100 m
 *   or 250 m (the city's projected metres) whose lattice is shifted from the
 *   candidates' by a random offset (seeded: each seed a different grid).
 * - "3″ WorldPop-like": the same people summed into cells of 3 arc-seconds
 *   (about 67 x 92 m at 43°N), a lattice in degrees with a random offset.
 * A cell whose centre lies outside every district gives its people to the
 * cell holding its source cell's centre.
 *
 * Then the demo itself with the shared budget (proven in under 10 s?).
 * Reports per run: status, gap, covered share (average over types), wall
 * seconds from the city's data to the answer.
 *
 * Run: npm run bench:grids [-- --seeds 1,2] [-- --quiet-only | --busy-only] [-- --quick]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { threadParts } from '../src/cli/parts';
import { seededRandom } from '../src/engine/seededRandom';
import { generateCandidates } from '../src/plan/candidates';
import { parseCity } from '../src/plan/city';
import { cityCells } from '../src/plan/cells';
import { withImports, type ImportedData } from '../src/plan/imported';
import { defaultScenario, type Scenario } from '../src/plan/scenario';
import { solvePlan } from '../src/plan/solvePlan';
import { nodeSolver } from '../src/solvers/node';

type Demand = NonNullable<ImportedData['demand']>[number];

const SOURCE_CELL = 500;
const SAMPLES = 20;

/** The demo's people regridded: `cellOf` maps a sample point (lon, lat, x, y) to a cell key and the cell's centre. */
function regrid(cellOf: (lon: number, lat: number, x: number, y: number) => { key: string; lon: number; lat: number }): Demand[] {
  const files = demoCityFiles();
  const city = parseCity(files);
  const districts = (files.districts as FeatureCollection<Polygon | MultiPolygon>).features;
  const population = (files.population as FeatureCollection<Point>).features;
  const inside = new Map<string, boolean>();
  const cells = new Map<string, Demand & { lon: number; lat: number }>();
  const add = (key: string, lon: number, lat: number, residents: number, children: number, households: number) => {
    const cell = cells.get(key) ?? { lon, lat, residents: 0, children: 0, households: 0 };
    cells.set(key, { ...cell, residents: cell.residents + residents, children: cell.children + children, households: cell.households + households });
  };
  population.forEach((feature, c) => {
    const p = feature.properties as { pop: number; pop_6_17: number; households: number };
    const share = 1 / (SAMPLES * SAMPLES);
    const home = cellOf(city.demand.lon[c], city.demand.lat[c], city.demand.x[c], city.demand.y[c]);
    for (let a = 0; a < SAMPLES; a++) {
      for (let b = 0; b < SAMPLES; b++) {
        const x = city.demand.x[c] + ((a + 0.5) / SAMPLES - 0.5) * SOURCE_CELL;
        const y = city.demand.y[c] + ((b + 0.5) / SAMPLES - 0.5) * SOURCE_CELL;
        const lon = city.projection.lon(x, y);
        const lat = city.projection.lat(x, y);
        let cell = cellOf(lon, lat, x, y);
        if (!inside.has(cell.key)) inside.set(cell.key, districts.some((district) => booleanPointInPolygon([cell.lon, cell.lat], district)));
        if (!inside.get(cell.key)) cell = home;
        add(cell.key, cell.lon, cell.lat, p.pop * share, p.pop_6_17 * share, p.households * share);
      }
    }
    if (!inside.has(home.key)) inside.set(home.key, districts.some((district) => booleanPointInPolygon([home.lon, home.lat], district)));
    // A home cell outside every district stands at the source cell's centre instead.
    if (!inside.get(home.key)) {
      const cell = cells.get(home.key);
      if (cell) cells.set(home.key, { ...cell, lon: city.demand.lon[c], lat: city.demand.lat[c] });
    }
  });
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return [...cells.values()].filter((cell) => cell.residents + cell.households > 0).map((cell) => ({ lon: cell.lon, lat: cell.lat, residents: round(cell.residents), children: round(cell.children), households: round(cell.households) }));
}

/** Square cells of `size` metres, the lattice shifted by a seeded offset. */
export function shiftedGrid(size: number, seed: number): Demand[] {
  const next = seededRandom(seed);
  const ox = next() * size;
  const oy = next() * size;
  const city = parseCity(demoCityFiles());
  return regrid((_lon, _lat, x, y) => {
    const i = Math.floor((x - ox) / size);
    const j = Math.floor((y - oy) / size);
    const cx = ox + (i + 0.5) * size;
    const cy = oy + (j + 0.5) * size;
    return { key: `${i}:${j}`, lon: city.projection.lon(cx, cy), lat: city.projection.lat(cx, cy) };
  });
}

/** Cells of `arcSeconds` in longitude and latitude (WorldPop's 3″), the lattice shifted by a seeded offset. */
export function degreeGrid(arcSeconds: number, seed: number): Demand[] {
  const next = seededRandom(seed);
  const step = arcSeconds / 3600;
  const ox = next() * step;
  const oy = next() * step;
  return regrid((lon, lat) => {
    const i = Math.floor((lon - ox) / step);
    const j = Math.floor((lat - oy) / step);
    return { key: `${i}:${j}`, lon: ox + (i + 0.5) * step, lat: oy + (j + 0.5) * step };
  });
}

interface Row {
  readonly label: string;
  readonly busy: boolean;
  readonly points: number;
  readonly cells: string;
  readonly limit: number;
  readonly status: string;
  readonly gap: number | null;
  readonly share: number | null;
  readonly wall: number;
}

async function run(label: string, scenario: Scenario, limit: number, busy: boolean): Promise<Row> {
  const started = performance.now();
  const city = parseCity(withImports(demoCityFiles(), scenario.imported));
  const candidates = generateCandidates(city, scenario);
  const result = await solvePlan(city, { ...scenario, timeLimit: limit, gap: 0 }, nodeSolver('highs'), { candidates, runPart: threadParts('highs') });
  const wall = (performance.now() - started) / 1000;
  const cells = cityCells(city);
  return {
    label,
    busy,
    points: city.demand.count,
    cells: cells ? `${cells.x.toFixed(0)} x ${cells.y.toFixed(0)} m` : 'points',
    limit,
    status: result.status,
    gap: result.gap,
    share: result.kpis?.coveredShare ?? null,
    wall,
  };
}

function busyCore(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
}

const argument = (name: string) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
};
const seeds = (argument('--seeds') ?? '1').split(',').map(Number);
const loads = process.argv.includes('--quiet-only') ? [false] : process.argv.includes('--busy-only') ? [true] : [false, true];
const quick = process.argv.includes('--quick');

if (process.argv[1]?.endsWith('bench-grids.ts')) {
  const cases: { label: string; scenario: () => Scenario; limit: number }[] = [];
  for (const seed of seeds) {
    cases.push({ label: `100 m shifted (seed ${seed})`, scenario: () => ({ ...defaultScenario(), name: `100 m, seed ${seed}`, imported: { demand: shiftedGrid(100, seed) } }), limit: 30 });
    cases.push({ label: `250 m shifted (seed ${seed})`, scenario: () => ({ ...defaultScenario(), name: `250 m, seed ${seed}`, imported: { demand: shiftedGrid(250, seed) } }), limit: 10 });
    if (!quick) cases.push({ label: `3″ WorldPop-like (seed ${seed})`, scenario: () => ({ ...defaultScenario(), name: `3 arc-seconds, seed ${seed}`, imported: { demand: degreeGrid(3, seed) } }), limit: 30 });
  }
  cases.push({ label: 'demo 500 m, shared budget', scenario: () => ({ ...defaultScenario(), budgetMode: 'shared' }), limit: 10 });
  const rows: Row[] = [];
  for (const { label, scenario, limit } of cases) {
    const built = scenario();
    for (const busy of loads) {
      const child = busy ? busyCore() : null;
      try {
        rows.push(await run(label, built, limit, busy));
      } finally {
        child?.kill();
      }
      const row = rows.at(-1)!;
      process.stderr.write(`${label}${busy ? ', one core busy' : ''}: ${row.status}, gap ${row.gap === null ? '-' : `${(row.gap * 100).toFixed(2)}%`}, ${row.wall.toFixed(1)} s\n`);
    }
  }
  console.log(`Grids as they come (${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}; the demo scenario, HiGHS, parts in worker threads; wall time from the city's data to the answer; "busy": another process spins one core):\n`);
  console.log('| grid | points | cells (inferred) | load | limit | status | gap | covered (mean of types) | wall |');
  console.log('|---|---:|---|---|---:|---|---:|---:|---:|');
  for (const row of rows) {
    const gap = row.gap === null ? '-' : `${(row.gap * 100).toFixed(2)}%`;
    const share = row.share === null ? '-' : `${(row.share * 100).toFixed(2)}%`;
    console.log(`| ${row.label} | ${row.points.toLocaleString('en-US')} | ${row.cells} | ${row.busy ? 'one core busy' : 'quiet'} | ${row.limit} s | ${row.status} | ${gap} | ${share} | ${row.wall.toFixed(1)} s |`);
  }
  process.exit(0);
}
