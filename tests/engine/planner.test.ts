import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlannerInstance, PlannerType } from '../../src/engine/planner/instance';
import { partRunner } from '../../src/engine/planner/parts';
import { solvePlanner, type PlannerResult } from '../../src/engine/planner/solve';
import { seededRandom } from '../../src/engine/seededRandom';
import { nodeSolver } from '../../src/solvers/node';

const highs = nodeSolver('highs');

/** A small planner type on a 1 km square: one existing site and a few candidates, pairs within the radius. */
function randomType(next: () => number, capacitated: boolean, points = 10, candidates = 5, maxCount = 1): PlannerType {
  const siteCount = 1 + candidates;
  const px = Array.from({ length: points }, () => next() * 1000);
  const py = Array.from({ length: points }, () => next() * 1000);
  const sx = Array.from({ length: siteCount }, () => next() * 1000);
  const sy = Array.from({ length: siteCount }, () => next() * 1000);
  const radius = 350;
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
    capacity: Float64Array.from({ length: siteCount }, () => 20 + Math.floor(next() * 80)),
    cost: Float64Array.from({ length: siteCount }, (_, j) => (j === 0 ? 0 : 1 + Math.floor(next() * 4))),
    minCount: new Int32Array(siteCount),
    maxCount: Int32Array.from({ length: siteCount }, (_, j) => (j === 0 ? 0 : maxCount)),
    pairStart,
    pairSite: Int32Array.from(pairSite),
    pairDistance: Float64Array.from(pairDistance),
  };
}

/** People served with the given facilities per site: a maximum flow (capacitated) or everyone within reach of an open site. */
function served(type: PlannerType, open: number[]): number {
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
        const type = randomType(next, true, 12, 5, 3);
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
