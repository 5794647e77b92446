/** A binary max-heap of site indices by key, typed arrays only. */
export class MaxHeap {
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity + 1);
    this.keys = new Float64Array(capacity + 1);
  }

  peekKey(): number {
    return this.keys[0];
  }

  push(item: number, key: number): void {
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (this.keys[parent] > key || (this.keys[parent] === key && this.items[parent] < item)) break;
      this.items[k] = this.items[parent];
      this.keys[k] = this.keys[parent];
      k = parent;
    }
    this.items[k] = item;
    this.keys[k] = key;
  }

  pop(): number {
    const top = this.items[0];
    const item = this.items[--this.size];
    const key = this.keys[this.size];
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && (this.keys[child + 1] > this.keys[child] || (this.keys[child + 1] === this.keys[child] && this.items[child + 1] < this.items[child]))) child++;
      if (this.keys[child] < key || (this.keys[child] === key && this.items[child] > item)) break;
      this.items[k] = this.items[child];
      this.keys[k] = this.keys[child];
      k = child;
    }
    this.items[k] = item;
    this.keys[k] = key;
    return top;
  }
}
