import { describe, expect, it } from 'vitest';
import type { SolverName } from '../../src/engine/mip/solver';
import { fixtureNames, loadFixture, solve } from './helpers';

// GLPK cannot prove SJC1 (10,000 single-assignment binaries) within the test
// time; HiGHS proves it in about 15 s here. Everything else runs on both.
const SOLVERS: Record<string, SolverName[]> = { SJC1: ['highs'] };
// SJC1 runs beside the browser tests (vitest.config.ts): with part of a core it needs more than the default 60 s.
const LIMITS: Record<string, number> = { SJC1: 150 };

/** Published values of cfl and SJC are rounded; the rest are exact. */
function tolerance(name: string, model: string): number {
  return model === 'cfl' || name.startsWith('SJC') ? 1e-4 : 1e-6;
}

describe('published optima', () => {
  for (const name of fixtureNames()) {
    const instance = loadFixture(name);
    const reference = instance.reference!.objective;
    for (const solver of SOLVERS[name] ?? (['highs', 'glpk'] as const)) {
      it(`${name} (${instance.model.type}) with ${solver}: ${reference}`, async () => {
        const report = await solve(instance, solver, LIMITS[name]);
        expect(report.status).toBe('optimal');
        expect(report.objective).not.toBeNull();
        const relative = Math.abs(report.objective! - reference) / Math.abs(reference);
        expect(relative).toBeLessThanOrEqual(tolerance(name, instance.model.type));
        // The bound is a true bound: never on the wrong side of the optimum.
        const slack = Math.abs(reference) * tolerance(name, instance.model.type);
        if (instance.model.type === 'mclp') expect(report.bound!).toBeGreaterThanOrEqual(reference - slack);
        else expect(report.bound!).toBeLessThanOrEqual(reference + slack);
        expect(report.gap).toBe(0);
        if (instance.model.p !== null && instance.model.type !== 'mclp') expect(report.open).toHaveLength(instance.model.p);
        expect(report.open).toEqual([...report.open].sort((a, b) => a - b));
      }, (LIMITS[name] ?? 60) * 1000 + 30_000);
    }
  }
});
