/**
 * A binary min-heap of (node, key) pairs in typed arrays, for Dijkstra with
 * lazy deletion: a node may be pushed again with a smaller key and its stale
 * entries are skipped when popped. Sized once and reused across searches.
 */
export class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(capacity, 16));
    this.keys = new Float64Array(Math.max(capacity, 16));
  }

  clear(): void {
    this.size = 0;
  }

  /** The smallest key (undefined behaviour on an empty heap). */
  peekKey(): number {
    return this.keys[0];
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) this.grow();
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.nodes[k] = this.nodes[parent];
      this.keys[k] = this.keys[parent];
      k = parent;
    }
    this.nodes[k] = node;
    this.keys[k] = key;
  }

  /** Removes the entry with the smallest key and returns its node. */
  pop(): number {
    const top = this.nodes[0];
    const lastNode = this.nodes[--this.size];
    const lastKey = this.keys[this.size];
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= lastKey) break;
      this.nodes[k] = this.nodes[child];
      this.keys[k] = this.keys[child];
      k = child;
    }
    this.nodes[k] = lastNode;
    this.keys[k] = lastKey;
    return top;
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    const keys = new Float64Array(this.keys.length * 2);
    nodes.set(this.nodes);
    keys.set(this.keys);
    this.nodes = nodes;
    this.keys = keys;
  }
}
