import { MinHeap } from './minHeap';

/**
 * Dijkstra on an undirected graph with non-negative edge lengths, from one
 * source to every node. The adjacency is built once (CSR) and reused for every
 * source; the heap is minHeap.ts, with lazy deletion.
 */
export class Graph {
  private readonly start: Int32Array;
  private readonly target: Int32Array;
  private readonly length: Float64Array;

  /** `edges` holds triples (u, v, length). */
  constructor(
    readonly nodeCount: number,
    edges: Float64Array,
  ) {
    const edgeCount = edges.length / 3;
    const degree = new Int32Array(nodeCount + 1);
    for (let e = 0; e < edgeCount; e++) {
      degree[edges[3 * e] + 1]++;
      degree[edges[3 * e + 1] + 1]++;
    }
    for (let v = 0; v < nodeCount; v++) degree[v + 1] += degree[v];
    this.start = degree;
    this.target = new Int32Array(2 * edgeCount);
    this.length = new Float64Array(2 * edgeCount);
    const fill = this.start.slice(0, nodeCount);
    for (let e = 0; e < edgeCount; e++) {
      const u = edges[3 * e];
      const v = edges[3 * e + 1];
      const length = edges[3 * e + 2];
      this.target[fill[u]] = v;
      this.length[fill[u]++] = length;
      this.target[fill[v]] = u;
      this.length[fill[v]++] = length;
    }
  }

  /** Shortest-path lengths from `source` to every node; Infinity where unreachable. */
  distancesFrom(source: number, into = new Float64Array(this.nodeCount)): Float64Array {
    const distance = into.fill(Infinity);
    const heap = new MinHeap(this.target.length + 1);
    distance[source] = 0;
    heap.push(source, 0);
    const done = new Uint8Array(this.nodeCount);
    while (heap.size > 0) {
      const node = heap.pop();
      if (done[node]) continue;
      done[node] = 1;
      for (let k = this.start[node]; k < this.start[node + 1]; k++) {
        const next = this.target[k];
        const through = distance[node] + this.length[k];
        if (through < distance[next]) {
          distance[next] = through;
          heap.push(next, through);
        }
      }
    }
    return distance;
  }
}
