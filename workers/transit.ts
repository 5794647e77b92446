import type { CityData } from '../src/plan/city';
import { cityTransit, hasTransit, PACKAGE_FEED, type FeedSummary, type TransitMap } from '../src/plan/transit';
import type { Scenario } from '../src/plan/scenario';
import type { GtfsFeed } from '../src/io/gtfs/feed';
import { feedDayOf, feedMap, feedSummary, readFeed } from '../src/io/transitFeed';
import { cityPackage } from './cities';
import { removeFeed, storedFeed, storedFeeds, storeFeed } from './feedStore';

/**
 * Public transport in the planner's worker: the feeds kept in this browser
 * (or a city package's own `transit` layer), read once and kept in memory,
 * and the scenario's transit on its city (the feed's day, the drawn lines,
 * footpaths), the last one kept for the solves and recounts that follow.
 */
const feeds = new Map<string, Promise<GtfsFeed>>();
let lastTransit: { key: string; city: CityData; planned: CityData } | null = null;

/** Reads a GTFS feed the planner chose and keeps it; a bad feed is refused with its file, line and field, and nothing is kept. */
export async function loadFeed(file: File, onProgress: (fraction: number) => void): Promise<FeedSummary> {
  const feed = readFeed(new Uint8Array(await file.arrayBuffer()), file.name, onProgress);
  const summary = feedSummary(feed);
  await storeFeed(summary, feed);
  feeds.set(summary.name, Promise.resolve(feed));
  lastTransit = null;
  return summary;
}

export async function forgetFeed(name: string): Promise<void> {
  await removeFeed(name);
  feeds.delete(name);
  lastTransit = null;
}

/** The feeds kept in this browser, and whether the city's package has a feed of its own. */
export async function transitFeeds(baseUrl: string, data: string): Promise<{ feeds: FeedSummary[]; packageFeed: boolean }> {
  const pkg = await cityPackage(baseUrl, cityIdOf(data)).catch(() => null);
  return { feeds: await storedFeeds(), packageFeed: pkg?.manifest.layers.transit !== undefined };
}

function cityIdOf(data: string): string {
  return data === 'demo:almaty' ? 'almaty' : data.replace(/^city:/, '');
}

/** A feed by the scenario's name for it: the package's layer, or one kept in this browser. */
async function feedNamed(baseUrl: string, data: string, name: string): Promise<GtfsFeed> {
  const key = name === PACKAGE_FEED ? `${data}|${name}` : name;
  let feed = feeds.get(key);
  if (!feed) {
    feed = name === PACKAGE_FEED ? packageFeed(baseUrl, data) : storedFeed(name).then((stored) => {
      if (!stored) throw new Error(`the GTFS feed "${name}" is not kept in this browser: load it under Public transport`);
      return stored;
    });
    feed.catch(() => feeds.delete(key));
    feeds.set(key, feed);
  }
  return feed;
}

async function packageFeed(baseUrl: string, data: string): Promise<GtfsFeed> {
  const pkg = await cityPackage(baseUrl, cityIdOf(data));
  const file = pkg.manifest.layers.transit;
  if (file === undefined) throw new Error(`the city's package has no transit layer (the scenario names "${PACKAGE_FEED}")`);
  const bytes = await pkg.source(file);
  if (bytes === null) throw new Error(`${file}: named in manifest.json (layers.transit) but not in the package`);
  return readFeed(bytes, file);
}

const maps = new WeakMap<GtfsFeed, TransitMap>();

/** The feed's routes and stops for the map (made once a feed). */
export async function transitMapOf(baseUrl: string, data: string, gtfs: string): Promise<TransitMap> {
  const feed = await feedNamed(baseUrl, data, gtfs);
  let map = maps.get(feed);
  if (!map) maps.set(feed, (map = feedMap(feed)));
  return map;
}

/** The city with the scenario's transit (or as it is, without any). */
export async function withTransit(baseUrl: string, city: CityData, scenario: Scenario): Promise<CityData> {
  const settings = scenario.transit;
  if (!hasTransit(settings)) return city;
  const key = JSON.stringify([scenario.data, settings, scenario.detourFactor]);
  if (lastTransit?.key !== key || lastTransit.city !== city) {
    const feed = settings.gtfs ? await feedNamed(baseUrl, scenario.data, settings.gtfs) : null;
    const day = feed ? feedDayOf(feed, settings) : null;
    lastTransit = { key, city, planned: { ...city, transit: cityTransit(city.projection, settings, day, scenario.detourFactor) } };
  }
  // One object per city and transit: the caches kept by identity (candidates, models) hold across solves.
  return lastTransit.planned;
}
