import KDBush from 'kdbush';
import { fail, show } from '../instance/errors';
import type { Timetable } from './timetable';

/** Walks from points to stops, CSR by point: stops stop[start[i]] .. stop[start[i + 1] - 1], ascending, and whole seconds. */
export interface PointWalks {
  readonly start: Int32Array;
  readonly stop: Int32Array;
  readonly seconds: Int32Array;
}

/** The same walks by stop, CSR by stop: points target[start[s]] .. target[start[s + 1] - 1], ascending, and seconds. */
export interface StopWalks {
  readonly start: Int32Array;
  readonly target: Int32Array;
  readonly seconds: Int32Array;
}

/**
 * The walks between points (cells or sites) and the timetable's stops where
 * routing is not along streets: the straight line times the detour at
 * walking speed, rounded to whole seconds, kept when within `maxSeconds`.
 * As the router's access (from cells) directly; as its egress (to sites)
 * after walksByStop.
 */
export function straightWalks(
  x: Float64Array,
  y: Float64Array,
  timetable: Pick<Timetable, 'stopCount' | 'stopX' | 'stopY'>,
  options: { maxSeconds: number; metresPerSecond: number; detour: number },
): PointWalks {
  const { maxSeconds, metresPerSecond, detour } = options;
  if (!(maxSeconds >= 0 && Number.isFinite(maxSeconds))) fail('walks.maxSeconds', `${show(maxSeconds)} is not a number of seconds from 0`);
  if (!(metresPerSecond > 0 && Number.isFinite(metresPerSecond))) fail('walks.metresPerSecond', `${show(metresPerSecond)} is not a positive speed`);
  if (!(detour >= 1 && Number.isFinite(detour))) fail('walks.detour', `${show(detour)} is not a factor of 1 or more`);
  const { stopCount, stopX, stopY } = timetable;
  const index = new KDBush(Math.max(stopCount, 1));
  for (let s = 0; s < stopCount; s++) index.add(stopX[s], stopY[s]);
  if (stopCount === 0) index.add(Infinity, Infinity);
  index.finish();
  // A little over the radius, so that rounding to whole seconds decides, as everywhere else.
  const radius = ((maxSeconds + 0.5) * metresPerSecond) / detour;
  const start = new Int32Array(x.length + 1);
  const stop: number[] = [];
  const seconds: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) fail(`walks.x[${i}]`, `(${show(x[i])}, ${show(y[i])}) is not a position`);
    const near = stopCount > 0 ? index.within(x[i], y[i], radius).sort((a, b) => a - b) : [];
    for (const s of near) {
      const walk = Math.round((Math.hypot(stopX[s] - x[i], stopY[s] - y[i]) * detour) / metresPerSecond);
      if (walk > maxSeconds) continue;
      stop.push(s);
      seconds.push(walk);
    }
    start[i + 1] = stop.length;
  }
  return { start, stop: Int32Array.from(stop), seconds: Int32Array.from(seconds) };
}

/** Turns walks by point into walks by stop (a site's walks into the router's egress). */
export function walksByStop(walks: PointWalks, stopCount: number): StopWalks {
  const points = walks.start.length - 1;
  const total = walks.start[points];
  const start = new Int32Array(stopCount + 1);
  for (let k = 0; k < total; k++) {
    if (!(walks.stop[k] >= 0 && walks.stop[k] < stopCount)) fail(`walks.stop[${k}]`, `${show(walks.stop[k])} is not one of the ${stopCount} stops`);
    start[walks.stop[k] + 1]++;
  }
  for (let s = 0; s < stopCount; s++) start[s + 1] += start[s];
  const fill = start.slice(0, stopCount);
  const target = new Int32Array(total);
  const seconds = new Int32Array(total);
  for (let i = 0; i < points; i++) {
    for (let k = walks.start[i]; k < walks.start[i + 1]; k++) {
      const at = fill[walks.stop[k]]++;
      target[at] = i;
      seconds[at] = walks.seconds[k];
    }
  }
  return { start, target, seconds };
}
