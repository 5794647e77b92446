import * as Comlink from 'comlink';
import loadGlpk from 'glpk.js/node';
import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import type { Mip } from '../src/engine/mip/mip';
import type { MipProgress, MipSolution, MipSolveOptions, SolverName } from '../src/engine/mip/solver';
import { createGlpkSolver } from '../src/solvers/glpk';
import { createHighsSolver } from '../src/solvers/highs';

/** One solve at a time in a worker of its own, so that the caller can stop it (src/solvers/bounded.ts). */
const solvers = {
  highs: createHighsSolver(() => loadHighs({ locateFile: () => highsWasm })),
  glpk: createGlpkSolver(() => loadGlpk()),
};

const solver = {
  solve(name: SolverName, mip: Mip, options: Omit<MipSolveOptions, 'onProgress'>, onProgress?: (progress: MipProgress) => void): Promise<MipSolution> {
    return solvers[name].solve(mip, { ...options, onProgress });
  },
};

export type SolverWorker = typeof solver;

Comlink.expose(solver);
