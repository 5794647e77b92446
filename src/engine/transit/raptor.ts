import { fail, show } from '../instance/errors';
import type { Timetable } from './timetable';

/**
 * Travel times by public transport: range-RAPTOR (rRAPTOR; Delling, Pajor and
 * Werneck, "Round-Based Public Transit Routing", 2012) over one day's
 * timetable, from each origin (a population cell) to each target (a site).
 *
 * A journey is: walk from home to a stop (access), wait, ride; then any
 * number of times: walk one footpath of the timetable's transfers (or stay at
 * the same stop, which costs nothing), wait, ride; then walk from the stop
 * where the last ride ended to the site (egress). Walks are never chained:
 * no footpath right after the access walk, none before the egress walk, one
 * at most between two rides. A journey has at least one ride and at most
 * `maxRides`; walking alone is the walking norm, measured elsewhere. A rider
 * boards a trip at a stop when they are there at or before its departure.
 *
 * The resident leaves home at every departure of the window (from, from +
 * step, ... before to), and may wait at home (which is the same as waiting at
 * the stop). Departures are processed latest first with the labels kept, so
 * each one only redoes what it improves: that is the range in rRAPTOR.
 */
export interface TransitQuery {
  readonly timetable: Timetable;
  /** Walking from each origin to stops, CSR by origin: stops and seconds. */
  readonly accessStart: Int32Array;
  readonly accessStop: Int32Array;
  readonly accessSeconds: Int32Array;
  /** Walking from stops to targets (sites), CSR by stop: targets and seconds. */
  readonly egressStart: Int32Array;
  readonly egressTarget: Int32Array;
  readonly egressSeconds: Int32Array;
  readonly targetCount: number;
  /** Departures from home: from, from + step, ... while < to (seconds after midnight; step 60). */
  readonly from: number;
  readonly to: number;
  readonly step: number;
  /** Journeys longer than this (seconds) are not kept (the norm). */
  readonly maxSeconds: number;
  /** Most rides in a journey (rounds); default 4. */
  readonly maxRides?: number;
}

/** Per origin o, targets target[start[o]] .. target[start[o + 1] - 1], ascending, with their median travel times (with a range of origins, row 0 is its first origin). */
export interface TransitReach {
  readonly start: Int32Array;
  readonly target: Int32Array;
  /** Median travel time over the window's departures, seconds (a half second when the two middle values differ by an odd number). */
  readonly seconds: Float64Array;
}

/** Not reached: later than any time of day. */
const NEVER = 0x7fffffff;

/** The window's departures from home, ascending: from, from + step, ... while < to. */
export function departureTimes(query: Pick<TransitQuery, 'from' | 'to' | 'step'>): Int32Array {
  const { from, to, step } = query;
  const count = to > from ? Math.ceil((to - from) / step) : 0;
  return Int32Array.from({ length: count }, (_, d) => from + d * step);
}

/**
 * For each origin (all, or the range [origins.from, origins.to) so that
 * workers can share them), the targets it reaches by transit, and the median
 * travel time.
 *
 * The statistic: the resident leaves home at each of the window's n
 * departures (one a minute). Each departure has a travel time to the site:
 * the earliest arrival by a journey of at least one ride, less the departure;
 * infinite when there is none within `maxSeconds` (the search looks no
 * further). The median is the middle of the n times sorted (with n even, the
 * mean of the two middle ones). The target is kept when the median is within
 * `maxSeconds`, which is exactly when more than half of the departures reach
 * it within the norm. (So with n even and exactly half within the norm the
 * target is not kept, even if the uncapped times' median were within it.)
 */
