/**
 * Transit coverage at the scale (issue 21): a synthetic city of
 * 20 x 20 km with 150 bus lines of 20 stops (3,000 stops), every 5 to 15
 * minutes both ways all day, footpaths between stops within 400 m; 2,000
 * origin cells and 800 sites spread over the city, walking to and from
 * stops within 15 minutes (straight line x 1.25 at 5 km/h). Range-RAPTOR
 * over 07:00-09:00, one departure a minute (120), norm 15 minutes, median
 * statistic. Prints the time of transitReach over all origins, peak RSS,
 * heap used and the pairs found.
 * Run: npm run bench:transit [-- SEED [NORM_MINUTES]]   (or npx tsx scripts/bench-transit.ts [SEED [NORM_MINUTES]]; default 21, 15)
 */
import { seededRandom } from '../src/engine/seededRandom';
import { withFootpaths } from '../src/engine/transit/footpaths';
import { frequencyTimetable, type FrequencyLine } from '../src/engine/transit/frequencyRoute';
import { transitReach, type TransitQuery } from '../src/engine/transit/raptor';
import { straightWalks, walksByStop } from '../src/engine/transit/walks';

const seed = Number(process.argv[2] ?? 21);
const normMinutes = Number(process.argv[3] ?? 15);
const next = seededRandom(seed);
const side = 20_000;
const walkSpeed = 5000 / 3600;
const detour = 1.25;
const walkSeconds = 15 * 60;
const at = (h: number, m = 0) => h * 3600 + m * 60;
const clamp = (v: number) => Math.min(side, Math.max(0, v));

const started = performance.now();
// Lines: a random start, a heading that wanders, stops 350-650 m apart; buses at 20 km/h between stops, 20 s at each.
const lines: FrequencyLine[] = [];
for (let l = 0; l < 150; l++) {
  const stopX = new Float64Array(20);
  const stopY = new Float64Array(20);
  let x = next() * side;
  let y = next() * side;
  let heading = next() * 2 * Math.PI;
  for (let k = 0; k < 20; k++) {
    if (k > 0) {
      heading += (next() - 0.5) * 0.6;
      const step = 350 + next() * 300;
      let nx = x + Math.cos(heading) * step;
      let ny = y + Math.sin(heading) * step;
      if (nx !== clamp(nx) || ny !== clamp(ny)) {
        heading += Math.PI;
        nx = clamp(x + Math.cos(heading) * step);
        ny = clamp(y + Math.sin(heading) * step);
      }
      x = nx;
      y = ny;
    }
    stopX[k] = x;
    stopY[k] = y;
  }
  const runSeconds = Float64Array.from({ length: 19 }, (_, k) => (Math.hypot(stopX[k + 1] - stopX[k], stopY[k + 1] - stopY[k]) * 1.3) / (20_000 / 3600));
  lines.push({ id: `line ${l + 1}`, stopX, stopY, runSeconds, dwellSeconds: 20, headwaySeconds: 60 * (5 + Math.floor(next() * 11)), bothWays: true });
}
const timetable = withFootpaths(frequencyTimetable(lines, { from: at(5), to: at(24) }), { maxMetres: 400, metresPerSecond: walkSpeed, detour });
const built = performance.now();

function points(count: number): { x: Float64Array; y: Float64Array } {
  return { x: Float64Array.from({ length: count }, () => next() * side), y: Float64Array.from({ length: count }, () => next() * side) };
}
const origins = points(2000);
const sites = points(800);
const walkOptions = { maxSeconds: walkSeconds, metresPerSecond: walkSpeed, detour };
const access = straightWalks(origins.x, origins.y, timetable, walkOptions);
const egress = walksByStop(straightWalks(sites.x, sites.y, timetable, walkOptions), timetable.stopCount);
const query: TransitQuery = {
  timetable,
  accessStart: access.start,
  accessStop: access.stop,
  accessSeconds: access.seconds,
  egressStart: egress.start,
  egressTarget: egress.target,
  egressSeconds: egress.seconds,
  targetCount: sites.x.length,
  from: at(7),
  to: at(9),
  step: 60,
  maxSeconds: normMinutes * 60,
};
const prepared = performance.now();

let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
const reach = transitReach(query);
const routed = performance.now();
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const pairs = reach.target.length;
const reached = Array.from({ length: origins.x.length }, (_, o) => reach.start[o + 1] - reach.start[o]).filter((n) => n > 0).length;
let sum = 0;
for (const s of reach.seconds) sum += s;
console.log(`seed ${seed}: ${timetable.stopCount} stops, ${timetable.patternCount} patterns, ${timetable.tripTimes.length} trips, ${timetable.arrivals.length} stop times, ${timetable.transferStop.length} footpaths`);
console.log(`${origins.x.length} origins (${(access.stop.length / origins.x.length).toFixed(1)} stops each within 15 min walk), ${sites.x.length} sites (${(egress.target.length / sites.x.length).toFixed(1)} stops each); window 07:00-09:00, 120 departures, norm ${normMinutes} min`);
console.log(`timetable built in ${((built - started) / 1000).toFixed(2)} s, walks in ${((prepared - built) / 1000).toFixed(2)} s`);
console.log(`transitReach over all origins: ${((routed - prepared) / 1000).toFixed(2)} s`);
console.log(`pairs within the norm (median): ${pairs}; origins reaching a site: ${reached}; mean median ${(sum / Math.max(pairs, 1) / 60).toFixed(1)} min`);
console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, peak heapUsed (sampled) ${mb(peakHeap)}`);
