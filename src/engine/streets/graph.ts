import type { StreetWays, WayTags } from './ways';

/**
 * The walking graph of a city: the street nodes a pedestrian may use and the
 * segments between them, as typed arrays only (so it is copied to a worker,
 * kept in IndexedDB and read back without any parsing). Coordinates stay in
 * degrees: segment lengths are measured in the city's projection when the
 * network is built (network.ts), the same projection as the demand points,
 * which is what makes a route never shorter than the straight line.
 */
export const STREET_GRAPH_FORMAT = 'street-graph/1';

export interface StreetGraph {
  readonly format: typeof STREET_GRAPH_FORMAT;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Undirected walking segments between nodes. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Per segment: EDGE_BRIDGE, EDGE_TUNNEL, EDGE_PATH flags (for drawing). */
  readonly edgeKind: Uint8Array;
  readonly source: StreetSource;
}

export interface StreetSource {
  /** The file the network was read from. */
  readonly name: string;
  /** Its newest object (YYYY-MM-DD), where the file records it. */
  readonly newest: string | null;
  readonly bbox: readonly [number, number, number, number] | null;
  /** Ways with a `highway` tag in the file, and those a pedestrian may use. */
  readonly ways: number;
  readonly walkableWays: number;
}

export const EDGE_BRIDGE = 1;
export const EDGE_TUNNEL = 2;
/** Footways, paths, steps, pedestrian streets and crossings: ways for people only. */
export const EDGE_PATH = 4;

const NEVER = new Set(['construction', 'proposed', 'abandoned', 'disused', 'razed', 'raceway', 'bus_guideway', 'escape', 'busway', 'planned']);
const FAST = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link']);
const FOOT_ONLY = new Set(['footway', 'path', 'steps', 'pedestrian', 'crossing', 'corridor', 'bridleway']);
const ALLOWED = new Set(['yes', 'designated', 'permissive', 'official', 'destination']);
const FORBIDDEN = new Set(['no', 'private', 'use_sidepath', 'discouraged']);
const WITH_PAVEMENT = new Set(['both', 'left', 'right', 'yes']);

/**
 * Whether a pedestrian may walk along a way: an explicit `foot` tag decides;
 * then motorways and trunk roads only with a pavement; then `access`. Ways
 * being built or only planned never count.
 */
export function walkable(tags: WayTags): boolean {
  if (NEVER.has(tags.highway)) return false;
  if (tags.foot !== undefined) {
    if (ALLOWED.has(tags.foot)) return true;
    if (FORBIDDEN.has(tags.foot)) return false;
  }
  if (FAST.has(tags.highway)) return tags.sidewalk !== undefined && WITH_PAVEMENT.has(tags.sidewalk);
  if (tags.access !== undefined && FORBIDDEN.has(tags.access)) return false;
  return true;
}

