/**
 * The "every essential type" objective (maxAll, issue 20): time to the first
 * plan and the proof or gap at the time limit, in Node with HiGHS, on the
 * demo's three types (all essential; residents from the city's population)
 * and on a synthetic city of about the demo's size (3 types, 2,000 demand
 * points, a few hundred candidates per type).
 * Run: npx tsx scripts/bench-all.ts [TIME_LIMIT] [demo|synthetic|both] [highs|glpk]   (default 30 s, both, HiGHS)
 */
import { demoCityFiles } from '../src/cli/scenarioJob';
import { parseCity } from '../src/plan/city';
import { withImports } from '../src/plan/imported';
import { generateCandidates } from '../src/plan/candidates';
import { buildPlanProblem, plannerInstance } from '../src/plan/problem';
import { defaultScenario } from '../src/plan/scenario';
import type { BudgetGroup, PlannerInstance, PlannerType } from '../src/engine/planner/instance';
import { allObjective } from '../src/engine/planner/allEssential';
import { solvePlanner } from '../src/engine/planner/solve';
import { seededRandom } from '../src/engine/seededRandom';
import { nodeSolver } from '../src/solvers/node';

const timeLimit = Number(process.argv[2] ?? 30);
const only = process.argv[3] ?? 'both';
const highs = nodeSolver(process.argv[4] === 'glpk' ? 'glpk' : 'highs');

function describe(instance: PlannerInstance): string {
  const points = instance.types[0].pairStart.length - 1;
  const types = instance.types.map((type) => `${type.type ?? 'type'}: ${type.siteCount - type.existingCount} candidates, ${type.existingCount} existing, ${type.pairSite.length} pairs${type.capacitated ? ', capacitated' : ''}${type.pieces ? ', pieces' : ''}`);
  return `${points} demand points; ${types.join('; ')}; budgets ${instance.budgets.map((g) => `[${g.types.join(',')}] ${g.perPeriod.join('/')}`).join(', ')}`;
}

async function run(name: string, instance: PlannerInstance): Promise<void> {
  console.log(`\n${name}: ${describe(instance)}`);
  let first: { seconds: number; objective: number; bound: number | null } | null = null;
  const plans: string[] = [];
  const started = performance.now();
  const result = await solvePlanner(instance, highs, { timeLimit, relativeGap: 0, onPlan: (update) => {
      first ??= { seconds: update.seconds, objective: update.objective, bound: update.bound };
      plans.push(`${update.objective.toFixed(0)} at ${update.seconds.toFixed(2)} s`);
    } });
  const seconds = (performance.now() - started) / 1000;
  const residents = instance.all!.weightsByPeriod.reduce((sum, w) => sum + w.reduce((a, b) => a + b, 0), 0);
  const share = (x: number | null) => (x === null ? '-' : `${x.toFixed(0)} (${((100 * x) / residents).toFixed(2)}% of ${residents.toFixed(0)})`);
  if (first) console.log(`first plan at ${first.seconds.toFixed(2)} s: ${share(first.objective)}, bound ${share(first.bound)}`);
  console.log(`plans: ${plans.join(', ')}`);
  console.log(`answer at ${seconds.toFixed(1)} s: ${result.status}, objective ${share(result.objective)}, bound ${share(result.bound)}, gap ${result.gap === null ? '-' : `${(100 * result.gap).toFixed(2)}%`}`);
  if (result.plan) console.log(`plan's own figure ${allObjective(instance, result.plan).toFixed(1)}; facilities opened per type ${result.plan.counts.map((c) => c.reduce((a, b) => a + b, 0)).join(', ')}`);
}

