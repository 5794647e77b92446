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
