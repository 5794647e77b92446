import { seededRandom } from '../seededRandom';
import { SiteState } from './siteState';

/**
 * The uncapacitated p-median as the heuristics and the Lagrangian bound see
 * it: a site-major cost table and each site's state. Unreachable pairs cost a
 * large finite penalty (not Infinity), so differences stay numbers; a plan
 * that pays it leaves some demand point unserved and is not a plan.
 */
export interface MedianProblem {
  readonly demandCount: number;
  readonly siteCount: number;
  /** cost[j * demandCount + i] = w_i d_ij, or `penalty` where i cannot reach j. */
  readonly cost: Float64Array;
  readonly penalty: number;
  readonly state: Uint8Array;
  /** How many Free sites a plan opens (p minus the sites in state Open). */
  readonly count: number;
}

export interface MedianPlan {
  /** 1 for every open site, whatever its state. */
  readonly open: Uint8Array;
  readonly cost: number;
}

/** A plan's cost; `penalty` or more means some demand point is left unserved. */
export function planCost(problem: MedianProblem, open: Uint8Array): number {
  const nearest = new Float64Array(problem.demandCount).fill(Infinity);
  for (let j = 0; j < problem.siteCount; j++) {
    if (!open[j]) continue;
    const base = j * problem.demandCount;
    for (let i = 0; i < problem.demandCount; i++) nearest[i] = Math.min(nearest[i], problem.cost[base + i]);
  }
  let total = 0;
  for (let i = 0; i < problem.demandCount; i++) total += nearest[i];
  return total;
}

/** Whether the plan serves every demand point (no penalty paid). */
export function servesAll(problem: MedianProblem, plan: MedianPlan): boolean {
  return plan.cost < problem.penalty;
}

/**
 * The best plan found from the given starting plans (and a greedy one): fast
 * interchange (Whitaker 1983: each closed site's best partner to swap out in
 * one pass over the demand points), then iterated local search that shakes a
 * few sites and descends again. Seeded and bounded by counts, not by the
 * clock (the clock only stops it early), so the same input gives the same plan.
 */
export function searchMedian(problem: MedianProblem, starts: readonly Uint8Array[], deadline: number, rounds = 60): MedianPlan {
  const search = new Interchange(problem);
  let best = search.descend(greedyMedian(problem), deadline);
  for (const start of starts) {
    const tried = search.descend(normalised(problem, start), deadline);
    if (tried.cost < best.cost) best = tried;
  }
  const next = seededRandom(7);
  for (let idle = 0; idle < rounds && performance.now() < deadline; idle++) {
    const tried = search.descend(shake(problem, best.open, next), deadline);
    if (tried.cost < best.cost - 1e-9) {
      best = tried;
      idle = -1;
    }
  }
  return best;
}

/** Opens, one at a time, the free site that lowers the cost most (ties: the lower index). */
export function greedyMedian(problem: MedianProblem): Uint8Array {
  const { demandCount: m, siteCount: n, cost, state } = problem;
  const open = Uint8Array.from(state, (s) => (s === SiteState.Open || s === SiteState.Existing ? 1 : 0));
  const nearest = new Float64Array(m).fill(problem.penalty);
  for (let j = 0; j < n; j++) if (open[j]) for (let i = 0; i < m; i++) nearest[i] = Math.min(nearest[i], cost[j * m + i]);
  for (let added = 0; added < problem.count; added++) {
    let bestSite = -1;
    let bestGain = -1;
    for (let j = 0; j < n; j++) {
      if (open[j] || state[j] !== SiteState.Free) continue;
      let gain = 0;
      for (let i = 0, base = j * m; i < m; i++) {
        const c = cost[base + i];
        if (c < nearest[i]) gain += nearest[i] - c;
      }
      if (gain > bestGain) (bestGain = gain), (bestSite = j);
    }
    if (bestSite < 0) break;
    open[bestSite] = 1;
    for (let i = 0, base = bestSite * m; i < m; i++) nearest[i] = Math.min(nearest[i], cost[base + i]);
  }
  return open;
}