export function transitReach(query: TransitQuery, origins?: { from: number; to: number }): TransitReach {
  const router = new TransitRouter(query);
  const originCount = query.accessStart.length - 1;
  const first = origins?.from ?? 0;
  const last = origins?.to ?? originCount;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last > originCount || first > last) {
    fail('origins', `${show(first)} .. ${show(last)} is not a range of the ${originCount} origins`);
  }
  const times = departureTimes(query);
  const n = times.length;
  const targetCount = query.targetCount;
  const maxSeconds = query.maxSeconds;
  // Per target, the travel times of the departures that reach it within the norm (n slots each).
  const values = new Int32Array(targetCount * n);
  const counts = new Int32Array(targetCount);
  const needed = Math.floor(n / 2) + 1;
  const start = new Int32Array(last - first + 1);
  let target = new Int32Array(1024);
  let seconds = new Float64Array(1024);
  let pairs = 0;
  const kept: number[] = [];
  for (let o = first; o < last; o++) {
    router.run(o, (d, tau) => {
      const touched = router.touched;
      const arrival = router.targetArrival;
      for (let k = 0; k < router.touchedCount; k++) {
        const t = touched[k];
        const travel = arrival[t] - tau;
        if (travel <= maxSeconds) values[t * n + counts[t]++] = travel;
      }
    });
    kept.length = 0;
    for (let k = 0; k < router.touchedCount; k++) {
      const t = router.touched[k];
      if (counts[t] >= needed) kept.push(t);
    }
    kept.sort((a, b) => a - b);
    if (pairs + kept.length > target.length) {
      const size = Math.max(2 * target.length, pairs + kept.length);
      target = grow(target, size);
      seconds = grow(seconds, size);
    }
    for (const t of kept) {
      const times = values.subarray(t * n, t * n + counts[t]).sort();
      target[pairs] = t;
      seconds[pairs++] = n % 2 === 1 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }
    for (let k = 0; k < router.touchedCount; k++) counts[router.touched[k]] = 0;
    start[o - first + 1] = pairs;
  }
  return { start, target: target.slice(0, pairs), seconds: seconds.slice(0, pairs) };
}

function grow<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as { new (n: number): T })(size);
  bigger.set(array);
  return bigger;
}

/**
 * The earliest arrival at each target for each departure of the window, from
 * one origin: row d (departure from + d * step, ascending) holds targetCount
 * arrivals, seconds after midnight, or -1 where no journey arrives within
 * `maxSeconds` of the departure. For tests and tooltips; transitReach does
 * the same search without keeping the rows.
 */
export function earliestArrivals(query: TransitQuery, origin: number): Int32Array {
  const router = new TransitRouter(query);
  if (!Number.isInteger(origin) || origin < 0 || origin >= query.accessStart.length - 1) {
    fail('origin', `${show(origin)} is not one of the ${query.accessStart.length - 1} origins`);
  }
  const n = departureTimes(query).length;
  const rows = new Int32Array(n * query.targetCount).fill(-1);
  router.run(origin, (d, tau) => {
    for (let k = 0; k < router.touchedCount; k++) {
      const t = router.touched[k];
      const arrival = router.targetArrival[t];
      if (arrival - tau <= query.maxSeconds) rows[d * query.targetCount + t] = arrival;
    }
  });
  return rows;
}

/**
 * The search, with every buffer allocated once and reused across origins.
 * Labels are per round (rides), as RAPTOR's: `label[k * stops + s]` is the
 * earliest known arrival at s with at most k rides, by a ride or a footpath
 * after it (or the access walk, for k = 0), which is where round k + 1
 * boards; `ride[k * stops + s]` the same by a ride only, where footpaths and
 * egress start. Both stay non-increasing in k: an improvement at round k is
 * written to every round from k on.
 */
class TransitRouter {
  private readonly tt: Timetable;
  private readonly query: TransitQuery;
  private readonly rounds: number;
  private readonly departures: number;
  private readonly stops: number;
  /** Where each stop appears in patterns, CSR by stop: pattern and position. */
  private readonly atStart: Int32Array;
  private readonly atPattern: Int32Array;
  private readonly atPosition: Int32Array;
  private readonly label: Int32Array;
  private readonly ride: Int32Array;
  /** Stops improved in the round before (to scan from) and in this round (for the next). */
  private marked: Int32Array;
  private markedCount = 0;
  private next: Int32Array;
  private nextCount = 0;
  private readonly inNext: Uint8Array;
  /** Stops whose ride label improved in this round: footpaths and egress start there. */
  private readonly rode: Int32Array;
  private rodeCount = 0;
  private readonly inRode: Uint8Array;
  /** Patterns to scan this round, and the first marked position on each (-1: not listed). */
  private readonly patterns: Int32Array;
  private readonly firstPosition: Int32Array;
  /** The earliest arrival at each target so far (leaving at the current departure or later). */
  readonly targetArrival: Int32Array;
  /** The targets this origin has reached so far, in the order reached. */
  readonly touched: Int32Array;
  touchedCount = 0;

