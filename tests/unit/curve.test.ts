import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MipSolver } from '../../src/engine/mip/solver';
import type { PlannerInstance, PlannerType } from '../../src/engine/planner/instance';
import { solvePlanner } from '../../src/engine/planner/solve';
import { seededRandom } from '../../src/engine/seededRandom';
import { CURVE_COLUMNS, curveCsv } from '../../src/io/export/curveCsv';
import { decodeShare, encodeShare } from '../../src/io/link/shareLink';
import { curveEnd, fullBudgetProven, instanceCurve, marginalCosts, scenarioAtPoint, todayBudget, type BudgetCurve } from '../../src/plan/curve';
import { defaultScenario } from '../../src/plan/scenario';
import { nodeSolver } from '../../src/solvers/node';
import { randomType as smallType, served } from '../engine/smallPlanner';

const highs = nodeSolver('highs');

/** The curve's small types: a wider norm and smaller schools than the planner tests', so budgets bind. */
const randomType = (next: () => number, capacitated: boolean, points = 9, candidates = 5, maxCount = 1) =>
  smallType(next, capacitated, { points, candidates, maxCount, radius: 380, capacity: [15, 60] });

/** Every choice of facilities per candidate within one shared budget: the best mean covered share over the types. */
function bruteShare(types: PlannerType[], budget: number): number {
  return brute(types, budget).best;
}

/** The best mean share within the budget, and the least cost of a plan reaching `goal`. */
function brute(types: PlannerType[], budget: number, goal = Infinity): { best: number; cheapest: number } {
  let cheapest = Infinity;
  const sites = types.flatMap((type, k) => Array.from({ length: type.siteCount - type.existingCount }, (_, n) => ({ k, j: type.existingCount + n, most: type.maxCount[type.existingCount + n] })));
  const combinations = sites.reduce((product, site) => product * (site.most + 1), 1);
  let best = -Infinity;
  for (let code = 0; code < combinations; code++) {
    const open = types.map((type) => Array.from({ length: type.siteCount }, (_, j): number => (j < type.existingCount ? 1 : 0)));
    let spent = 0;
    let rest = code;
    for (const { k, j, most } of sites) {
      const count = rest % (most + 1);
      rest = Math.floor(rest / (most + 1));
      open[k][j] = count;
      spent += count * types[k].cost[j];
    }
    if (spent > budget + 1e-9) continue;
    const share = types.reduce((sum, type, k) => sum + served(type, open[k]) / type.totalByPeriod[0], 0) / types.length;
    best = Math.max(best, share);
    if (share >= goal - 1e-12) cheapest = Math.min(cheapest, spent);
  }
  return { best, cheapest };
}

function instanceOf(types: PlannerType[], budget = 0): PlannerInstance {
  return { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 0, types, budgets: [{ types: types.map((_, k) => k), perPeriod: [budget] }] };
}

/** A curve's checks: every point optimal and equal to brute force, within budget, monotone, the last at the maximum. */
async function checkCurve(types: PlannerType[]) {
  const curve = await instanceCurve(instanceOf(types), highs, { points: 5, timePerPoint: 10, relativeGap: 0 });
  expect(curve.points).toHaveLength(curve.fullBudget > 0 ? 5 : 1);
  let before = -Infinity;
  for (const point of curve.points) {
    expect(point.status).toBe('optimal');
    expect(point.share).toBeCloseTo(bruteShare(types, point.budget), 7);
    expect(point.spent).toBeLessThanOrEqual(point.budget + 1e-9);
    // The plan's own cost and people, recounted here.
    const cost = point.counts!.reduce((sum, counts, k) => sum + counts.reduce((s, n, j) => s + n * types[k].cost[j], 0), 0);
    expect(cost).toBeCloseTo(point.spent, 9);
    const people = types.reduce((sum, type, k) => sum + served(type, Array.from(point.counts![k], (n, j) => (j < type.existingCount ? 1 : n))), 0);
    expect(people).toBeCloseTo(point.covered, 4);
    expect(point.share).toBeGreaterThanOrEqual(before - 1e-9);
    before = point.share;
  }
  const most = bruteShare(types, Infinity);
  expect(curve.points.at(-1)!.share).toBeCloseTo(most, 7);
  // The full budget is the least that reaches the maximum: a smaller budget falls short.
  expect(curve.fullBudget).toBeCloseTo(brute(types, Infinity, most).cheapest, 9);
  // ... and it is proven so (the axis end is exact), and where coverage stops growing is the same budget.
  expect(curve.fullBudgetBound).toBeCloseTo(curve.fullBudget, 9);
  expect(curve.saturation).toBeCloseTo(curve.fullBudget, 9);
  expect(bruteShare(types, curve.saturation!)).toBeCloseTo(most, 9);
}

