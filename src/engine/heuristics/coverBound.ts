import type { CoverProblem } from './coverGreedy';

/**
 * An upper bound on maximal covering by Lagrangian relaxation of the coverage
 * rows (y_r <= sum of x_j over the sites covering r, multipliers l_r >= 0):
 *
 *   L(l) = sum_r max(0, w_r - l_r) + max { sum_j c_j x_j : x in X },  c_j = sum_{r covered by j} l_r
 *
 * where X keeps the count limit and the budget (relaxed to fractions, still a
 * valid bound) and the required sites. Every L(l) is a true bound, whatever l
 * is, so the best one found is always safe to report; subgradient steps
 * (Polyak, towards the best known plan) drive it down to the LP bound. Each
 * step is linear in the number of covering pairs, so it gives a bound where
 * the LP relaxation is too big to solve in time.
 */
export interface LagrangianResult {
  readonly bound: number;
  /** The best plan among the steps' site choices (whole sites only), and what it covers. */
  readonly plan: Uint8Array | null;
  readonly covered: number;
}

export function lagrangianBound(problem: CoverProblem, bestKnown: number, timeLimitMs: number, maxIterations = 3000): LagrangianResult {
  const deadline = performance.now() + timeLimitMs;
  const { rowStart, rowSites, rowWeight, siteCount } = problem;
  const rows = rowWeight.length;
  const lambda = Float64Array.from(rowWeight, (w) => w / 2);
  const score = new Float64Array(siteCount);
  const chosen = new Float64Array(siteCount);
  const gradient = new Float64Array(rows);
  let best = Infinity;
  let plan: Uint8Array | null = null;
  let planCovered = -Infinity;
  let theta = 2;
  let sinceBetter = 0;
  for (let iteration = 0; iteration < maxIterations && performance.now() < deadline; iteration++) {
    score.fill(0);
    let value = 0;
    for (let r = 0; r < rows; r++) {
      value += Math.max(0, rowWeight[r] - lambda[r]);
      for (let k = rowStart[r]; k < rowStart[r + 1]; k++) score[rowSites[k]] += lambda[r];
    }
    value += bestSites(problem, score, chosen);
    // The step's choice of sites is a plan too (when it is whole): as the multipliers near the LP duals, often a good one.
    // (Only when it also keeps the count and the budget: the step may have relaxed one of them.)
    if (chosen.every((x) => x === 0 || x === 1) && withinLimits(problem, chosen)) {
      const covers = coveredBy(problem, chosen);
      if (covers > planCovered) {
        planCovered = covers;
        plan = Uint8Array.from(chosen);
      }
    }
    if (value < best - 1e-9) {
      best = value;
      sinceBetter = 0;
    } else if (++sinceBetter >= 20) {
      theta /= 2;
      sinceBetter = 0;
      if (theta < 1e-4) break;
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) {
      let covering = 0;
      for (let k = rowStart[r]; k < rowStart[r + 1]; k++) covering += chosen[rowSites[k]];
      gradient[r] = (rowWeight[r] > lambda[r] ? 1 : 0) - covering;
      norm += gradient[r] * gradient[r];
    }
    if (norm === 0) break;
    const step = (theta * Math.max(value - bestKnown, 1e-9)) / norm;
    for (let r = 0; r < rows; r++) lambda[r] = Math.max(0, lambda[r] + step * gradient[r]);
  }
  return { bound: best, plan, covered: planCovered };
}

function withinLimits(problem: CoverProblem, open: Float64Array): boolean {
  let count = 0;
  let spent = 0;
  for (let j = 0; j < problem.siteCount; j++) if (open[j]) (count += 1), (spent += problem.cost[j]);
  return (problem.p === null || count <= problem.p) && (problem.budget === null || spent <= problem.budget + 1e-9);
}

function coveredBy(problem: CoverProblem, open: Float64Array): number {
  let total = 0;
  for (let r = 0; r + 1 < problem.rowStart.length; r++) {
    for (let k = problem.rowStart[r]; k < problem.rowStart[r + 1]; k++) {
      if (open[problem.rowSites[k]] === 1) {
        total += problem.rowWeight[r];
        break;
      }
    }
  }
  return total;
}

/**
 * max sum c_j x_j with the required sites open, at most p sites and within
 * the budget, x relaxed to [0, 1]; writes x into `chosen`. The count and the
 * budget together make an LP with two rows; the smaller of the two bounds
 * that each keeps alone is still a valid bound (each is a relaxation), and
 * its x is used for the step.
 */
function bestSites(problem: CoverProblem, score: Float64Array, chosen: Float64Array): number {
  const { siteCount, allowed, cost, p, budget } = problem;
  chosen.fill(0);
  let fixed = 0;
  let count = 0;
  let spent = 0;
  for (const j of problem.required) {
    chosen[j] = 1;
    fixed += score[j];
    count++;
    spent += cost[j];
  }
  const free: number[] = [];
  for (let j = 0; j < siteCount; j++) if (allowed[j] && !chosen[j] && score[j] > 0) free.push(j);
  const byScore = [...free].sort((a, b) => score[b] - score[a] || a - b);
  const countBound = () => {
    let total = 0;
    const slots = p === null ? byScore.length : Math.max(0, p - count);
    for (let k = 0; k < Math.min(slots, byScore.length); k++) total += score[byScore[k]];
    return total;
  };
  const budgetBound = (write: boolean) => {
    const byRatio = [...free].sort((a, b) => score[b] / Math.max(cost[b], 1e-12) - score[a] / Math.max(cost[a], 1e-12) || a - b);
    let left = budget! - spent;
    let total = 0;
    for (const j of byRatio) {
      if (left <= 0) break;
      const share = cost[j] <= left ? 1 : left / cost[j];
      total += share * score[j];
      left -= share * cost[j];
      if (write) chosen[j] = share;
    }
    return total;
  };
  const byCount = countBound();
  const byBudget = budget === null ? Infinity : budgetBound(false);
  if (byBudget < byCount) return fixed + budgetBound(true);
  const slots = p === null ? byScore.length : Math.max(0, p - count);
  for (let k = 0; k < Math.min(slots, byScore.length); k++) chosen[byScore[k]] = 1;
  return fixed + byCount;
}
