import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subInstance, type PlannerInstance } from '../../src/engine/planner/instance';
import { prepare } from '../../src/engine/planner/prepare';
import { quickBound } from '../../src/engine/planner/quickBound';
import { partRunner } from '../../src/engine/planner/parts';
import { SMALL_PAIRS, solvePlanner, type PlannerResult } from '../../src/engine/planner/solve';
import { seededRandom } from '../../src/engine/seededRandom';
import { nodeSolver } from '../../src/solvers/node';
import { boundedSolver, type SolverThread } from '../../src/solvers/bounded';
import { instanceCurve } from '../../src/plan/curve';
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

describe('always an answer (issue 23)', () => {
  it('the first plan comes with a bound never below the optimum (brute force): capacitated or not, several facilities per site, shared budgets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 8 }), async (seed, capacitated, shared, maxCount, budget) => {
        const next = seededRandom(seed);
        const types = [randomType(next, capacitated, { maxCount, capacity: [10, 40] }), randomType(next, !capacitated, { candidates: 4 })];
        const instance: PlannerInstance = {
          objective: 'maxCoverage',
          periods: 1,
          carryOver: false,
          targetShare: 0,
          types,
          budgets: shared ? [{ types: [0, 1], perPeriod: [budget] }] : [{ types: [0], perPeriod: [budget] }, { types: [1], perPeriod: [budget] }],
        };
        const optimum = bruteForce(instance);
        for (const part of shared ? [[0, 1]] : [[0], [1]]) {
          const prepared = prepare(subInstance(instance, part));
          const partOptimum = bruteForce(subInstance(instance, part));
          // Each bound alone (no Lagrangian time) and with the Lagrangian.
          for (const ms of [0, 20]) expect(quickBound(prepared.instance, prepared.rows, prepared.baseline, prepared.first, ms)!).toBeGreaterThanOrEqual(partOptimum - 1e-7);
        }
        // Whatever stops the solve, the answer's bound holds: here every part is stopped at once (a runner that never answers).
        const runner = partRunner(() => ({ result: new Promise<PlannerResult>(() => {}), stop: () => {} }), 2, 0.05);
        const result = await solvePlanner(instance, highs, { timeLimit: 0.1, relativeGap: 0, runPart: runner, runAllParts: true });
        expect(result.plan).not.toBeNull();
        expect(result.bound).not.toBeNull();
        expect(result.bound!).toBeGreaterThanOrEqual(optimum - 1e-7);
        expect(result.objective!).toBeLessThanOrEqual(optimum + 1e-7);
        expect(result.gap).not.toBeNull();
      }),
      { numRuns: 25, seed: 23 },
    );
  });

  it('travel and least-cost first bounds never pass the proven optimum', async () => {
    let checked = 0;
    for (const objective of ['minTravel', 'minWorst', 'minCost'] as const) {
      for (let seed = 1; seed <= 6; seed++) {
        const next = seededRandom(seed * 97);
        const type = randomType(next, objective === 'minCost', { points: 12, candidates: 5, radius: objective === 'minCost' ? 350 : 2000 });
        const instance: PlannerInstance = { objective, periods: 1, carryOver: false, targetShare: objective === 'minCost' ? 0.3 : 0, types: [type], budgets: [{ types: [0], perPeriod: [3] }] };
        const solved = await solvePlanner(instance, highs, { timeLimit: 30, relativeGap: 0 });
        if (solved.status !== 'optimal') continue;
        const prepared = prepare(instance);
        const bound = quickBound(prepared.instance, prepared.rows, prepared.baseline, prepared.first, 0);
        expect(bound).not.toBeNull();
        expect(bound!).toBeLessThanOrEqual(solved.objective! + 1e-7);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('a part whose thread never answers nor reports: the answer is its first plan with a proven bound, by the deadline', async () => {
    // Over SMALL_PAIRS demand-site pairs, so that parts go to the runner as on a fine grid.
    const next = seededRandom(7);
    const points = 3000;
    const candidates = 60;
    const pairStart = new Int32Array(points + 1);
    const pairSite: number[] = [];
    for (let i = 0; i < points; i++) {
      for (let j = 0; j <= candidates; j++) if (j === 0 ? i < 100 : next() < 0.9) pairSite.push(j);
      pairStart[i + 1] = pairSite.length;
    }
    expect(pairSite.length).toBeGreaterThan(SMALL_PAIRS);
    const weights = Float64Array.from({ length: points }, () => 1 + Math.floor(next() * 20));
    const type = {
      ...randomType(next, false),
      weightsByPeriod: [weights],
      totalByPeriod: [weights.reduce((a, b) => a + b, 0)],
      district: new Uint8Array(points),
      siteCount: candidates + 1,
      capacity: new Float64Array(candidates + 1).fill(1e9),
      cost: Float64Array.from({ length: candidates + 1 }, (_, j) => (j === 0 ? 0 : 1)),
      minCount: new Int32Array(candidates + 1),
      maxCount: Int32Array.from({ length: candidates + 1 }, (_, j) => (j === 0 ? 0 : 1)),
      pairStart,
      pairSite: Int32Array.from(pairSite),
      pairDistance: new Float64Array(pairSite.length).fill(100),
    };
    const instance: PlannerInstance = { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 0, types: [type], budgets: [{ types: [0], perPeriod: [1] }] };
    // A budget of one site: the optimum is the best single site beside the existing one.
    let optimum = 0;
    for (let j = 1; j <= candidates; j++) optimum = Math.max(optimum, (100 * served(type, Array.from({ length: candidates + 1 }, (_, n) => (n === 0 || n === j ? 1 : 0)))) / type.totalByPeriod[0]);
    let spawned = 0;
    let stopped = false;
    const runner = partRunner(() => (spawned++, { result: new Promise<PlannerResult>(() => {}), stop: () => (stopped = true) }), 2, 0.2);
    const started = Date.now();
    const result = await solvePlanner(instance, highs, { timeLimit: 30, deadline: Date.now() + 500, relativeGap: 0, runPart: runner });
    expect(Date.now() - started).toBeLessThan(1500);
    // The thread that never answers is stopped; on a machine so busy that preparing the part took the whole
    // 500 ms, no thread is started at all and the first plan answers at once (parts.ts).
    expect(spawned === 0 || stopped).toBe(true);
    expect(result.status).toBe('timeout');
    expect(result.plan).not.toBeNull();
    expect(result.bound).not.toBeNull();
    expect(result.bound!).toBeGreaterThanOrEqual(optimum - 1e-7);
    expect(result.objective!).toBeLessThanOrEqual(optimum + 1e-7);
    expect(result.gap).not.toBeNull();
  });
});

describe('the curve worker (issue 23)', () => {
  it('a solve that never returns (HiGHS past its limit in a phase that does not look at the clock) is stopped: the curve still gets every point', async () => {
    const next = seededRandom(3);
    const type = randomType(next, false, { points: 30, candidates: 8 });
    const instance: PlannerInstance = { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 0, types: [type], budgets: [{ types: [0], perPeriod: [4] }] };
    let stopped = 0;
    let hung = 0;
    // The least-cost solve of the full budget, the curve's first MIP, never returns, as seen in the app's curve worker.
    const thread = (): SolverThread => ({
      solve: (mip, options, onProgress) => (mip.sense === 'min' && mip.integer.some((flag) => flag === 1) ? (hung++, new Promise(() => {})) : highs.solve(mip, { ...options, onProgress })),
      terminate: () => stopped++,
    });
    const started = performance.now();
    const curve = await instanceCurve(instance, boundedSolver('highs', thread, 0.2), { points: 4, totalSeconds: 2, relativeGap: 0 });
    expect((performance.now() - started) / 1000).toBeLessThan(10);
    // Every solve that hung was stopped (on a machine as busy as the suite's the curve's 2 s may end before it starts one).
    expect(stopped).toBeGreaterThanOrEqual(hung);
    expect(curve.points).toHaveLength(4);
    for (const point of curve.points) expect(point.counts).not.toBeNull();
  }, 20_000);
});
