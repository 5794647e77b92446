import { InputError } from '../../engine/instance/errors';
import type { Timetable } from '../../engine/transit/timetable';
import type { GtfsFeed } from './feed';
import { addDays, parseDate, weekday } from './values';

const DAY = 86_400;

/** A service day and a departure window on it, seconds after midnight. */
export interface FeedDayWindow {
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly from: number;
  readonly to: number;
  /** Seconds after `to` still needed: the longest trip the router may look at. */
  readonly horizon: number;
}

/**
 * The timetable of one service day of a feed, as the router reads it, with
 * the trips that run during [from, to + horizon] (a trip is kept when its
 * span, first departure to last arrival, meets that interval):
 *
 * - Services: those whose calendar.txt days and dates include the date,
 *   plus calendar_dates.txt's additions (exception_type 1), less its
 *   removals (2).
 * - Yesterday's trips that run past midnight come in with their times less
 *   24 h (a 25:10:00 of yesterday is 01:10:00, 4,200 s; its stops before
 *   midnight get negative times: 23:50:00 is -600). A trip the feed left
 *   out (no stop times kept) never runs.
 * - A trip of frequencies.txt runs once per headway from start_time while
 *   its first departure is before end_time, its own stop times giving the
 *   times relative to its first departure. exact_times 0 (headways only
 *   approximate) is scheduled the same way, at start_time plus whole
 *   headways: a router has to place the trips somewhere, and that is the
 *   schedule the feed describes on average.
 * - Patterns: trips of one route with the same stop sequence, by first
 *   departure; a trip that would overtake an earlier one at any stop (or
 *   be overtaken) goes to another pattern of the same sequence, so every
 *   pattern is FIFO as RAPTOR needs.
 * - Transfers: only those of transfers.txt (the engine adds walking between
 *   nearby stops over all stops, the feed's and the drawn lines'). Types 0
 *   (recommended) and 2 (minimum time) take min_transfer_time, 0 s when it
 *   is empty; 1 (timed: the vehicle waits) takes 0 s; 3 (not possible) is
 *   left out. A station at either end stands for each of its stops. A row
 *   from a stop to itself is a minimum change time at that stop, which a
 *   footpath cannot say: left out. Of two rows between the same stops the
 *   shorter is kept.
 *
 * Timetable stop i is feed stop i (stations and stops no trip serves
 * included), so the map and the transfers use feed indices; pattern routes
 * are indices into the feed's routeIds.
 */
