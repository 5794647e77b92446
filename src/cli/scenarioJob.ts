import { readFileSync } from 'node:fs';
import type { CityFiles } from '../plan/city';
import { parseCity } from '../plan/city';
import { CITY_LAYERS } from '../plan/cityFiles';
import { withImports } from '../plan/imported';
import type { Scenario } from '../plan/scenario';
import { generateCandidates } from '../plan/candidates';
import { solvePlan } from '../plan/solvePlan';
import type { SolveReport } from '../engine/solve';
import { nodeSolver } from '../solvers/node';
import { threadParts } from './parts';
import { streetGraphOf } from '../io/osm/graph';

const DEMO = new URL('../../public/data/almaty/', import.meta.url);

/** The demo city as the app serves it, read from the repository: its layers and its street network (built as the app's worker builds it). */
export function demoCityFiles(): CityFiles {
  const layers = Object.fromEntries(CITY_LAYERS.map((layer) => [layer, JSON.parse(readFileSync(new URL(`${layer}.geojson`, DEMO), 'utf8'))])) as unknown as CityFiles;
  return { ...layers, streets: streetGraphOf('streets.osm.pbf', readFileSync(new URL('streets.osm.pbf', DEMO))) };
}

export interface ScenarioReport extends SolveReport {
  /** The opened sites, by candidate id, with how many facilities each holds. */
  readonly sites: { id: string; type: string; count: number }[];
  readonly coveredShare: number | null;
  readonly totalCost: number | null;
}

/**
 * A scenario file from the app, solved exactly as the app solves it. `open`
 * lists positions in the scenario's candidate list (all types, in the app's
 * order), so the contract of the instance solver holds for scenarios too.
 */
export async function solveScenario(scenario: Scenario, solverName: 'highs' | 'glpk', timeLimit: number, gap: number): Promise<ScenarioReport> {
  const city = parseCity(withImports(demoCityFiles(), scenario.imported));
  const candidates = generateCandidates(city, scenario);
  const result = await solvePlan(city, { ...scenario, timeLimit, gap, solver: solverName }, nodeSolver(solverName), { candidates, runPart: threadParts(solverName) });
  const position = new Map(candidates.map((candidate, k) => [candidate.id, k]));
  return {
    name: scenario.name,
    status: result.status,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    open: result.sites.map((site) => position.get(site.id)!).sort((a, b) => a - b),
    seconds: result.seconds,
    solver: solverName,
    reasons: result.reasons.length > 0 ? result.reasons.map((reason) => JSON.stringify(reason)) : undefined,
    message: result.message,
    sites: result.sites.map((site) => ({ id: site.id, type: site.type, count: site.count })),
    coveredShare: result.kpis?.coveredShare ?? null,
    totalCost: result.kpis?.totalCost ?? null,
  };
}
