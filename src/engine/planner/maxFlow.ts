import type { PlannerType } from './instance';
import type { DemandRows } from './rows';

/**
 * Maximum flow by Dinic's algorithm (breadth-first levels, then blocking
 * flows by depth-first search with a pointer per node), on real capacities.
 * What existing facilities serve is such a flow (demand rows -> sites within
 * the norm -> capacities): exact, and at 100 m about ten times faster than
 * the same LP in HiGHS.
 */
export class FlowGraph {
  private readonly head: Int32Array;
  private to: number[] = [];
  private next: number[] = [];
  private cap: number[] = [];

  constructor(readonly nodes: number) {
    this.head = new Int32Array(nodes).fill(-1);
  }

  /** An arc u -> v of capacity c (and its residual v -> u); returns the arc's index, to read its flow later. */
  addArc(u: number, v: number, c: number): number {
    const arc = this.to.length;
    this.to.push(v, u);
    this.cap.push(c, 0);
    this.next.push(this.head[u], this.head[v]);
    this.head[u] = arc;
    this.head[v] = arc + 1;
    return arc;
  }

  /** Flow on an arc after `maxFlow` (what its residual twin holds). */
  flow(arc: number): number {
    return this.cap[arc + 1];
  }

  maxFlow(source: number, sink: number): number {
    const level = new Int32Array(this.nodes);
    const pointer = new Int32Array(this.nodes);
    const queue = new Int32Array(this.nodes);
    const to = Int32Array.from(this.to);
    const next = Int32Array.from(this.next);
    const cap = Float64Array.from(this.cap);
    const EPS = 1e-9;
    let total = 0;
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = source;
      while (qh < qt) {
        const u = queue[qh++];
        for (let a = this.head[u]; a >= 0; a = next[a]) {
          if (cap[a] > EPS && level[to[a]] < 0) {
            level[to[a]] = level[u] + 1;
            queue[qt++] = to[a];
          }
        }
      }
      if (level[sink] < 0) break;
      pointer.set(this.head);
      // Iterative depth-first search for blocking flows.
      const stack: number[] = [];
      for (;;) {
        const pushed = this.augment(source, sink, Infinity, level, pointer, to, next, cap, stack, EPS);
        if (pushed <= EPS) break;
        total += pushed;
      }
    }
    this.cap = Array.from(cap);
    return total;
  }

  private augment(source: number, sink: number, limit: number, level: Int32Array, pointer: Int32Array, to: Int32Array, next: Int32Array, cap: Float64Array, path: number[], EPS: number): number {
    path.length = 0;
    let u = source;
    for (;;) {
      if (u === sink) {
        let pushed = limit;
        for (const a of path) pushed = Math.min(pushed, cap[a]);
        for (const a of path) {
          cap[a] -= pushed;
          cap[a ^ 1] += pushed;
        }
        return pushed;
      }
      let a = pointer[u];
      while (a >= 0 && !(cap[a] > EPS && level[to[a]] === level[u] + 1)) a = next[a];
      pointer[u] = a;
      if (a >= 0) {
        path.push(a);
        u = to[a];
        continue;
      }
      // Dead end: retreat, and never try this node again in this phase.
      level[u] = -1;
      if (path.length === 0) return 0;
      const back = path.pop()!;
      u = to[back ^ 1];
      pointer[u] = next[pointer[u]];
    }
  }
}

/** The most people a type's open facilities serve in one year (demand rows -> sites in reach -> capacities): flows on row pairs and people served per row. */
export function servedByFlow(type: PlannerType, row: DemandRows, weights: Float64Array, openCount: (j: number) => number): { flows: Float64Array; served: Float64Array } {
  const source = row.count + type.siteCount;
  const graph = new FlowGraph(source + 2);
  const arcs = new Int32Array(row.site.length).fill(-1);
  for (let r = 0; r < row.count; r++) {
    if (weights[r] <= 0) continue;
    let reaches = false;
    for (let p = row.start[r]; p < row.start[r + 1]; p++) {
      const j = row.site[p];
      if (j < type.existingCount || openCount(j) > 0) (arcs[p] = graph.addArc(r, row.count + j, Infinity)), (reaches = true);
    }
    if (reaches) graph.addArc(source, r, weights[r]);
  }
  for (let j = 0; j < type.siteCount; j++) {
    const places = j < type.existingCount ? type.capacity[j] : openCount(j) * type.capacity[j];
    if (places > 0) graph.addArc(row.count + j, source + 1, places);
  }
  graph.maxFlow(source, source + 1);
  const flows = Float64Array.from(arcs, (arc) => (arc >= 0 ? graph.flow(arc) : 0));
  const served = new Float64Array(row.count);
  for (let r = 0; r < row.count; r++) {
    for (let p = row.start[r]; p < row.start[r + 1]; p++) served[r] += flows[p];
    served[r] = Math.min(served[r], weights[r]);
  }
  return { flows, served };
}