export function feedDay(feed: GtfsFeed, day: FeedDayWindow, project: (lon: number, lat: number) => [number, number]): Timetable {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(day.date) ? parseDate(day.date.replace(/-/g, '')) : -1;
  if (date < 0) throw new InputError('day', `${JSON.stringify(day.date)} is not a date (YYYY-MM-DD)`, feed.name);
  if (!(day.from >= 0 && day.to >= day.from && day.horizon >= 0)) throw new InputError('window', `${day.from}-${day.to} (+${day.horizon} s) is not a window of seconds after midnight`, feed.name);
  const end = day.to + day.horizon;
  const today = activeServices(feed, date);
  const yesterday = activeServices(feed, addDays(date, -1));

  // Each trip run kept: the feed's trip and what to add to its stop times.
  const runTrip: number[] = [];
  const runShift: number[] = [];
  const frequencyRows = rowsByTrip(feed.frequencyTrip, feed.tripIds.length);
  const { stopTimeStart: start, stopTimeArrival: arrival, stopTimeDeparture: departure } = feed;
  for (let t = 0; t < feed.tripIds.length; t++) {
    if (start[t + 1] - start[t] < 2) continue;
    const service = feed.tripService[t];
    const first = departure[start[t]];
    const last = arrival[start[t + 1] - 1];
    for (const shift of [0, -DAY]) {
      if ((shift === 0 ? today : yesterday)[service] === 0) continue;
      const rows = frequencyRows.get(t);
      if (rows === undefined) {
        if (last + shift >= day.from && first + shift <= end) {
          runTrip.push(t);
          runShift.push(shift);
        }
        continue;
      }
      for (const f of rows) {
        for (let s = feed.frequencyStart[f]; s < feed.frequencyEnd[f]; s += feed.frequencyHeadway[f]) {
          const offset = s - first + shift;
          if (first + offset > end) break;
          if (last + offset >= day.from) {
            runTrip.push(t);
            runShift.push(offset);
          }
        }
      }
    }
  }

  // Runs by route and stop sequence, each group by first departure.
  const groupOf = new Map<string, number[]>();
  const keyOf = new Map<number, string>();
  for (let r = 0; r < runTrip.length; r++) {
    const t = runTrip[r];
    let key = keyOf.get(t);
    if (key === undefined) {
      key = `${feed.tripRoute[t]}:${feed.stopTimeStop.subarray(start[t], start[t + 1]).join(',')}`;
      keyOf.set(t, key);
    }
    const group = groupOf.get(key);
    if (group === undefined) groupOf.set(key, [r]);
    else group.push(r);
  }
  const firstDeparture = (r: number) => departure[start[runTrip[r]]] + runShift[r];
  const lastArrival = (r: number) => arrival[start[runTrip[r] + 1] - 1] + runShift[r];
  /** Whether run b, departing no earlier than a, stays behind a at every stop. */
  const follows = (a: number, b: number): boolean => {
    const ta = start[runTrip[a]];
    const tb = start[runTrip[b]];
    const n = start[runTrip[a] + 1] - ta;
    const da = runShift[a];
    const db = runShift[b];
    for (let k = 0; k < n; k++) {
      if (arrival[tb + k] + db < arrival[ta + k] + da || departure[tb + k] + db < departure[ta + k] + da) return false;
    }
    return true;
  };
  const patterns: number[][] = [];
  for (const group of groupOf.values()) {
    group.sort((a, b) => firstDeparture(a) - firstDeparture(b) || lastArrival(a) - lastArrival(b) || a - b);
    const split: number[][] = [];
    for (const r of group) {
      const fifo = split.find((runs) => follows(runs[runs.length - 1], r));
      if (fifo === undefined) split.push([r]);
      else fifo.push(r);
    }
    patterns.push(...split);
  }

  const patternCount = patterns.length;
  const patternStart = new Int32Array(patternCount + 1);
  const tripStart = new Int32Array(patternCount + 1);
  const patternRoute = new Int32Array(patternCount);
  let timeCount = 0;
  patterns.forEach((runs, p) => {
    const t = runTrip[runs[0]];
    const length = start[t + 1] - start[t];
    patternStart[p + 1] = patternStart[p] + length;
    tripStart[p + 1] = tripStart[p] + runs.length;
    patternRoute[p] = feed.tripRoute[t];
    timeCount += length * runs.length;
  });
  const patternStops = new Int32Array(patternStart[patternCount]);
  const tripTimes = new Int32Array(tripStart[patternCount]);
  const arrivals = new Int32Array(timeCount);
  const departures = new Int32Array(timeCount);
  let at = 0;
  patterns.forEach((runs, p) => {
    const t0 = runTrip[runs[0]];
    patternStops.set(feed.stopTimeStop.subarray(start[t0], start[t0 + 1]), patternStart[p]);
    runs.forEach((r, i) => {
      const t = runTrip[r];
      const shift = runShift[r];
      tripTimes[tripStart[p] + i] = at;
      for (let k = start[t]; k < start[t + 1]; k++, at++) {
        arrivals[at] = arrival[k] + shift;
        departures[at] = departure[k] + shift;
      }
    });
  });

  const stopCount = feed.stopIds.length;
  const stopX = new Float64Array(stopCount);
  const stopY = new Float64Array(stopCount);
  for (let s = 0; s < stopCount; s++) [stopX[s], stopY[s]] = project(feed.stopLon[s], feed.stopLat[s]);

  return {
    stopCount,
    stopX,
    stopY,
    patternCount,
    patternStart,
    patternStops,
    tripStart,
    tripTimes,
    arrivals,
    departures,
    patternRoute,
    routeIds: feed.routeIds,
    ...feedTransfers(feed),
  };
}

/** Which services run on a date (YYYYMMDD): 1 or 0 per service. */
export function activeServices(feed: GtfsFeed, date: number): Uint8Array {
  const active = new Uint8Array(feed.serviceIds.length);
  const bit = 1 << weekday(date);
  for (let s = 0; s < active.length; s++) {
    active[s] = (feed.serviceWeekdays[s] & bit) !== 0 && feed.serviceStart[s] <= date && date <= feed.serviceEnd[s] ? 1 : 0;
  }
  for (let e = 0; e < feed.exceptionDate.length; e++) {
    if (feed.exceptionDate[e] === date) active[feed.exceptionService[e]] = feed.exceptionType[e] === 1 ? 1 : 0;
  }
  return active;
}

function rowsByTrip(trips: Int32Array, tripCount: number): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (let f = 0; f < trips.length; f++) {
    if (trips[f] >= tripCount) continue;
    const list = rows.get(trips[f]);
    if (list === undefined) rows.set(trips[f], [f]);
    else list.push(f);
  }
  return rows;
}