/**
 * HiGHS for models whose integer columns are all fixed (an evaluation) and
 * nothing for the others, as if every integer program ran out of time before
 * its first plan and bound: the curve must then say what it knows.
 */
const outOfTime: MipSolver = {
  name: 'highs',
  solve: async (mip, options) => {
    for (let c = 0; c < mip.numCols; c++) if (mip.integer[c] && mip.colLower[c] !== mip.colUpper[c]) return { status: 'timeout', objective: null, bound: null, values: null, seconds: 0 };
    return highs.solve(mip, options);
  },
};

/** What a curve's end must say, against brute force: bounds that hold, saturation not above the full budget, nothing contradicting. */
function checkEnd(curve: Awaited<ReturnType<typeof instanceCurve>>, types: PlannerType[]) {
  const most = bruteShare(types, Infinity);
  const least = brute(types, Infinity, most - 1e-9).cheapest;
  const end = curveEnd(curve);
  expect(curve.fullBudget).toBeGreaterThanOrEqual(least - 1e-6);
  expect(curve.points.at(-1)!.budget).toBe(curve.fullBudget);
  if (curve.fullBudgetBound !== null) expect(curve.fullBudgetBound).toBeLessThanOrEqual(least + 1e-6);
  expect(curve.saturation).not.toBeNull();
  expect(curve.saturation!).toBeLessThanOrEqual(curve.fullBudget);
  expect(curve.saturation!).toBeGreaterThanOrEqual(least - 1e-6);
  // The text: saturation within [at least, at most]-consistent figures; "at most" is a real plan's cost, "at least" a true bound.
  expect(end.most).toBeGreaterThanOrEqual(least - 1e-6);
  expect(end.most).toBeLessThanOrEqual(curve.fullBudget);
  if (end.least !== null) expect(end.least).toBeLessThanOrEqual(Math.min(least, end.most) + 1e-6);
  expect(end.saturation!).toBeLessThanOrEqual(curve.fullBudget);
  if (end.proven) {
    expect(curve.fullBudget).toBeCloseTo(least, 6);
    expect(end.saturation).toBeCloseTo(curve.fullBudget, 6);
    expect(end.most).toBe(curve.fullBudget);
  }
}

