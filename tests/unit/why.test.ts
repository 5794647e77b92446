import loadHighs from 'highs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageCityFiles } from '../../src/cli/scenarioJob';
import { USAGE, UsageError, parseSolveArguments } from '../../src/cli/args';
import { generateCandidates, type Candidate } from '../../src/plan/candidates';
import { parseCity, type CityData } from '../../src/plan/city';
import { modelFile, solveModel } from '../../src/plan/modelExport';
import { parseScenario } from '../../src/plan/parseScenario';
import { buildPlanProblem } from '../../src/plan/problem';
import type { Scenario } from '../../src/plan/scenario';
import { solvePlan, type PlanResult } from '../../src/plan/solvePlan';
import { robustCore, robustness, withoutSite } from '../../src/plan/why';
import { nodeSolver } from '../../src/solvers/node';

/**
 * The trio city (fixtures/cities/trio) with a coarse school grid (12
 * candidates) and a budget of three schools: every plan can be enumerated,
 * and its objective computed from the demand-site pairs alone, independent
 * of the model and the solver.
 */
const root = new URL('../../', import.meta.url).pathname;
const highs = nodeSolver('highs');
let city: CityData;
let trio: Scenario;

beforeAll(async () => {
  city = parseCity(await packageCityFiles(join(root, 'fixtures/cities/trio/')));
  trio = parseScenario(JSON.parse(readFileSync(join(root, 'fixtures/cities/trio/scenario.json'), 'utf8')));
});

function small(objective: Scenario['objective'], schools = 3): Scenario {
  const school = { ...trio.facilities.school, candidateSpacing: 1500, budget: schools * trio.facilities.school.unitCost, capacitated: false };
  return { ...trio, objective, facilities: { ...trio.facilities, school } };
}

/** Every plan within the budget (sets of candidate indices) with its objective, computed from the pairs. */
function allPlans(scenario: Scenario, candidates: Candidate[]): { open: number[]; value: number }[] {
  const type = buildPlanProblem(city, scenario, candidates).types[0];
  const most = Math.floor(scenario.facilities.school.budget / scenario.facilities.school.unitCost + 1e-9);
  const n = type.candidates.length;
  const weights = type.weightsByPeriod[0];
  const total = type.totalByPeriod[0];
  const value = (open: Set<number>): number => {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      let best = Infinity;
      for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) {
        const j = type.pairSite[p];
        if (j < type.existingCount || open.has(j - type.existingCount)) best = Math.min(best, type.pairDistance[p]);
      }
      if (scenario.objective === 'maxCoverage') sum += best <= type.radius ? weights[i] : 0;
      else sum += weights[i] * best;
    }
    return scenario.objective === 'maxCoverage' ? (100 * sum) / total : sum / total;
  };
  const plans: { open: number[]; value: number }[] = [];
  const visit = (from: number, open: number[]) => {
    plans.push({ open: [...open], value: value(new Set(open)) });
    if (open.length === most) return;
    for (let j = from; j < n; j++) visit(j + 1, [...open, j]);
  };
  visit(0, []);
  return plans;
}

const best = (scenario: Scenario, plans: { value: number }[]) => plans.reduce((b, p) => (scenario.objective === 'maxCoverage' ? Math.max(b, p.value) : Math.min(b, p.value)), scenario.objective === 'maxCoverage' ? -Infinity : Infinity);

