/**
 * A GTFS feed as the app keeps it: every table it routes on, as typed arrays
 * and string arrays in one plain object (no Map, no class), so it goes into
 * IndexedDB and between workers by structured clone. Indices tie the tables
 * together: a trip's route is an index into the route arrays, a stop time's
 * stop an index into the stop arrays, and so on.
 */
export interface GtfsFeed {
  /** Bumped when the layout changes, so a feed kept by an older app is read again. */
  readonly format: typeof GTFS_FEED_FORMAT;
  /** The file the feed was read from. */
  readonly name: string;
  readonly agencyNames: readonly string[];

  /**
   * Stops and stations (location_type 0 and 1; entrances, nodes and boarding
   * areas are left out). Trips serve stops; a station is only a parent.
   */
  readonly stopIds: readonly string[];
  readonly stopNames: readonly string[];
  readonly stopLon: Float64Array;
  readonly stopLat: Float64Array;
  /** The stop's parent station (an index into the stops), or -1. */
  readonly stopParent: Int32Array;
  /** 1 for a station (location_type 1), 0 for a stop. */
  readonly stopIsStation: Uint8Array;

  readonly routeIds: readonly string[];
  readonly routeShortNames: readonly string[];
  readonly routeLongNames: readonly string[];
  /** GTFS route_type: 0 tram, 1 metro, 2 rail, 3 bus, ... (extended types 100-1702 kept as they are). */
  readonly routeTypes: Int32Array;
  /** route_color as six hex digits without '#', or '' when the feed gives none. */
  readonly routeColours: readonly string[];

  /** Services: the union of calendar.txt's and calendar_dates.txt's service ids. */
  readonly serviceIds: readonly string[];
  /** calendar.txt's days: bit 0 Monday ... bit 6 Sunday; 0 for a service it does not list. */
  readonly serviceWeekdays: Uint8Array;
  /** calendar.txt's start_date and end_date as YYYYMMDD integers; 0 for a service it does not list. */
  readonly serviceStart: Int32Array;
  readonly serviceEnd: Int32Array;
  /** calendar_dates.txt: the service, the date (YYYYMMDD) and 1 (added) or 2 (removed). */
  readonly exceptionService: Int32Array;
  readonly exceptionDate: Int32Array;
  readonly exceptionType: Uint8Array;

  readonly tripIds: readonly string[];
  readonly tripRoute: Int32Array;
  readonly tripService: Int32Array;
  /**
   * Stop times by trip (CSR): trip t's are stopTimeStart[t] .. stopTimeStart[t + 1]), in stop_sequence
   * order, at least two; none for a trip left out (fewer than two in the file, or no time at its first
   * or last stop), which never runs. Times are seconds after midnight of the service day (over 86,400 past midnight),
   * empty ones interpolated, never decreasing along the trip.
   */
  readonly stopTimeStart: Int32Array;
  readonly stopTimeStop: Int32Array;
  readonly stopTimeArrival: Int32Array;
  readonly stopTimeDeparture: Int32Array;

  /** frequencies.txt: trip, start and end (seconds), headway (seconds), exact_times (0 or 1). */
  readonly frequencyTrip: Int32Array;
  readonly frequencyStart: Int32Array;
  readonly frequencyEnd: Int32Array;
  readonly frequencyHeadway: Int32Array;
  readonly frequencyExact: Uint8Array;

  /** transfers.txt between stops (rows between trips or routes only, types 4 and 5, are left out). */
  readonly transferFrom: Int32Array;
  readonly transferTo: Int32Array;
  /** 0 recommended, 1 timed, 2 needs min_transfer_time, 3 not possible. */
  readonly transferType: Uint8Array;
  /** min_transfer_time in seconds, or -1 when empty. */
  readonly transferSeconds: Int32Array;

  /** The first and last date of calendar.txt and calendar_dates.txt (YYYYMMDD), for the day picker; 0 when none. */
  readonly firstDate: number;
  readonly lastDate: number;
  readonly counts: {
    readonly stops: number;
    readonly stations: number;
    readonly routes: number;
    readonly trips: number;
    /** Trips with no stop times kept (fewer than two, or no time at the first or last stop): they never run. */
    readonly tripsLeftOut: number;
    readonly stopTimes: number;
    readonly services: number;
    readonly frequencies: number;
    readonly transfers: number;
  };
}

export const GTFS_FEED_FORMAT = 1;
