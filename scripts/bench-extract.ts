/**
 * A whole city from one OpenStreetMap extract, measured: a generated
 * ~100 MB .osm.pbf (scripts/osmPbfWriter.ts cityPbf: a street grid, a
 * building in every block, 20,000 tagged POI nodes, POI ways and 21
 * administrative relations whose member ways are spread over the way
 * blocks) read by readCityExtract (streets, facilities, boundaries), then
 * the walking graph built (cold, the first thing the process does); then
 * readStreets alone (the streets-only path) and readCityExtract again,
 * alternating, best of 2. The file is generated once into the temp directory by a
 * child process, so the measured process's peak memory (maxRSS) is the
 * reader's and the graph's, not the generator's.
 * Run: npm run bench:extract [-- --side 1750]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walkingGraph } from '../src/engine/streets/graph';
import { readCityExtract, readStreets } from '../src/io/osm';
import { extractNoteText } from '../src/io/osm/extract';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const SIDE = argument('--side', 1750);
const POIS = 20_000;
const path = join(tmpdir(), `bench-extract-${SIDE}-${POIS}.osm.pbf`);

if (process.argv.includes('--generate')) {
  const { cityPbf } = await import('./osmPbfWriter');
  writeFileSync(path, cityPbf(SIDE, POIS));
  process.exit(0);
}
if (!existsSync(path)) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--generate', '--side', String(SIDE)], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('generating the extract failed');
  console.log(`(generated ${path} in ${Math.round((performance.now() - started) / 1000)} s)`);
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en');
const peak = () => process.resourceUsage().maxRSS * 1024;

const bytes = new Uint8Array(readFileSync(path));
const before = process.memoryUsage().rss;
let calls = 0;
let started = performance.now();
const extract = readCityExtract('city.osm.pbf', bytes, () => calls++);
const readMs = performance.now() - started;
const readPeak = peak();
started = performance.now();
const graph = walkingGraph(extract.streets, 'city.osm.pbf');
const graphMs = performance.now() - started;
const graphPeak = peak();

const types: Record<string, number> = { schools: 0, health: 0, containers: 0 };
for (const f of extract.facilities) for (const layer of f.layers) types[layer] = (types[layer] ?? 0) + 1;
const levels = extract.boundaries.map((b) => b.level).sort((a, b) => a - b);

console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n`);
console.log(`File: ${(bytes.length / 2 ** 20).toFixed(1)} MB .osm.pbf, ${count(SIDE * SIDE + 4 * (SIDE - 1) ** 2 + POIS)} nodes, ${count(2 * SIDE + (SIDE - 1) ** 2)} ways besides the boundaries' (side ${SIDE})\n`);
console.log('| step | time | notes |\n|---|---:|---|');
console.log(
  `| readCityExtract: streets, facilities, boundaries | ${s(readMs)} | ${count(extract.streets.lon.length)} street nodes, ${count(extract.streets.tags.length)} streets; ${count(extract.facilities.length)} facilities (${types.schools} schools, ${types.health} health, ${types.containers} containers); ${extract.boundaries.length} boundaries (levels ${[...new Set(levels)].join(', ')}); ${extract.notes.length} notes; ${calls} progress calls; process ${mb(before)} before, peak ${mb(readPeak)} |`,
);
console.log(`| walking graph built | ${s(graphMs)} | ${count(graph.edgeFrom.length)} segments; peak ${mb(graphPeak)} |`);
console.log(`| **extract read + graph** | **${s(readMs + graphMs)}** | |`);

// Warm, alternating (the machine's two cores are noisy): readStreets alone, the streets-only path, against readCityExtract.
let streetsMs = Infinity;
let extractMs = Infinity;
for (let k = 0; k < 2; k++) {
  started = performance.now();
  readStreets('city.osm.pbf', bytes);
  streetsMs = Math.min(streetsMs, performance.now() - started);
  started = performance.now();
  readCityExtract('city.osm.pbf', bytes);
  extractMs = Math.min(extractMs, performance.now() - started);
}
console.log(`| readCityExtract again, warm (best of 2) | ${s(extractMs)} | |`);
console.log(`| readStreets alone, streets only, warm (best of 2) | ${s(streetsMs)} | the extract costs ${s(extractMs - streetsMs)} more (${Math.round((extractMs / streetsMs - 1) * 100)}%) |`);
for (const note of extract.notes) console.log(`note: ${extractNoteText(note)}`);
