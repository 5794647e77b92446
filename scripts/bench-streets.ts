/**
 * Streets, measured: (1) the demo's 2012 network read and built, and every
 * candidate's coverage set along streets; (2) a generated network of
 * Almaty's current size (about 200,000 nodes and 250,000 segments) with
 * 5,000 candidates, 50,000 demand points (the 100 m grid) and a 15-minute
 * walk; beside (3) the same coverage sets by straight lines. Times are Node's
 * (the same V8 as the app's worker), the best of 5 runs for the demo; memory
 * is the process's resident size and its peak (maxRSS, the whole run).
 * Run: npm run bench:streets
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { STREET_GRAPH_FORMAT, walkingGraph, type StreetGraph } from '../src/engine/streets/graph';
import { StreetNetwork } from '../src/engine/streets/network';
import { reachWithin } from '../src/engine/streets/reach';
import { readStreets } from '../src/io/osm';
import { generateCandidates } from '../src/plan/candidates';
import { parseCity } from '../src/plan/city';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { localProjection } from '../src/plan/geo';
import { DEFAULT_MAX_CONNECTOR as MAX_CONNECTOR, defaultScenario, walkMetres } from '../src/plan/scenario';
import { PointIndex } from '../src/plan/spatial';
import { seededRandom } from '../src/engine/seededRandom';

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const ms = (from: number) => `${Math.round(performance.now() - from)} ms`;
const best = async (runs: number, work: () => unknown): Promise<number> => {
  let fastest = Infinity;
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return Math.round(fastest);
};
const rows: string[] = [];
const scenario = defaultScenario();
const radius = walkMetres(scenario, 'school');

// (1) The demo.
const bytes = readFileSync(new URL('../public/data/almaty/streets.osm.pbf', import.meta.url));
const readMs = await best(5, () => readStreets('streets.osm.pbf', bytes));
const ways = readStreets('streets.osm.pbf', bytes);
const buildMs = await best(5, () => walkingGraph(ways, 'streets.osm.pbf'));
const graph = walkingGraph(ways, 'streets.osm.pbf');
const city = parseCity({ ...demoCityFiles(), streets: graph });
const candidates = generateCandidates(city, { ...scenario, facilities: { ...scenario.facilities, container: { ...scenario.facilities.container, enabled: false } } });
const sx = Float64Array.from(candidates, (c) => c.x);
const sy = Float64Array.from(candidates, (c) => c.y);
let pairs = 0;
const demoCoverMs = await best(5, () => {
  const network = new StreetNetwork(graph, city.projection);
  const demand = network.snap(city.demand.x, city.demand.y, MAX_CONNECTOR);
  const sites = network.snap(sx, sy, MAX_CONNECTOR);
  pairs = reachWithin(network, sites, demand, radius, scenario.detourFactor).target.length;
});
const straightMs = await best(5, () => {
  const index = new PointIndex(sx, sy);
  let count = 0;
  for (let i = 0; i < city.demand.count; i++) count += index.within(city.demand.x[i], city.demand.y[i], radius / scenario.detourFactor).length;
  return count;
});
rows.push(`| demo (2012 extract, ${bytes.length.toLocaleString('en')} bytes): read | ${readMs} ms | ${graph.lon.length.toLocaleString('en')} nodes, ${graph.edgeFrom.length.toLocaleString('en')} segments |`);
rows.push(`| demo: walking graph built | ${buildMs} ms | ${graph.source.walkableWays.toLocaleString('en')} of ${graph.source.ways.toLocaleString('en')} ways walkable |`);
rows.push(`| demo: coverage sets of all ${candidates.length.toLocaleString('en')} school and polyclinic candidates, 15-min walk (network, snapping and searches) | ${demoCoverMs} ms | ${city.demand.count.toLocaleString('en')} demand points, ${pairs.toLocaleString('en')} pairs |`);
rows.push(`| demo: the same by straight lines (${Math.round(radius / scenario.detourFactor)} m) | ${straightMs} ms | |`);

// (2) A generated network of Almaty's current size.
const next = seededRandom(2026);
const random = { next };
const side = 448;
const spacing = 55;
const centre = localProjection(76.92, 43.25);
const lon: number[] = [];
const lat: number[] = [];
for (let r = 0; r < side; r++) {
  for (let c = 0; c < side; c++) {
    const x = (c - side / 2) * spacing + (random.next() - 0.5) * 20;
    const y = (r - side / 2) * spacing + (random.next() - 0.5) * 20;
    lon.push(centre.lon(x, y));
    lat.push(centre.lat(x, y));
  }
}
const from: number[] = [];
const to: number[] = [];
// A grid has about 2n segments; keeping 62% of them gives Almaty's 250,000 for 200,000 nodes.
for (let r = 0; r < side; r++) {
  for (let c = 0; c < side; c++) {
    const k = r * side + c;
    if (c + 1 < side && random.next() < 0.625) (from.push(k), to.push(k + 1));
    if (r + 1 < side && random.next() < 0.625) (from.push(k), to.push(k + side));
  }
}
const big: StreetGraph = {
  format: STREET_GRAPH_FORMAT,
  lon: Float64Array.from(lon),
  lat: Float64Array.from(lat),
  edgeFrom: Int32Array.from(from),
  edgeTo: Int32Array.from(to),
  edgeKind: new Uint8Array(from.length),
  source: { name: 'generated', newest: null, bbox: null, ways: from.length, walkableWays: from.length },
};
const extent = (side / 2) * spacing;
const points = (count: number) => {
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    x[k] = (random.next() * 2 - 1) * extent;
    y[k] = (random.next() * 2 - 1) * extent;
  }
  return { x, y };
};
const demand = points(50_000);
const sites = points(5_000);
const before = process.memoryUsage().rss;
let started = performance.now();
const network = new StreetNetwork(big, centre);
const networkMs = ms(started);
started = performance.now();
const demandSnaps = network.snap(demand.x, demand.y, MAX_CONNECTOR);
const siteSnaps = network.snap(sites.x, sites.y, MAX_CONNECTOR);
const snapMs = ms(started);
started = performance.now();
const bigPairs = reachWithin(network, siteSnaps, demandSnaps, radius, scenario.detourFactor);
const searchMs = ms(started);
rows.push(`| generated: ${big.lon.length.toLocaleString('en')} nodes, ${big.edgeFrom.length.toLocaleString('en')} segments: network (projection, CSR, snapping index) | ${networkMs} | |`);
rows.push(`| generated: 50,000 demand points and 5,000 candidates joined to the streets | ${snapMs} | |`);
rows.push(`| generated: coverage sets of 5,000 candidates, 15-min walk (${Math.round(radius)} m) | ${searchMs} | ${bigPairs.target.length.toLocaleString('en')} pairs; process memory ${mb(process.memoryUsage().rss)} after (${mb(before)} before the network), peak ${mb(process.resourceUsage().maxRSS * 1024)} |`);
started = performance.now();
const index = new PointIndex(sites.x, sites.y);
let straightPairs = 0;
for (let i = 0; i < demand.x.length; i++) straightPairs += index.within(demand.x[i], demand.y[i], radius / scenario.detourFactor).length;
rows.push(`| generated: the same by straight lines | ${ms(started)} | ${straightPairs.toLocaleString('en')} pairs |`);

console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n`);
console.log('| step | time | notes |\n|---|---|---|');
for (const row of rows) console.log(row);

// (4) A large extract: a generated .osm.pbf of a region, read and built as the worker does (cut to the city later).
if (!process.argv.includes('--quick')) {
  const { gridPbf } = await import('./osmPbfWriter');
  const file = gridPbf(2600, 76.5, 43.0, 0.0005);
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const read = readStreets('region.osm.pbf', file);
  const readMs = Math.round(performance.now() - started);
  const graphStarted = performance.now();
  const built = walkingGraph(read, 'region.osm.pbf');
  console.log(`| generated extract, ${(file.length / 2 ** 20).toFixed(1)} MB (.osm.pbf, ${read.lon.length.toLocaleString('en')} nodes, ${read.tags.length.toLocaleString('en')} ways): read | ${readMs} ms | process ${mb(before)} before, peak ${mb(process.resourceUsage().maxRSS * 1024)} |`);
  console.log(`| generated extract: walking graph built | ${Math.round(performance.now() - graphStarted)} ms | ${built.edgeFrom.length.toLocaleString('en')} segments |`);
}