describe('the budget-coverage curve', () => {
  it('equals brute force at every point on small instances, capacitated and not', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const next = seededRandom(seed * 7919);
      await checkCurve([randomType(next, seed % 2 === 0, 9, 5, seed % 3 === 0 ? 2 : 1)]);
    }
  });

  it("'all': two types in one shared budget equal brute force on the mean share", async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const next = seededRandom(seed * 104729);
      await checkCurve([randomType(next, true, 8, 4), randomType(next, false, 8, 3)]);
    }
  });

  it('the axis end: proven least cost, or the same plan every run with a bound that holds, and an end that never contradicts itself', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), fc.boolean(), async (seed, capacitated, slow) => {
        const next = seededRandom(seed);
        const types = [randomType(next, capacitated, 9, 5, seed % 3 === 0 ? 2 : 1)];
        const solver = slow ? outOfTime : highs;
        const curve = await instanceCurve(instanceOf(types), solver, { points: 4, timePerPoint: 5, relativeGap: 0 });
        checkEnd(curve, types);
        if (!slow) expect(fullBudgetProven(curve)).toBe(true);
        // A budget that buys nothing has one plan, proven without the solver.
        if (curve.points[0].counts) expect(curve.points[0].status).toBe('optimal');
        // The axis does not move between runs (proven or not: the plan that sets it does not depend on the time).
        const again = await instanceCurve(instanceOf(types), solver, { points: 4, timePerPoint: 5, relativeGap: 0 });
        expect(again.fullBudget).toBe(curve.fullBudget);
      }),
      { numRuns: 12, seed: 23 },
    );
  });

  it('never falls: a point whose solve comes back worse than the smaller budget keeps that plan', async () => {
    // A solver whose every other plan claims more than it covers (no facility at all, said to cover everyone): the engine takes it.
    let calls = 0;
    const lying: MipSolver = {
      name: 'highs',
      solve: async (mip, options) => {
        const fixed = [...mip.integer].every((integer, c) => !integer || mip.colLower[c] === mip.colUpper[c]);
        if (fixed || calls++ % 2 === 0) return highs.solve(mip, options);
        return { status: 'timeout', objective: 1e9, bound: null, values: new Float64Array(mip.numCols), seconds: 0 };
      },
    };
    for (let seed = 1; seed <= 3; seed++) {
      const next = seededRandom(seed * 7919);
      const types = [randomType(next, seed % 2 === 0)];
      const curve = await instanceCurve(instanceOf(types), lying, { points: 5, timePerPoint: 2, relativeGap: 0 });
      for (let n = 1; n < curve.points.length; n++) expect(curve.points[n].share).toBeGreaterThanOrEqual(curve.points[n - 1].share - 1e-12);
      for (const point of curve.points) expect(point.spent).toBeLessThanOrEqual(point.budget + 1e-9);
    }
  });

  it('a full budget not proven in time is said as at most / at least, and a cheaper plan found on the way lowers "at most"', () => {
    const point = (budget: number, spent: number, share: number) => ({ budget, spent, covered: share * 100, demand: 100, share, bound: share, gap: 0, status: 'timeout' as const, open: {} });
    const curve = { fullBudget: 30, fullBudgetBound: 18, saturation: 20, points: [point(0, 0, 0.5), point(10, 10, 0.8), point(20, 19, 0.9), point(30, 25, 0.9)] };
    expect(fullBudgetProven(curve)).toBe(false);
    expect(curveEnd(curve)).toEqual({ proven: false, saturation: 20, most: 19, least: 18 });
    const proven = { ...curve, fullBudgetBound: 30, saturation: 30, points: [point(0, 0, 0.5), point(15, 15, 0.8), point(30, 30, 0.9)] };
    expect(curveEnd(proven)).toEqual({ proven: true, saturation: 30, most: 30, least: 30 });
    // A curve from an old link has no bound: not proven, nothing said of "at least".
    expect(curveEnd({ ...curve, fullBudgetBound: undefined })).toEqual({ proven: false, saturation: 20, most: 19, least: null });
  });

  it('marginal costs: budget per person more covered, Infinity where money bought no one', () => {
    const point = (budget: number, covered: number) => ({ budget, spent: budget, covered, demand: 100, share: covered / 100, bound: null, gap: null, status: 'optimal' as const, open: {} });
    expect(marginalCosts({ points: [point(0, 10), point(10, 15), point(20, 15), point(30, 35)] })).toEqual([null, 2, Infinity, 0.5]);
  });
});

describe('a start plan', () => {
  const solverWithoutPlans: MipSolver = { name: 'highs', solve: async () => ({ status: 'timeout', objective: null, bound: null, values: null, seconds: 0 }) };

  it('never makes the answer worse, and is kept when the solver finds nothing better', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const next = seededRandom(seed * 31337);
      const type = randomType(next, seed % 2 === 0, 10, 6);
      const budget = 3 + (seed % 4);
      const instance = instanceOf([type], budget);
      // Any affordable plan: candidates in order while the money lasts.
      const start = new Int32Array(type.siteCount);
      let spent = 0;
      for (let j = type.siteCount - 1; j >= type.existingCount; j--) if (spent + type.cost[j] <= budget) (start[j] = 1), (spent += type.cost[j]);
      const startShare = served(type, Array.from(start, (n, j) => (j < type.existingCount ? 1 : n))) / type.totalByPeriod[0];
      const result = await solvePlanner(instance, highs, { timeLimit: 10, relativeGap: 0, start: [start] });
      expect(result.status).toBe('optimal');
      expect(result.objective! / 100).toBeGreaterThanOrEqual(startShare - 1e-9);
      expect(result.objective! / 100).toBeCloseTo(bruteShare([type], budget), 7);
      // A solver that finds nothing: the answer is the start (spent to the budget's end), not the greedy's, when the start is better.
      const kept = await solvePlanner(instance, solverWithoutPlans, { timeLimit: 2, relativeGap: 0, start: [start] });
      expect(kept.plan).not.toBeNull();
      const keptShare = served(type, Array.from(kept.plan!.counts[0], (n, j) => (j < type.existingCount ? 1 : n))) / type.totalByPeriod[0];
      expect(keptShare).toBeGreaterThanOrEqual(startShare - 1e-9);
      const keptCost = kept.plan!.counts[0].reduce((s, n, j) => s + n * type.cost[j], 0);
      expect(keptCost).toBeLessThanOrEqual(budget);
    }
  });

  it('is ignored when it does not fit (over the budget)', async () => {
    const next = seededRandom(5);
    const type = randomType(next, true, 10, 6);
    const start = Int32Array.from(type.maxCount);
    const result = await solvePlanner(instanceOf([type], 2), highs, { timeLimit: 10, relativeGap: 0, start: [start] });
    expect(result.status).toBe('optimal');
    expect(result.plan!.counts[0].reduce((s, n, j) => s + n * type.cost[j], 0)).toBeLessThanOrEqual(2);
  });
});

