import type { MedianPlan, MedianProblem } from './medianSearch';
import { SiteState } from './siteState';

/**
 * A lower bound on the uncapacitated p-median by Lagrangian relaxation of the
 * assignment rows (sum_j x_ij = 1, multipliers u_i), and the sites it fixes
 * (Beasley 1985, 1993):
 *
 *   L(u) = sum_i u_i + sum over the p open sites of rho_j,   rho_j = sum_i min(0, c_ij - u_i)
 *
 * where the subproblem opens the sites in state Open or Existing and the
 * `count` free sites of least rho. Every L(u) is a true bound; subgradient
 * steps (Polyak, towards the incumbent) drive it up to the LP bound, which on
 * p-median is usually the optimum or very near it.
 *
 * Fixing: the best plan with free site j open costs at least L(u) + rho_j -
 * (the largest chosen rho), and the best one with a chosen site j closed at
 * least L(u) - rho_j + (the least unchosen rho). When that reaches the
 * incumbent's cost (for whole-number costs: exceeds it minus one), no plan
 * better than the incumbent has j so, and j is fixed the other way. The
 * incumbent itself is never cut off (its own sites are only fixed open,
 * the others only closed), so the problem that remains still holds an optimal
 * plan, and a solver proving it optimal there proves it for the whole.
 */
export interface MedianBound {
  /** Every plan (of this problem) costs at least min(bound, the incumbent's cost). */
  readonly bound: number;
  /** The problem's states with the fixings applied (a copy). */
  readonly state: Uint8Array;
  /** How many free sites a plan still opens. */
  readonly count: number;
  /** The subproblem's choice at the best multipliers: a start for the local search, a guide for branching. */
  readonly choice: Uint8Array;
  readonly rho: Float64Array;
  /** The best multipliers, to warm-start a subproblem from. */
  readonly multipliers: Float64Array;
}

export interface BoundOptions {
  readonly iterations: number;
  /** Steps without a better bound before the step size halves. */
  readonly patience: number;
  /** Initial step scale (Polyak's theta). */
  readonly theta: number;
  /** Multipliers to start from (default: what each demand point pays in the incumbent). */
  readonly multipliers?: Float64Array;
  /** Never fix the incumbent out (at the root, so the remaining problem keeps it). */
  readonly keepIncumbent: boolean;
  /** Drop the closed sites from the lists first (default); not worth it for a short run. */
  readonly compact?: boolean;
}

export const ROOT: BoundOptions = { iterations: 3000, patience: 30, theta: 2, keepIncumbent: true };

/** Per demand point, the sites that may serve it (not closed), by ascending cost: CSR. */
export interface CostLists {
  readonly start: Int32Array;
  readonly site: Int32Array;
  readonly cost: Float64Array;
}

export function medianBound(problem: MedianProblem, allLists: CostLists, incumbent: MedianPlan, integral: boolean, deadline: number, options: BoundOptions = ROOT): MedianBound {
  const { demandCount: m, siteCount: n, cost } = problem;
  const state = problem.state.slice();
  const lists = options.compact === false ? allLists : withoutClosed(allLists, state);
  let count = problem.count;
  const cutoff = cutoffFor(incumbent.cost, integral);

  let u = options.multipliers?.slice();
  if (!u) {
    // What each demand point pays in the incumbent: L(u) is then the incumbent's cost minus what rho can save.
    u = new Float64Array(m).fill(problem.penalty);
    for (let j = 0; j < n; j++) {
      if (!incumbent.open[j]) continue;
      for (let i = 0; i < m; i++) u[i] = Math.min(u[i], cost[j * m + i]);
    }
  }

  const rho = new Float64Array(n);
  const chosen = new Uint8Array(n);
  const gradient = new Float64Array(m);
  let free = freeSites(state);
  let best = -Infinity;
  let bestRho = rho;
  let bestU = u;
  let choice = incumbent.open;
  let theta = options.theta;
  let sinceBetter = 0;
  for (let iteration = 0; iteration < options.iterations && performance.now() < deadline; iteration++) {
    rho.fill(0);
    let value = 0;
    for (let i = 0; i < m; i++) {
      value += u[i];
      for (let k = lists.start[i]; k < lists.start[i + 1]; k++) {
        const c = lists.cost[k];
        if (c >= u[i]) break;
        rho[lists.site[k]] += c - u[i];
      }
    }
    chosen.fill(0);
    for (let j = 0; j < n; j++) {
      if (state[j] === SiteState.Open || state[j] === SiteState.Existing) {
        value += rho[j];
        chosen[j] = 1;
      }
    }
    if (count > free.length) return { bound: Infinity, state, count, choice, rho, multipliers: u };
    const least = smallest(free, rho, count + 1);
    for (let k = 0; k < count; k++) {
      value += rho[least[k]];
      chosen[least[k]] = 1;
    }
    if (best === -Infinity || value > best + 1e-9 * Math.abs(best)) {
      best = value;
      choice = chosen.slice();
      bestRho = rho.slice();
      bestU = u.slice();
      sinceBetter = 0;
    } else if (++sinceBetter >= options.patience) {
      theta /= 2;
      sinceBetter = 0;
      if (theta < 1e-3) break;
    }
    if (best >= cutoff) break;

    // Fixing by this step's bound (any multipliers give a valid one).
    if (count > 0) {
      const largestChosen = rho[least[count - 1]];
      const leastUnchosen = count < least.length ? rho[least[count]] : Infinity;
      let fixed = false;
      for (const j of free) {
        const keep = options.keepIncumbent;
        if (!chosen[j] && !(keep && incumbent.open[j]) && value + rho[j] - largestChosen >= cutoff) {
          state[j] = SiteState.Closed;
          fixed = true;
        } else if (chosen[j] && (!keep || incumbent.open[j]) && value - rho[j] + leastUnchosen >= cutoff) {
          state[j] = SiteState.Open;
          count--;
          fixed = true;
        }
      }
      if (fixed) free = freeSites(state);
    }

    let norm = 0;
    for (let i = 0; i < m; i++) {
      let served = 0;
      for (let k = lists.start[i]; k < lists.start[i + 1]; k++) {
        if (lists.cost[k] >= u[i]) break;
        if (chosen[lists.site[k]]) served++;
      }
      gradient[i] = 1 - served;
      norm += gradient[i] * gradient[i];
    }
    // Every demand point served exactly once: the subproblem's plan is optimal, and L(u) is its cost.
    if (norm === 0) break;
    const step = (theta * Math.max(incumbent.cost - value, 1e-9 * Math.abs(incumbent.cost))) / norm;
    for (let i = 0; i < m; i++) u[i] += step * gradient[i];
  }
  return { bound: best, state, count, choice, rho: bestRho, multipliers: bestU };
}

