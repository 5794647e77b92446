import { describe, expect, it } from 'vitest';
import type { PlannerInstance } from '../../src/engine/planner/instance';
import { prepare } from '../../src/engine/planner/prepare';
import { swapSearch } from '../../src/engine/planner/swapSearch';
import { seededRandom } from '../../src/engine/seededRandom';
import { randomType, served } from './smallPlanner';

/** Coverage in percentage points, as the planner's objective counts it (the existing site 0 always open). */
const objectiveOf = (instance: PlannerInstance, open: ArrayLike<number>) => (100 * served(instance.types[0], Int32Array.from(open, (n, j) => (j === 0 ? 1 : n)))) / instance.types[0].totalByPeriod[0];

describe('the 1-swap search (issue 23)', () => {
  it('moves facilities until no single move covers more, within the budget, and reports the objective it reaches', () => {
    let improved = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const next = seededRandom(seed);
      const type = randomType(next, false, { points: 120, candidates: 25, radius: 220, maxCount: seed % 3 === 0 ? 2 : 1 });
      // Equal costs but for a few dearer sites, so that some moves do not fit the budget.
      const cost = Float64Array.from(type.cost, (c, j) => (j === 0 ? 0 : j % 7 === 0 ? 2 : 1));
      const instance: PlannerInstance = { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 1, types: [{ ...type, cost }], budgets: [{ types: [0], perPeriod: [6] }] };
      const prepared = prepare(instance);
      // A poor start: the first affordable candidates.
      const start = new Int32Array(type.siteCount);
      let spent = 0;
      for (let j = 1; j < type.siteCount && spent + cost[j] <= 6; j++) {
        start[j] = 1;
        spent += cost[j];
      }
      const startObjective = objectiveOf(instance, start);
      const result = swapSearch(prepared.instance, prepared.rows, prepared.baseline, [start], startObjective, performance.now() + 5000);
      if (result) improved++;
      const open = result?.opened[0] ?? start;
      const objective = result?.objective ?? startObjective;
      expect(objective).toBeCloseTo(objectiveOf(instance, open), 9);
      let used = 0;
      for (let j = 1; j < type.siteCount; j++) used += open[j] * cost[j];
      expect(used).toBeLessThanOrEqual(6 + 1e-9);
      for (let j = 1; j < type.siteCount; j++) expect(open[j]).toBeLessThanOrEqual(type.maxCount[j]);
      // No move of one facility to another site improves it (brute force).
      for (let from = 1; from < type.siteCount; from++) {
        if (open[from] === 0) continue;
        for (let to = 1; to < type.siteCount; to++) {
          if (to === from || open[to] >= type.maxCount[to] || used - cost[from] + cost[to] > 6 + 1e-9) continue;
          const moved = Int32Array.from(open);
          moved[from]--;
          moved[to]++;
          expect(objectiveOf(instance, moved), `seed ${seed}: ${from} -> ${to}`).toBeLessThanOrEqual(objective + 1e-9);
        }
      }
    }
    expect(improved).toBeGreaterThan(20);
  });

  it('leaves capacitated types and several years alone', () => {
    const next = seededRandom(3);
    const type = randomType(next, true, { points: 40, candidates: 10 });
    const instance: PlannerInstance = { objective: 'maxCoverage', periods: 1, carryOver: false, targetShare: 1, types: [type], budgets: [{ types: [0], perPeriod: [4] }] };
    const prepared = prepare(instance);
    const open = new Int32Array(type.siteCount);
    open[1] = 1;
    if (prepared.instance.types[0].capacitated) expect(swapSearch(prepared.instance, prepared.rows, prepared.baseline, [open], 0, performance.now() + 1000)).toBeNull();
    expect(swapSearch({ ...prepared.instance, periods: 2 }, prepared.rows, prepared.baseline, [open], 0, performance.now() + 1000)).toBeNull();
  });
});
