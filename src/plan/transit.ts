import { fail, show } from '../engine/instance/errors';
import { array, number, object, onlyKeys, optionalString } from '../engine/instance/fields';
import { frequencyTimetable } from '../engine/transit/frequencyRoute';
import { mergeTimetables, withFootpaths } from '../engine/transit/footpaths';
import type { Timetable } from '../engine/transit/timetable';
import type { Projection } from './geo';

/**
 * Public transport in a scenario (issue 21): a GTFS feed's timetable for one
 * service day and departure window, and bus lines the planner draws. A type
 * whose norm is `walkOrTransit` covers a resident whom a site reaches within
 * its walking minutes either on foot or by transit; the transit trip is
 * walk, wait, ride, transfer, walk, and counts when its MEDIAN over the
 * window's departures (one a minute) is within the norm.
 */
export interface TransitSettings {
  /**
   * The feed: a GTFS .zip (on the command line, a path relative to the scenario file; in the app, a feed loaded
   * into this browser under that file name) or "layer:transit", the city package's own; absent: drawn lines only.
   */
  readonly gtfs?: string;
  /** The service day, YYYY-MM-DD; absent: the first Wednesday of the feed's calendar (or any day, for drawn lines only). */
  readonly day?: string;
  /** Departures from home, ["HH:MM", "HH:MM"]; absent: DEFAULT_WINDOW. */
  readonly window?: readonly [string, string];
  /** Lines the planner draws: frequency routes in both directions. */
  readonly lines: readonly TransitLine[];
}

/** A bus line the planner draws: its stops in order, how often it runs, and how fast (its speed, or minutes between stops). */
export interface TransitLine {
  readonly id: string;
  readonly name?: string;
  /** [lon, lat] of each stop, in order; at least two. */
  readonly stops: readonly (readonly [number, number])[];
  /** Minutes between two buses, both ways. */
  readonly headwayMinutes: number;
  /** Operating speed between stops (stops included), km/h, along the straight line between them; or stopMinutes. */
  readonly speedKmh?: number;
  /** Minutes from one stop to the next; or speedKmh. */
  readonly stopMinutes?: number;
}

/** A weekday morning: the window the city programme's peak headways are given for. */
export const DEFAULT_WINDOW: readonly [string, string] = ['07:00', '09:00'];
/**
 * A drawn line's speed when the planner gives none: 18 km/h, an assumption for a city bus with its stops in
 * mixed traffic (Almaty's trunk routes have no published operating speed; see docs/FORMAT.md).
 */
export const DEFAULT_LINE_SPEED = 18;
export const DEFAULT_HEADWAY = 10;
/** Footpaths between stops: straight lines up to this long, times the detour factor. */
export const TRANSFER_METRES = 400;
/** The package layer a scenario names as its feed. */
export const PACKAGE_FEED = 'layer:transit';
/** The longest window: one departure a minute is routed, and four hours is 240 of them per cell. */
const MAX_WINDOW_HOURS = 4;
const LINE_ID = /^[A-Za-z0-9_-]{1,40}$/;
const TIME = /^(\d{1,2}):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "HH:MM" as seconds after midnight (up to 30:00, for windows past midnight); null when it is not a time. */
export function clockSeconds(text: string): number | null {
  const match = TIME.exec(text);
  if (!match || Number(match[1]) > 30) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60;
}

/** A calendar date YYYY-MM-DD that exists; null when it does not. */
export function calendarDate(text: string): Date | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]) ? date : null;
}

/** Validates `transit`; every field named on error. Only fields the file gives are kept, so it saves back as it came. */
export function parseTransit(value: unknown, field = 'transit'): TransitSettings {
  const json = object(value, field);
  onlyKeys(json, field, ['gtfs', 'day', 'window', 'lines']);
  const gtfs = optionalString(json.gtfs, `${field}.gtfs`);
  if (gtfs !== undefined && gtfs !== PACKAGE_FEED && !/\.zip$/i.test(gtfs)) fail(`${field}.gtfs`, `${show(gtfs)} is neither a .zip file nor "${PACKAGE_FEED}"`);
  const day = optionalString(json.day, `${field}.day`);
  if (day !== undefined && calendarDate(day) === null) fail(`${field}.day`, `${show(day)} is not a date (YYYY-MM-DD)`);
  let window: [string, string] | undefined;
  if (json.window !== undefined) {
    const pair = array(json.window, `${field}.window`, 2, 'a window ([from, to])');
    const [from, to] = pair.map((time, k) => {
      const seconds = typeof time === 'string' ? clockSeconds(time) : null;
      if (seconds === null) fail(`${field}.window[${k}]`, `${show(time)} is not a time (HH:MM)`);
      return seconds;
    });
    if (to <= from) fail(`${field}.window`, `ends at ${show(pair[1])}, not after it starts at ${show(pair[0])}`);
    if (to - from > MAX_WINDOW_HOURS * 3600) fail(`${field}.window`, `spans more than ${MAX_WINDOW_HOURS} hours (${show(pair[0])} to ${show(pair[1])})`);
    window = [pair[0] as string, pair[1] as string];
  }
  const seen = new Map<string, number>();
  const lines = (json.lines === undefined ? [] : array(json.lines, `${field}.lines`)).map((entry, k) => {
    const line = parseLine(entry, `${field}.lines[${k}]`);
    if (seen.has(line.id)) fail(`${field}.lines[${k}].id`, `${show(line.id)} is also the id of ${field}.lines[${seen.get(line.id)}]`);
    seen.set(line.id, k);
    return line;
  });
  return { ...(gtfs === undefined ? {} : { gtfs }), ...(day === undefined ? {} : { day }), ...(window ? { window } : {}), lines };
}

