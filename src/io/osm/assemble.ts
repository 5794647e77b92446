import type { StreetWays, WayTags } from '../../engine/streets/ways';
import { InputError } from '../../engine/instance/errors';

/** What a reader left out, for the message that tells the user what was read. */
export interface Skipped {
  /** Node references of street ways to nodes that are not in the file (an extract cut at its border). */
  readonly missingNodes: number;
  /** Street ways left with fewer than two nodes (after dropping missing ones). */
  readonly shortWays: number;
  /** Ways (or GeoJSON features) that are not streets: no `highway` tag, or not a line. */
  readonly notStreets: number;
}

/** StreetWays plus what was skipped on the way; still assignable to StreetWays. */
export interface StreetsRead extends StreetWays {
  readonly skipped: Skipped;
}

/**
 * Finds a node's position in the file's node table by its id. PBF and most
 * XML files list nodes sorted by id, so a binary search over the ids as read
 * needs no extra memory; otherwise a sorted permutation is built once.
 * Returns -1 for an id not in the table.
 */
export function idLookup(ids: Float64Array): (id: number) => number {
  const n = ids.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (ids[i] < ids[i - 1]) {
      sorted = false;
      break;
    }
  }
  let order: Int32Array | null = null;
  let keys = ids;
  if (!sorted) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => ids[a] - ids[b]);
    keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ids[order[i]];
  }
  return (id) => {
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid];
      if (k < id) lo = mid + 1;
      else if (k > id) hi = mid - 1;
      else return order === null ? mid : order[mid];
    }
    return -1;
  };
}

/** Ways whose nodes are given by id (PBF, XML): refs[wayStart[k]] .. refs[wayStart[k + 1] - 1]. */
export interface WaysById {
  readonly wayStart: Int32Array;
  readonly refs: Float64Array;
  readonly tags: readonly WayTags[];
}

/** Ways whose nodes are positions (slots) in a node table. */
export interface WaysBySlot {
  readonly wayStart: Int32Array;
  readonly slots: Int32Array;
  readonly tags: readonly WayTags[];
  readonly missingNodes: number;
  readonly shortWays: number;
}

/** Turns node ids into node-table slots, dropping (and counting) ids not in the table and ways left too short. */
export function resolveIds(ways: WaysById, nodeIds: Float64Array, find = idLookup(nodeIds)): WaysBySlot {
  const count = ways.tags.length;
  const wayStart = new Int32Array(count + 1);
  const slots = new Int32Array(ways.refs.length);
  const tags: WayTags[] = [];
  let missingNodes = 0;
  let shortWays = 0;
  let used = 0;
  for (let k = 0; k < count; k++) {
    const begin = used;
    for (let r = ways.wayStart[k]; r < ways.wayStart[k + 1]; r++) {
      const slot = find(ways.refs[r]);
      if (slot < 0) missingNodes++;
      else slots[used++] = slot;
    }
    if (used - begin < 2) {
      shortWays++;
      used = begin;
      continue;
    }
    tags.push(ways.tags[k]);
    wayStart[tags.length] = used;
  }
  return { wayStart: wayStart.slice(0, tags.length + 1), slots: slots.slice(0, used), tags, missingNodes, shortWays };
}

export interface Coordinates {
  /** Node coordinates by slot, in units of 1/scale degrees (scale 1e7 for the integer columns of PBF and XML, 1 for degrees). */
  readonly lon: ArrayLike<number>;
  readonly lat: ArrayLike<number>;
  readonly scale: number;
}

/**
 * The common end of all readers: keeps only the nodes the kept ways use,
 * numbered 0..n-1 in order of first use (so the same streets read from PBF,
 * XML or GeoJSON come out identical), and refuses a file with no street left.
 */
export function assemble(
  ways: WaysBySlot,
  nodes: Coordinates,
  meta: { newest: string | null; bbox: readonly [number, number, number, number] | null; notStreets: number; items?: string },
): StreetsRead {
  const streetCount = ways.tags.length;
  if (streetCount === 0) throw noStreets(ways, meta.notStreets, meta.items ?? 'ways');
  let slotCount = 0;
  for (let i = 0; i < ways.slots.length; i++) slotCount = Math.max(slotCount, ways.slots[i] + 1);
  const number = new Int32Array(slotCount).fill(-1);
  const wayNodes = new Int32Array(ways.slots.length);
  let n = 0;
  for (let i = 0; i < ways.slots.length; i++) {
    const slot = ways.slots[i];
    if (number[slot] < 0) number[slot] = n++;
    wayNodes[i] = number[slot];
  }
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const { scale } = nodes;
  for (let slot = 0; slot < slotCount; slot++) {
    const j = number[slot];
    if (j < 0) continue;
    // Division rather than multiplying by 1e-7: 432512345 / 1e7 is the double nearest to 43.2512345, as parseFloat("43.2512345") is.
    lon[j] = scale === 1 ? nodes.lon[slot] : nodes.lon[slot] / scale;
    lat[j] = scale === 1 ? nodes.lat[slot] : nodes.lat[slot] / scale;
  }
  return {
    lon,
    lat,
    wayStart: ways.wayStart,
    wayNodes,
    tags: ways.tags.slice(),
    newest: meta.newest,
    bbox: meta.bbox ?? boundsOf(lon, lat),
    skipped: { missingNodes: ways.missingNodes, shortWays: ways.shortWays, notStreets: meta.notStreets },
  };
}

function boundsOf(lon: Float64Array, lat: Float64Array): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let i = 0; i < lon.length; i++) {
    west = Math.min(west, lon[i]);
    east = Math.max(east, lon[i]);
    south = Math.min(south, lat[i]);
    north = Math.max(north, lat[i]);
  }
  return [west, south, east, north];
}

function noStreets(ways: WaysBySlot, notStreets: number, items: string): InputError {
  const dropped = ways.shortWays;
  if (dropped > 0 && ways.missingNodes > 0) {
    return new InputError(
      '',
      `no street is left: all ${dropped} ways with a highway tag refer to nodes that are not in the file (${ways.missingNodes} missing node references; was the extract cut without its ways' nodes?)`,
    );
  }
  if (dropped > 0) return new InputError('', `no street is left: all ${dropped} ${items} with a highway tag have fewer than two nodes`);
  return new InputError('', notStreets === 0 ? `has no streets: it holds no ${items}` : `has no streets: none of its ${notStreets} ${items} ${items === 'features' ? 'is a LineString or MultiLineString with a highway property' : 'has a highway tag'}`);
}
