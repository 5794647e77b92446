import { readFileSync, readdirSync } from 'node:fs';
import { parseInstance, parseInstanceText } from '../../src/engine/instance/parse';
import type { SitingInstance } from '../../src/engine/instance/types';
import type { SolverName } from '../../src/engine/mip/solver';
import { solveInstance, type SolveReport } from '../../src/engine/solve';
import { seededRandom } from '../../src/engine/seededRandom';
import { nodeSolver } from '../../src/solvers/node';

export const FIXTURES = new URL('../../fixtures/instances/', import.meta.url);

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

export function loadFixture(name: string): SitingInstance {
  const file = new URL(`${name}.json`, FIXTURES);
  return parseInstanceText(readFileSync(file, 'utf8'), `${name}.json`);
}

const solvers = { glpk: nodeSolver('glpk'), highs: nodeSolver('highs') };

export function solve(instance: SitingInstance, solver: SolverName, timeLimit = 60, relativeGap = 0): Promise<SolveReport> {
  return solveInstance(instance, solvers[solver], { timeLimit, relativeGap });
}

/** Builds an instance from a plain object in the file format, validated like a file. */
export function instance(json: Record<string, unknown>): SitingInstance {
  return parseInstance({ format: 'siting-instance/1', name: 'test', ...json });
}

/** A seeded generator, so random tests are the same on every run. */
export const random = seededRandom;
