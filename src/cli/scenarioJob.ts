import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityFiles } from '../plan/city';
import { parseCity } from '../plan/city';
import { withImports } from '../plan/imported';
import type { Scenario } from '../plan/scenario';
import { generateCandidates } from '../plan/candidates';
import { solvePlan, type PlanOptions } from '../plan/solvePlan';
import type { SolveReport } from '../engine/solve';
import { nodeSolver } from '../solvers/node';
import { threadParts } from './parts';
import { streetGraphOf } from '../io/osm/graph';
import { InputError } from '../engine/instance/errors';
import { cityRef } from '../plan/scenario';
import { MANIFEST, readCityPackage, readPackageStreets, type PackageSource } from '../io/city/package';
import { parseManifest } from '../io/city/manifest';
import { normaliseLayers, type PackageLayers } from '../io/city/layers';
import { hostedCities } from '../io/city/hosted';

const HOSTED = new URL('../../public/data/', import.meta.url);
const DEMO = new URL('almaty/', HOSTED);

/** A package folder on disk, read as the app reads one it hosts. */
export function folderSource(folder: string): PackageSource {
  return async (name) => {
    try {
      return new Uint8Array(await readFile(resolve(folder, name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new InputError('', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, resolve(folder, name));
    }
  };
}

/** A city package folder with its streets, as the planner reads it: layers checked, the walking graph built. */
export async function packageCityFiles(folder: string): Promise<CityFiles> {
  const source = folderSource(folder);
  const { manifest, files } = await readCityPackage(source, folder);
  return { ...files, streets: await readPackageStreets(source, manifest) };
}

/**
 * The city a scenario names: the demo or a hosted package by id (from
 * public/data, as the app serves them), or a package folder relative to the
 * scenario file. Bad packages throw InputError or PackageProblems.
 */
export async function scenarioCityFiles(scenario: Scenario, scenarioFile?: string): Promise<CityFiles> {
  const ref = cityRef(scenario.data);
  if (ref === null) throw new InputError('data', `${JSON.stringify(scenario.data)} is not a city`);
  if (ref.kind === 'path') {
    if (scenarioFile === undefined) throw new InputError('data', `${JSON.stringify(scenario.data)} is a folder relative to the scenario file, and there is no file here`);
    return packageCityFiles(resolve(dirname(scenarioFile), ref.path));
  }
  const hosted = await hostedCities((name) => folderSource(fileURLToPath(HOSTED))(name));
  if (!hosted.includes(ref.id)) {
    throw new InputError('data', `${JSON.stringify(scenario.data)}: no such city among the hosted ones (public/data/cities.json lists ${hosted.map((id) => `"city:${id}"`).join(', ')}); give the package folder relative to the scenario file instead, such as "./"`);
  }
  return packageCityFiles(fileURLToPath(new URL(`${ref.id}/`, HOSTED)));
}

/** The demo city as the app serves it, read from the repository: its package's layers, checked as every package is, and its street network (built as the app's worker builds it). */
export function demoCityFiles(): CityFiles {
  const read = (name: string) => readFileSync(new URL(name, DEMO));
  const manifest = parseManifest(JSON.parse(read(MANIFEST).toString('utf8')));
  const layers = Object.fromEntries(Object.entries(manifest.layers).filter(([layer]) => layer !== 'streets').map(([layer, name]) => [layer, JSON.parse(read(name).toString('utf8'))]));
  return { ...normaliseLayers(layers as unknown as PackageLayers, manifest.layers), streets: streetGraphOf(manifest.layers.streets!, read(manifest.layers.streets!)) };
}

export interface ScenarioReport extends SolveReport {
  /**
   * The opened sites, by candidate id, with how many facilities each holds and
   * the people within its norm who have no existing facility of the type
   * within the norm (reachedFirst, rounded: why this site among equals).
   */
  readonly sites: { id: string; type: string; count: number; reachedFirst: number }[];
  readonly coveredShare: number | null;
  readonly totalCost: number | null;
}

/**
 * A scenario file from the app, solved exactly as the app solves it. `open`
 * lists positions in the scenario's candidate list (all types, in the app's
 * order), so the contract of the instance solver holds for scenarios too.
 */
export async function solveScenario(scenario: Scenario, solverName: 'highs' | 'glpk', timeLimit: number, gap: number, cityFiles?: CityFiles, onModel?: PlanOptions['onModel'], onProgress?: PlanOptions['onProgress']): Promise<ScenarioReport> {
  const city = parseCity(withImports(cityFiles ?? (await scenarioCityFiles(scenario)), scenario.imported));
  const candidates = generateCandidates(city, scenario);
  const result = await solvePlan(city, { ...scenario, timeLimit, gap, solver: solverName }, nodeSolver(solverName), { candidates, runPart: threadParts(solverName), onModel, onProgress });
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
    sites: result.sites.map((site) => ({ id: site.id, type: site.type, count: site.count, reachedFirst: Math.round(site.reachedFirst) })),
    coveredShare: result.kpis?.coveredShare ?? null,
    totalCost: result.kpis?.totalCost ?? null,
  };
}
