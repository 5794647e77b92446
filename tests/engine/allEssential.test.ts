import { describe, expect, it } from 'vitest';
import type { Mip } from '../../src/engine/mip/mip';
import { relativeGap } from '../../src/engine/mip/solver';
import { allObjective, allServed } from '../../src/engine/planner/allEssential';
import type { PlannerInstance } from '../../src/engine/planner/instance';
import { partRunner } from '../../src/engine/planner/parts';
import { solvePart, solvePlanner } from '../../src/engine/planner/solve';
import { seededRandom } from '../../src/engine/seededRandom';
import { nodeSolver } from '../../src/solvers/node';
import { bruteForce, randomCity, type CityOptions } from './allCity';

const solvers = { highs: nodeSolver('highs'), glpk: nodeSolver('glpk') };

const cases: (CityOptions & { seed: number })[] = [
  { seed: 1, points: 14, candidates: [3, 3], capacitated: [false, false], pieces: [false, false], periods: 1, essential: [0, 1], shared: true, budget: 5 },
  { seed: 2, points: 20, candidates: [3, 3], capacitated: [true, false], pieces: [false, false], periods: 1, essential: [0, 1], shared: false, budget: 3 },
  { seed: 3, points: 25, candidates: [2, 3, 3], capacitated: [true, true, false], pieces: [false, false, false], periods: 1, essential: [0, 1, 2], shared: true, budget: 8 },
  { seed: 4, points: 18, candidates: [3, 2, 2], capacitated: [false, true, false], pieces: [true, false, true], periods: 1, essential: [0, 1, 2], shared: false, budget: 3 },
  { seed: 5, points: 30, candidates: [3, 3, 2], capacitated: [true, false, true], pieces: [true, true, false], periods: 1, essential: [0, 1], shared: true, budget: 7 },
  { seed: 6, points: 12, candidates: [2, 3], capacitated: [true, true], pieces: [true, false], periods: 2, essential: [0, 1], shared: true, budget: 3 },
  { seed: 7, points: 16, candidates: [3, 2], capacitated: [false, true], pieces: [false, true], periods: 2, essential: [0, 1], shared: false, budget: 2, carryOver: true },
  { seed: 8, points: 10, candidates: [2, 2, 2], capacitated: [false, false, true], pieces: [false, true, false], periods: 2, essential: [0, 1, 2], shared: true, budget: 4, carryOver: true },
  { seed: 9, points: 22, candidates: [4, 3], capacitated: [true, true], pieces: [false, false], periods: 1, essential: [0, 1], shared: false, budget: 4, maxCount: 2 },
  { seed: 10, points: 24, candidates: [3, 3, 3], capacitated: [false, true, false], pieces: [false, false, false], periods: 1, essential: [0, 2], shared: true, budget: 6, existing: false },
];

/** More cities, their shapes drawn from the seed: 2-3 types, 5-9 candidates in all, 10-30 points. */
for (let seed = 100; seed < 116; seed++) {
  const next = seededRandom(seed);
  const typeCount = next() < 0.5 ? 2 : 3;
  const total = 5 + Math.floor(next() * 5);
  const candidates = Array.from({ length: typeCount }, () => 1);
  for (let n = typeCount; n < total; n++) candidates[Math.floor(next() * typeCount)]++;
  const all = Array.from({ length: typeCount }, (_, k) => k);
  const periods = next() < 0.3 ? 2 : 1;
  cases.push({
    seed,
    points: 10 + Math.floor(next() * 21),
    candidates,
    capacitated: all.map(() => next() < 0.5),
    pieces: all.map(() => next() < 0.3),
    periods,
    essential: typeCount === 3 && next() < 0.3 ? [0, 2] : all,
    shared: next() < 0.5,
    budget: 2 + Math.floor(next() * 6),
    carryOver: periods > 1 && next() < 0.5,
    maxCount: total <= 6 && next() < 0.5 ? 2 : 1,
  });
}

