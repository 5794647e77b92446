import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/instance/errors';
import { mergeTimetables, withFootpaths } from '../../src/engine/transit/footpaths';
import { frequencyTimetable } from '../../src/engine/transit/frequencyRoute';
import { departureTimes, earliestArrivals, transitReach, type TransitQuery } from '../../src/engine/transit/raptor';
import type { Timetable } from '../../src/engine/transit/timetable';
import { straightWalks, walksByStop } from '../../src/engine/transit/walks';

/** A timetable written out plainly: trips as [arrival, departure] per stop of their pattern. */
interface PlainTimetable {
  stops: [number, number][];
  patterns: { stops: number[]; trips: [number, number][][] }[];
  transfers: [number, number, number][];
}

function timetableOf(plain: PlainTimetable): Timetable {
  const n = plain.stops.length;
  const patternStart = [0];
  const patternStops: number[] = [];
  const tripStart = [0];
  const tripTimes: number[] = [];
  const arrivals: number[] = [];
  const departures: number[] = [];
  for (const pattern of plain.patterns) {
    patternStops.push(...pattern.stops);
    patternStart.push(patternStops.length);
    for (const trip of pattern.trips) {
      tripTimes.push(arrivals.length);
      for (const [a, d] of trip) {
        arrivals.push(a);
        departures.push(d);
      }
    }
    tripStart.push(tripTimes.length);
  }
  const transfers = [...plain.transfers].sort((a, b) => a[0] - b[0]);
  const transferStart = new Int32Array(n + 1);
  for (const [from] of transfers) transferStart[from + 1]++;
  for (let s = 0; s < n; s++) transferStart[s + 1] += transferStart[s];
  return {
    stopCount: n,
    stopX: Float64Array.from(plain.stops, (p) => p[0]),
    stopY: Float64Array.from(plain.stops, (p) => p[1]),
    patternCount: plain.patterns.length,
    patternStart: Int32Array.from(patternStart),
    patternStops: Int32Array.from(patternStops),
    tripStart: Int32Array.from(tripStart),
    tripTimes: Int32Array.from(tripTimes),
    arrivals: Int32Array.from(arrivals),
    departures: Int32Array.from(departures),
    patternRoute: Int32Array.from(plain.patterns, (_, p) => p),
    routeIds: plain.patterns.map((_, p) => `route ${p}`),
    transferStart,
    transferStop: Int32Array.from(transfers, (t) => t[1]),
    transferSeconds: Int32Array.from(transfers, (t) => t[2]),
  };
}

interface Walks {
  /** Per origin: [stop, seconds]. */
  access: [number, number][][];
  /** [stop, target, seconds]. */
  egress: [number, number, number][];
  targetCount: number;
}

function queryOf(timetable: Timetable, walks: Walks, window: { from: number; to: number; step: number; maxSeconds: number; maxRides?: number }): TransitQuery {
  const accessStart = Int32Array.from([0, ...walks.access.map((_, o) => walks.access.slice(0, o + 1).flat().length)]);
  const egress = [...walks.egress].sort((a, b) => a[0] - b[0]);
  const egressStart = new Int32Array(timetable.stopCount + 1);
  for (const [s] of egress) egressStart[s + 1]++;
  for (let s = 0; s < timetable.stopCount; s++) egressStart[s + 1] += egressStart[s];
  return {
    timetable,
    accessStart,
    accessStop: Int32Array.from(walks.access.flat(), (a) => a[0]),
    accessSeconds: Int32Array.from(walks.access.flat(), (a) => a[1]),
    egressStart,
    egressTarget: Int32Array.from(egress, (e) => e[1]),
    egressSeconds: Int32Array.from(egress, (e) => e[2]),
    targetCount: walks.targetCount,
    ...window,
  };
}

/**
 * The independent reference: an explicit time-expanded graph for one
 * departure. Nodes are events: each trip's departure from and arrival at each
 * stop of its pattern, and each stop's timeline of moments someone can stand
 * there (one node per distinct time: an access walk's end, an alighting, a
 * footpath's end, a departure to board). Edges: along each stop's timeline
 * (waiting), timeline to a trip's departure at that time (boarding: one
 * ride), departure to the next arrival of the trip (riding), arrival to the
 * trip's departure at the same stop (staying on), arrival to the stop's
 * timeline at that time (alighting) and to another stop's timeline after a
 * footpath. A 0-1 breadth-first search from home gives each node the fewest
 * rides that reach it; a target's earliest arrival is the least trip arrival
 * reached within the ride limit, plus the walk from that stop.
 */
