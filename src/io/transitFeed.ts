import { feedDay, feedLines, readGtfs, type GtfsFeed } from './gtfs';
import { HORIZON, transitDay, transitWindow, type FeedDay, type FeedSummary, type TransitMap, type TransitSettings } from '../plan/transit';

/**
 * A GTFS feed as the planner uses it (src/io/gtfs reads it): what the
 * planner sees of it, its routes and stops for the map, and its service day
 * and window for the router. The app's worker and the command line alike.
 */

/** Reads a feed; a bad one throws a GtfsError with its file, line, field and value, and nothing is kept. */
export function readFeed(bytes: Uint8Array, name: string, onProgress?: (fraction: number) => void): GtfsFeed {
  return readGtfs(bytes, { fileName: name, ...(onProgress && { onProgress }) });
}

/** YYYYMMDD as YYYY-MM-DD; null for 0 (no date). */
function isoDate(date: number): string | null {
  if (!date) return null;
  const text = String(date);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

export function feedSummary(feed: GtfsFeed): FeedSummary {
  return { name: feed.name, stops: feed.counts.stops, routes: feed.counts.routes, trips: feed.counts.trips, start: isoDate(feed.firstDate), end: isoDate(feed.lastDate) };
}

/** The scenario's day (by default the first Wednesday of the feed) and window of a feed, for cityTransit. */
export function feedDayOf(feed: GtfsFeed, settings: TransitSettings): FeedDay {
  const day = transitDay(settings, isoDate(feed.firstDate));
  const { from, to } = transitWindow(settings);
  // Stop positions are the city's projection's: cityTransit fills them in from the stops' lon and lat.
  const timetable = feedDay(feed, { date: day, from, to, horizon: HORIZON }, (lon, lat) => [lon, lat]);
  return { name: feed.name, day, timetable, stopLon: feed.stopLon, stopLat: feed.stopLat };
}

/** The feed's routes (each distinct stop sequence once) and its stops (not stations), for the map. */
export function feedMap(feed: GtfsFeed): TransitMap {
  const routes = feedLines(feed).map((line) => ({
    id: line.id,
    name: line.longName && line.longName !== line.name ? `${line.name} ${line.longName}` : line.name,
    colour: /^[0-9a-f]{6}$/i.test(line.colour) ? `#${line.colour}` : null,
    drawn: false,
    paths: line.paths.map((path) => Array.from({ length: path.length / 2 }, (_, k) => [path[2 * k], path[2 * k + 1]] as const)),
  }));
  const stops = [...feed.stopIsStation.keys()].filter((s) => feed.stopIsStation[s] === 0);
  return { routes, stopLon: Float64Array.from(stops, (s) => feed.stopLon[s]), stopLat: Float64Array.from(stops, (s) => feed.stopLat[s]) };
}
