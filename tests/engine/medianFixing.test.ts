import { describe, expect, it } from 'vitest';
import { distanceTable } from '../../src/engine/distance/table';
import type { SitingInstance } from '../../src/engine/instance/types';
import { fixMedian } from '../../src/engine/models/pmedianFixing';
import { instance, random } from './helpers';

/** A random p-median with ties (whole distances) or without, and some existing, required and forbidden sites. */
function randomMedian(seed: number, whole: boolean): SitingInstance {
  const next = random(seed);
  const n = 14;
  const m = 40;
  const point = () => [next() * 100, next() * 100];
  const sites = Array.from({ length: n }, point);
  const demand = Array.from({ length: m }, point);
  const distance = demand.map(([x, y]) => sites.map(([u, v]) => (whole ? Math.round(Math.hypot(x - u, y - v) / 5) : Math.hypot(x - u, y - v))));
  return instance({
    model: { type: 'pmedian', p: 2 + (seed % 3) },
    demand: { count: m, weights: demand.map(() => 1 + Math.floor(next() * 9)) },
    sites: { count: n, existing: seed % 4 === 0 ? [0] : [], required: seed % 5 === 0 ? [1] : [], forbidden: seed % 3 === 0 ? [2, 3] : [] },
    distances: { kind: 'matrix', values: distance },
  });
}

/** The optimum of the instance by trying every set of p new sites. */
function optimum(problem: SitingInstance): number {
  const { sites, demand } = problem;
  const table = distanceTable(problem.distances, demand.count, sites.count);
  const free = [...Array(sites.count).keys()].filter((j) => ![...sites.existing, ...sites.required, ...sites.forbidden].includes(j));
  const choose = problem.model.p! - sites.required.length;
  let best = Infinity;
  const visit = (from: number, open: number[]) => {
    if (open.length === choose) {
      const all = [...open, ...sites.existing, ...sites.required];
      let total = 0;
      for (let i = 0; i < demand.count; i++) total += demand.weights[i] * Math.min(...all.map((j) => table.values[i * sites.count + j]));
      best = Math.min(best, total);
      return;
    }
    for (let k = from; k < free.length; k++) visit(k + 1, [...open, free[k]]);
  };
  visit(0, []);
  return best;
}

describe('p-median sites fixed by a Lagrangian bound (seeded random instances against enumeration)', () => {
  for (const whole of [true, false]) {
    it(`the bound is never above the optimum, and fixing keeps an optimal plan (${whole ? 'whole distances, ties' : 'real distances'})`, () => {
      let provenBeforeAnyMip = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const problem = randomMedian(seed, whole);
        const table = distanceTable(problem.distances, problem.demand.count, problem.sites.count);
        const fixed = fixMedian(problem, table, problem.model.p!, whole, 5)!;
        const best = optimum(problem);
        const tolerance = 1e-9 * best;
        expect(fixed.bound, `seed ${seed}`).toBeLessThanOrEqual(best + tolerance);
        // What is left after fixing still has the whole problem's optimum.
        expect(optimum(fixed.instance), `seed ${seed}`).toBeCloseTo(best, 6);
        expect(fixed.plan).toHaveLength(problem.model.p!);
        for (const j of problem.sites.required) expect(fixed.plan).toContain(j);
        for (const j of problem.sites.forbidden) expect(fixed.plan).not.toContain(j);
        if (fixed.proven) {
          provenBeforeAnyMip++;
          expect(fixed.instance.sites.required.slice().sort((a, b) => a - b)).toEqual(fixed.plan.slice().sort((a, b) => a - b));
        }
        // Seeded and bounded by counts: the same input gives the same answer.
        expect(fixMedian(problem, table, problem.model.p!, whole, 5)).toEqual(fixed);
      }
      expect(provenBeforeAnyMip).toBeGreaterThan(10);
    });
  }
});