const sample: BudgetCurve = {
  target: 'school',
  fullBudget: 31.2e9,
  saturation: 20.8e9,
  points: [
    { budget: 0, spent: 0, covered: 1000, demand: 4000, share: 0.25, bound: 0.25, gap: 0, status: 'optimal', open: {} },
    { budget: 10.4e9, spent: 10.4e9, covered: 2500.5, demand: 4000, share: 0.625125, bound: 0.63, gap: 0.0077, status: 'timeout', open: { school: [[3, 1], [7, 1]] } },
    { budget: 20.8e9, spent: 15.6e9, covered: 3000, demand: 4000, share: 0.75, bound: null, gap: null, status: 'optimal', open: { school: [[3, 1], [7, 1], [9, 1]] } },
    { budget: 31.2e9, spent: 15.6e9, covered: 3000, demand: 4000, share: 0.75, bound: 0.75, gap: 0, status: 'optimal', open: { school: [[3, 1], [7, 1], [9, 1]] } },
  ],
};

describe('the curve in files and links', () => {
  it('CSV: one row per point, machine-readable numbers and the marginal cost', () => {
    const lines = curveCsv(sample).split('\r\n');
    expect(lines[0]).toBe(CURVE_COLUMNS.join(','));
    expect(lines[0]).toBe('budget_tenge,spent_tenge,covered,demand,share,bound,gap,status,marginal_tenge_per_person');
    expect(lines[1]).toBe('0,0,1000,4000,0.25,0.25,0,optimal,');
    expect(lines[2]).toBe('10400000000,10400000000,2500.5,4000,0.625125,0.63,0.0077,timeout,6931022.99');
    expect(lines[3]).toBe('20800000000,15600000000,3000,4000,0.75,,,optimal,20820820.82');
    expect(lines[4]).toBe('31200000000,15600000000,3000,4000,0.75,0.75,0,optimal,inf');
    expect(lines).toHaveLength(6);
  });

  it('share link: a curve goes and comes back without its plans; a link without one opens as before', async () => {
    const scenario = defaultScenario();
    const decoded = await decodeShare(await encodeShare({ scenario, plan: null, curve: sample }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.payload.curve).toEqual({ ...sample, points: sample.points.map((point) => ({ ...point, open: {} })) });
    // The full budget's bound goes too (a link made before it existed has none, and opens as before).
    const bounded = await decodeShare(await encodeShare({ scenario, plan: null, curve: { ...sample, fullBudgetBound: 28.6e9 } }));
    expect(bounded.ok && bounded.payload.curve?.fullBudgetBound).toBe(28.6e9);
    expect(decoded.payload.curve && 'fullBudgetBound' in decoded.payload.curve).toBe(false);
    const old = await decodeShare(await encodeShare({ scenario, plan: null }));
    expect(old.ok && 'curve' in old.payload).toBe(false);
    expect(old.ok && old.payload.scenario).toEqual(scenario);
  });

  it('a clicked point makes a scenario with its budget: the type budget, or the shared one', () => {
    const scenario = defaultScenario();
    expect(todayBudget(scenario, 'school')).toBe(52e9);
    expect(todayBudget(scenario, 'all')).toBe(52e9 + 16e9 + 9.8e9);
    const perType = scenarioAtPoint(scenario, 'school', 12.5e9, 'x');
    expect(perType.facilities.school.budget).toBe(12.5e9);
    expect(perType.facilities.polyclinic.budget).toBe(16e9);
    const shared = scenarioAtPoint({ ...scenario, budgetMode: 'shared' }, 'all', 30e9, 'y');
    expect(shared.budget).toBe(30e9);
    expect(shared.name).toBe('y');
  });
});
