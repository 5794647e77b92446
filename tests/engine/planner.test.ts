import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlannerInstance } from '../../src/engine/planner/instance';
import { partRunner } from '../../src/engine/planner/parts';
import { solvePlanner, type PlannerResult } from '../../src/engine/planner/solve';
import { seededRandom } from '../../src/engine/seededRandom';
import { nodeSolver } from '../../src/solvers/node';
import { randomType, served } from './smallPlanner';

const highs = nodeSolver('highs');

/** Every affordable choice of facilities per candidate: the best sum over types of the share served, in percentage points. */
function bruteForce(instance: PlannerInstance): number {
  const sites = instance.types.flatMap((type, k) => Array.from({ length: type.siteCount - type.existingCount }, (_, n) => ({ k, j: type.existingCount + n, most: type.maxCount[type.existingCount + n] })));
  const combinations = sites.reduce((product, site) => product * (site.most + 1), 1);
  let best = -Infinity;
  for (let code = 0; code < combinations; code++) {
    const open = instance.types.map((type) => Array.from({ length: type.siteCount }, (_, j): number => (j < type.existingCount ? 1 : 0)));
    const spent = instance.budgets.map(() => 0);
    let rest = code;
    for (const { k, j, most } of sites) {
      const count = rest % (most + 1);
      rest = Math.floor(rest / (most + 1));
      open[k][j] = count;
      spent[instance.budgets.findIndex((group) => group.types.includes(k))] += count * instance.types[k].cost[j];
    }
    if (spent.some((amount, g) => amount > instance.budgets[g].perPeriod[0] + 1e-9)) continue;
    best = Math.max(best, instance.types.reduce((sum, type, k) => sum + (100 * served(type, open[k])) / type.totalByPeriod[0], 0));
  }
  return best;
}

describe('the planner engine', () => {
  it('equals brute force on small instances: capacitated or not, shared or per-type budgets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 8 }), async (seed, capacitated, shared, budget) => {
        const next = seededRandom(seed);
        const types = [randomType(next, capacitated), randomType(next, !capacitated)];
        const instance: PlannerInstance = {
          objective: 'maxCoverage',
          periods: 1,
          carryOver: false,
          targetShare: 0,
          types,
          budgets: shared ? [{ types: [0, 1], perPeriod: [budget] }] : [{ types: [0], perPeriod: [budget] }, { types: [1], perPeriod: [budget] }],
        };
        const result = await solvePlanner(instance, highs, { timeLimit: 30, relativeGap: 0 });
        expect(result.status).toBe('optimal');
        expect(result.objective!).toBeCloseTo(bruteForce(instance), 6);
        // The plan's own service agrees with its objective and never falls below what existing sites serve.
        const total = types.reduce((sum, type, k) => sum + (100 * result.plan!.served[k][0].reduce((a, b) => a + b, 0)) / type.totalByPeriod[0], 0);
        expect(total).toBeCloseTo(result.objective!, 6);
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it('equals brute force with several facilities per site (capacities tighter than the people in reach)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 10 }), async (seed, budget) => {
        const next = seededRandom(seed);
        const type = randomType(next, true, { points: 12, candidates: 5, maxCount: 3 });
        // Small capacities: sites fill up and a second or third facility pays.
        for (let j = 0; j < type.siteCount; j++) type.capacity[j] = 10 + Math.floor(next() * 40);
        const instance: PlannerInstance = { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 0, types: [type], budgets: [{ types: [0], perPeriod: [budget] }] };
        const result = await solvePlanner(instance, highs, { timeLimit: 30, relativeGap: 0 });
        expect(result.status).toBe('optimal');
        expect(result.objective!).toBeCloseTo(bruteForce(instance), 6);
      }),
      { numRuns: 20, seed: 5 },
    );
  });

  it('keeps the time limit when a part does not answer: its best reported plan and bound, stopped', async () => {
    let stopped = false;
    const plan = { opened: [], counts: [], served: [], load: [] };
    const runner = partRunner((_part, _options, callbacks) => {
      callbacks.onPlan?.({ plan, before: plan, objective: 40, bound: 50, seconds: 0 });
      return { result: new Promise<PlannerResult>(() => {}), stop: () => (stopped = true) };
    }, 2, 0.2);
    const started = performance.now();
    const instance: PlannerInstance = { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 0, types: [], budgets: [] };
    const result = await runner(instance, { timeLimit: 0.5, relativeGap: 0 }, {});
    expect((performance.now() - started) / 1000).toBeLessThan(1.5);
    expect(stopped).toBe(true);
    expect(result).toMatchObject({ status: 'timeout', objective: 40, bound: 50, plan });
    expect(result.gap).toBeCloseTo(0.25, 9);
  });
});