/** transfers.txt as footpaths (see feedDay for the rules), in CSR by the stop they leave from. */
function feedTransfers(feed: GtfsFeed): Pick<Timetable, 'transferStart' | 'transferStop' | 'transferSeconds'> {
  const stopCount = feed.stopIds.length;
  const children = new Map<number, number[]>();
  for (let s = 0; s < stopCount; s++) {
    const parent = feed.stopParent[s];
    if (parent < 0) continue;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [s]);
    else list.push(s);
  }
  const stopsOf = (s: number): number[] => (feed.stopIsStation[s] === 1 ? (children.get(s) ?? []) : [s]);
  const shortest = new Map<number, number>();
  for (let i = 0; i < feed.transferFrom.length; i++) {
    const type = feed.transferType[i];
    if (type === 3) continue;
    const seconds = type === 1 ? 0 : Math.max(0, feed.transferSeconds[i]);
    for (const a of stopsOf(feed.transferFrom[i])) {
      for (const b of stopsOf(feed.transferTo[i])) {
        if (a === b) continue;
        const key = a * stopCount + b;
        const before = shortest.get(key);
        if (before === undefined || seconds < before) shortest.set(key, seconds);
      }
    }
  }
  const pairs = [...shortest.entries()].sort((x, y) => x[0] - y[0]);
  const transferStart = new Int32Array(stopCount + 1);
  const transferStop = new Int32Array(pairs.length);
  const transferSeconds = new Int32Array(pairs.length);
  pairs.forEach(([key, seconds], i) => {
    const from = Math.floor(key / stopCount);
    transferStart[from + 1]++;
    transferStop[i] = key % stopCount;
    transferSeconds[i] = seconds;
  });
  for (let s = 0; s < stopCount; s++) transferStart[s + 1] += transferStart[s];
  return { transferStart, transferStop, transferSeconds };
}

/** A route of the feed as the map draws it: its name, colour and the distinct stop sequences its trips follow. */
export interface FeedLine {
  /** Index into the feed's routes (and a Timetable's routeIds). */
  readonly route: number;
  readonly id: string;
  /** route_short_name, else route_long_name, else route_id. */
  readonly name: string;
  readonly longName: string;
  readonly type: number;
  /** Six hex digits, or '' when the feed gives none. */
  readonly colour: string;
  /** Each distinct stop sequence: its stops (feed indices) and their positions as [lon, lat, lon, lat, ...]. */
  readonly stops: readonly Int32Array[];
  readonly paths: readonly Float64Array[];
}

/** The feed's routes with the stop sequences of their trips (each sequence once), for the map; routes with no trip are left out. */
export function feedLines(feed: GtfsFeed): FeedLine[] {
  const sequences = new Map<number, Map<string, Int32Array>>();
  for (let t = 0; t < feed.tripIds.length; t++) {
    const stops = feed.stopTimeStop.subarray(feed.stopTimeStart[t], feed.stopTimeStart[t + 1]);
    if (stops.length < 2) continue;
    const route = feed.tripRoute[t];
    let distinct = sequences.get(route);
    if (distinct === undefined) sequences.set(route, (distinct = new Map()));
    const key = stops.join(',');
    if (!distinct.has(key)) distinct.set(key, stops.slice());
  }
  const lines: FeedLine[] = [];
  for (let r = 0; r < feed.routeIds.length; r++) {
    const distinct = sequences.get(r);
    if (distinct === undefined) continue;
    const stops = [...distinct.values()];
    lines.push({
      route: r,
      id: feed.routeIds[r],
      name: feed.routeShortNames[r] || feed.routeLongNames[r] || feed.routeIds[r],
      longName: feed.routeLongNames[r],
      type: feed.routeTypes[r],
      colour: feed.routeColours[r],
      stops,
      paths: stops.map((sequence) => {
        const path = new Float64Array(sequence.length * 2);
        sequence.forEach((s, k) => {
          path[2 * k] = feed.stopLon[s];
          path[2 * k + 1] = feed.stopLat[s];
        });
        return path;
      }),
    });
  }
  return lines;
}

/**
 * The day to offer first: the weekday (Monday to Friday) of the feed's dates
 * with the most trips running, the earliest of equals; a weekend day only if
 * no weekday has trips; null when no day has any. Looks at a year at most
 * from the feed's first date.
 */
export function defaultFeedDate(feed: GtfsFeed): string | null {
  if (feed.firstDate === 0) return null;
  const tripsOf = new Int32Array(feed.serviceIds.length);
  for (let t = 0; t < feed.tripIds.length; t++) if (feed.stopTimeStart[t + 1] - feed.stopTimeStart[t] >= 2) tripsOf[feed.tripService[t]]++;
  let best: { date: number; trips: number; weekday: boolean } | null = null;
  for (let date = feed.firstDate, k = 0; date <= feed.lastDate && k < 366; date = addDays(date, 1), k++) {
    const active = activeServices(feed, date);
    let trips = 0;
    for (let s = 0; s < active.length; s++) if (active[s] === 1) trips += tripsOf[s];
    if (trips === 0) continue;
    const isWeekday = weekday(date) < 5;
    if (best === null || (isWeekday && !best.weekday) || (isWeekday === best.weekday && trips > best.trips)) best = { date, trips, weekday: isWeekday };
  }
  if (best === null) return null;
  const d = best.date;
  return `${Math.floor(d / 10000)}-${String(Math.floor(d / 100) % 100).padStart(2, '0')}-${String(d % 100).padStart(2, '0')}`;
}
