import KDBush from 'kdbush';

/** A static index over projected points: who lies within a radius, and who is nearest. */
export class PointIndex {
  private readonly index: KDBush;

  constructor(
    readonly x: Float64Array,
    readonly y: Float64Array,
  ) {
    this.index = new KDBush(Math.max(x.length, 1));
    for (let k = 0; k < x.length; k++) this.index.add(x[k], y[k]);
    if (x.length === 0) this.index.add(Infinity, Infinity);
    this.index.finish();
  }

  get size(): number {
    return this.x.length;
  }

  /** Points within `radius` (inclusive) of (qx, qy). */
  within(qx: number, qy: number, radius: number): number[] {
    if (this.x.length === 0) return [];
    return this.index.within(qx, qy, radius);
  }

  /** The nearest point and its distance; -1 and Infinity for an empty index. */
  nearest(qx: number, qy: number): { index: number; distance: number } {
    let best = -1;
    let bestDistance = Infinity;
    for (let radius = 500; best < 0 && this.x.length > 0; radius *= 2) {
      for (const k of this.index.within(qx, qy, radius)) {
        const distance = Math.hypot(this.x[k] - qx, this.y[k] - qy);
        if (distance < bestDistance) {
          best = k;
          bestDistance = distance;
        }
      }
    }
    return { index: best, distance: bestDistance };
  }
}
