/**
 * City-scale covering: our engine (aggregated rows, greedy + swap start,
 * HiGHS) beside plain HiGHS and plain GLPK on the textbook model (one row per
 * demand point, no start), each with the same time limit, on seeded random
 * instances. "% of LP bound" is objective / LP-relaxation optimum.
 * Run: npm run bench:scale [-- --large]
 */
import { cpus } from 'node:os';
import { coverage, coveringSites } from '../src/engine/distance/coverage';
import type { SitingInstance } from '../src/engine/instance/types';
import { MipBuilder, type Mip } from '../src/engine/mip/mip';
import type { MipSolver } from '../src/engine/mip/solver';
import { buildModel, solveInstance } from '../src/engine/solve';
import { randomCovering } from '../src/engine/randomCovering';
import { nodeSolver } from '../src/solvers/node';

const cases: [number, number, number, number][] = [[500, 5000, 40, 5], [2000, 20000, 160, 30]];
if (process.argv.includes('--large')) cases.push([5000, 50000, 400, 60]);

/** One row per demand point, y binary-relaxed, no aggregation, no start: the model a first attempt writes. */
function textbook(instance: SitingInstance): Mip {
  const cover = coverage(instance.distances, instance.demand.count, instance.sites.count, instance.model.radius);
  const builder = new MipBuilder('max');
  const x = Array.from({ length: instance.sites.count }, () => builder.binary(0));
  for (let i = 0; i < instance.demand.count; i++) {
    const sites = [...coveringSites(cover, i)];
    const y = builder.continuous(instance.demand.weights[i], 0, 1);
    builder.addRow(-Infinity, 0, [y, ...sites.map((j) => x[j])], [1, ...sites.map(() => -1)]);
  }
  builder.addRow(-Infinity, instance.model.p!, x, 1);
  return builder.build();
}

function relaxation(mip: Mip): Mip {
  return { ...mip, integer: new Uint8Array(mip.numCols) };
}

const highs = nodeSolver('highs');
const glpk = nodeSolver('glpk');
const percent = (value: number | null, of: number | null) => (value === null || of === null ? '-' : `${((100 * value) / of).toFixed(2)}%`);
const rows: string[] = [];

for (const [n, m, p, limit] of cases) {
  const instance = randomCovering(n, m, p);
  const built = buildModel(instance);
  if ('infeasible' in built) throw new Error('a random covering instance is always feasible');
  const lp = await highs.solve(relaxation(built.mip), { timeLimit: 180, relativeGap: 0 });
  const lpBound = lp.objective;
  const startValue = built.start ? built.mip.colCost.reduce((sum, c, j) => sum + c * built.start![j], built.mip.offset) : null;
  const ours = await solveInstance(instance, highs, { timeLimit: limit, relativeGap: 0 });
  rows.push(`| ${n} x ${m}, p=${p} | ours (aggregated, greedy+swap start, HiGHS) | ${limit} | ${ours.objective ?? '-'} | ${percent(ours.objective, lpBound)} | ${ours.bound ?? '-'} | ${ours.gap === null ? '-' : `${(ours.gap * 100).toFixed(2)}%`} | ${ours.seconds.toFixed(1)} | first plan ${startValue} = ${percent(startValue, lpBound)} of LP |`);
  process.stderr.write(`${rows.at(-1)}\n`);
  const plain = textbook(instance);
  for (const [name, solver] of [['plain HiGHS', highs], ['plain GLPK', glpk]] as [string, MipSolver][]) {
    const started = performance.now();
    const result = await solver.solve(plain, { timeLimit: limit, relativeGap: 0 });
    const seconds = (performance.now() - started) / 1000;
    const gap = result.objective !== null && result.bound !== null ? Math.abs(result.bound - result.objective) / Math.abs(result.objective) : null;
    rows.push(`| ${n} x ${m}, p=${p} | ${name} (textbook model) | ${limit} | ${result.objective ?? '-'} | ${percent(result.objective, lpBound)} | ${result.bound ?? '-'} | ${gap === null ? '-' : `${(gap * 100).toFixed(2)}%`} | ${seconds.toFixed(1)} | ${result.status} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  rows.push(`| ${n} x ${m}, p=${p} | LP relaxation (HiGHS) | - | ${lpBound ?? '-'} | 100% | | | ${lp.seconds.toFixed(1)} | ${lp.status} |`);
}

console.log(`City-scale covering, seeded random instances (${cpus().length} x ${cpus()[0]?.model}, Node ${process.version}):\n`);
console.log('| instance | method | limit s | objective | % of LP bound | bound | gap | seconds | note |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const row of rows) console.log(row);