function parseLine(value: unknown, field: string): TransitLine {
  const json = object(value, field);
  onlyKeys(json, field, ['id', 'name', 'stops', 'headwayMinutes', 'speedKmh', 'stopMinutes']);
  const id = optionalString(json.id, `${field}.id`);
  if (id === undefined || !LINE_ID.test(id)) fail(`${field}.id`, `${show(json.id)} is not a line id (1 to 40 letters, digits, _ or -)`);
  const name = optionalString(json.name, `${field}.name`);
  const stops = array(json.stops, `${field}.stops`).map((stop, k): [number, number] => {
    const pair = array(stop, `${field}.stops[${k}]`, 2, 'a position ([lon, lat])');
    return [number(pair[0], `${field}.stops[${k}][0]`, { min: -180, max: 180, what: 'a longitude' }), number(pair[1], `${field}.stops[${k}][1]`, { min: -90, max: 90, what: 'a latitude' })];
  });
  if (stops.length < 2) fail(`${field}.stops`, `has ${stops.length} stop${stops.length === 1 ? '' : 's'} (a line needs at least two)`);
  if (stops.length > 200) fail(`${field}.stops`, `has ${stops.length} stops (at most 200)`);
  if (json.speedKmh !== undefined && json.stopMinutes !== undefined) fail(field, 'gives both speedKmh and stopMinutes (give one)');
  return {
    id,
    ...(name === undefined ? {} : { name }),
    stops,
    headwayMinutes: number(json.headwayMinutes, `${field}.headwayMinutes`, { min: 1, max: 120, what: 'a headway in minutes' }),
    ...(json.speedKmh === undefined ? {} : { speedKmh: number(json.speedKmh, `${field}.speedKmh`, { min: 3, max: 120, what: 'a speed in km/h' }) }),
    ...(json.stopMinutes === undefined ? {} : { stopMinutes: number(json.stopMinutes, `${field}.stopMinutes`, { min: 0.1, max: 60, what: 'minutes between stops' }) }),
  };
}

/** The departure window in seconds after midnight. */
export function transitWindow(settings: TransitSettings): { from: number; to: number } {
  const [from, to] = settings.window ?? DEFAULT_WINDOW;
  return { from: clockSeconds(from)!, to: clockSeconds(to)! };
}

