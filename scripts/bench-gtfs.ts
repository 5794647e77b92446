/**
 * GTFS, measured: a generated feed whose stop_times.txt is about 50 MB
 * (3,000 stops, 300 routes of 25 stops, a trip each way every 20 minutes
 * from 05:00 to 24:00 on weekdays, every 40 at weekends: a trip leaving
 * somewhere every 2 seconds), zipped to /tmp and read with readGtfs; then
 * the timetable of a weekday 07:00-09:00 (two hours' horizon). Beside them,
 * stop_times.txt parsed alone by our CSV reader and by papaparse (the reason
 * for our own). The feed is generated in this process and read in a second
 * one, so that one's peak memory is the reading's own. Times are Node's (the
 * same V8 as the app's worker), the best of 3 runs; memory is the resident
 * size and heap after each step, and the reading process's peak (maxRSS)
 * after three reads of the feed.
 * Run: npm run bench:gtfs
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { strToU8, zipSync } from 'fflate';
import Papa from 'papaparse';
import { CsvFile } from '../src/io/gtfs/csv';
import { feedDay, readGtfs } from '../src/io/gtfs';
import { localProjection } from '../src/plan/geo';
import { seededRandom } from '../src/engine/seededRandom';

const STOPS = 3000;
const ROUTES = 300;
const ROUTE_STOPS = 25;
const HEADWAY = 20 * 60;
const FILE = '/tmp/bench-gtfs/feed.zip';

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const memory = () => `rss ${mb(process.memoryUsage().rss)}, heap ${mb(process.memoryUsage().heapUsed)}`;
const time = (h: number) => `${String(Math.floor(h / 3600)).padStart(2, '0')}:${String(Math.floor(h / 60) % 60).padStart(2, '0')}:${String(h % 60).padStart(2, '0')}`;
function best<T>(runs: number, work: () => T): { ms: number; result: T } {
  let fastest = Infinity;
  let result: T | undefined;
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    result = work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return { ms: Math.round(fastest), result: result as T };
}

const centre = localProjection(76.92, 43.25);

if (process.argv.includes('--read')) read();
else {
  generate();
  // The reading in a process of its own, so that its peak memory is not the generation's.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--read'], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}

/** The feed: stops on a 10 km square around Almaty's centre; each route a random walk of nearby stops. */
function generate(): void {
  const random = seededRandom(21);
  const stops = ['stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station'];
  const side = Math.ceil(Math.sqrt(STOPS));
  for (let s = 0; s < STOPS; s++) {
    const x = ((s % side) - side / 2) * 180 + (random() - 0.5) * 60;
    const y = (Math.floor(s / side) - side / 2) * 180 + (random() - 0.5) * 60;
    stops.push(`S${s},"Stop ${s}, street ${s % 97}",${centre.lat(x, y).toFixed(6)},${centre.lon(x, y).toFixed(6)},0,`);
}
  const routes = ['route_id,agency_id,route_short_name,route_long_name,route_type,route_color'];
  const trips = ['route_id,service_id,trip_id,trip_headsign,direction_id,shape_id'];
  const stopTimes: string[] = ['trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type,shape_dist_traveled'];
  let tripCount = 0;
  for (let r = 0; r < ROUTES; r++) {
    routes.push(`R${r},A,${r + 1},Route ${r + 1},3,${(random() * 0xffffff).toString(16).padStart(6, '0').slice(0, 6)}`);
    const path: number[] = [Math.floor(random() * STOPS)];
    while (path.length < ROUTE_STOPS) {
      const last = path[path.length - 1];
      const next = Math.min(STOPS - 1, Math.max(0, last + [1, -1, side, -side][Math.floor(random() * 4)]));
      if (!path.includes(next)) path.push(next);
      else path.push(Math.floor(random() * STOPS));
    }
    for (const [service, headway] of [['WK', HEADWAY], ['WE', 2 * HEADWAY]] as const) {
      for (let direction = 0; direction < 2; direction++) {
        const sequence = direction === 0 ? path : [...path].reverse();
        for (let start = 5 * 3600 + Math.floor(random() * headway); start < 24 * 3600; start += headway) {
          const id = `${service}-R${r}-D${direction}-${start}`;
          trips.push(`R${r},${service},${id},"To ${sequence[ROUTE_STOPS - 1]}",${direction},SH${r}_${direction}`);
          let at = start;
          sequence.forEach((stop, k) => {
            const shown = k % 4 === 0 || k === ROUTE_STOPS - 1;
            stopTimes.push(`${id},${shown ? time(at) : ''},${shown ? time(at + 20) : ''},S${stop},${k + 1},0,0,${(k * 0.41).toFixed(2)}`);
            at += 110;
          });
          tripCount++;
        }
      }
    }
}
  const text = {
    'agency.txt': 'agency_id,agency_name,agency_url,agency_timezone\nA,Bench Transit,https://example.org,Asia/Almaty\n',
    'stops.txt': stops.join('\n') + '\n',
    'routes.txt': routes.join('\n') + '\n',
    'trips.txt': trips.join('\n') + '\n',
    'stop_times.txt': stopTimes.join('\r\n') + '\r\n',
    'calendar.txt': 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20260101,20261231\nWE,0,0,0,0,0,1,1,20260101,20261231\n',
    'calendar_dates.txt': 'service_id,date,exception_type\nWK,20260309,2\nWE,20260309,1\n',
  };
  stopTimes.length = 0;
  const bytes = zipSync(Object.fromEntries(Object.entries(text).map(([name, body]) => [name, strToU8(body)])));
  mkdirSync('/tmp/bench-gtfs', { recursive: true });
  writeFileSync(FILE, bytes);
  console.log(`Generated ${FILE}: ${mb(bytes.length)} zipped, stop_times.txt ${mb(text['stop_times.txt'].length)} (${tripCount.toLocaleString('en')} trips)`);
}

