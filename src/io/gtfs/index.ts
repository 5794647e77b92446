export { readGtfs, type ReadGtfsOptions } from './read';
export { feedDay, feedLines, activeServices, defaultFeedDate, type FeedDayWindow, type FeedLine } from './day';
export { GtfsError } from './errors';
export { GTFS_FEED_FORMAT, type GtfsFeed } from './feed';
