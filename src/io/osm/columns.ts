/**
 * Growable typed-array columns. A city extract has millions of nodes: as
 * plain JS objects (or number[]) they would cost ~10x the memory of these
 * flat arrays, and the garbage collector would scan all of them.
 */
export class Float64Column {
  data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Writes at index i (growing when needed) without changing length: for column-wise decoding. */
  put(i: number, value: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    this.data[i] = value;
  }

  /** The filled part, without a copy. */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  private grow(min: number): void {
    // 1.5x rather than 2x: the columns are pre-sized from the file size, so growing is rare and overshoot costs memory.
    const next = new Float64Array(Math.max(min, Math.ceil(this.data.length * 1.5)));
    next.set(this.data);
    this.data = next;
  }
}

export class Int32Column {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  put(i: number, value: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    this.data[i] = value;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, Math.ceil(this.data.length * 1.5)));
    next.set(this.data);
    this.data = next;
  }
}