function read(): void {
  const bytes = new Uint8Array(readFileSync(FILE));
  let stopTimesSize = 0;
  unzipSync(bytes, { filter: (file) => ((stopTimesSize = file.name === 'stop_times.txt' ? file.originalSize : stopTimesSize), false) });
  const rows: string[] = [];
  let calls = 0;
  const read = best(3, () => readGtfs(bytes, { fileName: 'feed.zip', onProgress: () => calls++ }));
  const feed = read.result;
  const readPeak = process.resourceUsage().maxRSS * 1024;
  const kept = Object.values(feed).reduce((sum: number, value) => sum + (ArrayBuffer.isView(value) ? value.byteLength : 0), 0);
  rows.push(`| readGtfs, ${mb(bytes.length)} zip (stop_times.txt ${mb(stopTimesSize)}, ${feed.counts.stopTimes.toLocaleString('en')} stop times) | ${read.ms} ms | ${feed.counts.stops.toLocaleString('en')} stops, ${feed.counts.routes} routes, ${feed.counts.trips.toLocaleString('en')} trips; ${calls / 3} progress calls a read; the feed's typed arrays ${mb(kept)}; after: ${memory()}, peak rss ${mb(readPeak)} |`);
  const project = (lon: number, lat: number): [number, number] => [centre.x(lon, lat), centre.y(lon, lat)];
  const day = best(3, () => feedDay(feed, { date: '2026-03-10', from: 7 * 3600, to: 9 * 3600, horizon: 2 * 3600 }, project));
  const table = day.result;
  rows.push(`| feedDay, weekday 07:00-09:00 (+2 h horizon) | ${day.ms} ms | ${table.patternCount} patterns, ${table.tripStart[table.patternCount].toLocaleString('en')} trips, ${table.arrivals.length.toLocaleString('en')} stop times; after: ${memory()} |`);
  const stopTimesText = strFromU8(unzipSync(bytes, { filter: (file) => file.name === 'stop_times.txt' })['stop_times.txt']);
  const own = best(3, () => {
    let count = 0;
    new CsvFile(stopTimesText, 'bench', 'stop_times.txt').rows(() => count++);
    return count;
  });
  rows.push(`| stop_times.txt alone, our CSV reader | ${own.ms} ms | ${own.result.toLocaleString('en')} rows |`);
  const papa = best(3, () => {
    let count = 0;
    Papa.parse<string[]>(stopTimesText, { header: false, skipEmptyLines: true, step: () => count++ });
    return count - 1;
  });
  rows.push(`| stop_times.txt alone, papaparse (step per row) | ${papa.ms} ms | ${papa.result.toLocaleString('en')} rows |`);
  console.log(['| step | time | notes |', '|---|---|---|', ...rows].join('\n'));
  console.log(`Peak resident memory of the reading process (maxRSS, the comparison included): ${mb(process.resourceUsage().maxRSS * 1024)}`);
}
