import KDBush from 'kdbush';
import { MinHeap } from '../distance/minHeap';
import type { Snaps, StreetNetwork } from './network';

/**
 * Distances along streets between sites and demand points, both joined to the
 * network (network.ts). A route is: the site's connector, along its segment to
 * a node, shortest path between nodes, along the point's segment, the point's
 * connector; or, on one segment, directly along it; or straight across, where
 * that is no longer than the two connectors together (across a yard, not a
 * river: going out to the street and back would be longer). Where either end
 * is not joined (farther than the connector limit from every street), the
 * distance is the straight line times the detour factor, as without streets. Every
 * distance is inclusive of its limit (`<=`), as everywhere in the engine.
 */
export interface SitePairs {
  /** The targets of site s are target[start[s]] .. target[start[s + 1] - 1], ascending, with their distances. */
  readonly start: Int32Array;
  readonly target: Int32Array;
  readonly distance: Float64Array;
}

/** Targets joined to each segment, in CSR form. */
function targetsBySegment(network: StreetNetwork, targets: Snaps): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(network.edgeCount + 1);
  for (let i = 0; i < targets.count; i++) if (targets.edge[i] >= 0) start[targets.edge[i] + 1]++;
  for (let e = 0; e < network.edgeCount; e++) start[e + 1] += start[e];
  const items = new Int32Array(start[network.edgeCount]);
  const fill = start.slice(0, network.edgeCount);
  for (let i = 0; i < targets.count; i++) if (targets.edge[i] >= 0) items[fill[targets.edge[i]]++] = i;
  return { start, items };
}

function pointIndex(snaps: Snaps, joined: boolean | null): { index: KDBush; ids: Int32Array } | null {
  const ids: number[] = [];
  for (let i = 0; i < snaps.count; i++) if (joined === null || (snaps.edge[i] >= 0) === joined) ids.push(i);
  if (ids.length === 0) return null;
  const index = new KDBush(ids.length);
  for (const i of ids) index.add(snaps.x[i], snaps.y[i]);
  index.finish();
  return { index, ids: Int32Array.from(ids) };
}

function maxConnector(snaps: Snaps): number {
  let longest = 0;
  for (let i = 0; i < snaps.count; i++) if (snaps.edge[i] >= 0) longest = Math.max(longest, snaps.connector[i]);
  return longest;
}

/**
 * A reusable bounded Dijkstra over the network's nodes: distances live in one
 * array for all searches, stamped with the search number instead of cleared.
 */
class Search {
  readonly distance: Float64Array;
  readonly label: Int32Array;
  private readonly stamp: Int32Array;
  private readonly done: Int32Array;
  private readonly heap: MinHeap;
  readonly settled: number[] = [];
  private current = 0;

  constructor(private readonly network: StreetNetwork) {
    this.distance = new Float64Array(network.nodeCount);
    this.label = new Int32Array(network.nodeCount);
    this.stamp = new Int32Array(network.nodeCount);
    this.done = new Int32Array(network.nodeCount);
    this.heap = new MinHeap(1024);
  }

  begin(): void {
    this.current++;
    this.settled.length = 0;
    this.heap.clear();
  }

  seed(node: number, distance: number, label: number): void {
    if (this.stamp[node] !== this.current || distance < this.distance[node]) {
      this.stamp[node] = this.current;
      this.distance[node] = distance;
      this.label[node] = label;
      this.heap.push(node, distance);
    }
  }

  /** Settles every node within `limit`, in order of distance. */
  run(limit: number): void {
    const { adjacencyStart, adjacencyNode, adjacencyEdge, edgeLength } = this.network;
    while (this.heap.size > 0) {
      if (this.heap.peekKey() > limit) break;
      const node = this.heap.pop();
      if (this.done[node] === this.current) continue;
      this.done[node] = this.current;
      this.settled.push(node);
      const base = this.distance[node];
      for (let k = adjacencyStart[node]; k < adjacencyStart[node + 1]; k++) {
        const next = adjacencyNode[k];
        const through = base + edgeLength[adjacencyEdge[k]];
        if (through <= limit && (this.stamp[next] !== this.current || through < this.distance[next])) {
          this.stamp[next] = this.current;
          this.distance[next] = through;
          this.label[next] = this.label[node];
          this.heap.push(next, through);
        }
      }
    }
  }

  isSettled(node: number): boolean {
    return this.done[node] === this.current;
  }
}

