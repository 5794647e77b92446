import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { InputError } from '../../src/engine/instance/errors';
import type { Timetable } from '../../src/engine/transit/timetable';
import { GtfsError, defaultFeedDate, feedDay, feedLines, readGtfs, type GtfsFeed } from '../../src/io/gtfs';
import { CsvFile } from '../../src/io/gtfs/csv';

/**
 * A small feed, every table of it. Thursday 2026-03-05 swaps the weekday
 * service for Saturday's; HOL runs only on Saturday 2026-03-07. T2 overtakes
 * T1 between B and C; T1's time at B is empty (interpolated: 07:10); F1 runs
 * every 10 minutes from 07:00 to 08:00; N1 runs past midnight.
 */
const BASE: Record<string, string[]> = {
  'agency.txt': ['agency_id,agency_name,agency_url,agency_timezone', 'BT,"Bus, Tram & ""Co""",https://example.org,Asia/Almaty'],
  'stops.txt': [
    'stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station',
    'STA,Central,43.25,76.90,1,',
    'A,Central A,43.2501,76.9001,0,STA',
    'B,Market,43.26,76.91,,',
    'C,Park,43.27,76.92,,',
    'D,Airport,43.28,76.93,,',
    'E1,Entrance,43.2502,76.9002,2,STA',
  ],
  'routes.txt': ['route_id,route_short_name,route_long_name,route_type,route_color', 'R1,1,Central - Park,3,ff0000', 'R2,,Airport express,3,'],
  'calendar.txt': [
    'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date',
    'WK,1,1,1,1,1,0,0,20260101,20261231',
    'SAT,0,0,0,0,0,1,0,20260101,20261231',
  ],
  'calendar_dates.txt': ['service_id,date,exception_type', 'WK,20260305,2', 'SAT,20260305,1', 'HOL,20260307,1'],
  'trips.txt': ['route_id,service_id,trip_id', 'R1,WK,T1', 'R1,WK,T2', 'R1,WK,T4', 'R1,SAT,T3', 'R2,WK,F1', 'R1,WK,N1', 'R2,HOL,H1'],
  'stop_times.txt': [
    'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
    'T1,07:00:00,07:00:00,A,1',
    'T1,,,B,2',
    'T1,07:20:00,07:21:00,C,3',
    'T2,07:10:00,07:10:00,A,1',
    'T2,07:15:00,07:15:00,B,2',
    'T2,07:18:00,07:18:00,C,3',
    'T4,07:30:00,07:30:00,A,1',
    'T4,07:40:00,07:40:00,B,2',
    'T4,07:50:00,07:50:00,C,3',
    'T3,8:10:00,8:10:00,B,2',
    'T3,8:00:00,8:00:00,A,1',
    'F1,00:00:00,00:00:00,D,1',
    'F1,00:20:00,00:20:00,B,2',
    'N1,24:40:00,24:40:00,A,1',
    'N1,25:10:00,25:10:00,C,2',
    'H1,09:00:00,09:00:00,D,1',
    'H1,09:30:00,09:30:00,C,2',
  ],
  'frequencies.txt': ['trip_id,start_time,end_time,headway_secs,exact_times', 'F1,07:00:00,08:00:00,600,1'],
  'transfers.txt': ['from_stop_id,to_stop_id,transfer_type,min_transfer_time', 'A,B,2,180', 'B,C,0,', 'C,D,3,', 'STA,D,1,', 'A,A,2,60', 'B,A,2,240', 'B,A,2,200'],
};

type Files = Record<string, string[] | string | null>;

/** A zip of the base feed with some files replaced (null: left out), optionally in a folder. */
function zipFeed(changes: Files = {}, folder = ''): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, lines] of Object.entries({ ...BASE, ...changes })) {
    if (lines !== null) entries[folder + name] = strToU8(typeof lines === 'string' ? lines : lines.join('\n') + '\n');
  }
  return zipSync(entries);
}

const read = (changes: Files = {}) => readGtfs(zipFeed(changes), { fileName: 'feed.zip' });

/** The base file with line `line` (1-based, header = 1) replaced. */
function withLine(file: string, line: number, text: string): Files {
  const lines = [...BASE[file]];
  lines[line - 1] = text;
  return { [file]: lines };
}

function refusal(changes: Files | Uint8Array): GtfsError {
  try {
    readGtfs(changes instanceof Uint8Array ? changes : zipFeed(changes), { fileName: 'feed.zip' });
  } catch (error) {
    if (error instanceof GtfsError) return error;
    throw error;
  }
  throw new Error('expected the feed to be refused');
}

const project = (lon: number, lat: number): [number, number] => [(lon - 76.9) * 81_000, (lat - 43.25) * 111_000];
const hours = (h: number) => Math.round(h * 3600);

interface Run {
  route: string;
  stops: string[];
  arrivals: number[];
  departures: number[];
  pattern: number;
}