function timeExpandedArrivals(tt: Timetable, access: [number, number][], egress: [number, number, number][], targetCount: number, tau: number, maxRides: number): number[] {
  const time: number[] = [];
  const out: [number, number][][] = [];
  const node = (t: number) => {
    time.push(t);
    out.push([]);
    return time.length - 1;
  };
  const timeline = new Map<number, Map<number, number>>();
  const standAt = (stop: number, t: number) => {
    if (!timeline.has(stop)) timeline.set(stop, new Map());
    const line = timeline.get(stop)!;
    if (!line.has(t)) line.set(t, node(t));
    return line.get(t)!;
  };
  const arrivalNodes: { node: number; stop: number; time: number }[] = [];
  for (let p = 0; p < tt.patternCount; p++) {
    const stops = Array.from(tt.patternStops.subarray(tt.patternStart[p], tt.patternStart[p + 1]));
    for (let trip = tt.tripStart[p]; trip < tt.tripStart[p + 1]; trip++) {
      const base = tt.tripTimes[trip];
      const leave = stops.map((_, i) => node(tt.departures[base + i]));
      const arrive = stops.map((_, i) => node(tt.arrivals[base + i]));
      stops.forEach((stop, i) => {
        if (i + 1 < stops.length) {
          out[leave[i]].push([arrive[i + 1], 0]);
          out[arrive[i]].push([leave[i], 0]);
          out[standAt(stop, tt.departures[base + i])].push([leave[i], 1]);
        }
        if (i > 0) {
          const t = tt.arrivals[base + i];
          arrivalNodes.push({ node: arrive[i], stop, time: t });
          out[arrive[i]].push([standAt(stop, t), 0]);
          for (let f = tt.transferStart[stop]; f < tt.transferStart[stop + 1]; f++) out[arrive[i]].push([standAt(tt.transferStop[f], t + tt.transferSeconds[f]), 0]);
        }
      });
    }
  }
  const home = node(tau);
  for (const [stop, seconds] of access) out[home].push([standAt(stop, tau + seconds), 0]);
  for (const line of timeline.values()) {
    const moments = [...line.keys()].sort((a, b) => a - b);
    for (let k = 0; k + 1 < moments.length; k++) out[line.get(moments[k])!].push([line.get(moments[k + 1])!, 0]);
  }
  const rides = new Array<number>(time.length).fill(Infinity);
  rides[home] = 0;
  const deque = [home];
  while (deque.length > 0) {
    const v = deque.shift()!;
    for (const [w, cost] of out[v]) {
      if (rides[v] + cost < rides[w]) {
        rides[w] = rides[v] + cost;
        if (cost === 0) deque.unshift(w);
        else deque.push(w);
      }
    }
  }
  const best = new Array<number>(targetCount).fill(Infinity);
  for (const a of arrivalNodes) {
    if (rides[a.node] > maxRides) continue;
    for (const [stop, target, seconds] of egress) if (stop === a.stop) best[target] = Math.min(best[target], a.time + seconds);
  }
  return best;
}

/** The median of the departures' travel times, a time over the norm counting as infinite. */
function medianOf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function reachOf(reach: { start: Int32Array; target: Int32Array; seconds: Float64Array }, origin: number): Map<number, number> {
  const found = new Map<number, number>();
  for (let k = reach.start[origin]; k < reach.start[origin + 1]; k++) found.set(reach.target[k], reach.seconds[k]);
  return found;
}

/**
 * A random small day: trips built from a first trip's times and random gaps, raised where needed so that none overtakes
 * another. Small stop counts half the time and small ride limits often, so that lines share stops and multi-ride journeys
 * compete; the ride limit of the reference is exact (it counts rides), so it is tested where it binds.
 */