/** For every site, the targets within `radius` metres (inclusive) and their distances. */
export function reachWithin(network: StreetNetwork, sites: Snaps, targets: Snaps, radius: number, detour: number): SitePairs {
  const onSegment = targetsBySegment(network, targets);
  const straightTargets = pointIndex(targets, false);
  const allTargets = pointIndex(targets, null);
  const search = new Search(network);
  const best = new Float64Array(targets.count);
  const seen = new Int32Array(targets.count).fill(-1);
  const touched: number[] = [];
  const start = new Int32Array(sites.count + 1);
  const found: number[] = [];
  const lengths: number[] = [];
  const consider = (s: number, i: number, d: number) => {
    if (d > radius) return;
    if (seen[i] !== s) {
      seen[i] = s;
      best[i] = d;
      touched.push(i);
    } else if (d < best[i]) best[i] = d;
  };
  const straight = (s: number, i: number) => Math.hypot(targets.x[i] - sites.x[s], targets.y[i] - sites.y[s]) * detour;
  const joinedTargets = pointIndex(targets, true);
  const longestConnector = maxConnector(targets);
  for (let s = 0; s < sites.count; s++) {
    touched.length = 0;
    const e = sites.edge[s];
    if (e < 0) {
      // A site off the streets: the straight line to everyone.
      if (allTargets) for (const k of allTargets.index.within(sites.x[s], sites.y[s], radius / detour)) consider(s, allTargets.ids[k], straight(s, allTargets.ids[k]));
    } else {
      const c = sites.connector[s];
      const t = sites.offset[s];
      search.begin();
      search.seed(network.edgeFrom[e], c + t, s);
      search.seed(network.edgeTo[e], c + network.edgeLength[e] - t, s);
      search.run(radius);
      for (let k = onSegment.start[e]; k < onSegment.start[e + 1]; k++) {
        const i = onSegment.items[k];
        consider(s, i, c + Math.abs(t - targets.offset[i]) + targets.connector[i]);
      }
      for (const u of search.settled) {
        const base = search.distance[u];
        for (let a = network.adjacencyStart[u]; a < network.adjacencyStart[u + 1]; a++) {
          const f = network.adjacencyEdge[a];
          const fromHere = network.edgeFrom[f] === u;
          for (let k = onSegment.start[f]; k < onSegment.start[f + 1]; k++) {
            const i = onSegment.items[k];
            const along = fromHere ? targets.offset[i] : network.edgeLength[f] - targets.offset[i];
            consider(s, i, base + along + targets.connector[i]);
          }
        }
      }
      // Across a yard: straight, where no longer than both connectors.
      if (joinedTargets) {
        for (const k of joinedTargets.index.within(sites.x[s], sites.y[s], Math.min(radius, c + longestConnector))) {
          const i = joinedTargets.ids[k];
          const direct = Math.hypot(targets.x[i] - sites.x[s], targets.y[i] - sites.y[s]);
          if (direct <= c + targets.connector[i]) consider(s, i, direct);
        }
      }
      // Targets off the streets: the straight line.
      if (straightTargets) for (const k of straightTargets.index.within(sites.x[s], sites.y[s], radius / detour)) consider(s, straightTargets.ids[k], straight(s, straightTargets.ids[k]));
    }
    touched.sort((a, b) => a - b);
    for (const i of touched) {
      found.push(i);
      lengths.push(best[i]);
    }
    start[s + 1] = found.length;
  }
  return { start, target: Int32Array.from(found), distance: Float64Array.from(lengths) };
}

/** Site pairs turned around: for every target, its sites (ascending) and distances. */
export function byTarget(pairs: SitePairs, targetCount: number): { start: Int32Array; site: Int32Array; distance: Float64Array } {
  const start = new Int32Array(targetCount + 1);
  for (let k = 0; k < pairs.target.length; k++) start[pairs.target[k] + 1]++;
  for (let i = 0; i < targetCount; i++) start[i + 1] += start[i];
  const site = new Int32Array(pairs.target.length);
  const distance = new Float64Array(pairs.target.length);
  const fill = start.slice(0, targetCount);
  for (let s = 0; s + 1 < pairs.start.length; s++) {
    for (let k = pairs.start[s]; k < pairs.start[s + 1]; k++) {
      const i = pairs.target[k];
      site[fill[i]] = s;
      distance[fill[i]++] = pairs.distance[k];
    }
  }
  return { start, site, distance };
}

/**
 * For every target, the nearest site and its distance (one search from all
 * sites at once); -1 and Infinity when no site can be reached. Ties go to the
 * site found first, which is deterministic for given inputs.
 */