/** Plans that cost this much or more are no better than the incumbent (with whole-number costs: not better by one). */
export function cutoffFor(incumbentCost: number, integral: boolean): number {
  return integral ? incumbentCost - 1 + 1e-7 + 1e-9 * Math.abs(incumbentCost) : incumbentCost - 1e-9 * Math.abs(incumbentCost);
}

function freeSites(state: Uint8Array): Int32Array {
  const free: number[] = [];
  for (let j = 0; j < state.length; j++) if (state[j] === SiteState.Free) free.push(j);
  return Int32Array.from(free);
}

/**
 * The `k` sites of least rho, in order (ties: the lower index), by insertion
 * into a short sorted list: most sites are turned away by one comparison, so
 * this is far cheaper than sorting them all at every step.
 */
function smallest(sites: Int32Array, rho: Float64Array, k: number): Int32Array {
  const kept = new Int32Array(Math.min(k, sites.length));
  let size = 0;
  for (const j of sites) {
    // sites come in ascending index order, so a tie never displaces a kept site
    if (size === kept.length && rho[j] >= rho[kept[size - 1]]) continue;
    let at = size < kept.length ? size++ : size - 1;
    while (at > 0 && rho[kept[at - 1]] > rho[j]) {
      kept[at] = kept[at - 1];
      at--;
    }
    kept[at] = j;
  }
  return kept;
}

/** The lists without the closed sites: a subproblem deep in a search walks far fewer. */
export function withoutClosed(lists: CostLists, state: Uint8Array): CostLists {
  const start = new Int32Array(lists.start.length);
  const site = new Int32Array(lists.site.length);
  const cost = new Float64Array(lists.cost.length);
  let at = 0;
  for (let i = 0; i + 1 < lists.start.length; i++) {
    for (let k = lists.start[i]; k < lists.start[i + 1]; k++) {
      if (state[lists.site[k]] === SiteState.Closed) continue;
      site[at] = lists.site[k];
      cost[at++] = lists.cost[k];
    }
    start[i + 1] = at;
  }
  return { start, site: site.subarray(0, at), cost: cost.subarray(0, at) };
}

export function sortedCosts(problem: MedianProblem): CostLists {
  const { demandCount: m, siteCount: n, cost, state, penalty } = problem;
  const start = new Int32Array(m + 1);
  const sites: number[] = [];
  for (let j = 0; j < n; j++) if (state[j] !== SiteState.Closed) sites.push(j);
  const site = new Int32Array(m * sites.length);
  const sorted = new Float64Array(m * sites.length);
  const order = Int32Array.from(sites);
  let at = 0;
  for (let i = 0; i < m; i++) {
    order.sort((a, b) => cost[a * m + i] - cost[b * m + i] || a - b);
    for (const j of order) {
      const c = cost[j * m + i];
      if (c >= penalty) break;
      site[at] = j;
      sorted[at++] = c;
    }
    start[i + 1] = at;
  }
  return { start, site: site.subarray(0, at), cost: sorted.subarray(0, at) };
}
