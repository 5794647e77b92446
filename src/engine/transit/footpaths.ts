import KDBush from 'kdbush';
import { fail, show } from '../instance/errors';
import type { Timetable } from './timetable';

export interface FootpathOptions {
  /** Stops at most this far apart in a straight line are joined (400 m). */
  readonly maxMetres: number;
  /** Walking speed. */
  readonly metresPerSecond: number;
  /** How much longer the walk is than the straight line (as for walking to sites). */
  readonly detour: number;
}

/**
 * The timetable with walking transfers added: from each stop to every other
 * stop within `maxMetres` in a straight line, taking the straight line times
 * the detour at walking speed (whole seconds, rounded). Where the timetable
 * already has a transfer between the pair (a feed's transfers.txt), that one
 * stays and no walk is added: the operator knows the way better than a
 * straight line. Each stop's transfers come out ordered by the stop they
 * lead to.
 */
export function withFootpaths(timetable: Timetable, options: FootpathOptions): Timetable {
  const { maxMetres, metresPerSecond, detour } = options;
  if (!(maxMetres >= 0 && Number.isFinite(maxMetres))) fail('footpaths.maxMetres', `${show(maxMetres)} is not a distance in metres`);
  if (!(metresPerSecond > 0 && Number.isFinite(metresPerSecond))) fail('footpaths.metresPerSecond', `${show(metresPerSecond)} is not a positive speed`);
  if (!(detour >= 1 && Number.isFinite(detour))) fail('footpaths.detour', `${show(detour)} is not a factor of 1 or more`);
  const { stopCount, stopX, stopY, transferStart, transferStop, transferSeconds } = timetable;
  const index = new KDBush(Math.max(stopCount, 1));
  for (let s = 0; s < stopCount; s++) index.add(stopX[s], stopY[s]);
  if (stopCount === 0) index.add(0, 0);
  index.finish();
  const start = new Int32Array(stopCount + 1);
  const stop: number[] = [];
  const seconds: number[] = [];
  const explicit = new Map<number, number>();
  const row: { stop: number; seconds: number }[] = [];
  for (let s = 0; s < stopCount; s++) {
    explicit.clear();
    row.length = 0;
    for (let f = transferStart[s]; f < transferStart[s + 1]; f++) {
      if (!explicit.has(transferStop[f])) {
        explicit.set(transferStop[f], transferSeconds[f]);
        row.push({ stop: transferStop[f], seconds: transferSeconds[f] });
      }
    }
    if (stopCount > 0) {
      for (const q of index.within(stopX[s], stopY[s], maxMetres)) {
        if (q === s || explicit.has(q)) continue;
        const metres = Math.hypot(stopX[q] - stopX[s], stopY[q] - stopY[s]);
        if (metres > maxMetres) continue;
        row.push({ stop: q, seconds: Math.round((metres * detour) / metresPerSecond) });
      }
    }
    row.sort((a, b) => a.stop - b.stop);
    for (const r of row) {
      stop.push(r.stop);
      seconds.push(r.seconds);
    }
    start[s + 1] = stop.length;
  }
  return { ...timetable, transferStart: start, transferStop: Int32Array.from(stop), transferSeconds: Int32Array.from(seconds) };
}

/**
 * One timetable of two: a's stops, patterns, trips and routes, then b's,
 * with b's indices shifted past a's. Nothing joins them yet: withFootpaths
 * on the result walks between a's stops and b's (a feed's day and the lines
 * the planner drew on it).
 */
export function mergeTimetables(a: Timetable, b: Timetable): Timetable {
  const shifted = (values: Int32Array, by: number) => values.map((v) => v + by);
  const join = <T extends Int32Array | Float64Array>(x: T, y: T): T => {
    const both = new (x.constructor as { new (n: number): T })(x.length + y.length);
    both.set(x);
    both.set(y, x.length);
    return both;
  };
  // The entries a CSR's starts cover (an array may be longer than its last start).
  const used = (values: Int32Array, start: Int32Array) => values.subarray(0, start[start.length - 1]);
  // CSR starts: a's without its last entry, then b's shifted by a's total.
  const starts = (x: Int32Array, y: Int32Array) => join(x.subarray(0, x.length - 1), shifted(y, x[x.length - 1]));
  return {
    stopCount: a.stopCount + b.stopCount,
    stopX: join(a.stopX, b.stopX),
    stopY: join(a.stopY, b.stopY),
    patternCount: a.patternCount + b.patternCount,
    patternStart: starts(a.patternStart, b.patternStart),
    patternStops: join(used(a.patternStops, a.patternStart), shifted(used(b.patternStops, b.patternStart), a.stopCount)),
    tripStart: starts(a.tripStart, b.tripStart),
    tripTimes: join(used(a.tripTimes, a.tripStart), shifted(used(b.tripTimes, b.tripStart), a.arrivals.length)),
    arrivals: join(a.arrivals, b.arrivals),
    departures: join(a.departures, b.departures),
    patternRoute: join(a.patternRoute, shifted(b.patternRoute, a.routeIds.length)),
    routeIds: [...a.routeIds, ...b.routeIds],
    transferStart: starts(a.transferStart, b.transferStart),
    transferStop: join(used(a.transferStop, a.transferStart), shifted(used(b.transferStop, b.transferStart), a.stopCount)),
    transferSeconds: join(used(a.transferSeconds, a.transferStart), used(b.transferSeconds, b.transferStart)),
  };
}