const instanceArbitrary = fc.oneof(fc.integer({ min: 3, max: 5 }), fc.integer({ min: 3, max: 12 })).chain((n) =>
  fc.record({
    stops: fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 })), { minLength: n, maxLength: n }),
    patterns: fc.array(
      fc.record({
        stops: fc.array(fc.nat(n - 1), { minLength: 2, maxLength: 7 }),
        // Whole minutes (mostly), so that journeys often tie: that is where pruning goes wrong.
        first: fc.integer({ min: 6 * 60, max: 6.5 * 60 }).map((m) => m * 60),
        gaps: fc.array(fc.integer({ min: 0, max: 12 }).map((m) => m * 60), { maxLength: 5, size: 'max' }),
        runs: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }).map((m) => m * 60), fc.integer({ min: 0, max: 600 })), { minLength: 42, maxLength: 42 }),
        dwells: fc.array(fc.constantFrom(0, 0, 20, 60), { minLength: 42, maxLength: 42 }),
      }),
      { minLength: 1, maxLength: 5, size: 'max' },
    ),
    transfers: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 0, max: 10 }).map((m) => m * 60)), { maxLength: 14, selector: (t) => `${t[0]} ${t[1]}` }),
    access: fc.array(fc.array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 0, max: 15 }).map((m) => m * 60)), { maxLength: 4, size: 'max' }), { minLength: 1, maxLength: 3 }),
    targetCount: fc.integer({ min: 1, max: 4 }),
    egress: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(3), fc.integer({ min: 0, max: 900 })), { maxLength: 12, size: 'max' }),
    from: fc.integer({ min: 6 * 60, max: 6.75 * 60 }).map((m) => m * 60),
    count: fc.integer({ min: 1, max: 8 }),
    step: fc.constantFrom(60, 60, 1, 137, 600),
    maxSeconds: fc.oneof(fc.constant(1e7), fc.integer({ min: 0, max: 5400 })),
    maxRides: fc.constantFrom(undefined, 1, 2, 2, 3, 4),
  }),
);

type Instance = typeof instanceArbitrary extends fc.Arbitrary<infer T> ? T : never;

function build(instance: Instance): { timetable: Timetable; walks: Walks; query: TransitQuery } {
  const patterns = instance.patterns.map((pattern) => {
    const trips: [number, number][][] = [];
    let start = pattern.first;
    for (let j = 0; j <= pattern.gaps.length; j++) {
      if (j > 0) start += pattern.gaps[j - 1];
      const before = trips[j - 1];
      const trip: [number, number][] = [];
      pattern.stops.forEach((_, i) => {
        const r = (j * 7 + i) % 42;
        const arrival = Math.max(i === 0 ? start : trip[i - 1][1] + pattern.runs[r], before ? before[i][0] : -Infinity);
        const departure = Math.max(arrival + pattern.dwells[r], before ? before[i][1] : -Infinity);
        trip.push([arrival, departure]);
      });
      trips.push(trip);
    }
    return { stops: pattern.stops, trips };
  });
  const timetable = timetableOf({ stops: instance.stops, patterns, transfers: instance.transfers });
  const walks: Walks = {
    access: instance.access,
    egress: instance.egress.map(([s, t, e]) => [s, t % instance.targetCount, e]),
    targetCount: instance.targetCount,
  };
  const query = queryOf(timetable, walks, {
    from: instance.from,
    to: instance.from + instance.count * instance.step,
    step: instance.step,
    maxSeconds: instance.maxSeconds,
    maxRides: instance.maxRides,
  });
  return { timetable, walks, query };
}

