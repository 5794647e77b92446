import { unzipSync } from 'fflate';
import { CsvFile } from './csv';
import { GtfsError } from './errors';
import { GTFS_FEED_FORMAT, type GtfsFeed } from './feed';
import { IntColumn, formatTime, parseCount, parseDate, parseNumber, parseTime } from './values';

export interface ReadGtfsOptions {
  /** The feed's file name: the feed's name, and the first word of every message. */
  readonly fileName: string;
  /** Called now and then (at least every 5 % of stop_times.txt) with the share read, 0 to 1. */
  readonly onProgress?: (fraction: number) => void;
}

/** The files read; any other file of the zip (shapes, fares, feed_info...) is ignored. */
const FILES = ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt', 'calendar.txt', 'calendar_dates.txt', 'frequencies.txt', 'transfers.txt'];
const REQUIRED = ['stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt'];
/** Beyond this a zip is refused before it is unpacked (a large city's feed unpacks to a few hundred MB). */
const MAX_UNPACKED = 2 * 1024 ** 3;
/** The share of the progress bar for unpacking, and for ordering the stop times after reading them. */
const UNZIP_SHARE = 0.05;
const ORDER_SHARE = 0.1;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Reads a GTFS feed (.zip): agency (optional), stops, routes, trips,
 * stop_times, calendar and/or calendar_dates, frequencies and transfers
 * (optional). Its files may sit in a folder of the zip (the folder holding
 * stops.txt is taken). Real feeds' habits are accepted: a byte-order mark,
 * CRLF, quoted cells, extra columns and files, blank lines, empty optional
 * cells.
 *
 * A bad feed is refused with a GtfsError naming the file, line, field and
 * value: not a zip, a required file or column missing, a bad time, date or
 * number (a latitude or longitude out of range too), a reference to an
 * unknown stop, trip, route or service, a duplicate id, times that go back
 * along a trip, a feed with no stop or no trip that runs. A trip with fewer
 * than two stop times or no time at its first or last stop keeps no stop
 * times (counted in counts.tripsLeftOut), and rows of a trip with one
 * stop_sequence keep their file order, not refused: real feeds have them.
 * An empty optional file is taken as absent. Nothing is kept: the
 * reader is pure, it throws and returns nothing, so a refused feed leaves no
 * trace.
 */