/** A start made a plan of this problem: its fixed sites as they are fixed, and exactly `count` free ones open. */
function normalised(problem: MedianProblem, start: Uint8Array): Uint8Array {
  const open = new Uint8Array(problem.siteCount);
  let free = 0;
  for (let j = 0; j < problem.siteCount; j++) {
    const state = problem.state[j];
    if (state === SiteState.Open || state === SiteState.Existing) open[j] = 1;
    else if (state === SiteState.Free && start[j] && free < problem.count) (open[j] = 1), free++;
  }
  for (let j = 0; j < problem.siteCount && free < problem.count; j++) {
    if (problem.state[j] === SiteState.Free && !open[j]) (open[j] = 1), free++;
  }
  return open;
}

/** Swaps a tenth of the free open sites (at least two) for random closed free ones. */
function shake(problem: MedianProblem, open: Uint8Array, next: () => number): Uint8Array {
  const result = open.slice();
  const opened: number[] = [];
  const closed: number[] = [];
  for (let j = 0; j < problem.siteCount; j++) {
    if (problem.state[j] !== SiteState.Free) continue;
    (result[j] ? opened : closed).push(j);
  }
  const moves = Math.min(Math.max(2, Math.round(opened.length / 10)), opened.length, closed.length);
  for (let k = 0; k < moves; k++) {
    result[opened.splice(Math.floor(next() * opened.length), 1)[0]] = 0;
    result[closed.splice(Math.floor(next() * closed.length), 1)[0]] = 1;
  }
  return result;
}

/** Best-improvement swaps with each demand point's nearest and second-nearest open site kept up to date. */
class Interchange {
  private readonly nearest: Float64Array;
  private readonly nearestSite: Int32Array;
  private readonly second: Float64Array;
  /** loss[r]: what closing open site r alone would add. */
  private readonly loss: Float64Array;
  private readonly extra: Float64Array;

  constructor(private readonly problem: MedianProblem) {
    this.nearest = new Float64Array(problem.demandCount);
    this.nearestSite = new Int32Array(problem.demandCount);
    this.second = new Float64Array(problem.demandCount);
    this.loss = new Float64Array(problem.siteCount);
    this.extra = new Float64Array(problem.siteCount);
  }

  descend(start: Uint8Array, deadline: number): MedianPlan {
    const { demandCount: m, siteCount: n, cost, state } = this.problem;
    const open = start.slice();
    const { nearest, nearestSite, second, loss, extra } = this;
    for (;;) {
      this.assign(open);
      const swappable: number[] = [];
      for (let j = 0; j < n; j++) if (open[j] && state[j] === SiteState.Free) swappable.push(j);
      loss.fill(0);
      for (let i = 0; i < m; i++) loss[nearestSite[i]] += second[i] - nearest[i];
      let bestDelta = -1e-9 * Math.max(1, this.total());
      let bestIn = -1;
      let bestOut = -1;
      for (let j = 0; j < n; j++) {
        if (open[j] || state[j] !== SiteState.Free) continue;
        for (const r of swappable) extra[r] = 0;
        let gain = 0;
        for (let i = 0, base = j * m; i < m; i++) {
          const c = cost[base + i];
          if (c < nearest[i]) {
            gain += nearest[i] - c;
            extra[nearestSite[i]] -= second[i] - nearest[i];
          } else if (c < second[i]) {
            extra[nearestSite[i]] += c - second[i];
          }
        }
        for (const r of swappable) {
          const delta = loss[r] + extra[r] - gain;
          if (delta < bestDelta) (bestDelta = delta), (bestIn = j), (bestOut = r);
        }
      }
      if (bestIn < 0 || performance.now() > deadline) break;
      open[bestIn] = 1;
      open[bestOut] = 0;
    }
    return { open, cost: this.total() };
  }

  private total(): number {
    let total = 0;
    for (let i = 0; i < this.problem.demandCount; i++) total += this.nearest[i];
    return total;
  }

  private assign(open: Uint8Array): void {
    const { demandCount: m, siteCount: n, cost, penalty } = this.problem;
    const { nearest, nearestSite, second } = this;
    nearest.fill(penalty);
    second.fill(penalty);
    nearestSite.fill(0);
    for (let j = 0; j < n; j++) {
      if (!open[j]) continue;
      for (let i = 0, base = j * m; i < m; i++) {
        const c = cost[base + i];
        if (c < nearest[i]) {
          second[i] = nearest[i];
          nearest[i] = c;
          nearestSite[i] = j;
        } else if (c < second[i]) {
          second[i] = c;
        }
      }
    }
  }
}