describe('transit: range-RAPTOR against a time-expanded graph', () => {
  it('gives every departure the earliest arrival at every target within the norm and ride limit, and the medians (random small days)', () => {
    let reachedSome = 0;
    let limitBound = 0;
    let severalRides = 0;
    fc.assert(
      fc.property(instanceArbitrary, (instance) => {
        const { timetable, walks, query } = build(instance);
        const maxRides = query.maxRides ?? 4;
        const times = departureTimes(query);
        expect(times.length).toBe(instance.count);
        const reach = transitReach(query);
        expect(reach.start.length).toBe(walks.access.length + 1);
        for (let o = 0; o < walks.access.length; o++) {
          const rows = earliestArrivals(query, o);
          const travel: number[][] = Array.from({ length: walks.targetCount }, () => []);
          times.forEach((tau, d) => {
            const reference = timeExpandedArrivals(timetable, walks.access[o], walks.egress, walks.targetCount, tau, maxRides);
            if (maxRides < 4) {
              const unlimited = timeExpandedArrivals(timetable, walks.access[o], walks.egress, walks.targetCount, tau, 99);
              if (unlimited.some((a, t) => a < reference[t])) limitBound++;
            }
            const one = timeExpandedArrivals(timetable, walks.access[o], walks.egress, walks.targetCount, tau, 1);
            if (one.some((a, t) => a > reference[t])) severalRides++;
            for (let t = 0; t < walks.targetCount; t++) {
              const within = reference[t] - tau <= query.maxSeconds;
              expect(rows[d * walks.targetCount + t], `origin ${o}, departure ${tau}, target ${t}`).toBe(within ? reference[t] : -1);
              travel[t].push(within ? reference[t] - tau : Infinity);
              if (within) reachedSome++;
            }
          });
          const found = reachOf(reach, o);
          for (let t = 0; t < walks.targetCount; t++) {
            const median = medianOf(travel[t]);
            if (median <= query.maxSeconds) expect(found.get(t), `origin ${o}, target ${t}`).toBe(median);
            else expect(found.has(t), `origin ${o}, target ${t}`).toBe(false);
          }
          // Ascending targets.
          const targets = [...found.keys()];
          expect(targets).toEqual([...targets].sort((a, b) => a - b));
        }
        // A range of origins (a worker's share) gives the same as the whole.
        if (walks.access.length >= 2) {
          const part = transitReach(query, { from: 1, to: walks.access.length });
          for (let o = 1; o < walks.access.length; o++) expect(reachOf(part, o - 1)).toEqual(reachOf(reach, o));
        }
      }),
      { numRuns: 600, seed: 20261206 },
    );
    // The generated days are not trivial: journeys are found, some need more than one ride, and the ride limit changes some.
    expect(reachedSome).toBeGreaterThan(500);
    expect(severalRides).toBeGreaterThan(50);
    expect(limitBound).toBeGreaterThan(5);
  });
});

const at = (h: number, m: number, s = 0) => h * 3600 + m * 60 + s;