describe('why this plan: each site forbidden, and the robust core', () => {
  for (const objective of ['maxCoverage', 'minTravel'] as const) {
    it(`${objective}: the best plan without each site equals brute force, and the core is exactly the sites every plan within the tolerance opens`, async () => {
      const scenario = small(objective);
      const candidates = generateCandidates(city, scenario);
      const schools = candidates.filter((c) => c.type === 'school');
      expect(schools.length).toBe(12);
      const plans = allPlans(scenario, candidates);
      const optimum = best(scenario, plans);
      const base = await solvePlan(city, scenario, highs, { candidates });
      expect(base.status).toBe('optimal');
      expect(base.objective!).toBeCloseTo(optimum, 6);
      const ids = [...new Set(base.sites.map((s) => s.id))];
      expect(ids.length).toBeGreaterThan(1);

      const max = objective === 'maxCoverage';
      const seen = new Set<string>();
      // The solves without each site, once (robustCore's default tolerance, 1%); other tolerances classify the same solves.
      const solved = await robustCore(city, scenario, highs, base, { candidates });
      expect(solved.map((r) => r.siteId)).toEqual(ids);
      for (const tolerance of [0.002, 0.01, 0.05]) {
        const core = solved.map((r) => ({ ...r, robustness: tolerance === 0.01 ? r.robustness : robustness(scenario, base, r, tolerance) }));
        for (const result of core) {
          const index = schools.findIndex((c) => c.id === result.siteId);
          const without = plans.filter((p) => !p.open.includes(index));
          const bestWithout = best(scenario, without);
          expect(result.status).toBe('optimal');
          expect(result.objective!).toBeCloseTo(bestWithout, 6);
          expect(result.loss!).toBeCloseTo(max ? optimum - bestWithout : bestWithout - optimum, 6);
          expect(result.loss!).toBeGreaterThanOrEqual(-1e-9);
          // The sites every plan within the tolerance opens (no plan within it leaves the site out).
          const edge = max ? optimum - tolerance * Math.abs(optimum) : optimum + tolerance * Math.abs(optimum);
          const near = plans.filter((p) => (max ? p.value >= edge - 1e-9 : p.value <= edge + 1e-9));
          const inEvery = near.every((p) => p.open.includes(index));
          expect(result.robustness, `${result.siteId} at ${tolerance}`).toBe(inEvery ? 'core' : 'interchangeable');
          seen.add(result.robustness);
          // Its replacement plan: sites added and dropped against the base.
          expect(result.dropped).toContain(result.siteId);
          expect(result.added).not.toContain(result.siteId);
        }
      }
      // The tolerances chosen show both kinds.
      expect([...seen].sort()).toEqual(['core', 'interchangeable']);
    }, 20_000);
  }

  it('withoutSite: coverage loss in people; a required site is forbidden with its requirement lifted, and is core by definition', async () => {
    const scenario = small('maxCoverage', 2);
    const candidates = generateCandidates(city, scenario);
    const schools = candidates.filter((c) => c.type === 'school');
    const plans = allPlans(scenario, candidates);
    // Require a site the optimum would not choose.
    const optimum = best(scenario, plans);
    const worst = plans.filter((p) => p.open.length === 1).sort((a, b) => a.value - b.value)[0];
    const requiredId = schools[worst.open[0]].id;
    const required = { ...scenario, candidates: { ...scenario.candidates, required: [requiredId] } };
    const base = await solvePlan(city, required, highs, { candidates });
    expect(base.sites.map((s) => s.id)).toContain(requiredId);
    const withRequired = best(scenario, plans.filter((p) => p.open.includes(worst.open[0])));
    expect(base.objective!).toBeCloseTo(withRequired, 6);
    const lifted = await withoutSite(city, required, highs, base, requiredId, { candidates });
    const bestWithout = best(scenario, plans.filter((p) => !p.open.includes(worst.open[0])));
    expect(lifted.objective!).toBeCloseTo(bestWithout, 6);
    // Lifting a bad requirement gains: a negative loss.
    expect(lifted.loss!).toBeCloseTo(withRequired - bestWithout, 6);
    expect(bestWithout).toBeCloseTo(optimum, 6);
    expect(lifted.loss!).toBeLessThan(0);
    const children = (r: PlanResult) => r.kpis!.types[0].covered;
    const after = await solvePlan(city, { ...scenario, candidates: { ...scenario.candidates, forbidden: [requiredId] } }, highs, { candidates });
    expect(lifted.lossPeople!).toBeCloseTo(children(base) - children(after), 6);
    const core = await robustCore(city, required, highs, base, { candidates });
    expect(core.find((r) => r.siteId === requiredId)!.robustness).toBe('core');
  }, 20_000);

  it('independent types (a budget each): the site\'s type alone solved again gives what the whole scenario solved again gives', async () => {
    const scenario = small('maxCoverage', 2);
    const two = { ...scenario, facilities: { ...scenario.facilities, polyclinic: { ...scenario.facilities.polyclinic, enabled: true, candidateSpacing: 3000, capacitated: false, budget: 2 * scenario.facilities.polyclinic.unitCost } } };
    const candidates = generateCandidates(city, two);
    const base = await solvePlan(city, two, highs, { candidates });
    expect(base.status).toBe('optimal');
    for (const type of ['school', 'polyclinic'] as const) {
      const id = base.sites.find((s) => s.type === type)!.id;
      const quick = await withoutSite(city, two, highs, base, id, { candidates });
      const whole = await solvePlan(city, { ...two, candidates: { ...two.candidates, forbidden: [id] } }, highs, { candidates });
      expect(quick.objective!).toBeCloseTo(whole.objective!, 9);
      expect(quick.bound!).toBeCloseTo(whole.bound!, 9);
      expect([quick.status, quick.gap]).toEqual([whole.status, whole.gap]);
      expect(quick.loss!).toBeCloseTo(base.objective! - whole.objective!, 9);
      expect(quick.lossPeople!).toBeCloseTo(base.kpis!.types.reduce((s, t) => s + t.covered, 0) - whole.kpis!.types.reduce((s, t) => s + t.covered, 0), 6);
      const wholeIds = new Set(whole.sites.map((s) => s.id));
      expect(quick.dropped).toEqual([...new Set(base.sites.map((s) => s.id))].filter((s) => !wholeIds.has(s)));
    }
  }, 20_000);

  it('a container cell opened several times, over two years, is one site: forbidding it removes all its containers', async () => {
    const off = Object.fromEntries(Object.entries(trio.facilities).map(([t, f]) => [t, { ...f, enabled: false }])) as unknown as Scenario['facilities'];
    const container = { ...trio.facilities.container, enabled: true, capacity: 40, budget: 8 * trio.facilities.container.unitCost };
    let phased: Scenario = {
      ...trio,
      facilities: { ...off, container },
      phases: { ...trio.phases, enabled: true, yearBudgets: [trio.budget, trio.budget], typeYearBudgets: { ...trio.phases.typeYearBudgets, container: [4 * container.unitCost, 4 * container.unitCost] }, carryOver: false },
    };
    const candidates = generateCandidates(city, phased);
    // Four cells only (the most households): eight containers must share them.
    const byCell = new Map(Array.from({ length: city.demand.count }, (_, i) => [`container:${city.demand.ids[i]}`, city.demand.households[i]]));
    const households = (id: string) => byCell.get(id)!;
    const open = candidates.map((c) => c.id).sort((a, b) => households(b) - households(a)).slice(0, 4);
    phased = { ...phased, candidates: { ...phased.candidates, forbidden: candidates.map((c) => c.id).filter((id) => !open.includes(id)) } };
    const base = await solvePlan(city, phased, highs, { candidates });
    expect(base.objective).not.toBeNull();
    const ids = base.sites.map((s) => s.id);
    // Some cell holds more than one container, or opens in both years.
    expect(base.sites.some((s) => s.count > 1) || new Set(ids).size < ids.length).toBe(true);
    const crowded = base.sites.find((s) => s.count > 1 || ids.indexOf(s.id) !== ids.lastIndexOf(s.id))!;
    const core = await robustCore(city, phased, highs, base, { candidates, tolerance: 0.01 });
    expect(core.map((r) => r.siteId)).toEqual([...new Set(ids)]);
    const without = core.find((r) => r.siteId === crowded.id)!;
    expect(without.dropped).toContain(crowded.id);
    const again = await solvePlan(city, { ...phased, candidates: { ...phased.candidates, forbidden: [...phased.candidates.forbidden, crowded.id] } }, highs, { candidates });
    expect(again.sites.map((s) => s.id)).not.toContain(crowded.id);
    expect(without.objective!).toBeCloseTo(again.objective!, 9);
  }, 20_000);

  it('robustness is honest about unfinished solves (both senses), and a plan impossible without the site is core', () => {
    const max = small('maxCoverage');
    const min = small('minTravel');
    const base = { status: 'optimal' as const, objective: 100, bound: 100 };
    // Maximising: a bound below 99 proves core; a plan at 99 or above proves interchangeable; neither: undecided.
    expect(robustness(max, base, { status: 'timeout', objective: 90, bound: 98.9 })).toBe('core');
    expect(robustness(max, base, { status: 'timeout', objective: 99, bound: 100 })).toBe('interchangeable');
    expect(robustness(max, base, { status: 'timeout', objective: 95, bound: 99.5 })).toBe('undecided');
    // The base not proven: its bound (101) is what a plan must come within 1% of.
    expect(robustness(max, { status: 'timeout', objective: 100, bound: 101 }, { status: 'optimal', objective: 99.5, bound: 99.5 })).toBe('undecided');
    expect(robustness(max, { status: 'timeout', objective: 100, bound: null }, { status: 'optimal', objective: 99.9, bound: 99.9 })).toBe('undecided');
    // Minimising: the mirror.
    expect(robustness(min, base, { status: 'timeout', objective: 110, bound: 101.1 })).toBe('core');
    expect(robustness(min, base, { status: 'optimal', objective: 101, bound: 101 })).toBe('interchangeable');
    expect(robustness(min, base, { status: 'timeout', objective: 105, bound: 100.5 })).toBe('undecided');
    expect(robustness(max, base, { status: 'infeasible', objective: null, bound: null })).toBe('core');
    expect(robustness(max, { status: 'error', objective: null, bound: null }, { status: 'optimal', objective: 1, bound: 1 })).toBe('undecided');
  });
});

