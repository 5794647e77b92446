import * as Comlink from 'comlink';
import loadGlpk from 'glpk.js/node';
import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import type { MipProgress, SolverName } from '../src/engine/mip/solver';
import type { PlannerInstance } from '../src/engine/planner/instance';
import { solvePart, type PartOptions, type PlannerResult, type PlanUpdate } from '../src/engine/planner/solve';
import { createGlpkSolver } from '../src/solvers/glpk';
import { createHighsSolver } from '../src/solvers/highs';

/**
 * One independent part of a plan (a type with its own budget), solved in its
 * own worker so that the parts use every core; the planner's worker stops it
 * at the time limit (src/engine/planner/parts.ts).
 */
const solvers = {
  highs: createHighsSolver(() => loadHighs({ locateFile: () => highsWasm })),
  glpk: createGlpkSolver(() => loadGlpk()),
};

const part = {
  solve(instance: PlannerInstance, options: PartOptions, solver: SolverName, onProgress: (progress: MipProgress) => void, onPlan: (update: PlanUpdate) => void): Promise<PlannerResult> {
    return solvePart(instance, solvers[solver], options, { onProgress: (progress) => onProgress({ ...progress, values: undefined }), onPlan });
  },
};

export type PartWorker = typeof part;

Comlink.expose(part);