/** A synthetic city: 2,000 points clustered on 8 x 8 km, three types with their own sites and norms. */
function synthetic(seed: number): PlannerInstance {
  const next = seededRandom(seed);
  const points = 2000;
  const centres = Array.from({ length: 12 }, () => [next() * 8000, next() * 8000]);
  const px = new Float64Array(points);
  const py = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const [cx, cy] = centres[Math.floor(next() * centres.length)];
    px[i] = Math.min(8000, Math.max(0, cx + (next() + next() + next() - 1.5) * 2000));
    py[i] = Math.min(8000, Math.max(0, cy + (next() + next() + next() - 1.5) * 2000));
  }
  const residents = Float64Array.from({ length: points }, () => Math.round(50 + next() * 900));
  const specs = [
    { type: 'schools', existing: 40, candidates: 300, radius: 700, capacitated: true, share: 0.18, capacity: [800, 600], cost: [1, 2] },
    { type: 'polyclinics', existing: 12, candidates: 200, radius: 1500, capacitated: true, share: 1, capacity: [25000, 15000], cost: [3, 3] },
    { type: 'containers', existing: 150, candidates: 400, radius: 300, capacitated: false, share: 0.35, capacity: [1e9, 0], cost: [0.05, 0.05] },
  ];
  const types = specs.map((spec): PlannerType => {
    const siteCount = spec.existing + spec.candidates;
    const sx = Float64Array.from({ length: siteCount }, () => next() * 8000);
    const sy = Float64Array.from({ length: siteCount }, () => next() * 8000);
    // Sites near people: half of them at a random demand point.
    for (let j = 0; j < siteCount; j += 2) {
      const i = Math.floor(next() * points);
      sx[j] = px[i] + (next() - 0.5) * 200;
      sy[j] = py[i] + (next() - 0.5) * 200;
    }
    const pairStart = new Int32Array(points + 1);
    const pairSite: number[] = [];
    const pairDistance: number[] = [];
    for (let i = 0; i < points; i++) {
      for (let j = 0; j < siteCount; j++) {
        const d = Math.hypot(px[i] - sx[j], py[i] - sy[j]);
        if (d <= spec.radius) pairSite.push(j), pairDistance.push(d);
      }
      pairStart[i + 1] = pairSite.length;
    }
    const weights = Float64Array.from(residents, (r) => Math.round(r * spec.share));
    return {
      type: spec.type,
      capacitated: spec.capacitated,
      radius: spec.radius,
      weightsByPeriod: [weights],
      totalByPeriod: [weights.reduce((a, b) => a + b, 0)],
      district: new Uint8Array(points),
      districtCount: 1,
      districtShares: null,
      existingCount: spec.existing,
      siteCount,
      capacity: Float64Array.from({ length: siteCount }, () => spec.capacity[0] + Math.floor(next() * spec.capacity[1])),
      cost: Float64Array.from({ length: siteCount }, (_, j) => (j < spec.existing ? 0 : spec.cost[0] + next() * spec.cost[1])),
      minCount: new Int32Array(siteCount),
      maxCount: Int32Array.from({ length: siteCount }, (_, j) => (j < spec.existing ? 0 : 1)),
      pairStart,
      pairSite: Int32Array.from(pairSite),
      pairDistance: Float64Array.from(pairDistance),
    };
  });
  const budgets: BudgetGroup[] = [{ types: [0], perPeriod: [25] }, { types: [1], perPeriod: [15] }, { types: [2], perPeriod: [6] }];
  return { objective: 'maxAll', periods: 1, carryOver: false, targetShare: 0, types, budgets, all: { essential: [0, 1, 2], weightsByPeriod: [residents] } };
}

// The wasm module loaded before anything is timed.
await solvePlanner(synthetic(1), highs, { timeLimit: 1, relativeGap: 0.5 });

const scenario = defaultScenario();
const city = parseCity(withImports(demoCityFiles(), scenario.imported));
const problem = buildPlanProblem(city, scenario, generateCandidates(city, scenario));
const demo = plannerInstance(problem, scenario);
const points = demo.types[0].pairStart.length - 1;
if (only === 'synthetic') console.log('demo skipped');
else if (points === city.demand.count) {
  const residents = Array.from({ length: demo.periods }, () => Float64Array.from(city.demand.residents));
  await run('The demo, every type essential', { ...demo, objective: 'maxAll', all: { essential: demo.types.map((_, k) => k), weightsByPeriod: residents } });
} else console.log(`The demo's types have ${points} demand points, its city ${city.demand.count}: residents per point unknown here, skipped`);
if (only !== 'demo') await run('Synthetic city (seed 7)', synthetic(7));