describe('the audit in the app: the exact model solved, and the solve log', () => {
  it('the exported LP and MPS, re-solved by HiGHS from the text, give the optimum GLPK found for the app; the log has the model size and the status', async () => {
    const scenario = small('maxCoverage');
    const glpk = nodeSolver('glpk');
    const solved = await solveModel(city, scenario, glpk);
    const plain = await solvePlan(city, scenario, glpk);
    expect(solved.result.status).toBe('optimal');
    expect(solved.result.objective!).toBeCloseTo(plain.objective!, 9);
    expect(solved.parts).toHaveLength(1);
    const lp = modelFile(solved, 'lp', 'trio');
    expect(lp.fileName).toBe('trio.lp');
    const mps = modelFile(solved, 'mps', 'trio');
    const highsModule = await loadHighs();
    for (const [format, file] of [['lp', lp], ['mps', mps]] as const) {
      if (!('text' in file)) throw new Error('one part: one text file');
      for (const site of solved.result.sites) expect(file.text).toContain(`open_school_${site.id.replace(/[^A-Za-z0-9_.]/g, '_')}`);
      const model = highsModule.createModel({ format, data: file.text });
      try {
        model.options.set({ output_flag: false, mip_rel_gap: 0 });
        model.run();
        expect(model.getModelStatus()).toBe(highsModule.constants.modelStatus.optimal);
        expect(model.getObjectiveValue()).toBeCloseTo(solved.result.objective!, 6);
      } finally {
        model.dispose();
      }
    }
    const log = modelFile(solved, 'log', 'trio');
    if (!('text' in log)) throw new Error('the log is text');
    const mip = solved.parts[0];
    expect(log.text).toContain(`# Solve log: ${scenario.name}`);
    expect(log.text).toContain('solver     glpk');
    expect(log.text).toContain(`${mip.numRows} rows, ${mip.numCols} columns`);
    expect(log.text).toMatch(/status {5}optimal/);
    expect(log.text).toContain(`objective  ${Math.round(solved.result.objective! * 1e6) / 1e6}`);
  }, 20_000);

  it('several independent parts go into one zip, a file per part', async () => {
    const scenario = small('maxCoverage');
    const two = { ...scenario, facilities: { ...scenario.facilities, polyclinic: { ...scenario.facilities.polyclinic, enabled: true, candidateSpacing: 3000, capacitated: false } } };
    const solved = await solveModel(city, two, highs);
    expect(solved.parts).toHaveLength(2);
    const file = modelFile(solved, 'lp', 'trio');
    if (!('bytes' in file)) throw new Error('two parts: a zip');
    expect(file.fileName).toBe('trio-lp.zip');
    const files = unzipSync(file.bytes);
    expect(Object.keys(files).sort()).toEqual(['model-part1.lp', 'model-part2.lp']);
    expect(strFromU8(files['model-part2.lp']).split('\n')[0]).toContain('part 2 of 2');
    expect(solved.log).toMatch(/part 2 of 2: maximise/);
  }, 20_000);

  it('--log takes a file name (and says so without one); the usage line lists it', () => {
    expect(parseSolveArguments(['x.json', '--log', 'out.log']).log).toBe('out.log');
    expect(parseSolveArguments(['x.json', '--log=out.log']).log).toBe('out.log');
    expect(parseSolveArguments(['x.json']).log).toBeUndefined();
    expect(() => parseSolveArguments(['x.json', '--log'])).toThrow(UsageError);
    expect(() => parseSolveArguments(['x.json', '--logs', 'a'])).toThrow(/unknown option --logs/);
    expect(USAGE).toContain('[--log FILE]');
    // The curve: points a whole number from 3 to 50, the type one of the enabled types or 'all' (the default).
    expect(parseSolveArguments(['x.json', '--curve', '20'])).toMatchObject({ curve: 20, curveType: 'all' });
    expect(parseSolveArguments(['x.json', '--curve=3', '--curve-type', 'school'])).toMatchObject({ curve: 3, curveType: 'school' });
    expect(parseSolveArguments(['x.json']).curve).toBeUndefined();
    for (const bad of ['2', '51', '3.5', 'x', '']) expect(() => parseSolveArguments(['x.json', '--curve', bad])).toThrow(/--curve: ".*" is not a whole number of budget points from 3 to 50/);
    expect(() => parseSolveArguments(['x.json', '--curve', '5', '--curve-type', 'Hospital!'])).toThrow(/"Hospital!" is not a type id/);
    expect(() => parseSolveArguments(['x.json', '--curve-type', 'school'])).toThrow(/--curve-type needs --curve/);
    expect(USAGE).toContain('[--curve POINTS');
  });

  it('npm run solve -- FILE --log F writes the solve log', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'siting-log-'));
    const logFile = join(scratch, 'solve.log');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', join(root, 'fixtures/instances/pmed1.json'), '--json', '--log', logFile], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('optimal');
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('# Solve log: pmed1');
    expect(log).toContain('solver     highs');
    // p-median, 100 demand points and 5 candidate sites: the model the engine builds for it.
    expect(log).toMatch(/part 1 of 1: minimise, \d+ rows, \d+ columns \(\d+ integer\), \d+ nonzeros/);
    expect(log).toContain('status     optimal');
    expect(log).toContain(`objective  ${report.objective}`);
  }, 60_000);
});
