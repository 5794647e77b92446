/**
 * Growable typed-array columns. A city extract has millions of nodes: as
 * plain JS objects (or number[]) they would cost ~10x the memory of these
 * flat arrays, and the garbage collector would scan all of them.
 */
type Typed = Float64Array | Int32Array;

class Column<T extends Typed> {
  data: T;
  length = 0;

  constructor(
    private readonly make: (size: number) => T,
    capacity: number,
  ) {
    this.data = make(Math.max(16, capacity));
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
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  private grow(min: number): void {
    // 1.5x rather than 2x: the columns are pre-sized from the file size, so growing is rare and overshoot costs memory.
    const next = this.make(Math.max(min, Math.ceil(this.data.length * 1.5)));
    next.set(this.data);
    this.data = next;
  }
}

export class Float64Column extends Column<Float64Array> {
  constructor(capacity = 1024) {
    super((size) => new Float64Array(size), capacity);
  }
}

export class Int32Column extends Column<Int32Array> {
  constructor(capacity = 1024) {
    super((size) => new Int32Array(size), capacity);
  }
}
