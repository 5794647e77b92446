import { fail, show } from '../instance/errors';
import type { Timetable } from './timetable';

/** A line the planner draws: its stops in order, the running times between them, and how often it runs. */
export interface FrequencyLine {
  readonly id: string;
  /** Stop positions, metres (the city's projection). */
  readonly stopX: Float64Array;
  readonly stopY: Float64Array;
  /** Seconds between consecutive stops: stops - 1 of them. */
  readonly runSeconds: Float64Array;
  /** Seconds a vehicle stands at each stop between the first and the last. */
  readonly dwellSeconds: number;
  readonly headwaySeconds: number;
  /** Also runs from the last stop back to the first, with the same running times. */
  readonly bothWays: boolean;
}

/**
 * The drawn lines as a timetable, one pattern per line and direction, with
 * stops of their own (withFootpaths joins them to a feed's stops and to each
 * other). A vehicle leaves each direction's first stop exactly at span.from
 * and every headway before and after it: from the last departure at or
 * before span.from less one whole run (so that the rider at the far end at
 * span.from finds the vehicle already under way) to the first at or after
 * span.to. Give span.to as the window's end plus the norm, so that the last
 * departures of the window still find the line running. Times are whole
 * seconds (each stop's time since the start of the run, rounded).
 */
export function frequencyTimetable(lines: readonly FrequencyLine[], span: { from: number; to: number }): Timetable {
  if (!Number.isFinite(span.from) || !Number.isFinite(span.to) || span.to < span.from) {
    fail('lines.span', `${show(span.from)} .. ${show(span.to)} is not a span of time`);
  }
  const stopX: number[] = [];
  const stopY: number[] = [];
  const patternStart = [0];
  const patternStops: number[] = [];
  const patternRoute: number[] = [];
  const tripStart = [0];
  const tripTimes: number[] = [];
  const arrivals: number[] = [];
  const departures: number[] = [];
  lines.forEach((line, l) => {
    const field = `lines[${l}]`;
    const count = line.stopX.length;
    if (count < 2 || line.stopY.length !== count) fail(`${field}.stopX`, `${count} stops (and ${line.stopY.length} y): a line needs 2 or more`);
    if (line.runSeconds.length !== count - 1) fail(`${field}.runSeconds`, `${line.runSeconds.length} running times for ${count} stops; expected ${count - 1}`);
    for (let k = 0; k < count; k++) {
      if (!Number.isFinite(line.stopX[k]) || !Number.isFinite(line.stopY[k])) fail(`${field}.stopX[${k}]`, `(${show(line.stopX[k])}, ${show(line.stopY[k])}) is not a position`);
    }
    for (let k = 0; k < count - 1; k++) {
      if (!(line.runSeconds[k] >= 0 && line.runSeconds[k] < 86_400)) fail(`${field}.runSeconds[${k}]`, `${show(line.runSeconds[k])} is not a number of seconds from 0`);
    }
    if (!(line.dwellSeconds >= 0 && line.dwellSeconds < 3_600)) fail(`${field}.dwellSeconds`, `${show(line.dwellSeconds)} is not a number of seconds from 0`);
    if (!(line.headwaySeconds >= 60 && line.headwaySeconds <= 86_400)) fail(`${field}.headwaySeconds`, `${show(line.headwaySeconds)} is not a headway from 60 s to a day`);
    const first = stopX.length;
    for (let k = 0; k < count; k++) {
      stopX.push(line.stopX[k]);
      stopY.push(line.stopY[k]);
    }
    const directions = line.bothWays ? [false, true] : [false];
    for (const reversed of directions) {
      const order = Array.from({ length: count }, (_, k) => (reversed ? count - 1 - k : k));
      // Seconds from the first stop's departure to each stop's arrival and departure.
      const arriveAfter = [0];
      const leaveAfter = [0];
      for (let k = 1; k < count; k++) {
        const run = line.runSeconds[reversed ? count - 1 - k : k - 1];
        arriveAfter.push(leaveAfter[k - 1] + run);
        leaveAfter.push(arriveAfter[k] + (k < count - 1 ? line.dwellSeconds : 0));
      }
      const wholeRun = arriveAfter[count - 1];
      const h = line.headwaySeconds;
      const firstTrip = Math.floor(-wholeRun / h);
      const lastTrip = Math.ceil((span.to - span.from) / h);
      for (const k of order) patternStops.push(first + k);
      patternStart.push(patternStops.length);
      patternRoute.push(l);
      for (let j = firstTrip; j <= lastTrip; j++) {
        const leave = span.from + j * h;
        tripTimes.push(arrivals.length);
        for (let k = 0; k < count; k++) {
          arrivals.push(Math.round(leave + arriveAfter[k]));
          departures.push(Math.round(leave + leaveAfter[k]));
        }
      }
      tripStart.push(tripTimes.length);
    }
  });
  const stopCount = stopX.length;
  return {
    stopCount,
    stopX: Float64Array.from(stopX),
    stopY: Float64Array.from(stopY),
    patternCount: patternRoute.length,
    patternStart: Int32Array.from(patternStart),
    patternStops: Int32Array.from(patternStops),
    tripStart: Int32Array.from(tripStart),
    tripTimes: Int32Array.from(tripTimes),
    arrivals: Int32Array.from(arrivals),
    departures: Int32Array.from(departures),
    patternRoute: Int32Array.from(patternRoute),
    routeIds: lines.map((line) => line.id),
    transferStart: new Int32Array(stopCount + 1),
    transferStop: new Int32Array(0),
    transferSeconds: new Int32Array(0),
  };
}
