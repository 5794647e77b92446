import { describe, expect, it } from 'vitest';
import { MipBuilder } from '../../src/engine/mip/mip';
import { createGlpkSolver } from '../../src/solvers/glpk';
import { createHighsSolver } from '../../src/solvers/highs';
import { loadFixture, solve } from './helpers';

const tinyMip = () => {
  const builder = new MipBuilder('max');
  const x = builder.binary(3);
  const y = builder.binary(2);
  builder.addRow(-Infinity, 1, [x, y], 1);
  return builder.build();
};

describe('solver adapters', () => {
  for (const [name, create] of [
    ['HiGHS', createHighsSolver],
    ['GLPK', createGlpkSolver],
  ] as const) {
    it(`${name}: a runtime that fails becomes an error value, and the next solve loads a fresh one`, async () => {
      let loads = 0;
      const solver = create((() => {
        loads++;
        return Promise.reject(new Error('wasm trap: unreachable'));
      }) as never);
      const first = await solver.solve(tinyMip(), { timeLimit: 1, relativeGap: 0 });
      expect(first.status).toBe('error');
      expect(first.message).toBe(`${name} failed: wasm trap: unreachable`);
      await solver.solve(tinyMip(), { timeLimit: 1, relativeGap: 0 });
      expect(loads).toBe(2);
    });
  }

  it('a solve stopped by its time limit reports a bound on the right side of the optimum', async () => {
    const sjc1 = loadFixture('SJC1');
    const optimum = sjc1.reference!.objective;
    for (const solver of ['highs', 'glpk'] as const) {
      const report = await solve(sjc1, solver, 3);
      expect(report.status).toBe('timeout');
      // HiGHS always has a bound; GLPK's comes from its relaxation, if that finished in time.
      if (solver === 'highs') expect(report.bound).not.toBeNull();
      if (report.bound !== null) expect(report.bound).toBeLessThanOrEqual(optimum);
      if (report.objective !== null) expect(report.objective).toBeGreaterThanOrEqual(optimum * (1 - 1e-4));
    }
  });
});
