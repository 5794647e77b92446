import { parentPort, workerData } from 'node:worker_threads';
import type { SolverName } from '../engine/mip/solver';
import type { PlannerInstance } from '../engine/planner/instance';
import { solvePart, type PartOptions } from '../engine/planner/solve';
import { nodeSolver } from '../solvers/node';

/** One independent part of a plan, solved in its own thread (see src/cli/parts.ts). */
const { part, options, solver } = workerData.job as { part: PlannerInstance; options: PartOptions; solver: SolverName };
solvePart(part, nodeSolver(solver), options, {
  onProgress: (progress) => parentPort!.postMessage({ kind: 'progress', progress: { ...progress, values: undefined } }),
  onPlan: (update) => parentPort!.postMessage({ kind: 'plan', update }),
  onModel: (mip) => parentPort!.postMessage({ kind: 'model', mip }),
}).then(
  (result) => parentPort!.postMessage({ kind: 'result', result }),
  (error: unknown) => parentPort!.postMessage({ kind: 'error', error: error instanceof Error ? error.message : String(error) }),
);
