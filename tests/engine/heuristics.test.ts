import { describe, expect, it } from 'vitest';
import { lagrangianBound } from '../../src/engine/heuristics/coverBound';
import { greedyCover, type CoverProblem } from '../../src/engine/heuristics/coverGreedy';
import { random } from './helpers';

/** A small covering problem: rows with weights and the sites that cover them. */
function small(seed: number, budgeted: boolean): CoverProblem {
  const next = random(seed);
  const siteCount = 9;
  const rows = 25;
  const lists = Array.from({ length: rows }, () => [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => Math.floor(next() * siteCount)))].sort((a, b) => a - b));
  const rowStart = new Int32Array(rows + 1);
  lists.forEach((list, r) => (rowStart[r + 1] = rowStart[r] + list.length));
  return {
    siteCount,
    rowStart,
    rowSites: Int32Array.from(lists.flat()),
    rowWeight: Float64Array.from({ length: rows }, () => 1 + Math.floor(next() * 50)),
    cost: Float64Array.from({ length: siteCount }, () => 1 + Math.floor(next() * 6)),
    allowed: Uint8Array.from({ length: siteCount }, (_, j) => (j === 8 ? 0 : 1)),
    required: seed % 2 === 0 ? [3] : [],
    p: 3,
    budget: budgeted ? 9 : null,
  };
}

function covered(problem: CoverProblem, open: ArrayLike<number>): number {
  let total = 0;
  for (let r = 0; r + 1 < problem.rowStart.length; r++) {
    for (let k = problem.rowStart[r]; k < problem.rowStart[r + 1]; k++) {
      if (open[problem.rowSites[k]]) {
        total += problem.rowWeight[r];
        break;
      }
    }
  }
  return total;
}

/** The optimum by trying every set of sites. */
function optimum(problem: CoverProblem): number {
  let best = -Infinity;
  for (let mask = 0; mask < 1 << problem.siteCount; mask++) {
    const open = Array.from({ length: problem.siteCount }, (_, j) => (mask >> j) & 1);
    const count = open.reduce((a, b) => a + b, 0);
    const spent = open.reduce((sum, o, j) => sum + o * problem.cost[j], 0);
    if (problem.p !== null && count > problem.p) continue;
    if (problem.budget !== null && spent > problem.budget) continue;
    if (open.some((o, j) => o && !problem.allowed[j]) || problem.required.some((j) => !open[j])) continue;
    best = Math.max(best, covered(problem, open));
  }
  return best;
}

describe('first-plan heuristics for maximal covering', () => {
  for (const budgeted of [false, true]) {
    it(`plans are feasible and repeatable, and the Lagrangian bound is never below the optimum (${budgeted ? 'count and budget' : 'count'})`, () => {
      for (let seed = 1; seed <= 30; seed++) {
        const problem = small(seed, budgeted);
        const plan = greedyCover(problem, 200);
        const open = [...plan.open.keys()].filter((j) => plan.open[j]);
        expect(open.length).toBeLessThanOrEqual(problem.p!);
        if (problem.budget !== null) expect(open.reduce((sum, j) => sum + problem.cost[j], 0)).toBeLessThanOrEqual(problem.budget);
        for (const j of problem.required) expect(plan.open[j]).toBe(1);
        expect(plan.open[8]).toBe(0);
        expect(plan.covered).toBe(covered(problem, plan.open));
        expect(greedyCover(problem, 200).open).toEqual(plan.open);

        const best = optimum(problem);
        expect(plan.covered).toBeLessThanOrEqual(best);
        const relaxation = lagrangianBound(problem, plan.covered, 200);
        expect(relaxation.bound).toBeGreaterThanOrEqual(best - 1e-9);
        if (relaxation.plan) {
          // The relaxation's plans seed the search, so they keep the count and the budget too.
          expect(relaxation.covered).toBe(covered(problem, relaxation.plan));
          expect(relaxation.covered).toBeLessThanOrEqual(best);
          const chosen = [...relaxation.plan.keys()].filter((j) => relaxation.plan![j]);
          expect(chosen.length).toBeLessThanOrEqual(problem.p!);
          if (problem.budget !== null) expect(chosen.reduce((sum, j) => sum + problem.cost[j], 0)).toBeLessThanOrEqual(problem.budget);
          const seeded = greedyCover(problem, 200, [relaxation.plan]);
          expect(seeded.covered).toBeLessThanOrEqual(best);
        }
      }
    });
  }
});