  constructor(query: TransitQuery) {
    checkQuery(query);
    this.query = query;
    this.tt = query.timetable;
    this.rounds = query.maxRides ?? 4;
    this.departures = departureTimes(query).length;
    const stops = (this.stops = this.tt.stopCount);
    const { patternCount, patternStart, patternStops } = this.tt;
    const entries = patternStart[patternCount];
    this.atStart = new Int32Array(stops + 1);
    for (let k = 0; k < entries; k++) this.atStart[patternStops[k] + 1]++;
    for (let s = 0; s < stops; s++) this.atStart[s + 1] += this.atStart[s];
    const fill = this.atStart.slice(0, stops);
    this.atPattern = new Int32Array(entries);
    this.atPosition = new Int32Array(entries);
    for (let p = 0; p < patternCount; p++) {
      for (let k = patternStart[p]; k < patternStart[p + 1]; k++) {
        const at = fill[patternStops[k]]++;
        this.atPattern[at] = p;
        this.atPosition[at] = k - patternStart[p];
      }
    }
    this.label = new Int32Array((this.rounds + 1) * stops);
    this.ride = new Int32Array((this.rounds + 1) * stops);
    this.marked = new Int32Array(stops);
    this.next = new Int32Array(stops);
    this.inNext = new Uint8Array(stops);
    this.rode = new Int32Array(stops);
    this.inRode = new Uint8Array(stops);
    this.patterns = new Int32Array(patternCount);
    this.firstPosition = new Int32Array(patternCount).fill(-1);
    this.targetArrival = new Int32Array(query.targetCount).fill(NEVER);
    this.touched = new Int32Array(query.targetCount);
  }

  /** Searches from one origin over every departure, latest first, calling `visit` after each with the targets' arrivals current. */
  run(origin: number, visit: (departure: number, tau: number) => void): void {
    const { accessStart, accessStop, accessSeconds, maxSeconds, from, step } = this.query;
    this.label.fill(NEVER);
    this.ride.fill(NEVER);
    for (let k = 0; k < this.touchedCount; k++) this.targetArrival[this.touched[k]] = NEVER;
    this.touchedCount = 0;
    for (let d = this.departures - 1; d >= 0; d--) {
      const tau = from + d * step;
      const bound = tau + maxSeconds;
      // Round 0: the walk from home.
      this.nextCount = 0;
      for (let a = accessStart[origin]; a < accessStart[origin + 1]; a++) {
        const s = accessStop[a];
        const at = tau + accessSeconds[a];
        if (at <= bound && at < this.label[s]) {
          this.improve(this.label, 0, s, at);
          this.mark(s);
        }
      }
      this.advance();
      for (let k = 1; k <= this.rounds && this.markedCount > 0; k++) this.round(k, bound);
      visit(d, tau);
    }
  }

  /** Writes `at` as the arrival at s with at most k rides, and with more (the labels stay non-increasing in k). */
  private improve(labels: Int32Array, k: number, s: number, at: number): void {
    for (let j = k, i = k * this.stops + s; j <= this.rounds && labels[i] > at; j++, i += this.stops) labels[i] = at;
  }

