import { parentPort, workerData } from 'node:worker_threads';
import type { SitingInstance } from '../engine/instance/types';
import type { SolverName } from '../engine/mip/solver';
import { solveInstance, type SolveOptions } from '../engine/solve';
import { nodeSolver } from '../solvers/node';

export interface SolveJob {
  readonly instance: SitingInstance;
  readonly solver: SolverName;
  readonly options: Omit<SolveOptions, 'onProgress'>;
}

const job = workerData.job as SolveJob;
solveInstance(job.instance, nodeSolver(job.solver), job.options).then(
  (report) => parentPort!.postMessage({ ok: true, report }),
  (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);
