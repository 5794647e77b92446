import loadHighs from 'highs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MipBuilder, type Mip } from '../../src/engine/mip/mip';
import { legalNames, writeLp, writeMps } from '../../src/engine/mip/write';
import { nodeSolver } from '../../src/solvers/node';
import { solveInstance } from '../../src/engine/solve';
import { loadFixture } from './helpers';
import { defaultScenario } from '../../src/plan/scenario';
import { existsSync, writeFileSync } from 'node:fs';

/**
 * The written files re-solved by the other solver: glpk.js has no LP or MPS
 * reader, so the engine's Mip is solved by GLPK (its adapter) and the LP and
 * MPS text by HiGHS's own file readers; the optima must agree.
 */
const glpk = nodeSolver('glpk');

async function highsReads(format: 'lp' | 'mps', data: string): Promise<{ objective: number; status: number; optimal: number; cols: number }> {
  const highs = await loadHighs();
  const model = highs.createModel({ format, data });
  try {
    model.options.set({ output_flag: false, mip_rel_gap: 0, random_seed: 0 });
    model.run();
    return { objective: model.getObjectiveValue(), status: model.getModelStatus(), optimal: highs.constants.modelStatus.optimal, cols: model.getDimensions().numCols };
  } finally {
    model.dispose();
  }
}