  /** Round k: rides boarded where round k - 1 improved, then one footpath after them, then the walk to the targets. */
  private round(k: number, bound: number): void {
    const { patternStart, patternStops, tripStart, tripTimes, arrivals, departures, transferStart, transferStop, transferSeconds } = this.tt;
    const stops = this.stops;
    const label = this.label;
    const ride = this.ride;
    const before = (k - 1) * stops;
    const now = k * stops;
    // The patterns through the stops marked in round k - 1, each from its first marked position.
    let patternCount = 0;
    for (let m = 0; m < this.markedCount; m++) {
      const s = this.marked[m];
      for (let a = this.atStart[s]; a < this.atStart[s + 1]; a++) {
        const p = this.atPattern[a];
        const position = this.atPosition[a];
        if (this.firstPosition[p] < 0) {
          this.patterns[patternCount++] = p;
          this.firstPosition[p] = position;
        } else if (position < this.firstPosition[p]) this.firstPosition[p] = position;
      }
    }
    this.nextCount = 0;
    this.rodeCount = 0;
    for (let q = 0; q < patternCount; q++) {
      const p = this.patterns[q];
      const first = this.firstPosition[p];
      this.firstPosition[p] = -1;
      const stopBase = patternStart[p];
      const length = patternStart[p + 1] - stopBase;
      const tripFirst = tripStart[p];
      const tripEnd = tripStart[p + 1];
      if (tripFirst === tripEnd) continue;
      let trip = -1;
      let times = 0;
      for (let i = first; i < length; i++) {
        const s = patternStops[stopBase + i];
        if (trip >= 0) {
          const at = arrivals[times + i];
          if (at <= bound) {
            if (at < ride[now + s]) {
              this.improve(ride, k, s, at);
              if (this.inRode[s] === 0) {
                this.inRode[s] = 1;
                this.rode[this.rodeCount++] = s;
              }
            }
            if (at < label[now + s]) {
              this.improve(label, k, s, at);
              this.mark(s);
            }
          }
        }
        if (i === length - 1) break;
        // Board here, or an earlier trip than the one ridden, when round k - 1 arrived in time.
        const ready = label[before + s];
        if (ready > bound) continue;
        if (trip < 0) {
          let lo = tripFirst;
          let hi = tripEnd;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (departures[tripTimes[mid] + i] < ready) lo = mid + 1;
            else hi = mid;
          }
          if (lo < tripEnd && departures[tripTimes[lo] + i] <= bound) {
            trip = lo;
            times = tripTimes[lo];
          }
        } else if (departures[times + i] >= ready) {
          while (trip > tripFirst && departures[tripTimes[trip - 1] + i] >= ready) trip--;
          times = tripTimes[trip];
        }
      }
    }
    // One footpath after the rides (not chained: only from a ride's arrival), and the walks to the targets.
    const { egressStart, egressTarget, egressSeconds } = this.query;
    const targetArrival = this.targetArrival;
    for (let r = 0; r < this.rodeCount; r++) {
      const s = this.rode[r];
      this.inRode[s] = 0;
      const at = ride[now + s];
      for (let f = transferStart[s]; f < transferStart[s + 1]; f++) {
        const q = transferStop[f];
        const there = at + transferSeconds[f];
        if (there <= bound && there < label[now + q]) {
          this.improve(label, k, q, there);
          this.mark(q);
        }
      }
      for (let e = egressStart[s]; e < egressStart[s + 1]; e++) {
        const t = egressTarget[e];
        const there = at + egressSeconds[e];
        if (there < targetArrival[t]) {
          if (targetArrival[t] === NEVER) this.touched[this.touchedCount++] = t;
          targetArrival[t] = there;
        }
      }
    }
    this.advance();
  }

  /** The stops marked in this round become the ones the next round scans from. */
  private advance(): void {
    for (let m = 0; m < this.nextCount; m++) this.inNext[this.next[m]] = 0;
    const swap = this.marked;
    this.marked = this.next;
    this.next = swap;
    this.markedCount = this.nextCount;
    this.nextCount = 0;
  }

  private mark(s: number): void {
    if (this.inNext[s] === 0) {
      this.inNext[s] = 1;
      this.next[this.nextCount++] = s;
    }
  }
}

