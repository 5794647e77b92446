import KDBush from 'kdbush';
import type { StreetGraph } from './graph';

/** Projected coordinates in metres, the city's (see src/plan/geo.ts); the engine only needs the two functions. */
export interface Projector {
  readonly x: (lon: number, lat: number) => number;
  readonly y: (lon: number, lat: number) => number;
}

/**
 * Points joined to the street network: each to the nearest point of the
 * nearest segment, by a straight connector walked like the streets. A point
 * farther than the connector limit from every street has no segment (-1) and
 * is measured by the straight line instead.
 */
export interface Snaps {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** The segment reached, or -1. */
  readonly edge: Int32Array;
  /** Metres along the segment from its first node. */
  readonly offset: Float64Array;
  /** Length of the connector, metres. */
  readonly connector: Float64Array;
}

/** Sample spacing for the snapping index: every segment point is within half of it from a sample. */
const SAMPLE = 25;

/**
 * The walking graph in the city's projection: segment lengths in metres, an
 * adjacency in CSR form (each node's segments and the node at their other
 * end), and a spatial index over the segments for snapping. Only segments of
 * the main network take snapped points: a fragment cut off from it (a lone
 * yard road of an old extract) would trap the people joined to it.
 */
export class StreetNetwork {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeLength: Float64Array;
  readonly adjacencyStart: Int32Array;
  readonly adjacencyEdge: Int32Array;
  readonly adjacencyNode: Int32Array;
  /** Per segment: 1 when it belongs to the main network (snapping targets). */
  readonly main: Uint8Array;
  private readonly index: KDBush | null;
  private readonly sampleEdge: Int32Array;

  constructor(
    readonly graph: StreetGraph,
    projection: Projector,
  ) {
    const n = graph.lon.length;
    const m = graph.edgeFrom.length;
    this.nodeCount = n;
    this.edgeCount = m;
    this.x = Float64Array.from(graph.lon, (lon, k) => projection.x(lon, graph.lat[k]));
    this.y = Float64Array.from(graph.lon, (lon, k) => projection.y(lon, graph.lat[k]));
    this.edgeFrom = graph.edgeFrom;
    this.edgeTo = graph.edgeTo;
    this.edgeLength = new Float64Array(m);
    const start = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      const u = graph.edgeFrom[e];
      const v = graph.edgeTo[e];
      this.edgeLength[e] = Math.hypot(this.x[v] - this.x[u], this.y[v] - this.y[u]);
      start[u + 1]++;
      start[v + 1]++;
    }
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    this.adjacencyStart = start;
    this.adjacencyEdge = new Int32Array(2 * m);
    this.adjacencyNode = new Int32Array(2 * m);
    const fill = start.slice(0, n);
    for (let e = 0; e < m; e++) {
      const u = graph.edgeFrom[e];
      const v = graph.edgeTo[e];
      this.adjacencyEdge[fill[u]] = e;
      this.adjacencyNode[fill[u]++] = v;
      this.adjacencyEdge[fill[v]] = e;
      this.adjacencyNode[fill[v]++] = u;
    }
    this.main = mainSegments(n, graph.edgeFrom, graph.edgeTo);
    const samples: number[] = [];
    const sampleX: number[] = [];
    const sampleY: number[] = [];
    for (let e = 0; e < m; e++) {
      if (!this.main[e]) continue;
      const u = graph.edgeFrom[e];
      const v = graph.edgeTo[e];
      const steps = Math.max(1, Math.ceil(this.edgeLength[e] / SAMPLE));
      for (let s = 0; s <= steps; s++) {
        samples.push(e);
        sampleX.push(this.x[u] + ((this.x[v] - this.x[u]) * s) / steps);
        sampleY.push(this.y[u] + ((this.y[v] - this.y[u]) * s) / steps);
      }
    }
    this.sampleEdge = Int32Array.from(samples);
    if (samples.length === 0) {
      this.index = null;
    } else {
      this.index = new KDBush(samples.length);
      for (let s = 0; s < samples.length; s++) this.index.add(sampleX[s], sampleY[s]);
      this.index.finish();
    }
  }

  /**
   * Joins points to the nearest main segment within `maxConnector` metres
   * (ties: the lower segment number). The search widens from 50 m: once the
   * best segment found is nearer than the radius less half a sample spacing,
   * no unseen segment can be nearer (each has a sample within half a spacing
   * of every point on it).
   */
  snap(x: Float64Array, y: Float64Array, maxConnector: number): Snaps {
    const count = x.length;
    const edge = new Int32Array(count).fill(-1);
    const offset = new Float64Array(count);
    const connector = new Float64Array(count).fill(Infinity);
    const stamp = new Int32Array(this.edgeCount).fill(-1);
    const limit = maxConnector + SAMPLE / 2;
    for (let i = 0; i < count; i++) {
      if (!this.index) break;
      for (let radius = Math.min(50, limit); ; radius = Math.min(radius * 2, limit)) {
        for (const s of this.index.within(x[i], y[i], radius)) {
          const e = this.sampleEdge[s];
          if (stamp[e] === i) continue;
          stamp[e] = i;
          const [along, distance] = this.project(e, x[i], y[i]);
          if (distance <= maxConnector && (distance < connector[i] || (distance === connector[i] && e < edge[i]))) {
            edge[i] = e;
            offset[i] = along;
            connector[i] = distance;
          }
        }
        if (connector[i] + SAMPLE / 2 <= radius || radius >= limit) break;
      }
    }
    return { count, x, y, edge, offset, connector };
  }

  /** The foot of (px, py) on segment e: metres along it from its first node, and the distance to it. */
  private project(e: number, px: number, py: number): [number, number] {
    const u = this.edgeFrom[e];
    const v = this.edgeTo[e];
    const dx = this.x[v] - this.x[u];
    const dy = this.y[v] - this.y[u];
    const length = this.edgeLength[e];
    let t = length > 0 ? ((px - this.x[u]) * dx + (py - this.y[u]) * dy) / (length * length) : 0;
    t = Math.min(1, Math.max(0, t));
    return [t * length, Math.hypot(this.x[u] + t * dx - px, this.y[u] + t * dy - py)];
  }
}

/**
 * The segments of the main network: those in connected parts of at least 100
 * nodes or a tenth of the largest part, whichever is smaller (so a small test
 * network is whole, and a city's network keeps its districts).
 */
function mainSegments(nodeCount: number, from: Int32Array, to: Int32Array): Uint8Array {
  const parent = Int32Array.from({ length: nodeCount }, (_, k) => k);
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let e = 0; e < from.length; e++) {
    const a = find(from[e]);
    const b = find(to[e]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const size = new Int32Array(nodeCount);
  let largest = 0;
  for (let v = 0; v < nodeCount; v++) largest = Math.max(largest, ++size[find(v)]);
  const threshold = Math.min(100, Math.ceil(largest / 10));
  return Uint8Array.from(from, (u) => (size[find(u)] >= threshold ? 1 : 0));
}
