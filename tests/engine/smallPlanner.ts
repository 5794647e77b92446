import type { PlannerType } from '../../src/engine/planner/instance';

export interface SmallTypeOptions {
  readonly points?: number;
  readonly candidates?: number;
  /** Facilities each candidate may hold. */
  readonly maxCount?: number;
  readonly radius?: number;
  /** Capacities are drawn from [least, least + spread). */
  readonly capacity?: readonly [least: number, spread: number];
}

/**
 * A small planner type on a 1 km square, independent of src/plan: one
 * existing site and a few candidates (up to `maxCount` facilities each), pairs
 * within the radius. For tests that enumerate every plan.
 */
export function randomType(next: () => number, capacitated: boolean, options: SmallTypeOptions = {}): PlannerType {
  const { points = 10, candidates = 5, maxCount = 1, radius = 350, capacity: [least, spread] = [20, 80] } = options;
  const siteCount = 1 + candidates;
  const px = Array.from({ length: points }, () => next() * 1000);
  const py = Array.from({ length: points }, () => next() * 1000);
  const sx = Array.from({ length: siteCount }, () => next() * 1000);
  const sy = Array.from({ length: siteCount }, () => next() * 1000);
  const pairStart = new Int32Array(points + 1);
  const pairSite: number[] = [];
  const pairDistance: number[] = [];
  for (let i = 0; i < points; i++) {
    for (let j = 0; j < siteCount; j++) {
      const d = Math.hypot(px[i] - sx[j], py[i] - sy[j]);
      if (d <= radius) pairSite.push(j), pairDistance.push(d);
    }
    pairStart[i + 1] = pairSite.length;
  }
  const weights = Float64Array.from({ length: points }, () => 1 + Math.floor(next() * 50));
  return {
    capacitated,
    radius,
    weightsByPeriod: [weights],
    totalByPeriod: [weights.reduce((a, b) => a + b, 0)],
    district: new Uint8Array(points),
    districtCount: 1,
    districtShares: null,
    existingCount: 1,
    siteCount,
    capacity: Float64Array.from({ length: siteCount }, () => least + Math.floor(next() * spread)),
    cost: Float64Array.from({ length: siteCount }, (_, j) => (j === 0 ? 0 : 1 + Math.floor(next() * 4))),
    minCount: new Int32Array(siteCount),
    maxCount: Int32Array.from({ length: siteCount }, (_, j) => (j === 0 ? 0 : maxCount)),
    pairStart,
    pairSite: Int32Array.from(pairSite),
    pairDistance: Float64Array.from(pairDistance),
  };
}

/** People served with the given facilities per site: a maximum flow (capacitated) or everyone within reach of an open site. */
export function served(type: PlannerType, open: ArrayLike<number>): number {
  const weights = type.weightsByPeriod[0];
  if (!type.capacitated) {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) if (open[type.pairSite[p]]) (total += weights[i]), (p = type.pairStart[i + 1]);
    }
    return total;
  }
  // Augmenting paths on source -> points -> sites -> sink, independent of the engine's LP.
  const n = weights.length;
  const m = type.siteCount;
  const size = n + m + 2;
  const cap = Array.from({ length: size }, () => new Float64Array(size));
  const s = n + m;
  const t = s + 1;
  for (let i = 0; i < n; i++) cap[s][i] = weights[i];
  for (let j = 0; j < m; j++) if (open[j]) cap[n + j][t] = type.capacity[j] * open[j];
  for (let i = 0; i < n; i++) for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) cap[i][n + type.pairSite[p]] = Infinity;
  let flow = 0;
  for (;;) {
    const previous = new Int32Array(size).fill(-1);
    previous[s] = s;
    const queue = [s];
    while (queue.length > 0 && previous[t] < 0) {
      const u = queue.shift()!;
      for (let v = 0; v < size; v++) if (previous[v] < 0 && cap[u][v] > 1e-9) (previous[v] = u), queue.push(v);
    }
    if (previous[t] < 0) return flow;
    let push = Infinity;
    for (let v = t; v !== s; v = previous[v]) push = Math.min(push, cap[previous[v]][v]);
    for (let v = t; v !== s; v = previous[v]) (cap[previous[v]][v] -= push), (cap[v][previous[v]] += push);
    flow += push;
  }
}