/** A query's arrays must fit together, so that a bad one fails here with a message rather than as a wrong answer. */
function checkQuery(query: TransitQuery): void {
  const tt = query.timetable;
  const stops = tt.stopCount;
  const integer = (field: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) fail(field, `${show(value)} is not a whole number from ${min}`);
  };
  integer('transit.from', query.from, -86_400);
  integer('transit.to', query.to, -86_400);
  integer('transit.step', query.step, 1);
  integer('transit.targetCount', query.targetCount, 0);
  if (query.maxRides !== undefined) integer('transit.maxRides', query.maxRides, 1);
  if (!(query.maxSeconds >= 0) || query.maxSeconds > 1e8) fail('transit.maxSeconds', `${show(query.maxSeconds)} is not a number of seconds from 0`);
  if (query.to > query.from + 3 * 86_400) fail('transit.to', `${show(query.to)} is more than three days after from (${show(query.from)})`);
  const csr = (name: string, start: Int32Array, rows: number, items: Int32Array, itemsName: string, limit: number, seconds: Int32Array, secondsName: string) => {
    if (start.length !== rows + 1 || start[0] !== 0) fail(`${name}`, `has ${start.length} entries starting at ${show(start[0])}; expected ${rows + 1} starting at 0`);
    for (let r = 0; r < rows; r++) if (start[r + 1] < start[r]) fail(`${name}[${r + 1}]`, `${start[r + 1]} is less than the entry before (${start[r]})`);
    if (items.length < start[rows]) fail(itemsName, `has ${items.length} entries; ${name} needs ${start[rows]}`);
    if (seconds.length < start[rows]) fail(secondsName, `has ${seconds.length} entries; ${name} needs ${start[rows]}`);
    for (let k = 0; k < start[rows]; k++) {
      if (!(items[k] >= 0 && items[k] < limit)) fail(`${itemsName}[${k}]`, `${show(items[k])} is not below ${limit}`);
      if (!(seconds[k] >= 0)) fail(`${secondsName}[${k}]`, `${show(seconds[k])} seconds is negative`);
    }
  };
  if (!(query.accessStart.length >= 1)) fail('transit.accessStart', 'is empty; it needs one entry per origin and one more');
  csr('transit.accessStart', query.accessStart, query.accessStart.length - 1, query.accessStop, 'transit.accessStop', stops, query.accessSeconds, 'transit.accessSeconds');
  csr('transit.egressStart', query.egressStart, stops, query.egressTarget, 'transit.egressTarget', query.targetCount, query.egressSeconds, 'transit.egressSeconds');
  csr('timetable.transferStart', tt.transferStart, stops, tt.transferStop, 'timetable.transferStop', stops, tt.transferSeconds, 'timetable.transferSeconds');
  const patterns = tt.patternCount;
  if (tt.patternStart.length !== patterns + 1 || tt.tripStart.length !== patterns + 1) {
    fail('timetable.patternStart', `patternStart has ${tt.patternStart.length} entries and tripStart ${tt.tripStart.length}; ${patterns} patterns need ${patterns + 1}`);
  }
  if (tt.patternStart[0] !== 0 || tt.tripStart[0] !== 0) fail('timetable.patternStart[0]', `patternStart and tripStart start at ${tt.patternStart[0]} and ${tt.tripStart[0]}; expected 0`);
  if (tt.stopX.length !== stops || tt.stopY.length !== stops) fail('timetable.stopX', `${tt.stopX.length} x and ${tt.stopY.length} y for ${stops} stops`);
  for (let p = 0; p < patterns; p++) {
    const length = tt.patternStart[p + 1] - tt.patternStart[p];
    if (length < 0 || tt.patternStart[p + 1] > tt.patternStops.length) fail(`timetable.patternStart[${p + 1}]`, `${tt.patternStart[p + 1]} does not follow ${tt.patternStart[p]} within ${tt.patternStops.length} pattern stops`);
    if (tt.tripStart[p + 1] < tt.tripStart[p] || tt.tripStart[p + 1] > tt.tripTimes.length) fail(`timetable.tripStart[${p + 1}]`, `${tt.tripStart[p + 1]} does not follow ${tt.tripStart[p]} within ${tt.tripTimes.length} trips`);
    for (let k = tt.patternStart[p]; k < tt.patternStart[p + 1]; k++) {
      if (!(tt.patternStops[k] >= 0 && tt.patternStops[k] < stops)) fail(`timetable.patternStops[${k}]`, `${show(tt.patternStops[k])} is not one of the ${stops} stops`);
    }
    for (let t = tt.tripStart[p]; t < tt.tripStart[p + 1]; t++) {
      if (!(tt.tripTimes[t] >= 0 && tt.tripTimes[t] + length <= Math.min(tt.arrivals.length, tt.departures.length))) {
        fail(`timetable.tripTimes[${t}]`, `${show(tt.tripTimes[t])} leaves no room for the ${length} times of its pattern`);
      }
      // The search boards the earliest trip it can catch: that is only right when no trip overtakes the one before.
      if (t === tt.tripStart[p]) continue;
      for (let i = 0; i < length; i++) {
        const before = tt.tripTimes[t - 1] + i;
        const here = tt.tripTimes[t] + i;
        if (tt.departures[here] < tt.departures[before] || tt.arrivals[here] < tt.arrivals[before]) {
          fail(`timetable.tripTimes[${t}]`, `trip ${t} of pattern ${p} overtakes trip ${t - 1} at stop ${i + 1} of the pattern (${tt.arrivals[here]}/${tt.departures[here]} s against ${tt.arrivals[before]}/${tt.departures[before]} s)`);
        }
      }
    }
  }
}