describe('transit: hand-made days', () => {
  // Stops A (0), B (1), C (2), D (3). Bus 1: A -> B, leaving A at 7:10 and 7:20, 10 minutes' ride. Bus 2: C -> D at 7:25 and 7:35, 5 minutes.
  const plain: PlainTimetable = {
    stops: [[0, 0], [3000, 0], [3100, 0], [3100, 3000]],
    patterns: [
      { stops: [0, 1], trips: [[[at(7, 10), at(7, 10)], [at(7, 20), at(7, 20)]], [[at(7, 20), at(7, 20)], [at(7, 30), at(7, 30)]]] },
      { stops: [2, 3], trips: [[[at(7, 25), at(7, 25)], [at(7, 30), at(7, 30)]], [[at(7, 35), at(7, 35)], [at(7, 40), at(7, 40)]]] },
    ],
    transfers: [[1, 2, 120]],
  };
  const timetable = timetableOf(plain);
  // Origin 0 walks a minute to A; target 0 is right at B, target 1 right at D.
  const walks: Walks = { access: [[[0, 60]]], egress: [[1, 0, 0], [3, 1, 0]], targetCount: 2 };

  it('waits for the next bus, and boards one leaving the very second the rider arrives', () => {
    const query = queryOf(timetable, walks, { from: at(7, 9), to: at(7, 9, 2), step: 1, maxSeconds: 3600 });
    const rows = earliestArrivals(query, 0);
    // Leaving at 7:09:00, at A at 7:10:00 as the first bus leaves: B at 7:20. A second later, the 7:20 bus: B at 7:30.
    expect(rows[0]).toBe(at(7, 20));
    expect(rows[2]).toBe(at(7, 30));
  });

  it('changes buses by a footpath, and not without it or with one ride only', () => {
    const query = queryOf(timetable, walks, { from: at(7, 0), to: at(7, 1), step: 60, maxSeconds: 3600 });
    // 7:10 bus to B (7:20), two minutes to C (7:22), the 7:25 bus to D (7:30).
    expect(earliestArrivals(query, 0)[1]).toBe(at(7, 30));
    expect(earliestArrivals({ ...query, maxRides: 1 }, 0)[1]).toBe(-1);
    const noFootpath = timetableOf({ ...plain, transfers: [] });
    expect(earliestArrivals({ ...query, timetable: noFootpath }, 0)[1]).toBe(-1);
    // A slow footpath (6 minutes: C at 7:26) misses the 7:25 bus and takes the 7:35: D at 7:40.
    const slow = timetableOf({ ...plain, transfers: [[1, 2, 360]] });
    expect(earliestArrivals({ ...query, timetable: slow }, 0)[1]).toBe(at(7, 40));
  });

  it('takes the median over the departures, a trip over the norm counting as infinite (n even: the mean of the middle two)', () => {
    // Leaving at 7:00, 7:02, 7:04, 7:06 all take the 7:10 bus to B (7:20): 20, 18, 16, 14 minutes.
    const query = queryOf(timetable, walks, { from: at(7, 0), to: at(7, 8), step: 120, maxSeconds: 20 * 60 });
    expect(reachOf(transitReach(query), 0).get(0)).toBe(17 * 60);
    // With an 18-minute norm the 20 is infinite: 14, 16, 18, inf still has 17 minutes in the middle.
    expect(reachOf(transitReach({ ...query, maxSeconds: 18 * 60 }), 0).get(0)).toBe(17 * 60);
    // With 17 minutes, 14, 16, inf, inf: the median is infinite, so the target is not kept although the trips' own median is 17.
    expect(reachOf(transitReach({ ...query, maxSeconds: 17 * 60 }), 0).has(0)).toBe(false);
    // D by the two buses: 30, 28, 26, 24 minutes: kept with a 30-minute norm at 27 minutes, not with 25.
    expect(reachOf(transitReach({ ...query, maxSeconds: 30 * 60 }), 0).get(1)).toBe(27 * 60);
    expect(reachOf(transitReach({ ...query, maxSeconds: 25 * 60 }), 0).has(1)).toBe(false);
  });

  it('keeps labels per number of rides across departures: a later departure reaching a stop as early with more rides does not hide an earlier one with fewer', () => {
    // H (0), X (1), S (2), T (3), S' (4). Leaving 7:01: H -> X -> S, two rides, S at 7:30. Leaving 7:00 also catches a direct H -> S at
    // 7:00:30, S at 7:30 with one ride, which leaves a second ride for S -> T at 7:40 (T at 7:50); or, in the second day, for S' -> T
    // after two minutes' walk from S to S'. Two rides at most: the 7:01 departure cannot reach T.
    const day = (onwardFrom: number) =>
      timetableOf({
        stops: [[0, 0], [1000, 0], [2000, 0], [3000, 0], [2000, 100]],
        patterns: [
          { stops: [0, 1], trips: [[[at(7, 2), at(7, 2)], [at(7, 10), at(7, 10)]]] },
          { stops: [1, 2], trips: [[[at(7, 12), at(7, 12)], [at(7, 30), at(7, 30)]]] },
          { stops: [0, 2], trips: [[[at(7, 0, 30), at(7, 0, 30)], [at(7, 30), at(7, 30)]]] },
          { stops: [onwardFrom, 3], trips: [[[at(7, 40), at(7, 40)], [at(7, 50), at(7, 50)]]] },
        ],
        transfers: [[2, 4, 120]],
      });
    for (const onwardFrom of [2, 4]) {
      const query = queryOf(day(onwardFrom), { access: [[[0, 0]]], egress: [[3, 0, 0]], targetCount: 1 }, { from: at(7, 0), to: at(7, 2), step: 60, maxSeconds: 3600, maxRides: 2 });
      expect([...earliestArrivals(query, 0)], `onward from stop ${onwardFrom}`).toEqual([at(7, 50), -1]);
      expect(reachOf(transitReach(query), 0).has(0)).toBe(false);
      expect(reachOf(transitReach({ ...query, to: at(7, 1) }), 0).get(0)).toBe(50 * 60);
    }
  });

  it('does not count walking alone, nor a walk after a footpath, as a transit journey', () => {
    // Target 2 is a short walk from A (where the origin walks to) and from C (a footpath from B): neither is a journey by transit.
    const query = queryOf(timetable, { ...walks, egress: [[0, 0, 30], [2, 0, 30]], targetCount: 1 }, { from: at(7, 0), to: at(7, 10), step: 60, maxSeconds: 3600 });
    expect(transitReach(query).target.length).toBe(0);
    expect([...earliestArrivals(query, 0)].every((a) => a === -1)).toBe(true);
  });

  it('a drawn line every 10 minutes, 5 minutes between its stops, 2 minutes to and from them: median 13.5 minutes', () => {
    const line = { id: 'drawn', stopX: Float64Array.of(0, 3000), stopY: Float64Array.of(0, 0), runSeconds: Float64Array.of(300), dwellSeconds: 0, headwaySeconds: 600, bothWays: true };
    const window = { from: at(7, 0), to: at(9, 0) };
    const drawn = frequencyTimetable([line], { from: window.from, to: window.to + 15 * 60 });
    expect(drawn.patternCount).toBe(2);
    // Origin 0 by the first stop, origin 1 by the second; target 0 by the second, target 1 by the first.
    const lineWalks: Walks = { access: [[[0, 120]], [[1, 120]]], egress: [[1, 0, 120], [0, 1, 120]], targetCount: 2 };
    const query = queryOf(drawn, lineWalks, { ...window, step: 60, maxSeconds: 15 * 60 });
    // Leaving at 7:00 + m minutes, at the stop at m + 2, waits w = (-(m + 2)) mod 10 minutes: 9 + w minutes in all, each w twelve
    // times over the 120 departures. The 60th and 61st smallest are 13 and 14 minutes: the median is 13.5 (810 s). Both ways.
    const reach = transitReach(query);
    expect(reachOf(reach, 0)).toEqual(new Map([[0, 810]]));
    expect(reachOf(reach, 1)).toEqual(new Map([[1, 810]]));
    // With a 13-minute norm exactly half the departures (w <= 4) make it: not more than half, so not kept.
    expect(transitReach({ ...query, maxSeconds: 13 * 60 }).target.length).toBe(0);
    // The last departure (8:59, at the stop 9:01) finds the 9:10 vehicle: 18 minutes.
    const rows = earliestArrivals({ ...query, maxSeconds: 3600 }, 0);
    expect(rows[119 * 2] - at(8, 59)).toBe(18 * 60);
  });

  it('a drawn line joined by withFootpaths to a feed stop 300 m away, and not to one 500 m away', () => {
    const every = (id: string, x: number[], y: number[]) => ({ id, stopX: Float64Array.from(x), stopY: Float64Array.from(y), runSeconds: Float64Array.of(600), dwellSeconds: 0, headwaySeconds: 600, bothWays: false });
    const feed = frequencyTimetable([every('feed', [0, 0], [0, 5000])], { from: at(7, 0), to: at(8, 0) });
    const walkOptions = { maxMetres: 400, metresPerSecond: 1.4, detour: 1.25 };
    const reaches = (endX: number) => {
      const drawn = frequencyTimetable([every('drawn', [-4000, endX], [0, 0])], { from: at(7, 0), to: at(8, 0) });
      const merged = withFootpaths(mergeTimetables(feed, drawn), walkOptions);
      // Feed stops 0, 1; drawn stops 2, 3. Origin by the drawn line's first stop, the target by the feed's far stop.
      const query = queryOf(merged, { access: [[[2, 60]]], egress: [[1, 0, 60]], targetCount: 1 }, { from: at(7, 0), to: at(7, 30), step: 60, maxSeconds: 3600 });
      return { merged, found: reachOf(transitReach(query), 0) };
    };
    const near = reaches(300);
    expect(near.merged.stopCount).toBe(4);
    expect(near.merged.routeIds).toEqual(['feed', 'drawn']);
    expect([...near.merged.patternStops]).toEqual([0, 1, 2, 3]);
    // The walk from the drawn line's end to the feed stop: 300 m x 1.25 at 1.4 m/s, 268 s.
    expect([...near.merged.transferStop.subarray(near.merged.transferStart[3], near.merged.transferStart[4])]).toEqual([0]);
    expect(near.merged.transferSeconds[near.merged.transferStart[3]]).toBe(268);
    expect(near.found.has(0)).toBe(true);
    const far = reaches(500);
    expect(far.merged.transferStart[4] - far.merged.transferStart[3]).toBe(0);
    expect(far.found.has(0)).toBe(false);
  });

  it('a drawn line runs from a whole run before the span to its end, both ways, with its dwell and its running times reversed', () => {
    // Three stops, 100 s then 200 s, 30 s at the middle stop, every 10 minutes over 7:00-8:00: a whole run is 330 s.
    const line = { id: 'L', stopX: Float64Array.of(0, 1, 2), stopY: Float64Array.of(0, 0, 0), runSeconds: Float64Array.of(100, 200), dwellSeconds: 30, headwaySeconds: 600, bothWays: true };
    const drawn = frequencyTimetable([line], { from: at(7, 0), to: at(8, 0) });
    expect([...drawn.patternStops]).toEqual([0, 1, 2, 2, 1, 0]);
    expect([...drawn.patternRoute]).toEqual([0, 0]);
    // 6:50 (at or before 7:00 - 330 s) to 8:00: 8 trips each way.
    expect([...drawn.tripStart]).toEqual([0, 8, 16]);
    const trip = (t: number) => [0, 1, 2].map((k) => [drawn.arrivals[drawn.tripTimes[t] + k], drawn.departures[drawn.tripTimes[t] + k]]);
    expect(trip(0)).toEqual([[at(6, 50), at(6, 50)], [at(6, 50) + 100, at(6, 50) + 130], [at(6, 50) + 330, at(6, 50) + 330]]);
    expect(trip(7)[0]).toEqual([at(8, 0), at(8, 0)]);
    expect(trip(8)).toEqual([[at(6, 50), at(6, 50)], [at(6, 50) + 200, at(6, 50) + 230], [at(6, 50) + 330, at(6, 50) + 330]]);
  });

  it('merges two timetables with their own transfers, shifting the second one\'s stops, trips and routes', () => {
    const a = timetableOf({ stops: [[0, 0], [1, 0], [2, 0]], patterns: [{ stops: [0, 1, 2], trips: [[[0, 0], [10, 10], [20, 20]]] }], transfers: [[1, 2, 50]] });
    const b = timetableOf({ stops: [[5, 0], [6, 0]], patterns: [{ stops: [1, 0], trips: [[[100, 100], [110, 110]], [[200, 200], [210, 210]]] }], transfers: [[0, 1, 70]] });
    const merged = mergeTimetables(a, b);
    expect(merged.stopCount).toBe(5);
    expect([...merged.stopX]).toEqual([0, 1, 2, 5, 6]);
    expect([...merged.patternStart]).toEqual([0, 3, 5]);
    expect([...merged.patternStops]).toEqual([0, 1, 2, 4, 3]);
    expect([...merged.tripStart]).toEqual([0, 1, 3]);
    expect([...merged.tripTimes]).toEqual([0, 3, 5]);
    expect([...merged.arrivals]).toEqual([0, 10, 20, 100, 110, 200, 210]);
    expect([...merged.patternRoute]).toEqual([0, 1]);
    expect(merged.routeIds).toEqual(['route 0', 'route 0']);
    expect([...merged.transferStart]).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...merged.transferStop]).toEqual([2, 4]);
    expect([...merged.transferSeconds]).toEqual([50, 70]);
  });

  it('keeps a feed transfer over a walk between the same stops', () => {
    const withOwn = timetableOf({ ...plain, stops: [[0, 0], [3000, 0], [3100, 0], [3100, 390]], transfers: [[1, 2, 999]] });
    const walked = withFootpaths(withOwn, { maxMetres: 400, metresPerSecond: 1.4, detour: 1.25 });
    const row = (s: number) => Array.from({ length: walked.transferStart[s + 1] - walked.transferStart[s] }, (_, k) => [walked.transferStop[walked.transferStart[s] + k], walked.transferSeconds[walked.transferStart[s] + k]]);
    expect(row(1)).toEqual([[2, 999]]);
    // Stop 3 is 390 m from stop 2 and 403 m from stop 1.
    expect(row(2)).toEqual([[1, Math.round((100 * 1.25) / 1.4)], [3, Math.round((390 * 1.25) / 1.4)]]);
    expect(row(3)).toEqual([[2, Math.round((390 * 1.25) / 1.4)]]);
    expect(row(0)).toEqual([]);
  });
});