export function readGtfs(bytes: Uint8Array, options: ReadGtfsOptions): GtfsFeed {
  const feed = options.fileName;
  const progress = throttled(options.onProgress);
  progress(0);
  const files = unzipFeed(bytes, feed);
  progress(UNZIP_SHARE);
  for (const name of REQUIRED) if (files[name] === undefined) throw new GtfsError(feed, name, 0, '', '', 'is missing: a feed needs stops.txt, routes.txt, trips.txt and stop_times.txt');
  // An empty optional file (real feeds ship them: a calendar.txt of 0 bytes beside calendar_dates.txt) is no file.
  for (const name of Object.keys(files)) if (!REQUIRED.includes(name) && isBlank(files[name])) delete files[name];
  if (files['calendar.txt'] === undefined && files['calendar_dates.txt'] === undefined) {
    throw new GtfsError(feed, 'calendar.txt', 0, '', '', 'is missing, and so is calendar_dates.txt: a feed needs one of them to say which days its trips run');
  }
  // Progress runs over the bytes of the files read, stop_times.txt nearly all of them.
  const total = FILES.reduce((sum, name) => sum + (files[name]?.length ?? 0), 0) || 1;
  let done = 0;
  const decoder = new TextDecoder('utf-8');
  const open = (name: string): CsvFile | null => {
    const data = files[name];
    return data === undefined ? null : new CsvFile(decoder.decode(data), feed, name);
  };
  const step = (name: string): ((fraction: number) => void) => {
    const from = done;
    const size = files[name]?.length ?? 0;
    done += size;
    const span = 1 - UNZIP_SHARE - ORDER_SHARE;
    return (fraction) => progress(UNZIP_SHARE + (span * (from + fraction * size)) / total);
  };

  const agencyNames = readAgency(open('agency.txt'), step('agency.txt'));
  const stops = readStops(open('stops.txt')!, step('stops.txt'));
  if (stops.ids.length === stops.stations) throw new GtfsError(feed, 'stops.txt', 0, '', '', 'has no stops (rows of location_type 0 or empty)');
  const routes = readRoutes(open('routes.txt')!, step('routes.txt'));
  const services = readServices(open('calendar.txt'), open('calendar_dates.txt'), step('calendar.txt'), step('calendar_dates.txt'));
  const trips = readTrips(open('trips.txt')!, routes.index, services.index, step('trips.txt'));
  const { stopTimes, leftOut } = readStopTimes(open('stop_times.txt')!, trips, stops, step('stop_times.txt'), (fraction) => progress(1 - ORDER_SHARE + ORDER_SHARE * fraction));
  if (leftOut === trips.ids.length) throw new GtfsError(feed, 'trips.txt', 0, '', '', 'has no trip that runs (with two stop times or more, timed at both ends, in stop_times.txt)');
  const frequencies = readFrequencies(open('frequencies.txt'), trips.index, step('frequencies.txt'));
  const transfers = readTransfers(open('transfers.txt'), stops, step('transfers.txt'));
  progress(1);

  return {
    format: GTFS_FEED_FORMAT,
    name: feed,
    agencyNames,
    stopIds: stops.ids,
    stopNames: stops.names,
    stopLon: Float64Array.from(stops.lon),
    stopLat: Float64Array.from(stops.lat),
    stopParent: stops.parent,
    stopIsStation: Uint8Array.from(stops.isStation),
    routeIds: routes.ids,
    routeShortNames: routes.shortNames,
    routeLongNames: routes.longNames,
    routeTypes: Int32Array.from(routes.types),
    routeColours: routes.colours,
    serviceIds: services.ids,
    serviceWeekdays: Uint8Array.from(services.weekdays),
    serviceStart: Int32Array.from(services.start),
    serviceEnd: Int32Array.from(services.end),
    exceptionService: Int32Array.from(services.exceptionService),
    exceptionDate: Int32Array.from(services.exceptionDate),
    exceptionType: Uint8Array.from(services.exceptionType),
    tripIds: trips.ids,
    tripRoute: Int32Array.from(trips.route),
    tripService: Int32Array.from(trips.service),
    ...stopTimes,
    ...frequencies,
    ...transfers,
    firstDate: services.firstDate,
    lastDate: services.lastDate,
    counts: {
      stops: stops.ids.length - stops.stations,
      stations: stops.stations,
      routes: routes.ids.length,
      trips: trips.ids.length,
      tripsLeftOut: leftOut,
      stopTimes: stopTimes.stopTimeStop.length,
      services: services.ids.length,
      frequencies: frequencies.frequencyTrip.length,
      transfers: transfers.transferFrom.length,
    },
  };
}

