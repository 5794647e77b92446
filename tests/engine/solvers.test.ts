import { describe, expect, it } from 'vitest';
import { boxBound, MipBuilder } from '../../src/engine/mip/mip';
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

  it('a solve stopped before the solver proved any bound (a limit of 1 ms, as a busy machine gives) still reports a true bound', async () => {
    const sjc1 = loadFixture('SJC1');
    const optimum = sjc1.reference!.objective;
    for (const solver of ['highs', 'glpk'] as const) {
      const report = await solve(sjc1, solver, 0.001);
      expect(report.status, solver).toBe('timeout');
      expect(report.bound, solver).not.toBeNull();
      expect(report.bound!, solver).toBeLessThanOrEqual(optimum);
    }
  });

  it('the columns\' bounds bound the objective: the cheapest end of each for a minimum, the dearest for a maximum', () => {
    // max x0 + x1 + x2 + 2 y0 + 2 y1 with at most one chosen: the box gives 7, the rows 2.
    const tiny = tinyMip();
    expect(boxBound(tiny)).toBe(Array.from(tiny.colCost).reduce((a, b) => a + Math.max(b, 0), tiny.offset));
    const builder = new MipBuilder('min', 5);
    const [x] = [builder.binary(-3), builder.binary(4)];
    builder.addRow(1, Infinity, [x], 1);
    expect(boxBound(builder.build())).toBe(2);
    const free = new MipBuilder('min');
    free.addColumn(1, -Infinity, Infinity, false);
    expect(boxBound(free.build())).toBeNull();
  });
});