describe('transit: straight walks to and from stops', () => {
  it('keep every stop within the walk (rounded seconds, inclusive), by point and turned by stop', () => {
    const coordinates = fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 12 });
    fc.assert(
      fc.property(coordinates, coordinates, fc.integer({ min: 0, max: 1200 }), (stops, points, maxSeconds) => {
        const timetable = { stopCount: stops.length, stopX: Float64Array.from(stops, (p) => p[0]), stopY: Float64Array.from(stops, (p) => p[1]) };
        const options = { maxSeconds, metresPerSecond: 1.4, detour: 1.25 };
        const walks = straightWalks(Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]), timetable, options);
        const expected: [number, number, number][] = [];
        points.forEach(([x, y], i) =>
          stops.forEach(([sx, sy], s) => {
            const seconds = Math.round((Math.hypot(sx - x, sy - y) * 1.25) / 1.4);
            if (seconds <= maxSeconds) expected.push([i, s, seconds]);
          }),
        );
        const byPoint = points.flatMap((_, i) => Array.from({ length: walks.start[i + 1] - walks.start[i] }, (_, k): [number, number, number] => [i, walks.stop[walks.start[i] + k], walks.seconds[walks.start[i] + k]]));
        expect(byPoint).toEqual(expected);
        const turned = walksByStop(walks, stops.length);
        const byStop = stops.flatMap((_, s) => Array.from({ length: turned.start[s + 1] - turned.start[s] }, (_, k): [number, number, number] => [turned.target[turned.start[s] + k], s, turned.seconds[turned.start[s] + k]]));
        expect(byStop).toEqual([...expected].sort((a, b) => a[1] - b[1] || a[0] - b[0]));
      }),
      { numRuns: 200, seed: 21 },
    );
  });
});