/** The service day: the scenario's, or the first Wednesday on or after the feed's first day (today's date for lines alone). */
export function transitDay(settings: TransitSettings, feedStart: string | null): string {
  if (settings.day) return settings.day;
  const start = (feedStart && calendarDate(feedStart)) || new Date(Date.UTC(2026, 0, 7));
  const date = new Date(start.getTime() + (((3 - start.getUTCDay()) + 7) % 7) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** Whether a scenario's transit routes anything at all: a feed or a drawn line. */
export function hasTransit(transit: TransitSettings | undefined): transit is TransitSettings {
  return transit !== undefined && (transit.gtfs !== undefined || transit.lines.length > 0);
}

/** The same scenario without public transport: what the one-click recount counts (walkOrTransit is then on foot). */
export function withoutTransit<T extends { readonly transit?: TransitSettings }>(scenario: T): T {
  const { transit: _, ...rest } = scenario;
  return rest as T;
}

/** What the map shows of a route: its name, colour, and its stop sequences. */
export interface TransitRoute {
  readonly id: string;
  readonly name: string;
  /** #rrggbb, or null for the app's own. */
  readonly colour: string | null;
  /** Drawn by the planner (a scenario line) or the feed's. */
  readonly drawn: boolean;
  /** Each pattern's stops, [lon, lat]. */
  readonly paths: readonly (readonly (readonly [number, number])[])[];
}

/** A feed as the map shows it: its routes, and its stops' positions. */
export interface TransitMap {
  readonly routes: readonly TransitRoute[];
  readonly stopLon: Float64Array;
  readonly stopLat: Float64Array;
}

/**
 * A feed's service day and window as src/io/gtfs reads it: its timetable
 * (stop positions filled in by cityTransit, in the city's projection) and its
 * stops' positions. Plain typed arrays: it crosses workers.
 */
export interface FeedDay {
  readonly name: string;
  readonly day: string;
  readonly timetable: Timetable;
  readonly stopLon: Float64Array;
  readonly stopLat: Float64Array;
}

/**
 * The transit a city is planned with for one scenario: the feed's day and the
 * drawn lines merged into one timetable, with footpaths between stops.
 */
export interface CityTransit {
  /** Identifies the feed, day, window and lines: plans and caches compare it. */
  readonly key: string;
  readonly timetable: Timetable;
  readonly from: number;
  readonly to: number;
  readonly day: string;
  /** The feed's name (its file), or null for drawn lines alone. */
  readonly feed: string | null;
}

/**
 * A scenario's transit on a city: the feed's day (already a timetable, from
 * src/io/gtfs, with `feedRoutes` for the map) and the drawn lines, which run
 * over the window and the longest trip after it.
 */
export function cityTransit(projection: Projection, settings: TransitSettings, feed: FeedDay | null, detour: number): CityTransit {
  const { from, to } = transitWindow(settings);
  // The feed's stops in the city's own projection (the feed's day is read without one: the command line reads it before the city).
  const feedTimetable = feed && { ...feed.timetable, stopX: Float64Array.from(feed.stopLon, (lon, s) => projection.x(lon, feed.stopLat[s])), stopY: Float64Array.from(feed.stopLon, (lon, s) => projection.y(lon, feed.stopLat[s])) };
  const lines = settings.lines.map((line) => {
    const stopX = Float64Array.from(line.stops, ([lon, lat]) => projection.x(lon, lat));
    const stopY = Float64Array.from(line.stops, ([lon, lat]) => projection.y(lon, lat));
    const runSeconds = Float64Array.from({ length: line.stops.length - 1 }, (_, k) =>
      line.stopMinutes !== undefined ? line.stopMinutes * 60 : (Math.hypot(stopX[k + 1] - stopX[k], stopY[k + 1] - stopY[k]) / ((line.speedKmh ?? DEFAULT_LINE_SPEED) / 3.6)),
    );
    return { id: line.id, stopX, stopY, runSeconds, dwellSeconds: 0, headwaySeconds: line.headwayMinutes * 60, bothWays: true };
  });
  const drawn = lines.length > 0 ? frequencyTimetable(lines, { from, to: to + HORIZON }) : null;
  const merged = feedTimetable && drawn ? mergeTimetables(feedTimetable, drawn) : (feedTimetable ?? drawn ?? emptyTimetable());
  const timetable = withFootpaths(merged, { maxMetres: TRANSFER_METRES, metresPerSecond: WALK_TRANSFER, detour });
  return {
    key: JSON.stringify([feed?.name ?? null, feed?.day ?? null, from, to, settings.lines, detour]),
    timetable,
    from,
    to,
    day: feed?.day ?? transitDay(settings, null),
    feed: feed?.name ?? null,
  };
}

/** Seconds after the window in which trips still matter: the longest norm a type may have (LIMITS.walkMinutes). */
export const HORIZON = 120 * 60;
/** Walking speed of transfers between stops, m/s (5 km/h: the walking norms' default). */
const WALK_TRANSFER = 5 / 3.6;

function emptyTimetable(): Timetable {
  const none = new Int32Array(0);
  return {
    stopCount: 0,
    stopX: new Float64Array(0),
    stopY: new Float64Array(0),
    patternCount: 0,
    patternStart: new Int32Array(1),
    patternStops: none,
    tripStart: new Int32Array(1),
    tripTimes: none,
    arrivals: none,
    departures: none,
    patternRoute: none,
    routeIds: [],
    transferStart: new Int32Array(1),
    transferStop: none,
    transferSeconds: none,
  };
}

/** What the planner sees of a feed: its file, its size and the dates it runs (YYYY-MM-DD, null when it gives none). */
export interface FeedSummary {
  readonly name: string;
  readonly stops: number;
  readonly routes: number;
  readonly trips: number;
  readonly start: string | null;
  readonly end: string | null;
}
