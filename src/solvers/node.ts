import loadHighs from 'highs';
import loadGlpk from 'glpk.js/node';
import type { MipSolver, SolverName } from '../engine/mip/solver';
import { createGlpkSolver } from './glpk';
import { createHighsSolver } from './highs';

/** The solvers as Node loads them (the CLI, the benchmark and the tests). */
export function nodeSolver(name: SolverName): MipSolver {
  return name === 'glpk' ? createGlpkSolver(() => loadGlpk()) : createHighsSolver(() => loadHighs());
}
