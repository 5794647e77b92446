/**
 * One plan among equals (issue 23): what the stages after the first objective
 * cost, per independent part (type) of a scenario, in Node. Each part is
 * solved as the planner solves it (solvePart, the scenario's time limit),
 * with the stages and without, by HiGHS and GLPK; printed: the seconds, the
 * stages proven, and whether the two solvers opened the same sites.
 * Run: npm run bench:equals -- SCENARIO.json [RUNS]   (default: the demo)
 */
import { readFileSync } from 'node:fs';
import { scenarioCityFiles, demoCityFiles } from '../src/cli/scenarioJob';
import { parseCity } from '../src/plan/city';
import { withImports } from '../src/plan/imported';
import { generateCandidates } from '../src/plan/candidates';
import { buildPlanProblem, plannerInstance } from '../src/plan/problem';
import { parseScenario } from '../src/plan/parseScenario';
import { defaultScenario } from '../src/plan/scenario';
import { subInstance } from '../src/engine/planner/instance';
import { solvePart } from '../src/engine/planner/solve';
import { nodeSolver } from '../src/solvers/node';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 1);
const scenario = file ? parseScenario(JSON.parse(readFileSync(file, 'utf8'))) : defaultScenario();
const city = parseCity(withImports(file ? await scenarioCityFiles(scenario, file) : demoCityFiles(), scenario.imported));
const problem = buildPlanProblem(city, scenario, generateCandidates(city, scenario));
const instance = plannerInstance(problem, scenario);
console.log(`${scenario.name}: ${city.demand.count} demand points, time limit ${scenario.timeLimit} s`);
// Each solver's wasm module loaded once before anything is timed.
for (const solverName of ['highs', 'glpk'] as const) await solvePart(subInstance(instance, [0]), nodeSolver(solverName), { timeLimit: 5, relativeGap: 0.5, equals: false });
for (let run = 0; run < runs; run++) {
  for (const [k, type] of problem.types.entries()) {
    const sites: Record<string, string> = {};
    for (const solverName of ['highs', 'glpk'] as const) {
      for (const equals of [false, true]) {
        const started = performance.now();
        const result = await solvePart(subInstance(instance, [k]), nodeSolver(solverName), { timeLimit: scenario.timeLimit, relativeGap: scenario.gap, equals });
        const seconds = (performance.now() - started) / 1000;
        const open = result.plan ? Array.from(result.plan.counts[0]).flatMap((count, j) => (count > 0 ? [`${j}x${count}`] : [])) : [];
        if (equals) sites[solverName] = open.join(' ');
        const stages = result.equals ? `stages proven ${result.equals.proven}${result.equals.complete ? ' (all)' : ' (not all in time)'}` : 'no stage';
        console.log(`${type.type.padEnd(10)} ${solverName.padEnd(5)} ${equals ? 'with stages   ' : 'without stages'} ${result.status.padEnd(7)} ${seconds.toFixed(2).padStart(6)} s  ${equals ? stages : ''}`);
      }
    }
    console.log(`${type.type.padEnd(10)} same sites with HiGHS and GLPK: ${sites.highs === sites.glpk ? 'yes' : 'no'}`);
  }
}
process.exit(0);