describe('transit: bad input', () => {
  const timetable = timetableOf({ stops: [[0, 0], [100, 0]], patterns: [{ stops: [0, 1], trips: [[[0, 0], [60, 60]]] }], transfers: [] });
  const good = queryOf(timetable, { access: [[[0, 0]]], egress: [[1, 0, 0]], targetCount: 1 }, { from: 0, to: 60, step: 60, maxSeconds: 600 });

  it('names the field and the value', () => {
    const message = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(transitReach(good).target.length).toBe(1);
    expect(message(() => transitReach({ ...good, accessStop: Int32Array.of(7) }))).toBe('transit.accessStop[0]: 7 is not below 2');
    expect(message(() => transitReach({ ...good, step: 0 }))).toBe('transit.step: 0 is not a whole number from 1');
    expect(message(() => transitReach({ ...good, egressTarget: Int32Array.of(3) }))).toBe('transit.egressTarget[0]: 3 is not below 1');
    expect(message(() => transitReach({ ...good, maxSeconds: Number.NaN }))).toBe('transit.maxSeconds: NaN is not a number of seconds from 0');
    expect(message(() => transitReach(good, { from: 0, to: 5 }))).toBe('origins: 0 .. 5 is not a range of the 1 origins');
    expect(message(() => transitReach({ ...good, timetable: { ...timetable, patternStops: Int32Array.of(0, 9) } }))).toBe('timetable.patternStops[1]: 9 is not one of the 2 stops');
    const overtaking = timetableOf({ stops: [[0, 0], [100, 0]], patterns: [{ stops: [0, 1], trips: [[[0, 0], [600, 600]], [[60, 60], [300, 300]]] }], transfers: [] });
    expect(message(() => transitReach({ ...good, timetable: overtaking }))).toBe('timetable.tripTimes[1]: trip 1 of pattern 0 overtakes trip 0 at stop 2 of the pattern (300/300 s against 600/600 s)');
    const line = { id: 'x', stopX: Float64Array.of(0, 1), stopY: Float64Array.of(0, 1), runSeconds: Float64Array.of(60, 60), dwellSeconds: 0, headwaySeconds: 600, bothWays: false };
    expect(message(() => frequencyTimetable([line], { from: 0, to: 3600 }))).toBe('lines[0].runSeconds: 2 running times for 2 stops; expected 1');
    expect(message(() => frequencyTimetable([{ ...line, runSeconds: Float64Array.of(60), headwaySeconds: 0 }], { from: 0, to: 3600 }))).toBe('lines[0].headwaySeconds: 0 is not a headway from 60 s to a day');
    expect(message(() => withFootpaths(timetable, { maxMetres: 400, metresPerSecond: 0, detour: 1.25 }))).toBe('footpaths.metresPerSecond: 0 is not a positive speed');
  });
});
