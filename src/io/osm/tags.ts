import { ROUTING_TAGS, type WayTags } from '../../engine/streets/ways';

/** Where a sidewalk may be tagged, in the order WayTags.sidewalk takes the first present. */
const SIDEWALK_KEYS = ['sidewalk', 'sidewalk:both', 'sidewalk:left', 'sidewalk:right'] as const;

/** The only keys a reader needs to decode: every other tag (names, addresses, ...) is dropped unread. */
export const WANTED_KEYS: ReadonlySet<string> = new Set<string>([...ROUTING_TAGS, ...SIDEWALK_KEYS]);

/**
 * A way's routing tags from the wanted tags found on it, or null when it has
 * no `highway` tag (not a street). Equal tag sets are shared: a city has
 * hundreds of thousands of ways but only a few thousand distinct
 * combinations, and WayTags is read-only.
 */
export class TagReader {
  private readonly seen = new Map<string, WayTags>();

  read(found: ReadonlyMap<string, string>): WayTags | null {
    const highway = found.get('highway');
    if (highway === undefined) return null;
    // The key for sharing is built before any object: most ways repeat a combination already seen.
    let sidewalk: string | undefined;
    for (const key of SIDEWALK_KEYS) {
      sidewalk = found.get(key);
      if (sidewalk !== undefined) break;
    }
    let signature = '';
    for (const key of ROUTING_TAGS) {
      const value = key === 'sidewalk' ? sidewalk : found.get(key);
      signature += value === undefined ? '\u0001' : `${value}\u0000`;
    }
    const known = this.seen.get(signature);
    if (known !== undefined) return known;
    const tags: Record<string, string> = {};
    for (const key of ROUTING_TAGS) {
      const value = key === 'sidewalk' ? sidewalk : found.get(key);
      if (value !== undefined) tags[key] = value;
    }
    const frozen = Object.freeze(tags as unknown as WayTags);
    this.seen.set(signature, frozen);
    return frozen;
  }
}