describe('the engine\'s "every essential type" objective (maxAll)', () => {
  for (const options of cases) {
    it(`equals brute force: ${options.essential.length} of ${options.candidates.length} types essential, ${options.capacitated.map((c) => (c ? 'capacitated' : 'uncapacitated')).join('/')}, ${options.pieces.some((p) => p) ? 'pieces, ' : ''}${options.periods} year(s), ${options.shared ? 'shared' : 'per-type'} budgets (seed ${options.seed}${options.carryOver ? ', carry-over' : ''}${(options.maxCount ?? 1) > 1 ? ', 2 per site' : ''})`, async () => {
      const instance = randomCity(options.seed, options);
      const best = await bruteForce(instance);
      for (const name of ['highs', 'glpk'] as const) {
        const result = await solvePlanner(instance, solvers[name], { timeLimit: 30, relativeGap: 0 });
        expect(result.status, name).toBe('optimal');
        expect(result.objective!, name).toBeCloseTo(best, 5);
        expect(result.bound!, name).toBeGreaterThanOrEqual(result.objective! - 1e-6);
        expect(result.gap, name).toBe(0);
        const plan = result.plan!;
        // The plan's own figures give its objective; other types open nothing; the budgets hold.
        expect(allObjective(instance, plan), name).toBeCloseTo(result.objective!, 5);
        expect(allServed(instance, plan).length).toBe(options.periods);
        instance.types.forEach((type, k) => {
          if (!options.essential.includes(k)) expect(Array.from(plan.opened[k]).every((n) => n === 0)).toBe(true);
        });
        for (const group of instance.budgets) {
          let used = 0;
          let allowed = 0;
          for (let t = 0; t < options.periods; t++) {
            let spent = 0;
            for (const k of group.types) for (let j = 0; j < instance.types[k].siteCount; j++) spent += plan.opened[k][j * options.periods + t] * instance.types[k].cost[j];
            used = instance.carryOver ? used + spent : spent;
            allowed = instance.carryOver ? allowed + group.perPeriod[t] : group.perPeriod[t];
            expect(used).toBeLessThanOrEqual(allowed + 1e-9);
          }
        }
      }
    }, 120_000);
  }

  it('reports the first plan with a proven bound at once, and every plan after it no worse', async () => {
    const instance = randomCity(3, cases[2]);
    const updates: { objective: number; bound: number | null }[] = [];
    const result = await solvePlanner(instance, solvers.highs, { timeLimit: 30, relativeGap: 0, onPlan: (update) => updates.push({ objective: update.objective, bound: update.bound }) });
    expect(updates.length).toBeGreaterThan(0);
    expect(updates[0].bound).not.toBeNull();
    expect(updates[0].bound!).toBeGreaterThanOrEqual(result.objective! - 1e-6);
    expect(updates[0].objective).toBeLessThanOrEqual(result.objective! + 1e-6);
  });

  it('evaluates a given plan (fixedOpen) to the same objective', async () => {
    const instance = randomCity(5, cases[4]);
    const solved = await solvePlanner(instance, solvers.highs, { timeLimit: 30, relativeGap: 0 });
    const evaluated = await solvePlanner(instance, solvers.highs, { timeLimit: 30, relativeGap: 0, fixedOpen: solved.plan!.opened });
    expect(evaluated.objective!).toBeCloseTo(solved.objective!, 6);
  });

  it('runs as one part through a part runner (as in a worker: the part and its prepared first plan as plain data), to the same optimum', async () => {
    const instance = randomCity(3, cases[2]);
    const parts: PlannerInstance[] = [];
    const runner = partRunner((part, options, callbacks) => {
      parts.push(part);
      // A worker gets copies: structured cloning keeps the typed arrays and the "all" field.
      return { result: solvePart(structuredClone(part), solvers.highs, structuredClone(options), callbacks), stop: () => {} };
    }, 2);
    const [alone, threaded] = [await solvePlanner(instance, solvers.highs, { timeLimit: 30, relativeGap: 0 }), await solvePlanner(instance, solvers.highs, { timeLimit: 30, relativeGap: 0, runPart: runner, runAllParts: true })];
    expect(parts.length).toBe(1);
    expect(parts[0].types.length).toBe(instance.types.length);
    expect(threaded.status).toBe('optimal');
    expect(threaded.objective!).toBeCloseTo(alone.objective!, 6);
  });

  it('hands the export a model with every column and row named, and checks its input', async () => {
    const instance = randomCity(6, cases[5]);
    const models: Mip[] = [];
    await solvePlanner(instance, solvers.highs, { timeLimit: 30, relativeGap: 0, onModel: (mip) => models.push(mip) });
    expect(models.length).toBe(1);
    const { cols, rows } = models[0].names!;
    for (const names of [cols, rows]) {
      expect(names.every((name) => name !== '')).toBe(true);
      expect(new Set(names).size).toBe(names.length);
    }
    await expect(solvePlanner({ ...instance, all: undefined }, solvers.highs, { timeLimit: 5, relativeGap: 0 })).rejects.toThrow(/"all"/);
    await expect(solvePlanner({ ...instance, all: { ...instance.all!, essential: [0, 5] } }, solvers.highs, { timeLimit: 5, relativeGap: 0 })).rejects.toThrow(/type index 5/);
    expect((await solvePlanner({ ...instance, all: { ...instance.all!, essential: [] } }, solvers.highs, { timeLimit: 5, relativeGap: 0 })).reasons).toEqual([{ key: 'noTypes' }]);
  });

  it('a time-limited run on a larger city still returns a plan, a bound at least its objective, and their gap', async () => {
    const instance = randomCity(42, { points: 600, candidates: [60, 60, 60], capacitated: [true, false, true], pieces: [false, true, false], periods: 1, essential: [0, 1, 2], shared: true, budget: 40 });
    const result = await solvePlanner(instance, solvers.highs, { timeLimit: 1, relativeGap: 0 });
    expect(['optimal', 'timeout']).toContain(result.status);
    expect(result.plan).not.toBeNull();
    expect(result.objective!).toBeGreaterThan(0);
    expect(result.bound!).toBeGreaterThanOrEqual(result.objective! - 1e-6);
    expect(result.gap!).toBeCloseTo(relativeGap(result.objective, result.bound)!, 9);
    expect(allObjective(instance, result.plan!)).toBeGreaterThanOrEqual(result.objective! - 1e-6 * result.objective!);
    expect(result.seconds).toBeLessThan(6);
  }, 60_000);
});
