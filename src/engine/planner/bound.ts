import type { PlannerInstance } from './instance';
import { bySite, type DemandRows, type SitePairs } from './rows';

/**
 * A proven upper bound on maximal coverage in one year, by Lagrangian
 * relaxation of the demand rows, for models too big for their LP in time.
 *
 * Capacitated types (sum_j f_rj <= w_r relaxed with mu_r >= 0): a facility at
 * site j is worth the best fill of its capacity with rows at their reduced
 * value a - mu_r (a: objective per person, each row at most w_r); n
 * facilities are worth at most n times one (the fill is concave). Existing
 * sites are always open. Uncapacitated types (y_r <= sum_j x_j relaxed with
 * l_r >= 0, as src/engine/heuristics/coverBound.ts): a row is worth
 * max(0, a w_r - l_r) and a site the sum of its rows' l_r. The sites are then
 * chosen by a fractional knapsack per budget group (required ones first).
 * Every value of the relaxation is a valid bound; subgradient steps (Polyak,
 * towards the best known plan) tighten it towards the LP bound.
 */
export function coverageBound(instance: PlannerInstance, rows: readonly DemandRows[], served: readonly Float64Array[], offset: number, bestKnown: number, timeLimitMs: number, minIterations = 0): number {
  const deadline = performance.now() + timeLimitMs;
  const types = instance.types;
  const perPerson = types.map((type) => 100 / Math.max(type.totalByPeriod[0], 1e-9));
  // Rows still open to the plan: uncapacitated rows an existing site covers are in the offset.
  const multiplier = rows.map((row, k) => Float64Array.from(row.weights[0], (w) => (w * perPerson[k]) / 2));
  const active = rows.map((row, k) => Uint8Array.from(row.weights[0], (w, r) => (w > 0 && (types[k].capacitated || served[k][r] <= 0) ? 1 : 0)));
  const value = types.map((type) => new Float64Array(type.siteCount));
  const x = types.map((type) => new Float64Array(type.siteCount));
  const gradient = rows.map((row) => new Float64Array(row.count));
  // Per type: the pairs of every site, to fill capacities.
  const sitePairs = rows.map((row, k) => bySite(row, types[k].siteCount));
  let best = Infinity;
  let theta = 2;
  let sinceBetter = 0;
  const order: number[] = [];
  // At least `minIterations` whatever the clock says: on a busy machine the same milliseconds hold fewer steps, and a looser bound.
  for (let iteration = 0; iteration < 5000 && (iteration < minIterations || performance.now() < deadline); iteration++) {
    let total = offset;
    types.forEach((type, k) => {
      const row = rows[k];
      const mu = multiplier[k];
      value[k].fill(0);
      if (type.capacitated) {
        for (let r = 0; r < row.count; r++) if (active[k][r]) total += mu[r] * row.weights[0][r];
        for (let j = 0; j < type.siteCount; j++) value[k][j] = fill(type.capacity[j], sitePairs[k], j, row, mu, perPerson[k], active[k], order, null, 0);
      } else {
        for (let r = 0; r < row.count; r++) {
          if (!active[k][r]) continue;
          total += Math.max(0, row.weights[0][r] * perPerson[k] - mu[r]);
          for (let p = row.start[r]; p < row.start[r + 1]; p++) value[k][row.site[p]] += mu[r];
        }
      }
    });
    total += chooseSites(instance, value, x);
    if (total < best - 1e-9) {
      best = total;
      sinceBetter = 0;
    } else if (++sinceBetter >= 20) {
      theta /= 2;
      sinceBetter = 0;
      if (theta < 1e-4) break;
    }
    // The subgradient: what each relaxed row gets minus what it may have.
    let norm = 0;
    types.forEach((type, k) => {
      const row = rows[k];
      const g = gradient[k];
      g.fill(0);
      if (type.capacitated) {
        for (let r = 0; r < row.count; r++) if (active[k][r]) g[r] = -row.weights[0][r];
        for (let j = 0; j < type.siteCount; j++) {
          const times = j < type.existingCount ? 1 : x[k][j];
          if (times > 0) fill(type.capacity[j], sitePairs[k], j, row, multiplier[k], perPerson[k], active[k], order, g, times);
        }
      } else {
        for (let r = 0; r < row.count; r++) {
          if (!active[k][r]) continue;
          let opened = 0;
          for (let p = row.start[r]; p < row.start[r + 1]; p++) opened += x[k][row.site[p]];
          g[r] = (row.weights[0][r] * perPerson[k] > multiplier[k][r] ? 1 : 0) - opened;
        }
      }
      for (let r = 0; r < row.count; r++) norm += g[r] * g[r];
    });
    if (norm === 0) break;
    const step = (theta * Math.max(total - bestKnown, 1e-9)) / norm;
    types.forEach((_, k) => {
      const mu = multiplier[k];
      for (let r = 0; r < rows[k].count; r++) if (active[k][r]) mu[r] = Math.max(0, mu[r] + step * gradient[k][r]);
    });
  }
  return best;
}

/**
 * The best fill of one facility's capacity with rows at their reduced value;
 * with `gradient`, adds the fill (times `times`) to it instead of valuing it.
 */
function fill(capacity: number, pairs: SitePairs, j: number, rows: DemandRows, mu: Float64Array, a: number, active: Uint8Array, order: number[], gradient: Float64Array | null, times: number): number {
  order.length = 0;
  for (let n = pairs.start[j]; n < pairs.start[j + 1]; n++) {
    const r = pairs.row[n];
    if (active[r] && a - mu[r] > 0) order.push(r);
  }
  order.sort((p, q) => mu[p] - mu[q] || p - q);
  let room = capacity;
  let total = 0;
  for (const r of order) {
    if (room <= 0) break;
    const take = Math.min(room, rows.weights[0][r]);
    room -= take;
    total += take * (a - mu[r]);
    if (gradient) gradient[r] += take * times;
  }
  return total;
}

/** The fractional knapsack per budget group, required facilities first; writes the chosen counts into x and returns their value. */
function chooseSites(instance: PlannerInstance, value: Float64Array[][] | Float64Array[], x: Float64Array[]): number {
  let total = 0;
  for (const group of instance.budgets) {
    let left = group.perPeriod[0];
    const items: { k: number; j: number; ratio: number }[] = [];
    for (const k of group.types) {
      const type = instance.types[k];
      const v = value[k] as Float64Array;
      x[k].fill(0);
      for (let j = 0; j < type.existingCount; j++) total += v[j];
      for (let j = type.existingCount; j < type.siteCount; j++) {
        if (type.minCount[j] > 0) {
          x[k][j] = type.minCount[j];
          total += type.minCount[j] * v[j];
          left -= type.minCount[j] * type.cost[j];
        }
        if (type.maxCount[j] > type.minCount[j] && v[j] > 0) items.push({ k, j, ratio: v[j] / Math.max(type.cost[j], 1e-12) });
      }
    }
    items.sort((p, q) => q.ratio - p.ratio || p.k - q.k || p.j - q.j);
    for (const { k, j } of items) {
      if (left <= 0) break;
      const type = instance.types[k];
      const room = type.maxCount[j] - type.minCount[j];
      const take = type.cost[j] <= 0 ? room : Math.min(room, left / type.cost[j]);
      x[k][j] += take;
      total += take * (value[k] as Float64Array)[j];
      left -= take * type.cost[j];
    }
  }
  return total;
}