/** Every trip of a timetable, by pattern, with stop ids and times. */
function runsOf(feed: GtfsFeed, table: Timetable): Run[] {
  const runs: Run[] = [];
  for (let p = 0; p < table.patternCount; p++) {
    const stops = Array.from(table.patternStops.subarray(table.patternStart[p], table.patternStart[p + 1]));
    for (let t = table.tripStart[p]; t < table.tripStart[p + 1]; t++) {
      const at = table.tripTimes[t];
      runs.push({
        route: table.routeIds[table.patternRoute[p]],
        stops: stops.map((s) => feed.stopIds[s]),
        arrivals: Array.from(table.arrivals.subarray(at, at + stops.length)),
        departures: Array.from(table.departures.subarray(at, at + stops.length)),
        pattern: p,
      });
    }
  }
  return runs;
}

/** Patterns are FIFO: trips by first departure, none overtaking another at any stop. */
function expectFifo(table: Timetable): void {
  for (let p = 0; p < table.patternCount; p++) {
    const n = table.patternStart[p + 1] - table.patternStart[p];
    for (let t = table.tripStart[p] + 1; t < table.tripStart[p + 1]; t++) {
      for (let k = 0; k < n; k++) {
        expect(table.arrivals[table.tripTimes[t] + k]).toBeGreaterThanOrEqual(table.arrivals[table.tripTimes[t - 1] + k]);
        expect(table.departures[table.tripTimes[t] + k]).toBeGreaterThanOrEqual(table.departures[table.tripTimes[t - 1] + k]);
      }
    }
    for (let t = table.tripStart[p]; t < table.tripStart[p + 1]; t++) {
      for (let k = 0; k < n; k++) {
        expect(table.departures[table.tripTimes[t] + k]).toBeGreaterThanOrEqual(table.arrivals[table.tripTimes[t] + k]);
        if (k > 0) expect(table.arrivals[table.tripTimes[t] + k]).toBeGreaterThanOrEqual(table.departures[table.tripTimes[t] + k - 1]);
      }
    }
  }
}

/** Which feed trips a day keeps, by (route, first stop, first departure). */
const firstDepartures = (feed: GtfsFeed, table: Timetable) => runsOf(feed, table).map((r) => `${r.route} ${r.stops[0]} ${r.departures[0]}`).sort();