export function nearestSites(network: StreetNetwork, sites: Snaps, targets: Snaps, detour: number): { site: Int32Array; distance: Float64Array } {
  const site = new Int32Array(targets.count).fill(-1);
  const distance = new Float64Array(targets.count).fill(Infinity);
  const offer = (i: number, s: number, d: number) => {
    if (d < distance[i] || (d === distance[i] && s < site[i])) {
      distance[i] = d;
      site[i] = s;
    }
  };
  const straight = (s: number, i: number) => Math.hypot(targets.x[i] - sites.x[s], targets.y[i] - sites.y[s]) * detour;
  const onSegment = targetsBySegment(network, targets);
  const search = new Search(network);
  search.begin();
  let seeded = 0;
  for (let s = 0; s < sites.count; s++) {
    const e = sites.edge[s];
    if (e < 0) continue;
    seeded++;
    search.seed(network.edgeFrom[e], sites.connector[s] + sites.offset[s], s);
    search.seed(network.edgeTo[e], sites.connector[s] + network.edgeLength[e] - sites.offset[s], s);
    for (let k = onSegment.start[e]; k < onSegment.start[e + 1]; k++) {
      const i = onSegment.items[k];
      offer(i, s, sites.connector[s] + Math.abs(sites.offset[s] - targets.offset[i]) + targets.connector[i]);
    }
  }
  if (seeded > 0) {
    search.run(Infinity);
    for (let f = 0; f < network.edgeCount; f++) {
      for (let k = onSegment.start[f]; k < onSegment.start[f + 1]; k++) {
        const i = onSegment.items[k];
        for (const [u, along] of [
          [network.edgeFrom[f], targets.offset[i]],
          [network.edgeTo[f], network.edgeLength[f] - targets.offset[i]],
        ]) {
          if (search.isSettled(u)) offer(i, search.label[u], search.distance[u] + along + targets.connector[i]);
        }
      }
    }
  }
  // Straight lines: from sites off the streets to everyone, and to targets off the streets from every site.
  const straightSites = pointIndex(sites, false);
  const allSites = pointIndex(sites, null);
  const joinedSites = pointIndex(sites, true);
  const longestConnector = maxConnector(sites);
  for (let i = 0; i < targets.count; i++) {
    if (targets.edge[i] >= 0 && joinedSites) {
      // Across a yard, as in reachWithin.
      for (const k of joinedSites.index.within(targets.x[i], targets.y[i], targets.connector[i] + longestConnector)) {
        const s = joinedSites.ids[k];
        const direct = Math.hypot(targets.x[i] - sites.x[s], targets.y[i] - sites.y[s]);
        if (direct <= sites.connector[s] + targets.connector[i]) offer(i, s, direct);
      }
    }
    const pool = targets.edge[i] < 0 ? allSites : straightSites;
    if (!pool) continue;
    // Only a site within the current best (over the detour) can improve it; without a best, grow the radius.
    let radius = Number.isFinite(distance[i]) ? distance[i] / detour : 500;
    for (;;) {
      for (const k of pool.index.within(targets.x[i], targets.y[i], radius)) offer(i, pool.ids[k], straight(pool.ids[k], i));
      if (Number.isFinite(distance[i]) || radius > 1e8) break;
      radius *= 2;
    }
  }
  return { site, distance };
}

/**
 * The streets a site reaches within `radius`: every segment piece walked, as
 * [x1, y1, x2, y2] in projected metres (a segment reached from one end only
 * as far as the walk goes). Empty for a site off the streets.
 */
export function reachedStreets(network: StreetNetwork, sites: Snaps, s: number, radius: number): Float64Array {
  const e = sites.edge[s];
  if (e < 0) return new Float64Array(0);
  const search = new Search(network);
  search.begin();
  search.seed(network.edgeFrom[e], sites.connector[s] + sites.offset[s], s);
  search.seed(network.edgeTo[e], sites.connector[s] + network.edgeLength[e] - sites.offset[s], s);
  search.run(radius);
  const pieces: number[] = [];
  const point = (f: number, along: number): [number, number] => {
    const u = network.edgeFrom[f];
    const v = network.edgeTo[f];
    const t = network.edgeLength[f] > 0 ? along / network.edgeLength[f] : 0;
    return [network.x[u] + t * (network.x[v] - network.x[u]), network.y[u] + t * (network.y[v] - network.y[u])];
  };
  // The site's own segment, as far as the walk goes each way.
  const left = radius - sites.connector[s];
  if (left > 0) pieces.push(...point(e, Math.max(0, sites.offset[s] - left)), ...point(e, Math.min(network.edgeLength[e], sites.offset[s] + left)));
  for (const u of search.settled) {
    const rest = radius - search.distance[u];
    for (let a = network.adjacencyStart[u]; a < network.adjacencyStart[u + 1]; a++) {
      const f = network.adjacencyEdge[a];
      const length = network.edgeLength[f];
      const fromHere = network.edgeFrom[f] === u;
      // A segment walked from both ends is drawn from both (the pieces overlap; the drawing does not care).
      const reach = Math.min(length, rest);
      pieces.push(...(fromHere ? point(f, 0) : point(f, length)), ...(fromHere ? point(f, reach) : point(f, length - reach)));
    }
  }
  return Float64Array.from(pieces);
}
