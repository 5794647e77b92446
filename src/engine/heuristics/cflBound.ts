import { SiteState } from './siteState';

/**
 * A lower bound on capacitated facility location with split assignment by
 * Lagrangian relaxation of the demand rows (sum_j x_ij = 1, multipliers u_i),
 * with the aggregate capacity row kept (Beasley 1988):
 *
 *   L(u) = sum_i u_i + min { sum_j v_j y_j : sum_j s_j y_j >= D, fixed sites as fixed }
 *   v_j  = f_j + min { sum_i (c_ij - u_i) x_ij : sum_i d_i x_ij <= s_j, 0 <= x_ij <= 1 }
 *
 * Each v_j is a continuous knapsack (best ratio first); the y problem is a
 * covering knapsack, solved exactly when the capacities are equal and as its
 * LP relaxation otherwise, which keeps every L(u) a true bound. Sites are fixed as for the p-median: when
 * the bound with a site opened (or closed) reaches the incumbent's cost, no
 * better plan has it so; the incumbent's own sites are never fixed against it.
 */
export interface CflProblem {
  readonly demandCount: number;
  readonly siteCount: number;
  /** cost[j * demandCount + i]: serving all of i from j; Infinity where j cannot serve i. */
  readonly cost: Float64Array;
  readonly demand: Float64Array;
  readonly capacity: Float64Array;
  readonly fixedCost: Float64Array;
  /** Per site: Free, Open (existing, required or fixed open) or Closed. */
  readonly state: Uint8Array;
}

export interface CflBound {
  /** Every plan costs at least min(bound, incumbent). */
  readonly bound: number;
  readonly state: Uint8Array;
  /** Sites open in the subproblem at the last few steps (fractions rounded up), newest first: plans to try. */
  readonly choices: Uint8Array[];
  /** Free sites by v_j at the best multipliers, most attractive first: sites to add to a plan that is short of them. */
  readonly ranking: number[];
  /** The best multipliers, to warm-start a subproblem from. */
  readonly multipliers: Float64Array;
  /** The subproblem's sites at the best multipliers (1 open, fractions where the covering knapsack splits one). */
  readonly levels: Float64Array;
}

export interface CflBoundOptions {
  readonly iterations: number;
  /** Multipliers to start from (default: each demand point's cheapest cost). */
  readonly multipliers?: Float64Array;
  /** Never fix the incumbent out (at the root, so the remaining problem keeps it). */
  readonly keepIncumbent: boolean;
}

const ROOT: CflBoundOptions = { iterations: 600, keepIncumbent: true };

/** How many distinct choices of sites a run keeps to be tried as plans. */
const CHOICES = 8;