/** The walking graph of a file's streets: only walkable ways, only the nodes they use, no segment twice. Typed arrays throughout: a region's extract has millions of segments. */
export function walkingGraph(ways: StreetWays, name: string): StreetGraph {
  const renumber = new Int32Array(ways.lon.length).fill(-1);
  const lon = new Float64Array(ways.lon.length);
  const lat = new Float64Array(ways.lon.length);
  let nodes = 0;
  // At most one segment per way node.
  const from = new Int32Array(ways.wayNodes.length);
  const to = new Int32Array(ways.wayNodes.length);
  const kind = new Uint8Array(ways.wayNodes.length);
  let segments = 0;
  let walkableWays = 0;
  const node = (k: number): number => {
    if (renumber[k] < 0) {
      renumber[k] = nodes;
      lon[nodes] = ways.lon[k];
      lat[nodes++] = ways.lat[k];
    }
    return renumber[k];
  };
  for (let w = 0; w < ways.tags.length; w++) {
    const tags = ways.tags[w];
    if (!walkable(tags)) continue;
    walkableWays++;
    const flags = (tags.bridge && tags.bridge !== 'no' ? EDGE_BRIDGE : 0) | (tags.tunnel && tags.tunnel !== 'no' ? EDGE_TUNNEL : 0) | (FOOT_ONLY.has(tags.highway) ? EDGE_PATH : 0);
    for (let k = ways.wayStart[w] + 1; k < ways.wayStart[w + 1]; k++) {
      const a = ways.wayNodes[k - 1];
      const b = ways.wayNodes[k];
      // Two nodes at one place stay joined (a zero-length segment): dropping it would cut the street.
      if (a === b) continue;
      from[segments] = node(a);
      to[segments] = node(b);
      kind[segments++] = flags;
    }
  }
  const kept = distinctSegments(nodes, from.subarray(0, segments), to.subarray(0, segments));
  return {
    format: STREET_GRAPH_FORMAT,
    lon: lon.slice(0, nodes),
    lat: lat.slice(0, nodes),
    edgeFrom: kept.map((e) => from[e]),
    edgeTo: kept.map((e) => to[e]),
    edgeKind: Uint8Array.from(kept, (e) => kind[e]),
    source: { name, newest: ways.newest, bbox: ways.bbox, ways: ways.tags.length, walkableWays },
  };
}

/**
 * The segments to keep, each once (two ways mapped over one street give one
 * segment), in the order they were mapped; linear time and no Set (whose
 * size limit, 2^24, a region's extract passes): segments are grouped by their
 * lower node, in mapping order, and a stamp per node skips repeats.
 */
function distinctSegments(nodeCount: number, from: Int32Array, to: Int32Array): Int32Array {
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < from.length; e++) start[Math.min(from[e], to[e]) + 1]++;
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const order = new Int32Array(from.length);
  const fill = start.slice(0, nodeCount);
  for (let e = 0; e < from.length; e++) order[fill[Math.min(from[e], to[e])]++] = e;
  const stamp = new Int32Array(nodeCount).fill(-1);
  const keep = new Uint8Array(from.length);
  for (let u = 0; u < nodeCount; u++) {
    for (let k = start[u]; k < start[u + 1]; k++) {
      const e = order[k];
      const v = Math.max(from[e], to[e]);
      if (stamp[v] === u) continue;
      stamp[v] = u;
      keep[e] = 1;
    }
  }
  const kept = new Int32Array(keep.reduce((n, x) => n + x, 0));
  for (let e = 0, k = 0; e < from.length; e++) if (keep[e]) kept[k++] = e;
  return kept;
}

/**
 * The part of a graph inside a box (west, south, east, north; degrees): a
 * region's extract cut to the city and its surroundings, so that a 100 MB
 * file does not become a network of millions of nodes the city never uses.
 * Segments with either end outside are dropped; unused nodes go.
 */
export function cropGraph(graph: StreetGraph, box: readonly [number, number, number, number]): StreetGraph {
  const [west, south, east, north] = box;
  const inside = (k: number) => graph.lon[k] >= west && graph.lon[k] <= east && graph.lat[k] >= south && graph.lat[k] <= north;
  const renumber = new Int32Array(graph.lon.length).fill(-1);
  const lon: number[] = [];
  const lat: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const kind: number[] = [];
  const node = (k: number) => {
    if (renumber[k] < 0) {
      renumber[k] = lon.length;
      lon.push(graph.lon[k]);
      lat.push(graph.lat[k]);
    }
    return renumber[k];
  };
  for (let e = 0; e < graph.edgeFrom.length; e++) {
    const u = graph.edgeFrom[e];
    const v = graph.edgeTo[e];
    if (!inside(u) || !inside(v)) continue;
    from.push(node(u));
    to.push(node(v));
    kind.push(graph.edgeKind[e]);
  }
  if (from.length === graph.edgeFrom.length) return graph;
  return { ...graph, lon: Float64Array.from(lon), lat: Float64Array.from(lat), edgeFrom: Int32Array.from(from), edgeTo: Int32Array.from(to), edgeKind: Uint8Array.from(kind) };
}