describe('readGtfs: a small feed', () => {
  const feed = read();

  test('is read exactly: stops and stations, routes, services, trips, stop times in sequence order, frequencies, transfers', () => {
    expect(feed.name).toBe('feed.zip');
    expect(feed.agencyNames).toEqual(['Bus, Tram & "Co"']);
    expect(feed.stopIds).toEqual(['STA', 'A', 'B', 'C', 'D']);
    expect(feed.stopNames).toEqual(['Central', 'Central A', 'Market', 'Park', 'Airport']);
    expect(Array.from(feed.stopLat)).toEqual([43.25, 43.2501, 43.26, 43.27, 43.28]);
    expect(Array.from(feed.stopLon)).toEqual([76.9, 76.9001, 76.91, 76.92, 76.93]);
    expect(Array.from(feed.stopParent)).toEqual([-1, 0, -1, -1, -1]);
    expect(Array.from(feed.stopIsStation)).toEqual([1, 0, 0, 0, 0]);
    expect(feed.routeIds).toEqual(['R1', 'R2']);
    expect(feed.routeShortNames).toEqual(['1', '']);
    expect(feed.routeLongNames).toEqual(['Central - Park', 'Airport express']);
    expect(Array.from(feed.routeTypes)).toEqual([3, 3]);
    expect(feed.routeColours).toEqual(['FF0000', '']);
    expect(feed.serviceIds).toEqual(['WK', 'SAT', 'HOL']);
    expect(Array.from(feed.serviceWeekdays)).toEqual([0b0011111, 0b0100000, 0]);
    expect(Array.from(feed.serviceStart)).toEqual([20260101, 20260101, 0]);
    expect(Array.from(feed.serviceEnd)).toEqual([20261231, 20261231, 0]);
    expect(Array.from(feed.exceptionService)).toEqual([0, 1, 2]);
    expect(Array.from(feed.exceptionDate)).toEqual([20260305, 20260305, 20260307]);
    expect(Array.from(feed.exceptionType)).toEqual([2, 1, 1]);
    expect([feed.firstDate, feed.lastDate]).toEqual([20260101, 20261231]);
    expect(feed.tripIds).toEqual(['T1', 'T2', 'T4', 'T3', 'F1', 'N1', 'H1']);
    expect(Array.from(feed.tripRoute)).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect(Array.from(feed.tripService)).toEqual([0, 0, 0, 1, 0, 0, 2]);
    expect(Array.from(feed.stopTimeStart)).toEqual([0, 3, 6, 9, 11, 13, 15, 17]);
    // T3's rows come in the file as sequence 2 then 1: ordered by stop_sequence.
    expect(Array.from(feed.stopTimeStop.subarray(9, 11))).toEqual([1, 2]);
    expect(Array.from(feed.stopTimeArrival.subarray(9, 11))).toEqual([hours(8), hours(8 + 10 / 60)]);
    expect(Array.from(feed.stopTimeStop.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(feed.stopTimeDeparture.subarray(0, 3))).toEqual([hours(7), hours(7 + 10 / 60), hours(7 + 21 / 60)]);
    // 24:40:00 and 25:10:00 are kept past midnight.
    expect(Array.from(feed.stopTimeArrival.subarray(13, 15))).toEqual([88_800, 90_600]);
    expect(Array.from(feed.frequencyTrip)).toEqual([4]);
    expect(Array.from(feed.frequencyStart)).toEqual([hours(7)]);
    expect(Array.from(feed.frequencyEnd)).toEqual([hours(8)]);
    expect(Array.from(feed.frequencyHeadway)).toEqual([600]);
    expect(Array.from(feed.frequencyExact)).toEqual([1]);
    expect(Array.from(feed.transferFrom)).toEqual([1, 2, 3, 0, 1, 2, 2]);
    expect(Array.from(feed.transferTo)).toEqual([2, 3, 4, 4, 1, 1, 1]);
    expect(Array.from(feed.transferType)).toEqual([2, 0, 3, 1, 2, 2, 2]);
    expect(Array.from(feed.transferSeconds)).toEqual([180, -1, -1, -1, 60, 240, 200]);
    expect(feed.counts).toEqual({ stops: 4, stations: 1, routes: 2, trips: 7, tripsLeftOut: 0, stopTimes: 17, services: 3, frequencies: 1, transfers: 7 });
  });

  test('empty times between timed stops are interpolated by position in the sequence', () => {
    const feed = read({
      'stop_times.txt': [...BASE['stop_times.txt'].slice(0, 4), 'T1,,,D,4', 'T1,07:40:00,07:40:00,A,5', ...BASE['stop_times.txt'].slice(4)].map((line) =>
        line === 'T1,07:20:00,07:21:00,C,3' ? 'T1,,,C,3' : line,
      ),
    });
    // 07:00 at A, then B, C, D empty, 07:40 at A again: 10 minutes a stop.
    expect(Array.from(feed.stopTimeArrival.subarray(0, 5))).toEqual([0, 10, 20, 30, 40].map((m) => hours(7) + m * 60));
    expect(Array.from(feed.stopTimeDeparture.subarray(0, 5))).toEqual([0, 10, 20, 30, 40].map((m) => hours(7) + m * 60));
  });

  test('a trip with fewer than two stop times, or none at its first or last stop, keeps no stop times and never runs; it is counted, not refused (real feeds have them)', () => {
    const feed = read({
      'trips.txt': [...BASE['trips.txt'], 'R2,WK,F2', 'R2,WK,EMPTY', 'R2,WK,OPEN'],
      'stop_times.txt': [...BASE['stop_times.txt'].filter((line) => line !== 'H1,09:30:00,09:30:00,C,2'), 'F2,00:00:00,00:00:00,D,1', 'OPEN,07:00:00,07:00:00,D,1', 'OPEN,,,C,2'],
      'frequencies.txt': [...BASE['frequencies.txt'], 'F2,07:00:00,08:00:00,300,0'],
    });
    expect(feed.tripIds).toEqual(['T1', 'T2', 'T4', 'T3', 'F1', 'N1', 'H1', 'F2', 'EMPTY', 'OPEN']);
    expect(feed.counts.trips).toBe(10);
    expect(feed.counts.tripsLeftOut).toBe(4);
    expect(Array.from(feed.stopTimeStart)).toEqual([0, 3, 6, 9, 11, 13, 15, 15, 15, 15, 15]);
    expect(Array.from(feed.frequencyTrip)).toEqual([4, 7]);
    // Saturday 2026-03-07: T3, Friday's N1, and H1 would run; F2 and OPEN (weekdays) do not on Friday 2026-03-06.
    expect(runsOf(feed, feedDay(feed, { date: '2026-03-07', from: 0, to: hours(23), horizon: 0 }, project)).map((r) => r.route)).toEqual(['R1', 'R1']);
    expect(runsOf(feed, feedDay(feed, { date: '2026-03-06', from: hours(6), to: hours(9), horizon: 0 }, project)).length).toBe(9);
    expect(feedLines(feed).map((line) => line.stops.length)).toEqual([3, 1]);
  });

  test('two rows of a trip with one stop_sequence keep their file order; an empty optional file is no file', () => {
    const feed = read({ ...withLine('stop_times.txt', 6, 'T2,07:15:00,07:15:00,B,1'), 'calendar.txt': '', 'transfers.txt': '\ufeff\r\n' });
    expect(Array.from(feed.stopTimeStop.subarray(3, 6), (s) => feed.stopIds[s])).toEqual(['A', 'B', 'C']);
    expect(feed.serviceIds).toEqual(['WK', 'SAT', 'HOL']);
    expect(Array.from(feed.serviceWeekdays)).toEqual([0, 0, 0]);
    expect(feed.counts.transfers).toBe(0);
  });

  test('is a plain object that survives structured cloning (IndexedDB, postMessage)', () => {
    const clone = structuredClone(feed);
    expect(clone).toEqual(feed);
    for (const value of Object.values(feed)) {
      const plain = typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value) || Object.getPrototypeOf(value) === Object.prototype;
      expect(plain).toBe(true);
    }
  });

  test('real feeds\' habits are accepted: BOM, CRLF, quoted cells with commas, quotes and line breaks, extra columns and files, blank lines, a folder', () => {
    const crlf = (lines: string[]) => '\ufeff' + lines.join('\r\n') + '\r\n\r\n\r\n';
    const stops = [
      'stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding',
      'STA,"Central, main hall",43.25,76.90,1,,',
      'A,"Central ""A""\r\nplatform",43.2501,76.9001,0,STA,1',
      '"B",Market,43.26 ,76.91,,,',
      '',
      'C,Park,43.27,76.92,,,',
      'D,Airport,43.28,76.93,,,',
    ];
    const bytes = zipFeed({ 'stops.txt': crlf(stops), 'stop_times.txt': crlf(BASE['stop_times.txt']), 'shapes.txt': 'shape_id\n', '__MACOSX/._stops.txt': 'junk' }, 'gtfs-2026/');
    const feed = readGtfs(bytes, { fileName: 'feed.zip' });
    expect(feed.stopIds).toEqual(['STA', 'A', 'B', 'C', 'D']);
    expect(feed.stopNames.slice(0, 3)).toEqual(['Central, main hall', 'Central "A"\r\nplatform', 'Market']);
    expect(feed.stopLat[2]).toBe(43.26);
    expect(feed.counts.stopTimes).toBe(17);
    // Lines after a quoted line break keep their numbers: D is on line 8.
    const bad = refusal({ 'stops.txt': crlf(stops.map((line) => line.replace('43.28', '93.28'))) });
    expect([bad.file, bad.line, bad.field, bad.value]).toEqual(['stops.txt', 8, 'stop_lat', '93.28']);
  });

  test('reports progress from 0 to 1, rising, never more than 5 % apart', () => {
    const rows = ['trip_id,arrival_time,departure_time,stop_id,stop_sequence'];
    const trips = ['route_id,service_id,trip_id'];
    for (let t = 0; t < 2000; t++) {
      trips.push(`R1,WK,X${t}`);
      for (let k = 0; k < 10; k++) rows.push(`X${t},07:${String(k).padStart(2, '0')}:00,07:${String(k).padStart(2, '0')}:00,${'ABCD'[k % 4]},${k}`);
    }
    const fractions: number[] = [];
    readGtfs(zipFeed({ 'trips.txt': trips, 'stop_times.txt': rows, 'frequencies.txt': null }), { fileName: 'feed.zip', onProgress: (f) => fractions.push(f) });
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let k = 1; k < fractions.length; k++) {
      expect(fractions[k]).toBeGreaterThan(fractions[k - 1]);
      expect(fractions[k] - fractions[k - 1]).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('readGtfs: a bad feed is refused with its file, line, field and value', () => {
  const cases: [string, Files | Uint8Array, [string, number, string, string], string][] = [
    ['not a zip', strToU8('stop_id,stop_name\n'), ['', 0, '', ''], 'feed.zip: is not a zip file'],
    ['no stops.txt', { 'stops.txt': null }, ['stops.txt', 0, '', ''], 'feed.zip: stops.txt: is missing'],
    ['no routes.txt', { 'routes.txt': null }, ['routes.txt', 0, '', ''], 'routes.txt: is missing'],
    ['no trips.txt', { 'trips.txt': null }, ['trips.txt', 0, '', ''], 'trips.txt: is missing'],
    ['no stop_times.txt', { 'stop_times.txt': null }, ['stop_times.txt', 0, '', ''], 'stop_times.txt: is missing'],
    ['neither calendar.txt nor calendar_dates.txt', { 'calendar.txt': null, 'calendar_dates.txt': null }, ['calendar.txt', 0, '', ''], 'calendar.txt: is missing, and so is calendar_dates.txt'],
    ['a required column missing', withLine('stops.txt', 1, 'stop_id,stop_name,stop_lon,location_type,parent_station'), ['stops.txt', 1, 'stop_lat', ''], 'stops.txt line 1, field stop_lat: is missing'],
    ['a bad time', withLine('stop_times.txt', 14, 'F1,25:61:00,00:20:00,B,2'), ['stop_times.txt', 14, 'arrival_time', '25:61:00'], 'feed.zip: stop_times.txt line 14, field arrival_time: "25:61:00" is not a time (H:MM:SS)'],
    ['a time in another form', withLine('frequencies.txt', 2, 'F1,7h00,08:00:00,600,1'), ['frequencies.txt', 2, 'start_time', '7h00'], 'is not a time'],
    ['a bad date', withLine('calendar.txt', 3, 'SAT,0,0,0,0,0,1,0,2026-01-01,20261231'), ['calendar.txt', 3, 'start_date', '2026-01-01'], 'is not a date (YYYYMMDD)'],
    ['a date that is no day', withLine('calendar_dates.txt', 2, 'WK,20260230,2'), ['calendar_dates.txt', 2, 'date', '20260230'], 'is not a date'],
    ['a bad number', withLine('stops.txt', 4, 'B,Market,north,76.91,,'), ['stops.txt', 4, 'stop_lat', 'north'], '"north" is not a latitude'],
    ['a latitude out of range', withLine('stops.txt', 4, 'B,Market,91,76.91,,'), ['stops.txt', 4, 'stop_lat', '91'], 'is not a latitude (a number from -90 to 90)'],
    ['a longitude out of range', withLine('stops.txt', 4, 'B,Market,43.26,-181,,'), ['stops.txt', 4, 'stop_lon', '-181'], 'is not a longitude'],
    ['a bad route type', withLine('routes.txt', 2, 'R1,1,Central - Park,bus,'), ['routes.txt', 2, 'route_type', 'bus'], 'is not a route type'],
    ['a bad headway', withLine('frequencies.txt', 2, 'F1,07:00:00,08:00:00,0,1'), ['frequencies.txt', 2, 'headway_secs', '0'], 'is not a headway'],
    ['an unknown stop', withLine('stop_times.txt', 5, 'T2,07:10:00,07:10:00,Z9,1'), ['stop_times.txt', 5, 'stop_id', 'Z9'], 'stop_times.txt line 5, field stop_id: "Z9" is not a stop_id of stops.txt'],
    ['an entrance served by a trip', withLine('stop_times.txt', 5, 'T2,07:10:00,07:10:00,E1,1'), ['stop_times.txt', 5, 'stop_id', 'E1'], 'is an entrance'],
    ['an unknown trip in stop_times.txt', withLine('stop_times.txt', 17, 'Q7,09:00:00,09:00:00,D,1'), ['stop_times.txt', 17, 'trip_id', 'Q7'], 'is not a trip_id of trips.txt'],
    ['an unknown route', withLine('trips.txt', 3, 'R9,WK,T2'), ['trips.txt', 3, 'route_id', 'R9'], 'is not a route_id of routes.txt'],
    ['an unknown service', withLine('trips.txt', 3, 'R1,SUN,T2'), ['trips.txt', 3, 'service_id', 'SUN'], 'is not a service_id of calendar.txt or calendar_dates.txt'],
    ['an unknown trip in frequencies.txt', withLine('frequencies.txt', 2, 'F9,07:00:00,08:00:00,600,1'), ['frequencies.txt', 2, 'trip_id', 'F9'], 'is not a trip_id'],
    ['an unknown stop in transfers.txt', withLine('transfers.txt', 3, 'B,Z9,0,'), ['transfers.txt', 3, 'to_stop_id', 'Z9'], 'is not a stop_id'],
    ['an unknown parent station', withLine('stops.txt', 3, 'A,Central A,43.2501,76.9001,0,NOPE'), ['stops.txt', 3, 'parent_station', 'NOPE'], 'is not a stop_id'],
    ['times going back along a trip', withLine('stop_times.txt', 7, 'T2,07:09:00,07:09:00,C,3'), ['stop_times.txt', 7, 'arrival_time', '7:09:00'], 'is before the departure from the previous stop of trip T2 (7:15:00)'],
    ['a departure before its arrival', withLine('stop_times.txt', 6, 'T2,07:15:00,07:14:00,B,2'), ['stop_times.txt', 6, 'departure_time', '7:14:00'], 'is before its arrival_time'],
    ['no stops', { 'stops.txt': BASE['stops.txt'].filter((line) => !/^[A-D],/.test(line)) }, ['stops.txt', 0, '', ''], 'stops.txt: has no stops'],
    ['no trips', { 'trips.txt': BASE['trips.txt'].slice(0, 1), 'stop_times.txt': BASE['stop_times.txt'].slice(0, 1), 'frequencies.txt': null }, ['trips.txt', 0, '', ''], 'trips.txt: has no trip'],
    ['a duplicate stop_id', withLine('stops.txt', 5, 'B,Park,43.27,76.92,,'), ['stops.txt', 5, 'stop_id', 'B'], 'is the stop_id of line 4 too'],
    ['a duplicate route_id', withLine('routes.txt', 3, 'R1,,Airport express,3,'), ['routes.txt', 3, 'route_id', 'R1'], 'is the route_id of line 2 too'],
    ['a duplicate trip_id', withLine('trips.txt', 3, 'R1,WK,T1'), ['trips.txt', 3, 'trip_id', 'T1'], 'is the trip_id of line 2 too'],
    ['a duplicate service_id', withLine('calendar.txt', 3, 'WK,0,0,0,0,0,1,0,20260101,20261231'), ['calendar.txt', 3, 'service_id', 'WK'], 'is the service_id of line 2 too'],
    ['an empty id', withLine('trips.txt', 3, 'R1,WK,'), ['trips.txt', 3, 'trip_id', ''], 'is empty'],
    ['a quote never closed', withLine('routes.txt', 3, 'R2,,"Airport express,3,'), ['routes.txt', 3, '', ''], 'routes.txt line 3: has a quote that is never closed'],
    ['an empty file', { 'routes.txt': '' }, ['routes.txt', 0, '', ''], 'routes.txt: is empty'],
  ];
  test.each(cases)('%s', (_name, changes, [file, line, field, value], words) => {
    const error = refusal(changes);
    // An InputError, so the command line answers it as bad input (exit code 2).
    expect(error).toBeInstanceOf(InputError);
    expect([error.file ?? '', error.line, error.field, error.value]).toEqual([file, line, field, value]);
    expect(error.message).toContain(words);
    expect(error.message.startsWith('feed.zip: ')).toBe(true);
  });
});

describe('feedDay: one service day as the router reads it', () => {
  const feed = read();
  const day = (date: string, from: number, to: number, horizon = 0) => feedDay(feed, { date, from, to, horizon }, project);

  test('a weekday takes the weekday service, with T2 (which overtakes T1) in a pattern of its own and F1 every 10 minutes', () => {
    const table = day('2026-03-02', hours(7), hours(9));
    expectFifo(table);
    const runs = runsOf(feed, table);
    const r1 = runs.filter((r) => r.route === 'R1');
    expect(r1.map((r) => r.departures[0])).toEqual([hours(7), hours(7.5), hours(7 + 10 / 60)]);
    expect(r1.map((r) => r.pattern)).toEqual([0, 0, 1]);
    expect(r1[0].stops).toEqual(['A', 'B', 'C']);
    expect(r1[0].arrivals).toEqual([hours(7), hours(7 + 10 / 60), hours(7 + 20 / 60)]);
    expect(r1[0].departures[2]).toBe(hours(7 + 21 / 60));
    // frequencies.txt: 07:00, 07:10, ... 07:50 (end_time 08:00 excluded), 20 minutes D to B.
    const f1 = runs.filter((r) => r.route === 'R2');
    expect(f1.map((r) => r.departures[0])).toEqual([0, 1, 2, 3, 4, 5].map((k) => hours(7) + k * 600));
    expect(f1.map((r) => r.arrivals[1])).toEqual([0, 1, 2, 3, 4, 5].map((k) => hours(7) + k * 600 + 1200));
    expect(new Set(f1.map((r) => r.pattern)).size).toBe(1);
    expect(table.patternCount).toBe(3);
    expect(table.routeIds).toEqual(['R1', 'R2']);
    expect(Array.from(table.patternRoute)).toEqual([0, 0, 1]);
    // Stops are the feed's, by index, projected.
    expect(table.stopCount).toBe(5);
    expect(table.stopX[3]).toBeCloseTo(0.02 * 81_000, 6);
    expect(table.stopY[3]).toBeCloseTo(0.02 * 111_000, 6);
  });

  test('only trips that run during the window and its horizon are kept', () => {
    // F1's runs last 20 minutes: those leaving 07:10, 07:20 and 07:30 meet 07:25-07:35; T1 (07:00-07:21) does not.
    const runs = runsOf(feed, day('2026-03-02', hours(7 + 25 / 60), hours(7 + 35 / 60)));
    expect(runs.filter((r) => r.route === 'R2').map((r) => r.departures[0])).toEqual([1, 2, 3].map((k) => hours(7) + k * 600));
    expect(runs.filter((r) => r.route === 'R1').map((r) => r.departures[0])).toEqual([hours(7.5)]);
    // A horizon of an hour reaches T3's 08:00 on a Saturday, not without it.
    expect(runsOf(feed, day('2026-03-14', hours(7), hours(7.5))).length).toBe(0);
    expect(runsOf(feed, day('2026-03-14', hours(7), hours(7.5), 3600)).map((r) => r.departures[0])).toEqual([hours(8)]);
  });

  test("weekdays: Saturday runs SAT (and Friday night's N1), Sunday nothing, the weekday service only within its dates", () => {
    expect(firstDepartures(feed, day('2026-03-14', 0, hours(23)))).toEqual(['R1 A 2400', `R1 A ${hours(8)}`]);
    expect(firstDepartures(feed, day('2026-03-15', 0, hours(23)))).toEqual([]);
    // The weekday service's dates: none before 2026 (Wednesday 2025-12-31).
    expect(firstDepartures(feed, day('2025-12-31', 0, hours(23)))).toEqual([]);
    // T1, T2, T4, six runs of F1 and N1 (24:40).
    expect(firstDepartures(feed, day('2026-01-01', 0, hours(25))).length).toBe(10);
  });

  test('calendar_dates: Thursday 2026-03-05 runs Saturday\'s service instead, Saturday 2026-03-07 the added HOL too', () => {
    // Wednesday's N1 still runs into Thursday; Thursday's does not run, so Friday has none from the night before.
    expect(firstDepartures(feed, day('2026-03-05', 0, hours(23)))).toEqual(['R1 A 2400', `R1 A ${hours(8)}`]);
    expect(firstDepartures(feed, day('2026-03-06', 0, hours(3)))).toEqual([]);
    expect(firstDepartures(feed, day('2026-03-07', 0, hours(23)))).toEqual(['R1 A 2400', `R1 A ${hours(8)}`, `R2 D ${hours(9)}`]);
    expect(firstDepartures(feed, day('2026-03-04', 0, hours(23)))).toContain(`R1 A ${hours(7)}`);
  });

  test("yesterday's 25:10:00 appears at 01:10 (4,200 s) in a window 00:30-02:00; today's stays past midnight", () => {
    const tuesday = runsOf(feed, day('2026-03-03', hours(0.5), hours(2)));
    expect(tuesday).toEqual([{ route: 'R1', stops: ['A', 'C'], arrivals: [2400, 4200], departures: [2400, 4200], pattern: 0 }]);
    // Monday's night has no trip of Sunday's; Monday's own N1 runs at 24:40.
    expect(runsOf(feed, day('2026-03-02', hours(0.5), hours(2)))).toEqual([]);
    const late = runsOf(feed, day('2026-03-02', hours(24.5), hours(26)));
    expect(late.map((r) => r.arrivals)).toEqual([[88_800, 90_600]]);
    // Friday's N1 reaches Saturday's night although WK does not run on Saturday.
    expect(runsOf(feed, day('2026-03-14', hours(0.5), hours(2))).map((r) => r.arrivals[1])).toEqual([4200]);
  });

  test('transfers are those of transfers.txt: type 2 its time, 0 and 1 no time, a station its stops, never type 3 nor a stop to itself', () => {
    const table = day('2026-03-02', hours(7), hours(9));
    const pairs: string[] = [];
    for (let s = 0; s < table.stopCount; s++) {
      for (let k = table.transferStart[s]; k < table.transferStart[s + 1]; k++) pairs.push(`${feed.stopIds[s]}>${feed.stopIds[table.transferStop[k]]} ${table.transferSeconds[k]}`);
    }
    expect(pairs).toEqual(['A>B 180', 'A>D 0', 'B>A 200', 'B>C 0']);
    expect(table.transferStart.length).toBe(6);
  });

  test('a date or window that is not one is refused', () => {
    expect(() => feedDay(feed, { date: '2026-02-30', from: 0, to: 3600, horizon: 0 }, project)).toThrow(/"2026-02-30" is not a date/);
    expect(() => feedDay(feed, { date: '20260302', from: 0, to: 3600, horizon: 0 }, project)).toThrow(/is not a date/);
    expect(() => feedDay(feed, { date: '2026-03-02', from: 3600, to: 0, horizon: 0 }, project)).toThrow(/is not a window/);
  });

  test('defaultFeedDate: the busiest weekday, else a weekend day, else none', () => {
    expect(defaultFeedDate(feed)).toBe('2026-01-01');
    const noWeekdays = BASE['calendar.txt'].map((line) => line.replace('WK,1,1,1,1,1,0,0', 'WK,0,0,0,0,0,0,0'));
    // Thursday 2026-03-05 is the one weekday with a trip (SAT's, added).
    expect(defaultFeedDate(read({ 'calendar.txt': noWeekdays }))).toBe('2026-03-05');
    // Without it, the Saturday with HOL's trip besides SAT's.
    expect(defaultFeedDate(read({ 'calendar.txt': noWeekdays, 'calendar_dates.txt': ['service_id,date,exception_type', 'HOL,20260307,1'] }))).toBe('2026-03-07');
    expect(defaultFeedDate(read({ 'calendar.txt': noWeekdays.map((line) => line.replace('SAT,0,0,0,0,0,1,0', 'SAT,0,0,0,0,0,0,0')), 'calendar_dates.txt': ['service_id,date,exception_type', 'HOL,20200307,2'] }))).toBe(null);
  });

  test('feedLines: each route with its distinct stop sequences, named and coloured, for the map', () => {
    const lines = feedLines(feed);
    expect(lines.map((l) => [l.id, l.name, l.colour, l.stops.map((s) => Array.from(s, (k) => feed.stopIds[k]).join(''))])).toEqual([
      ['R1', '1', 'FF0000', ['ABC', 'AB', 'AC']],
      ['R2', 'Airport express', '', ['DB', 'DC']],
    ]);
    expect(Array.from(lines[1].paths[0])).toEqual([76.93, 43.28, 76.91, 43.26]);
  });
});

describe('a real feed: Cairns, 2014 (fixtures/gtfs/cairns.zip)', () => {
  const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/gtfs/cairns.zip', import.meta.url)));
  const feed = readGtfs(bytes, { fileName: 'cairns.zip' });
  const day = (date: string, from = 0, to = hours(30)) => feedDay(feed, { date, from, to, horizon: 0 }, project);

  test('is read with its real counts', () => {
    expect(feed.counts).toEqual({ stops: 416, stations: 0, routes: 22, trips: 1339, tripsLeftOut: 0, stopTimes: 37_790, services: 4, frequencies: 0, transfers: 0 });
    expect([feed.firstDate, feed.lastDate]).toEqual([20140526, 20141228]);
    expect(feed.agencyNames).toEqual(['Department of Transport and Main Roads - TransLink Division (qconnect)']);
    expect(feed.routeShortNames).toContain('110N');
    expect(feed.routeColours[0]).toBe('7BC142');
    // Fridays run the weekday trips and 14 more: the first Friday is the default day.
    expect(defaultFeedDate(feed)).toBe('2014-05-30');
  });

  test('a weekday morning has its trips, in FIFO patterns; the whole Tuesday has every weekday trip and Monday night\'s', () => {
    const morning = day('2014-06-03', hours(7), hours(9));
    expectFifo(morning);
    expect(morning.tripStart[morning.patternCount]).toBeGreaterThan(50);
    const whole = day('2014-06-03');
    const weekday = feed.serviceIds.indexOf('CNS2014-CNS_MUL-Weekday-00');
    let expected = 0;
    for (let t = 0; t < feed.tripIds.length; t++) {
      if (feed.tripService[t] !== weekday) continue;
      expected++;
      if (feed.stopTimeArrival[feed.stopTimeStart[t + 1] - 1] >= 86_400) expected++;
    }
    expect(whole.tripStart[whole.patternCount]).toBe(expected);
  });

  test('the Queen\'s Birthday (Monday 2014-06-09) runs the Sunday timetable, as its calendar_dates say', () => {
    // From 06:00, past the last of the night before's trips (05:39), so only the day's own services count.
    const holiday = firstDepartures(feed, day('2014-06-09', hours(6)));
    expect(holiday.length).toBeGreaterThan(100);
    expect(holiday).toEqual(firstDepartures(feed, day('2014-06-08', hours(6))));
    expect(holiday).not.toEqual(firstDepartures(feed, day('2014-06-02', hours(6))));
  });
});

describe('the CSV reader', () => {
  test('reads back any table written by RFC 4180 (commas, quotes, line breaks in cells; LF or CRLF; a BOM), with each record\'s line', () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'x\r\ny', ' pad ', ''));
    const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.boolean(), fc.boolean(), (rows, crlf, bom) => {
        // A record whose cells are all blank is a blank line, skipped: keep one cell non-blank.
        const records = [['h1', 'h2', 'h3'], ...rows.map((cells) => [`k${cells[0]}`, cells[1], cells[2]])];
        const quote = (c: string) => (/[",\r\n]/.test(c) || c !== c.trim() ? `"${c.replace(/"/g, '""')}"` : c);
        const newline = crlf ? '\r\n' : '\n';
        const text = (bom ? '\ufeff' : '') + records.map((cells) => cells.map(quote).join(',')).join(newline) + newline;
        const csv = new CsvFile(text, 'feed.zip', 't.txt');
        expect(csv.header).toEqual(['h1', 'h2', 'h3']);
        const read: string[][] = [];
        const lines: number[] = [];
        csv.rows((cells, line) => {
          read.push(cells);
          lines.push(line);
        });
        // Quoted CR LF inside a cell stays as written; an unquoted record's CR before its LF goes.
        expect(read).toEqual(records.slice(1));
        let line = 1 + records[0].join('').split('\n').length - 1 + 1;
        records.slice(1).forEach((cells, k) => {
          expect(lines[k]).toBe(line);
          line += cells.join('').split('\n').length;
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("the GTFS reference's sample feed (fixtures/gtfs/sample-feed-1.zip)", () => {
  const feed = readGtfs(new Uint8Array(readFileSync(new URL('../../fixtures/gtfs/sample-feed-1.zip', import.meta.url))), { fileName: 'sample-feed-1.zip' });
  const runs = (date: string, from: number, to: number, trip: string) => {
    const table = feedDay(feed, { date, from, to, horizon: 0 }, project);
    expectFifo(table);
    const t = feed.tripIds.indexOf(trip);
    const stops = Array.from(feed.stopTimeStop.subarray(feed.stopTimeStart[t], feed.stopTimeStart[t + 1]), (s) => feed.stopIds[s]);
    return runsOf(feed, table).filter((run) => run.route === feed.routeIds[feed.tripRoute[t]] && run.stops.join() === stops.join());
  };

  test('is read with its counts', () => {
    expect(feed.counts).toEqual({ stops: 9, stations: 0, routes: 5, trips: 11, tripsLeftOut: 0, stopTimes: 28, services: 2, frequencies: 11, transfers: 0 });
    expect([feed.firstDate, feed.lastDate]).toEqual([20070101, 20101231]);
    expect(defaultFeedDate(feed)).toBe('2007-01-01');
  });

  test('frequencies.txt: CITY1 runs 4 + 12 + 12 + 18 + 6 times a day (end_time excluded), 26 minutes each', () => {
    const day = runs('2007-06-05', 0, hours(24), 'CITY1');
    expect(day.length).toBe(52);
    expect(day.slice(0, 6).map((r) => r.departures[0])).toEqual([6, 6.5, 7, 7.5, 8, 8 + 1 / 6].map(hours));
    expect(day[day.length - 1].departures[0]).toBe(hours(21.5));
    expect(day.every((r) => r.arrivals[4] - r.departures[0] === 26 * 60)).toBe(true);
    // 07:00-09:00: 07:00, 07:30, then every 10 minutes from 08:00 to 09:00 (06:30's run ends at 06:56).
    expect(runs('2007-06-05', hours(7), hours(9), 'CITY1').map((r) => r.departures[0])).toEqual([7, 7.5, 8, 8 + 1 / 6, 8 + 2 / 6, 8.5, 8 + 4 / 6, 8 + 5 / 6, 9].map(hours));
    expect(runs('2007-06-05', 0, hours(24), 'STBA').length).toBe(32);
    // Monday 2007-06-04 is removed from FULLW, and WE runs at weekends only.
    expect(feedDay(feed, { date: '2007-06-04', from: 0, to: hours(24), horizon: 0 }, project).patternCount).toBe(0);
  });
});
