/**
 * Transit on the demo city, the whole path the app and the command line take
 * (issue 21): a generated GTFS feed of 3,000 stops over Almaty (150 lines of
 * 20 stops, 350-650 m apart, every 5-15 minutes both ways, 06:00-22:00) read
 * from its zip, its weekday 07:00-09:00 as the router's timetable with
 * footpaths, and the coverage pairs of schools "on foot or by transit" within
 * 15 minutes: walking to and from stops along the streets (or by straight
 * lines), range-RAPTOR over 120 departures, the median. Grid spacing of the
 * candidates is chosen to give about 800 of them. Prints each step's time and
 * the process's peak memory.
 * Run: npm run bench:transit-city [-- straight]
 */
import { strToU8, zipSync } from 'fflate';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { seededRandom } from '../src/engine/seededRandom';
import { feedDayOf, readFeed } from '../src/io/transitFeed';
import { scenarioCity } from '../src/plan/housing';
import { generateCandidates } from '../src/plan/candidates';
import { buildPlanProblem } from '../src/plan/problem';
import { defaultScenario, type Scenario } from '../src/plan/scenario';
import { cityTransit } from '../src/plan/transit';

const straight = process.argv.includes('straight');
const next = seededRandom(21);
const files = demoCityFiles();
const base = defaultScenario('Transit bench');
const settings = { gtfs: 'bench.zip', window: ['07:00', '09:00'] as [string, string], lines: [] };
const scenario: Scenario = {
  ...base,
  routing: straight ? 'straight' : 'streets',
  facilities: { school: { ...base.facilities.school, normKind: 'walkOrTransit', candidateSpacing: 600 } },
  phases: { ...base.phases, typeYearBudgets: { school: base.phases.typeYearBudgets.school } },
  transit: settings,
};
const city0 = scenarioCity(files, { ...scenario, transit: undefined });
const { projection } = city0;
let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
for (let i = 0; i < city0.demand.count; i++) {
  minX = Math.min(minX, city0.demand.x[i]); maxX = Math.max(maxX, city0.demand.x[i]);
  minY = Math.min(minY, city0.demand.y[i]); maxY = Math.max(maxY, city0.demand.y[i]);
}

// The feed: 150 wandering lines of 20 stops inside the city's box, as GTFS text with frequencies.
const clock = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.round(s % 60)).padStart(2, '0')}`;
const stops: string[] = [];
const trips: string[] = [];
const times: string[] = [];
const frequencies: string[] = [];
const routes: string[] = [];
for (let l = 0; l < 150; l++) {
  let x = minX + next() * (maxX - minX);
  let y = minY + next() * (maxY - minY);
  let heading = next() * 2 * Math.PI;
  const ids: string[] = [];
  for (let k = 0; k < 20; k++) {
    if (k > 0) {
      heading += (next() - 0.5) * 0.6;
      const step = 350 + next() * 300;
      x = Math.min(maxX, Math.max(minX, x + step * Math.cos(heading)));
      y = Math.min(maxY, Math.max(minY, y + step * Math.sin(heading)));
    }
    const id = `s${l}_${k}`;
    ids.push(id);
    stops.push(`${id},${id},${projection.lat(x, y).toFixed(6)},${projection.lon(x, y).toFixed(6)}`);
  }
  routes.push(`r${l},${l + 1},3`);
  const headway = 300 + Math.floor(next() * 11) * 60;
  for (const [d, sequence] of [ids, [...ids].reverse()].entries()) {
    const trip = `t${l}_${d}`;
    trips.push(`r${l},wk,${trip}`);
    sequence.forEach((stop, k) => times.push(`${trip},${clock(6 * 3600 + k * 110)},${clock(6 * 3600 + k * 110 + 20)},${stop},${k + 1}`));
    frequencies.push(`${trip},06:00:00,22:00:00,${headway}`);
  }
}
const zip = zipSync({
  'stops.txt': strToU8(`stop_id,stop_name,stop_lat,stop_lon\n${stops.join('\n')}\n`),
  'routes.txt': strToU8(`route_id,route_short_name,route_type\n${routes.join('\n')}\n`),
  'trips.txt': strToU8(`route_id,service_id,trip_id\n${trips.join('\n')}\n`),
  'stop_times.txt': strToU8(`trip_id,arrival_time,departure_time,stop_id,stop_sequence\n${times.join('\n')}\n`),
  'calendar.txt': strToU8('service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nwk,1,1,1,1,1,0,0,20260101,20271231\n'),
  'frequencies.txt': strToU8(`trip_id,start_time,end_time,headway_secs\n${frequencies.join('\n')}\n`),
});

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const time = <T>(label: string, work: () => T): T => {
  const started = performance.now();
  const value = work();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return value;
};
const feed = time('readFeed (zip of 3,000 stops)', () => readFeed(zip, 'bench.zip'));
const day = time('feedDayOf (weekday 07:00-09:00)', () => feedDayOf(feed, settings));
const transit = time('cityTransit (footpaths within 400 m)', () => cityTransit(projection, settings, day, scenario.detourFactor));
const city = { ...city0, transit };
const candidates = generateCandidates(city, scenario);
// The walking pairs and the street network first, as a solve after the map has shown them finds them.
const walkOnly = time('buildPlanProblem on foot alone (network, walking pairs)', () => buildPlanProblem(city0, { ...scenario, transit: undefined, facilities: { school: { ...scenario.facilities.school, normKind: 'walk' } } }, candidates));
const problem = time('buildPlanProblem on foot or by transit', () => buildPlanProblem(city, scenario, candidates));
clearInterval(sample);
const type = problem.types[0];
console.log(`${straight ? 'straight lines' : 'along streets'}: ${city.demand.count} cells, ${type.siteCount} sites (${type.existingCount} existing, ${candidates.length} candidates), ${transit.timetable.stopCount} stops, ${transit.timetable.transferStop.length} footpaths`);
console.log(`pairs on foot ${walkOnly.types[0].pairSite.length}, by transit ${type.access!.transit.site.length}, together ${type.pairSite.length}`);
console.log(`peak RSS ${(Math.max(peak, process.memoryUsage().rss) / 1e6).toFixed(0)} MB`);
