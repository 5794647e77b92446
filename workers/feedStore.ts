import { databaseOpener, writable } from './database';
import { GTFS_FEED_FORMAT, type GtfsFeed } from '../src/io/gtfs/feed';
import type { FeedSummary } from '../src/plan/transit';

/**
 * The GTFS feeds kept in this browser (IndexedDB, as the street networks
 * are): each read once, checked, and kept as its compact typed arrays under
 * its file name; their summaries apart, so that listing them reads no
 * timetable. A feed is written before its summary, so a listed feed is
 * always whole.
 */
const openFeeds = databaseOpener('siting-transit', 'feeds');
const openList = databaseOpener('siting-transit-list', 'summaries');

export async function storedFeeds(): Promise<FeedSummary[]> {
  try {
    return ((await (await openList()).getAll('summaries')) as FeedSummary[]).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

export async function storedFeed(name: string): Promise<GtfsFeed | null> {
  try {
    const feed = (await (await openFeeds()).get('feeds', name)) as GtfsFeed | undefined;
    // A feed kept by an older app in another layout is read again from its file.
    return feed?.format === GTFS_FEED_FORMAT ? feed : null;
  } catch {
    return null;
  }
}

/** Keeps a feed; rejects with the browser's reason (quota, private mode), and then keeps nothing of it. */
export async function storeFeed(summary: FeedSummary, feed: GtfsFeed): Promise<void> {
  writable();
  await (await openFeeds()).put('feeds', feed, summary.name);
  try {
    await (await openList()).put('summaries', summary, summary.name);
  } catch (error) {
    await (await openFeeds()).delete('feeds', summary.name).catch(() => undefined);
    throw error;
  }
}

export async function removeFeed(name: string): Promise<void> {
  writable();
  await (await openList()).delete('summaries', name);
  await (await openFeeds()).delete('feeds', name);
}