async function sameOptimum(mip: Mip, names?: { cols?: string[]; rows?: string[] }) {
  const solved = await glpk.solve(mip, { timeLimit: 60, relativeGap: 0 });
  expect(solved.status).toBe('optimal');
  for (const [format, text] of [
    ['lp', writeLp(mip, names)],
    ['mps', writeMps(mip, names)],
  ] as const) {
    const read = await highsReads(format, text);
    expect(read.status, format).toBe(read.optimal);
    expect(read.cols, format).toBe(mip.numCols);
    expect(Math.abs(read.objective - solved.objective!), `${format}: HiGHS ${read.objective} vs GLPK ${solved.objective}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(solved.objective!)));
  }
  return solved.objective!;
}

/** Ranged rows, a fixed column, a free column, a negative lower bound and an objective constant. */
function awkward(sense: 'min' | 'max'): Mip {
  const b = new MipBuilder(sense, 7.25);
  const x = b.addColumn(3, 0, 4, true);
  const y = b.addColumn(-2, 0, 1, true);
  const free = b.continuous(sense === 'min' ? 1 : -1, -Infinity, Infinity);
  const fixed = b.addColumn(5, 2.5, 2.5, false);
  const neg = b.continuous(0.1, -3, 2);
  const fixedInt = b.addColumn(1, 1, 1, true);
  b.addRow(2.5, 3.5, [x, y], [1, 2]); // ranged: the lower side binds when minimising, the upper when maximising
  b.addRow(-Infinity, 0, [x, free], [1, -1]); // free >= x
  b.addRow(-1, Infinity, [free, neg], [1, 1]);
  b.addRow(2, 2, [neg, y], [1, 1]); // equality
  b.addRow(-Infinity, 10, [fixed, fixedInt, x], [1, 1, 1]);
  return b.build();
}


/** `npm run solve -- FILE --solver glpk --json --write-lp --write-mps` in a child process: its report and the two files it wrote. */
function solveWriting(file: string, stem: string): { report: { status: string; objective: number; sites: { id: string }[] }; written: ['lp' | 'mps', string][] } {
  const root = new URL('../../', import.meta.url).pathname;
  const scratch = mkdtempSync(join(tmpdir(), 'siting-audit-'));
  const lpFile = join(scratch, `${stem}.lp`);
  const mpsFile = join(scratch, `${stem}.mps`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', join(root, file), '--solver', 'glpk', '--json', '--write-lp', lpFile, '--write-mps', mpsFile], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report.status).toBe('optimal');
  return { report, written: [['lp', readFileSync(lpFile, 'utf8')], ['mps', readFileSync(mpsFile, 'utf8')]] };
}

describe('LP and MPS export', () => {
  it('an awkward MIP (ranged rows, fixed, free and negative columns, an offset) keeps its optimum in both files, both senses', async () => {
    const min = await sameOptimum(awkward('min'));
    const max = await sameOptimum(awkward('max'));
    expect(min).not.toBeCloseTo(max, 3);
  });

  it('the offset is in the files: without it the optimum read back would differ by 7.25', () => {
    const lp = writeLp(awkward('min'));
    expect(lp).toMatch(/obj: .*\+ 7\.25/s);
    expect(writeMps(awkward('min'))).toMatch(/RHS obj -7\.25/);
  });

  it('numbers round-trip: no rounding of coefficients', () => {
    const b = new MipBuilder('min');
    const x = b.continuous(0.1 + 0.2, 1 / 3, 1e21);
    b.addRow(1e-7, Infinity, [x], [Math.PI]);
    const lp = writeLp(b.build());
    expect(lp).toContain(String(0.1 + 0.2));
    expect(lp).toContain(String(1 / 3));
    expect(lp).toContain(String(Math.PI));
    expect(lp).toContain('1e-7');
  });

  it('the halves of a ranged row never take another row\'s name', async () => {
    const b = new MipBuilder('max');
    const x = b.addColumn(1, 0, 10, true);
    b.addRow(1, 3, [x], 1);
    b.addRow(-Infinity, 100, [x], 1);
    const mip = b.build();
    const names = { rows: ['cap', 'cap_hi'] };
    const lp = writeLp(mip, names);
    expect(lp).toContain(' cap_lo:');
    expect(lp).toContain(' cap_hi_2:');
    expect((lp.match(/^ cap_hi:/gm) ?? []).length).toBe(1);
    expect(await sameOptimum(mip, names)).toBe(3);
  });

  it('names are made legal and unique', () => {
    const names = legalNames(6, ['cover d1', 'cover_d1', '1abc', '', 'e12', 'x'.repeat(300)], 'x');
    expect(new Set(names).size).toBe(6);
    expect(names[0]).toBe('cover_d1');
    expect(names[1]).toBe('cover_d1_2');
    expect(names[2]).toBe('_1abc');
    expect(names[3]).toBe('x3');
    expect(names[4]).toBe('_e12');
    expect(names[5].length).toBeLessThanOrEqual(255);
    for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_.]*$/);
  });

  for (const [fixture, expected] of [
    ['pmed1', ['open_s', 'within_d', 'p_count']],
    ['cap41', ['open_s', 'serve_d', 'capacity_s', 'total_capacity']],
    ['spopt-sf-mclp', ['open_s', 'cover_d', 'p_count']],
    ['spopt-sf-pcenter', ['open_s', 'worst_distance', 'worst_d']],
  ] as const) {
    it(`${fixture}: the model the engine solved (GLPK), written as LP and MPS and re-solved by HiGHS, gives the engine's optimum; every column and row named`, async () => {
      let solved: Mip | null = null;
      const report = await solveInstance(loadFixture(fixture), glpk, { timeLimit: 60, onModel: (mip) => (solved = mip) });
      expect(report.status).toBe('optimal');
      const mip = solved as Mip | null;
      if (!mip) throw new Error('onModel was not called');
      expect(mip.names!.cols.every((name) => name !== '')).toBe(true);
      expect(mip.names!.rows.every((name) => name !== '')).toBe(true);
      expect(new Set(mip.names!.cols).size).toBe(mip.numCols);
      expect(new Set(mip.names!.rows).size).toBe(mip.numRows);
      const lp = writeLp(mip, { title: fixture });
      for (const prefix of expected) expect(lp).toContain(prefix);
      for (const [format, text] of [
        ['lp', lp],
        ['mps', writeMps(mip, { title: fixture })],
      ] as const) {
        const read = await highsReads(format, text);
        expect(read.status, format).toBe(read.optimal);
        expect(Math.abs(read.objective - report.objective!), `${format}: HiGHS ${read.objective} vs engine ${report.objective}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(report.objective!)));
      }
    }, 120_000);
  }

  it('without onModel, no names are recorded (nothing changes for the solvers)', async () => {
    let named = 0;
    const b = new MipBuilder('min');
    b.nameColumn(b.binary(1), 'x');
    if (b.build().names) named++;
    expect(named).toBe(0);
  });

  it('npm run solve --write-lp / --write-mps: the files the command line writes re-solve (HiGHS) to its GLPK optimum', async () => {
    const { report, written } = solveWriting('fixtures/instances/cap41.json', 'model');
    for (const [format, text] of written) {
      expect(text).toContain('serve_d0_s');
      const read = await highsReads(format, text);
      expect(read.status).toBe(read.optimal);
      expect(Math.abs(read.objective - report.objective)).toBeLessThanOrEqual(1e-6 * Math.abs(report.objective));
    }
  }, 120_000);

  it('a scenario (the trio city, GLPK): the written LP and MPS, re-solved by HiGHS, give the scenario objective; names carry the candidate ids', async () => {
    const { report, written } = solveWriting('fixtures/cities/trio/scenario.json', 'trio');
    for (const [format, text] of written) {
      // The opened candidates by their ids (school:-2:-1 made legal: school_-2_-1 -> school__2__1).
      for (const site of report.sites) expect(text).toContain(`open_school_${site.id.replace(/[^A-Za-z0-9_.]/g, '_')}`);
      expect(text).toMatch(/cover_school_d\d+/);
      const read = await highsReads(format, text);
      expect(read.status).toBe(read.optimal);
      expect(Math.abs(read.objective - report.objective), `${format}: HiGHS ${read.objective} vs engine ${report.objective}`).toBeLessThanOrEqual(1e-6 * Math.abs(report.objective));
    }
  }, 120_000);

  it('the demo scenario (three independent parts): one file per part, whose optima, re-solved from the LP text, add up to the reported objective', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const scratch = mkdtempSync(join(tmpdir(), 'siting-audit-'));
    const scenarioFile = join(scratch, 'demo.json');
    writeFileSync(scenarioFile, JSON.stringify(defaultScenario()));
    const lpFile = join(scratch, 'demo.lp');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', scenarioFile, '--json', '--time-limit', '60', '--write-lp', lpFile], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('optimal');
    expect(existsSync(lpFile)).toBe(false);
    let sum = 0;
    for (let part = 1; part <= 3; part++) {
      const text = readFileSync(join(scratch, `demo-part${part}.lp`), 'utf8');
      expect(text.split('\n')[0]).toContain(`part ${part} of 3`);
      const read = await highsReads('lp', text);
      expect(read.status).toBe(read.optimal);
      sum += read.objective;
    }
    expect(existsSync(join(scratch, 'demo-part4.lp'))).toBe(false);
    expect(Math.abs(sum - report.objective)).toBeLessThanOrEqual(1e-6 * Math.abs(report.objective));
  }, 240_000);

  it('npm run solve --write-lp into a folder that does not exist: exit 2 before solving', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', join(root, 'fixtures/instances/pmed1.json'), '--write-lp', join(tmpdir(), 'no-such-folder-siting', 'model.lp')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--write-lp: .*no such folder/);
    expect(run.stdout).toBe('');
  }, 120_000);
});