export function cflBound(problem: CflProblem, incumbent: { cost: number; open: Uint8Array } | null, deadline: number, options: CflBoundOptions = ROOT): CflBound {
  const { demandCount: m, siteCount: n, cost, demand, capacity, fixedCost } = problem;
  const { iterations, keepIncumbent } = options;
  const state = problem.state.slice();
  const totalDemand = demand.reduce((a, b) => a + b, 0);
  let u = options.multipliers?.slice();
  if (!u) {
    u = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let cheapest = Infinity;
      for (let j = 0; j < n; j++) if (state[j] !== SiteState.Closed) cheapest = Math.min(cheapest, cost[j * m + i]);
      u[i] = cheapest;
    }
  }
  let bestU = u.slice();
  let levels = new Float64Array(n);
  const v = new Float64Array(n);
  const y = new Float64Array(n);
  const served = new Float64Array(m);
  const items: number[] = [];
  let best = -Infinity;
  const choices = new Map<string, Uint8Array>();
  let ranking: number[] = [];
  let theta = 2;
  let sinceBetter = 0;
  // Without an incumbent the step aims a little above the best bound so far.
  const target = () => (incumbent ? incumbent.cost : Math.abs(best) * 1.02 + 1);

  for (let iteration = 0; iteration < iterations && performance.now() < deadline; iteration++) {
    served.fill(0);
    let value = 0;
    for (let i = 0; i < m; i++) value += u[i];
    // Each site's knapsack: the demand points cheaper than their multiplier, best saving per unit first.
    const taken: { j: number; i: number; x: number }[] = [];
    for (let j = 0; j < n; j++) {
      v[j] = fixedCost[j];
      if (state[j] === SiteState.Closed) continue;
      items.length = 0;
      const base = j * m;
      for (let i = 0; i < m; i++) if (cost[base + i] < u[i]) items.push(i);
      items.sort((a, b) => (cost[base + a] - u[a]) / demand[a] - (cost[base + b] - u[b]) / demand[b] || a - b);
      let room = capacity[j];
      for (const i of items) {
        if (room <= 0) break;
        const x = demand[i] <= room ? 1 : room / demand[i];
        room -= x * demand[i];
        v[j] += x * (cost[base + i] - u[i]);
        taken.push({ j, i, x });
      }
    }
    const cover = coverKnapsack(v, capacity, state, totalDemand);
    y.set(cover.y);
    value += cover.value;
    for (const { j, i, x } of taken) served[i] += y[j] * x;

    // Near the best multipliers the subproblem's choice moves between good sets of sites: keep the last few.
    const choice = Uint8Array.from(y, (level) => (level > 0 ? 1 : 0));
    const key = choice.join('');
    choices.delete(key);
    choices.set(key, choice);
    if (choices.size > CHOICES) choices.delete(choices.keys().next().value!);
    if (best === -Infinity || value > best + 1e-9 * Math.abs(best)) {
      best = value;
      bestU = u.slice();
      levels = y.slice();
      ranking = [...v.keys()].filter((j) => state[j] === SiteState.Free).sort((a, b) => v[a] - v[b] || a - b);
      sinceBetter = 0;
    } else if (++sinceBetter >= 20) {
      theta /= 2;
      sinceBetter = 0;
      if (theta < 1e-3) break;
    }
    if (incumbent && best >= incumbent.cost * (1 - 1e-9)) break;

    if (incumbent) {
      const cutoff = incumbent.cost * (1 - 1e-9);
      for (let j = 0; j < n; j++) {
        if (state[j] !== SiteState.Free) continue;
        if (y[j] === 0 && !(keepIncumbent && incumbent.open[j])) {
          state[j] = SiteState.Open;
          const opened = value - cover.value + coverKnapsack(v, capacity, state, totalDemand).value;
          state[j] = opened >= cutoff ? SiteState.Closed : SiteState.Free;
        } else if (y[j] === 1 && (!keepIncumbent || incumbent.open[j])) {
          state[j] = SiteState.Closed;
          const closed = value - cover.value + coverKnapsack(v, capacity, state, totalDemand).value;
          state[j] = closed >= cutoff ? SiteState.Open : SiteState.Free;
        }
      }
    }

    let norm = 0;
    for (let i = 0; i < m; i++) norm += (1 - served[i]) ** 2;
    if (norm < 1e-12) break;
    const step = (theta * Math.max(target() - value, 1e-9 * Math.abs(value))) / norm;
    for (let i = 0; i < m; i++) u[i] += step * (1 - served[i]);
  }
  return { bound: best, state, choices: [...choices.values()].reverse(), ranking, multipliers: bestU, levels };
}

/**
 * min sum_j v_j y_j with sum_j s_j y_j >= D, open sites at 1, closed at 0.
 * When every site holds the same capacity s (the OR-Library capa/b/c sets),
 * exactly: at least ceil(D / s) sites, so every site that saves and then the
 * cheapest others up to that count. Otherwise its LP relaxation: every site
 * that saves, then the cheapest capacity per unit until the demand is
 * covered, the last one fractional. Either way the bound stays true.
 */
function coverKnapsack(v: Float64Array, capacity: Float64Array, state: Uint8Array, need: number): { value: number; y: Float64Array } {
  const y = new Float64Array(v.length);
  let value = 0;
  let held = 0;
  let count = 0;
  let uniform = -1;
  const rest: number[] = [];
  for (let j = 0; j < v.length; j++) {
    if (state[j] === SiteState.Closed) continue;
    uniform = uniform === -1 || uniform === capacity[j] ? capacity[j] : -2;
    if (state[j] === SiteState.Open || v[j] < 0) {
      y[j] = 1;
      value += v[j];
      held += capacity[j];
      count++;
    } else rest.push(j);
  }
  if (held >= need) return { value, y };
  if (uniform > 0) {
    rest.sort((a, b) => v[a] - v[b] || a - b);
    const missing = Math.ceil((need - held) / uniform - 1e-9);
    if (missing > rest.length) return { value: Infinity, y };
    for (let k = 0; k < missing; k++) (y[rest[k]] = 1), (value += v[rest[k]]);
    return { value, y };
  }
  rest.sort((a, b) => v[a] / capacity[a] - v[b] / capacity[b] || a - b);
  for (const j of rest) {
    const level = Math.min(1, (need - held) / capacity[j]);
    y[j] = level;
    value += level * v[j];
    held += level * capacity[j];
    if (held >= need - 1e-9) break;
  }
  if (held < need - 1e-9) return { value: Infinity, y };
  return { value, y };
}
