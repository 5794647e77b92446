import { describe, expect, it } from 'vitest';
import { distanceTable } from '../../src/engine/distance/table';
import type { SitingInstance } from '../../src/engine/instance/types';
import { cflBound } from '../../src/engine/heuristics/cflBound';
import { branchCfl } from '../../src/engine/heuristics/cflBranch';
import { SiteState } from '../../src/engine/heuristics/siteState';
import { cflProblem, fixCfl, transport } from '../../src/engine/models/cflFixing';
import { buildModel } from '../../src/engine/solve';
import { nodeSolver } from '../../src/solvers/node';
import { instance, random, solve } from './helpers';

const highs = nodeSolver('highs');

/** A random capacitated location problem with split demand; equal capacities on even seeds (the exact covering knapsack). */
function randomCfl(seed: number): SitingInstance {
  const next = random(seed);
  const n = 10;
  const m = 40;
  const point = () => [next() * 100, next() * 100];
  const sites = Array.from({ length: n }, point);
  const demand = Array.from({ length: m }, point);
  const weights = demand.map(() => 5 + Math.floor(next() * 20));
  const total = weights.reduce((a, b) => a + b, 0);
  // Serving all of i from j costs its demand times the distance (the OR-Library convention).
  const cost = demand.map(([x, y], i) => sites.map(([u, v]) => weights[i] * Math.hypot(x - u, y - v)));
  const capacities = sites.map(() => Math.round((total / 3) * (seed % 2 === 0 ? 1 : 0.6 + next())));
  return instance({
    model: { type: 'cfl', capacitated: true, assignment: 'split' },
    demand: { count: m, weights },
    sites: { count: n, costs: sites.map(() => 500 + Math.floor(next() * 3000)), capacities, existing: seed % 3 === 0 ? [0] : [], required: seed % 5 === 0 ? [1] : [], forbidden: seed % 4 === 0 ? [2] : [] },
    distances: { kind: 'matrix', values: cost },
  });
}

/** The optimum of the plain assignment model, solved exactly by HiGHS without any fixing. */
async function plainOptimum(problem: SitingInstance): Promise<number> {
  const built = buildModel(problem);
  if ('infeasible' in built) throw new Error('infeasible');
  const solution = await highs.solve(built.mip, { timeLimit: 60, relativeGap: 0 });
  expect(solution.status).toBe('optimal');
  return solution.objective!;
}

describe('capacitated location with sites fixed by a Lagrangian bound (seeded random instances against the plain model)', () => {
  it('the bound is never above the optimum, the reduced instance keeps it, and the engine proves it', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const problem = randomCfl(seed);
      const best = await plainOptimum(problem);
      const table = distanceTable(problem.distances, problem.demand.count, problem.sites.count);
      const fixed = (await fixCfl(problem, table, highs, 5))!;
      const tolerance = 1e-7 * best;
      expect(fixed.bound, `seed ${seed}`).toBeLessThanOrEqual(best + tolerance);
      expect(fixed.cost, `seed ${seed}`).toBeGreaterThanOrEqual(best - tolerance);
      expect(await plainOptimum(fixed.instance), `seed ${seed}`).toBeCloseTo(best, 4);
      const report = await solve(problem, 'highs');
      expect(report.status, `seed ${seed}`).toBe('optimal');
      expect(report.objective!).toBeCloseTo(best, 4);
      expect(report.bound!).toBeLessThanOrEqual(best + tolerance);
    }
  });
});

describe('the tree search for capacitated location', () => {
  it('from a poor plan (every site open), finds the optimum and proves it', async () => {
    let improved = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const problem = randomCfl(seed);
      const best = await plainOptimum(problem);
      const table = distanceTable(problem.distances, problem.demand.count, problem.sites.count);
      const cfl = cflProblem(problem, table);
      const deadline = performance.now() + 20_000;
      const everything = (await transport(cfl, Uint8Array.from(cfl.state, (state) => (state === SiteState.Closed ? 0 : 1)), highs, deadline))!;
      // The root bound without fixing against this plan, so the search has the whole problem to cover.
      const root = cflBound(cfl, null, deadline, { iterations: 300, keepIncumbent: true });
      const search = await branchCfl(cfl, everything, root, (open) => transport(cfl, open, highs, deadline), deadline);
      expect(search.proven, `seed ${seed}`).toBe(true);
      expect(search.plan.cost, `seed ${seed}`).toBeCloseTo(best, 4);
      if (everything.cost > best * (1 + 1e-6)) improved++;
    }
    expect(improved).toBeGreaterThan(4);
  });
});