/** The feed's files, from the folder of the zip that holds stops.txt. */
function unzipFeed(bytes: Uint8Array, feed: string): Record<string, Uint8Array> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new GtfsError(feed, '', 0, '', '', 'is not a zip file (a GTFS feed is a .zip of .txt files)');
  const names: string[] = [];
  let unpacked = 0;
  const unzip = (keep: (name: string) => boolean) => {
    try {
      return unzipSync(bytes, {
        filter: (file) => {
          if (!keep(file.name)) return false;
          unpacked += file.originalSize;
          if (unpacked > MAX_UNPACKED) throw new GtfsError(feed, '', 0, '', '', `unpacks to more than ${MAX_UNPACKED / 1024 ** 3} GB`);
          return true;
        },
      });
    } catch (error) {
      if (error instanceof GtfsError) throw error;
      throw new GtfsError(feed, '', 0, '', '', `is a damaged zip file (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  unzip((name) => {
    names.push(name);
    return false;
  });
  const isStops = (name: string) => (name === 'stops.txt' || name.endsWith('/stops.txt')) && !/(^|\/)(__MACOSX|\.)/.test(name);
  const stops = names.filter(isStops).sort((a, b) => a.length - b.length)[0];
  if (stops === undefined) throw new GtfsError(feed, 'stops.txt', 0, '', '', 'is missing: this zip is not a GTFS feed (it has no stops.txt, in any folder)');
  const folder = stops.slice(0, stops.length - 'stops.txt'.length);
  const wanted = new Set(FILES.map((name) => folder + name));
  const found = unzip((name) => wanted.has(name));
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(found)) files[name.slice(folder.length)] = data;
  return files;
}

/** Whether a file holds nothing but white space (and a byte-order mark). */
function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13 && !(i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) return false;
  }
  return true;
}

/** At most about a hundred calls, rising, since each may post a message to the page. */
function throttled(onProgress: ((fraction: number) => void) | undefined): (fraction: number) => void {
  if (onProgress === undefined) return () => {};
  let last = -1;
  return (fraction) => {
    const f = Math.min(1, Math.max(0, fraction));
    if (f - last >= 0.01 || (f === 1 && last < 1) || last < 0) {
      last = f;
      onProgress(f);
    }
  };
}

/** A required id cell: trimmed, and never empty. */
function idOf(csv: CsvFile, cells: string[], column: number, line: number): string {
  const id = (cells[column] ?? '').trim();
  if (id === '') csv.fail(line, csv.header[column], '', 'is empty');
  return id;
}

const cellOf = (cells: string[], column: number): string => (column < 0 ? '' : (cells[column] ?? '').trim());

function readAgency(csv: CsvFile | null, progress: (fraction: number) => void): string[] {
  if (csv === null) return [];
  const names: string[] = [];
  const name = csv.column('agency_name');
  csv.rows((cells) => names.push(cellOf(cells, name)), progress);
  return names;
}

interface Stops {
  ids: string[];
  names: string[];
  lon: number[];
  lat: number[];
  parent: Int32Array;
  isStation: number[];
  stations: number;
  index: Map<string, number>;
  /** Entrances, nodes and boarding areas: known ids, but no stops. */
  others: Set<string>;
}

function readStops(csv: CsvFile, progress: (fraction: number) => void): Stops {
  const idColumn = csv.required('stop_id');
  const nameColumn = csv.column('stop_name');
  const latColumn = csv.required('stop_lat');
  const lonColumn = csv.required('stop_lon');
  const typeColumn = csv.column('location_type');
  const parentColumn = csv.column('parent_station');
  const stops: Stops = { ids: [], names: [], lon: [], lat: [], parent: new Int32Array(0), isStation: [], stations: 0, index: new Map(), others: new Set() };
  const lines = new Map<string, number>();
  const parents: { stop: number; id: string; line: number }[] = [];
  csv.rows((cells, line) => {
    const id = idOf(csv, cells, idColumn, line);
    const before = lines.get(id);
    if (before !== undefined) csv.fail(line, 'stop_id', id, `is the stop_id of line ${before} too (ids must be unique)`);
    lines.set(id, line);
    const typeCell = cellOf(cells, typeColumn);
    const type = typeCell === '' ? 0 : parseCount(typeCell);
    if (type < 0 || type > 4) csv.fail(line, 'location_type', typeCell, 'is not a location type (0 to 4)');
    if (type >= 2) {
      stops.others.add(id);
      return;
    }
    const latCell = cellOf(cells, latColumn);
    const lonCell = cellOf(cells, lonColumn);
    const lat = parseNumber(latCell);
    const lon = parseNumber(lonCell);
    if (!(lat >= -90 && lat <= 90)) csv.fail(line, 'stop_lat', latCell, 'is not a latitude (a number from -90 to 90)');
    if (!(lon >= -180 && lon <= 180)) csv.fail(line, 'stop_lon', lonCell, 'is not a longitude (a number from -180 to 180)');
    const index = stops.ids.length;
    stops.index.set(id, index);
    stops.ids.push(id);
    stops.names.push(cellOf(cells, nameColumn));
    stops.lat.push(lat);
    stops.lon.push(lon);
    stops.isStation.push(type);
    if (type === 1) stops.stations++;
    const parent = cellOf(cells, parentColumn);
    if (parent !== '' && type === 0) parents.push({ stop: index, id: parent, line });
  }, progress);
  stops.parent = new Int32Array(stops.ids.length).fill(-1);
  for (const { stop, id, line } of parents) {
    const parent = stops.index.get(id);
    if (parent === undefined && !stops.others.has(id)) csv.fail(line, 'parent_station', id, 'is not a stop_id of stops.txt');
    if (parent !== undefined && stops.isStation[parent] === 1) stops.parent[stop] = parent;
  }
  return stops;
}

interface Routes {
  ids: string[];
  shortNames: string[];
  longNames: string[];
  types: number[];
  colours: string[];
  index: Map<string, number>;
}

function readRoutes(csv: CsvFile, progress: (fraction: number) => void): Routes {
  const idColumn = csv.required('route_id');
  const shortColumn = csv.column('route_short_name');
  const longColumn = csv.column('route_long_name');
  const typeColumn = csv.required('route_type');
  const colourColumn = csv.column('route_color');
  const routes: Routes = { ids: [], shortNames: [], longNames: [], types: [], colours: [], index: new Map() };
  const lines = new Map<string, number>();
  csv.rows((cells, line) => {
    const id = idOf(csv, cells, idColumn, line);
    const before = lines.get(id);
    if (before !== undefined) csv.fail(line, 'route_id', id, `is the route_id of line ${before} too (ids must be unique)`);
    lines.set(id, line);
    const typeCell = cellOf(cells, typeColumn);
    const type = parseCount(typeCell);
    if (type < 0) csv.fail(line, 'route_type', typeCell, 'is not a route type (a whole number: 0 tram, 1 metro, 2 rail, 3 bus...)');
    const colour = cellOf(cells, colourColumn).replace(/^#/, '');
    routes.index.set(id, routes.ids.length);
    routes.ids.push(id);
    routes.shortNames.push(cellOf(cells, shortColumn));
    routes.longNames.push(cellOf(cells, longColumn));
    routes.types.push(type);
    // A colour is for the map only: one that is not six hex digits is dropped, not refused.
    routes.colours.push(/^[0-9a-f]{6}$/i.test(colour) ? colour.toUpperCase() : '');
  }, progress);
  return routes;
}

interface Services {
  ids: string[];
  weekdays: number[];
  start: number[];
  end: number[];
  exceptionService: number[];
  exceptionDate: number[];
  exceptionType: number[];
  firstDate: number;
  lastDate: number;
  index: Map<string, number>;
}

function readServices(calendar: CsvFile | null, dates: CsvFile | null, calendarProgress: (f: number) => void, datesProgress: (f: number) => void): Services {
  const services: Services = { ids: [], weekdays: [], start: [], end: [], exceptionService: [], exceptionDate: [], exceptionType: [], firstDate: 0, lastDate: 0, index: new Map() };
  const seen = (date: number) => {
    if (services.firstDate === 0 || date < services.firstDate) services.firstDate = date;
    if (date > services.lastDate) services.lastDate = date;
  };
  const add = (id: string, weekdays: number, start: number, end: number): number => {
    const index = services.ids.length;
    services.index.set(id, index);
    services.ids.push(id);
    services.weekdays.push(weekdays);
    services.start.push(start);
    services.end.push(end);
    return index;
  };
  const date = (csv: CsvFile, cells: string[], column: number, line: number): number => {
    const cell = cellOf(cells, column);
    const value = parseDate(cell);
    if (value < 0) csv.fail(line, csv.header[column], cell, 'is not a date (YYYYMMDD)');
    return value;
  };
  if (calendar !== null) {
    const idColumn = calendar.required('service_id');
    const dayColumns = WEEKDAYS.map((day) => calendar.required(day));
    const startColumn = calendar.required('start_date');
    const endColumn = calendar.required('end_date');
    const lines = new Map<string, number>();
    calendar.rows((cells, line) => {
      const id = idOf(calendar, cells, idColumn, line);
      const before = lines.get(id);
      if (before !== undefined) calendar.fail(line, 'service_id', id, `is the service_id of line ${before} too (ids must be unique)`);
      lines.set(id, line);
      let mask = 0;
      dayColumns.forEach((column, day) => {
        const cell = cellOf(cells, column);
        if (cell !== '0' && cell !== '1') calendar.fail(line, WEEKDAYS[day], cell, 'is not 0 or 1');
        if (cell === '1') mask |= 1 << day;
      });
      const start = date(calendar, cells, startColumn, line);
      const end = date(calendar, cells, endColumn, line);
      if (end < start) calendar.fail(line, 'end_date', String(end), `is before start_date ${start}`);
      seen(start);
      seen(end);
      add(id, mask, start, end);
    }, calendarProgress);
  }
  if (dates !== null) {
    const idColumn = dates.required('service_id');
    const dateColumn = dates.required('date');
    const typeColumn = dates.required('exception_type');
    dates.rows((cells, line) => {
      const id = idOf(dates, cells, idColumn, line);
      const day = date(dates, cells, dateColumn, line);
      const typeCell = cellOf(cells, typeColumn);
      if (typeCell !== '1' && typeCell !== '2') dates.fail(line, 'exception_type', typeCell, 'is not 1 (service added) or 2 (service removed)');
      seen(day);
      services.exceptionService.push(services.index.get(id) ?? add(id, 0, 0, 0));
      services.exceptionDate.push(day);
      services.exceptionType.push(Number(typeCell));
    }, datesProgress);
  }
  return services;
}

interface Trips {
  ids: string[];
  route: number[];
  service: number[];
  lines: number[];
  index: Map<string, number>;
}

function readTrips(csv: CsvFile, routes: Map<string, number>, services: Map<string, number>, progress: (fraction: number) => void): Trips {
  const routeColumn = csv.required('route_id');
  const serviceColumn = csv.required('service_id');
  const idColumn = csv.required('trip_id');
  const trips: Trips = { ids: [], route: [], service: [], lines: [], index: new Map() };
  csv.rows((cells, line) => {
    const id = idOf(csv, cells, idColumn, line);
    const before = trips.index.get(id);
    if (before !== undefined) csv.fail(line, 'trip_id', id, `is the trip_id of line ${trips.lines[before]} too (ids must be unique)`);
    const routeId = idOf(csv, cells, routeColumn, line);
    const route = routes.get(routeId);
    if (route === undefined) csv.fail(line, 'route_id', routeId, 'is not a route_id of routes.txt');
    const serviceId = idOf(csv, cells, serviceColumn, line);
    const service = services.get(serviceId);
    if (service === undefined) csv.fail(line, 'service_id', serviceId, 'is not a service_id of calendar.txt or calendar_dates.txt');
    trips.index.set(id, trips.ids.length);
    trips.ids.push(id);
    trips.route.push(route);
    trips.service.push(service);
    trips.lines.push(line);
  }, progress);
  return trips;
}

type StopTimes = Pick<GtfsFeed, 'stopTimeStart' | 'stopTimeStop' | 'stopTimeArrival' | 'stopTimeDeparture'>;

/**
 * stop_times.txt, in two passes: its rows as columns (in file order, which
 * need not group them by trip), then ordered by trip and stop_sequence
 * (a counting sort, then a sort of any trip found out of order), empty times
 * interpolated by position between the stops that have them, and checked.
 * `leftOut` counts the trips that keep no stop times (fewer than two, or no
 * time at the first or last stop).
 */
function readStopTimes(
  csv: CsvFile,
  trips: Trips,
  stops: Stops,
  progress: (fraction: number) => void,
  orderProgress: (fraction: number) => void,
): { stopTimes: StopTimes; leftOut: number } {
  const tripColumn = csv.required('trip_id');
  const arrivalColumn = csv.required('arrival_time');
  const departureColumn = csv.required('departure_time');
  const stopColumn = csv.required('stop_id');
  const sequenceColumn = csv.required('stop_sequence');
  const rowTrip = new IntColumn();
  const rowStop = new IntColumn();
  const rowSequence = new IntColumn();
  const rowArrival = new IntColumn();
  const rowDeparture = new IntColumn();
  const rowLine = new IntColumn();
  // Rows come grouped by trip in nearly every feed, and often by stop: the last id found is tried first.
  let lastTripId = '';
  let lastTrip = -1;
  const time = (cells: string[], column: number, line: number): number => {
    const cell = cells[column] ?? '';
    if (cell === '') return -1;
    const seconds = parseTime(cell);
    if (seconds < 0) {
      if (cell.trim() === '') return -1;
      csv.fail(line, csv.header[column], cell, 'is not a time (H:MM:SS)');
    }
    return seconds;
  };
  csv.rows((cells, line) => {
    const tripId = cells[tripColumn] ?? '';
    if (tripId !== lastTripId || lastTrip < 0) {
      const id = idOf(csv, cells, tripColumn, line);
      const trip = trips.index.get(id);
      if (trip === undefined) csv.fail(line, 'trip_id', id, 'is not a trip_id of trips.txt');
      lastTripId = tripId;
      lastTrip = trip;
    }
    const stopId = idOf(csv, cells, stopColumn, line);
    const stop = stops.index.get(stopId);
    if (stop === undefined) {
      if (stops.others.has(stopId)) csv.fail(line, 'stop_id', stopId, 'is an entrance, node or boarding area of stops.txt (location_type 2 to 4), not a stop a trip can serve');
      csv.fail(line, 'stop_id', stopId, 'is not a stop_id of stops.txt');
    }
    const sequenceCell = cells[sequenceColumn] ?? '';
    const sequence = parseCount(sequenceCell);
    if (sequence < 0) csv.fail(line, 'stop_sequence', sequenceCell, 'is not a stop sequence (a whole number, 0 or more)');
    rowTrip.push(lastTrip);
    rowStop.push(stop);
    rowSequence.push(sequence);
    rowArrival.push(time(cells, arrivalColumn, line));
    rowDeparture.push(time(cells, departureColumn, line));
    rowLine.push(line);
  }, progress);

  // Rows of each trip in file order (a stable counting sort), then by stop_sequence.
  const tripCount = trips.ids.length;
  const tripOf = rowTrip.values;
  const rowStart = new Int32Array(tripCount + 1);
  for (let r = 0; r < rowTrip.length; r++) rowStart[tripOf[r] + 1]++;
  for (let t = 0; t < tripCount; t++) rowStart[t + 1] += rowStart[t];
  const order = new Int32Array(rowTrip.length);
  const next = rowStart.slice(0, tripCount);
  for (let r = 0; r < rowTrip.length; r++) order[next[tripOf[r]]++] = r;
  orderProgress(0.3);
  // Rows of a trip out of order are sorted; two with one stop_sequence (real feeds have them) keep their file order.
  const sequenceOf = rowSequence.values;
  for (let t = 0; t < tripCount; t++) {
    let sorted = true;
    for (let k = rowStart[t] + 1; k < rowStart[t + 1]; k++) if (sequenceOf[order[k]] < sequenceOf[order[k - 1]]) sorted = false;
    if (sorted) continue;
    const slice = Array.from(order.subarray(rowStart[t], rowStart[t + 1])).sort((a, b) => sequenceOf[a] - sequenceOf[b] || a - b);
    order.set(slice, rowStart[t]);
  }
  orderProgress(0.6);

  // A trip carries nobody with fewer than two stop times, or without a time at either end: it keeps no stop times
  // (the canonical validator rates the first a warning, and real feeds have both).
  const arrivalOf = rowArrival.values;
  const departureOf = rowDeparture.values;
  const timed = (r: number) => arrivalOf[r] >= 0 || departureOf[r] >= 0;
  const start = new Int32Array(tripCount + 1);
  let leftOut = 0;
  for (let t = 0; t < tripCount; t++) {
    const count = rowStart[t + 1] - rowStart[t];
    const usable = count >= 2 && timed(order[rowStart[t]]) && timed(order[rowStart[t + 1] - 1]);
    if (!usable) leftOut++;
    start[t + 1] = start[t] + (usable ? count : 0);
  }
  const rows = start[tripCount];
  const stop = new Int32Array(rows);
  const arrival = new Int32Array(rows);
  const departure = new Int32Array(rows);
  /** The stop_times.txt line of each stop time kept, for messages. */
  const lineOf = new Int32Array(rows);
  for (let t = 0; t < tripCount; t++) {
    for (let k = start[t], j = rowStart[t]; k < start[t + 1]; k++, j++) {
      const r = order[j];
      stop[k] = rowStop.values[r];
      lineOf[k] = rowLine.values[r];
      const a = arrivalOf[r];
      const d = departureOf[r];
      arrival[k] = a < 0 ? d : a;
      departure[k] = d < 0 ? a : d;
    }
  }
  for (let t = 0; t < tripCount; t++) {
    const first = start[t];
    const last = start[t + 1] - 1;
    if (last < first) continue;
    // Empty times between two timed stops, by position in the sequence.
    let before = first;
    for (let k = first + 1; k <= last; k++) {
      if (arrival[k] < 0) continue;
      if (k > before + 1) {
        const from = departure[before];
        const to = arrival[k];
        if (to < from) csv.fail(lineOf[k], 'arrival_time', formatTime(to), `is before the departure from an earlier stop of trip ${trips.ids[t]} (${formatTime(from)})`);
        for (let j = before + 1; j < k; j++) arrival[j] = departure[j] = Math.round(from + ((to - from) * (j - before)) / (k - before));
      }
      before = k;
    }
    for (let k = first; k <= last; k++) {
      if (departure[k] < arrival[k]) csv.fail(lineOf[k], 'departure_time', formatTime(departure[k]), `is before its arrival_time (${formatTime(arrival[k])})`);
      if (k > first && arrival[k] < departure[k - 1]) {
        csv.fail(lineOf[k], 'arrival_time', formatTime(arrival[k]), `is before the departure from the previous stop of trip ${trips.ids[t]} (${formatTime(departure[k - 1])})`);
      }
    }
  }
  orderProgress(1);
  return { leftOut, stopTimes: { stopTimeStart: start, stopTimeStop: stop, stopTimeArrival: arrival, stopTimeDeparture: departure } };
}

type Frequencies = Pick<GtfsFeed, 'frequencyTrip' | 'frequencyStart' | 'frequencyEnd' | 'frequencyHeadway' | 'frequencyExact'>;

function readFrequencies(file: CsvFile | null, trips: Map<string, number>, progress: (fraction: number) => void): Frequencies {
  const trip = new IntColumn();
  const start = new IntColumn();
  const end = new IntColumn();
  const headway = new IntColumn();
  const exact: number[] = [];
  if (file !== null) {
    const csv: CsvFile = file;
    const tripColumn = csv.required('trip_id');
    const startColumn = csv.required('start_time');
    const endColumn = csv.required('end_time');
    const headwayColumn = csv.required('headway_secs');
    const exactColumn = csv.column('exact_times');
    const time = (cells: string[], column: number, line: number) => {
      const cell = cellOf(cells, column);
      const seconds = parseTime(cell);
      if (seconds < 0) csv.fail(line, csv.header[column], cell, 'is not a time (H:MM:SS)');
      return seconds;
    };
    csv.rows((cells, line) => {
      const id = idOf(csv, cells, tripColumn, line);
      const index = trips.get(id);
      if (index === undefined) csv.fail(line, 'trip_id', id, 'is not a trip_id of trips.txt');
      const from = time(cells, startColumn, line);
      const to = time(cells, endColumn, line);
      if (to < from) csv.fail(line, 'end_time', formatTime(to), `is before start_time (${formatTime(from)})`);
      const headwayCell = cellOf(cells, headwayColumn);
      const seconds = parseCount(headwayCell);
      if (seconds <= 0) csv.fail(line, 'headway_secs', headwayCell, 'is not a headway (a whole number of seconds, more than 0)');
      const exactCell = cellOf(cells, exactColumn);
      if (exactCell !== '' && exactCell !== '0' && exactCell !== '1') csv.fail(line, 'exact_times', exactCell, 'is not 0 or 1');
      trip.push(index);
      start.push(from);
      end.push(to);
      headway.push(seconds);
      exact.push(exactCell === '1' ? 1 : 0);
    }, progress);
  }
  return { frequencyTrip: trip.array(), frequencyStart: start.array(), frequencyEnd: end.array(), frequencyHeadway: headway.array(), frequencyExact: Uint8Array.from(exact) };
}

type Transfers = Pick<GtfsFeed, 'transferFrom' | 'transferTo' | 'transferType' | 'transferSeconds'>;

function readTransfers(file: CsvFile | null, stops: Stops, progress: (fraction: number) => void): Transfers {
  const from = new IntColumn();
  const to = new IntColumn();
  const seconds = new IntColumn();
  const types: number[] = [];
  if (file !== null) {
    const csv: CsvFile = file;
    const fromColumn = csv.column('from_stop_id');
    const toColumn = csv.column('to_stop_id');
    const typeColumn = csv.required('transfer_type');
    const timeColumn = csv.column('min_transfer_time');
    const stopOf = (cells: string[], column: number, line: number): number => {
      const id = cellOf(cells, column);
      const stop = stops.index.get(id);
      if (stop === undefined) csv.fail(line, csv.header[column], id, 'is not a stop_id of stops.txt');
      return stop;
    };
    csv.rows((cells, line) => {
      const typeCell = cellOf(cells, typeColumn);
      const type = typeCell === '' ? 0 : parseCount(typeCell);
      if (type < 0 || type > 5) csv.fail(line, 'transfer_type', typeCell, 'is not a transfer type (0 to 5)');
      // Types 4 and 5 are between trips (staying on board); rows without both stops are between routes or trips.
      if (type >= 4 || cellOf(cells, fromColumn) === '' || cellOf(cells, toColumn) === '') return;
      const a = stopOf(cells, fromColumn, line);
      const b = stopOf(cells, toColumn, line);
      const timeCell = cellOf(cells, timeColumn);
      const time = timeCell === '' ? -1 : parseCount(timeCell);
      if (timeCell !== '' && time < 0) csv.fail(line, 'min_transfer_time', timeCell, 'is not a number of seconds (a whole number, 0 or more)');
      from.push(a);
      to.push(b);
      types.push(type);
      seconds.push(time);
    }, progress);
  }
  return { transferFrom: from.array(), transferTo: to.array(), transferType: Uint8Array.from(types), transferSeconds: seconds.array() };
}
