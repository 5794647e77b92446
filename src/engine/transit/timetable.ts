/**
 * A public-transport timetable for one service day, as the router reads it:
 * stops, routes as patterns (one stop sequence, trips that never overtake
 * each other), and walking transfers between stops. Times are seconds after
 * midnight of the service day; a trip of the day before that runs past
 * midnight appears with its times less 24 h (so 25:10:00 of yesterday is
 * 01:10 today, 3,000 s... of today), a trip running past midnight today keeps
 * times over 86,400. Everything is typed arrays: a timetable of a city's
 * feed for a two-hour window is a few megabytes and moves between workers
 * by structured clone.
 *
 * Built by src/io/gtfs (a feed's day) and src/plan/transitLines.ts (the
 * planner's drawn lines, as frequency routes); read by raptor.ts.
 */
export interface Timetable {
  readonly stopCount: number;
  /** Projected stop positions, metres (the city's projection), for access, egress and transfers. */
  readonly stopX: Float64Array;
  readonly stopY: Float64Array;
  /** Patterns: pattern p visits stops patternStops[patternStart[p] .. patternStart[p + 1]) in order. */
  readonly patternCount: number;
  readonly patternStart: Int32Array;
  readonly patternStops: Int32Array;
  /**
   * Trips of pattern p: tripStart[p] .. tripStart[p + 1]) in ascending order of departure at the first stop,
   * none overtaking another at any stop. Trip t's times at the pattern's k-th stop are
   * arrivals[tripTimes[t] + k] and departures[tripTimes[t] + k], seconds.
   */
  readonly tripStart: Int32Array;
  readonly tripTimes: Int32Array;
  readonly arrivals: Int32Array;
  readonly departures: Int32Array;
  /** Which source route each pattern comes from (an index into routeIds), for the map and the tooltips. */
  readonly patternRoute: Int32Array;
  readonly routeIds: readonly string[];
  /** Footpaths between stops: from stop s, transferStop[transferStart[s] .. transferStart[s + 1]) in transferSeconds. Not chained. */
  readonly transferStart: Int32Array;
  readonly transferStop: Int32Array;
  readonly transferSeconds: Int32Array;
}
