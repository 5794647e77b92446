import { parentPort, workerData } from 'node:worker_threads';
import type { SitingInstance } from '../engine/instance/types';
import type { SolverName } from '../engine/mip/solver';
import { solveInstance, type SolveOptions } from '../engine/solve';
import type { Scenario } from '../plan/scenario';
import type { CityFiles } from '../plan/city';
import { nodeSolver } from '../solvers/node';
import { solveScenario } from './scenarioJob';

export type SolveJob =
  | { readonly kind: 'instance'; readonly instance: SitingInstance; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress'> }
  | { readonly kind: 'scenario'; readonly scenario: Scenario; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress'>; readonly cityFiles?: CityFiles };

const job = workerData.job as SolveJob;
const work =
  job.kind === 'instance'
    ? solveInstance(job.instance, nodeSolver(job.solver), job.options)
    : solveScenario(job.scenario, job.solver, job.options.timeLimit, job.options.relativeGap ?? 0, job.cityFiles);
work.then(
  (report) => parentPort!.postMessage({ ok: true, report }),
  (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);
