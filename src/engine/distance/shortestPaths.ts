/**
 * Dijkstra on an undirected graph with non-negative edge lengths, from one
 * source to every node. The adjacency is built once (CSR) and reused for every
 * source; the heap is a typed-array binary heap with lazy deletion.
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
    const heapNode = new Int32Array(this.target.length + 1);
    const heapKey = new Float64Array(this.target.length + 1);
    let size = 0;
    const push = (node: number, key: number) => {
      let k = size++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (heapKey[parent] <= key) break;
        heapNode[k] = heapNode[parent];
        heapKey[k] = heapKey[parent];
        k = parent;
      }
      heapNode[k] = node;
      heapKey[k] = key;
    };
    const pop = () => {
      const top = heapNode[0];
      const lastNode = heapNode[--size];
      const lastKey = heapKey[size];
      let k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= size) break;
        if (child + 1 < size && heapKey[child + 1] < heapKey[child]) child++;
        if (heapKey[child] >= lastKey) break;
        heapNode[k] = heapNode[child];
        heapKey[k] = heapKey[child];
        k = child;
      }
      heapNode[k] = lastNode;
      heapKey[k] = lastKey;
      return top;
    };
    distance[source] = 0;
    push(source, 0);
    const done = new Uint8Array(this.nodeCount);
    while (size > 0) {
      const node = pop();
      if (done[node]) continue;
      done[node] = 1;
      for (let k = this.start[node]; k < this.start[node + 1]; k++) {
        const next = this.target[k];
        const through = distance[node] + this.length[k];
        if (through < distance[next]) {
          distance[next] = through;
          push(next, through);
        }
      }
    }
    return distance;
  }
}
