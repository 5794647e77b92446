import { parentPort, workerData } from 'node:worker_threads';
import type { SitingInstance } from '../engine/instance/types';
import type { SolverName } from '../engine/mip/solver';
import { solveInstance, type SolveOptions } from '../engine/solve';
import type { Scenario } from '../plan/scenario';
import type { CityFiles } from '../plan/city';
import { nodeSolver } from '../solvers/node';
import { solveScenario } from './scenarioJob';
import { writeFileSync } from 'node:fs';
import type { Mip } from '../engine/mip/mip';
import { writeLp, writeMps } from '../engine/mip/write';

/** The model as handed to the solver, written before the solve starts (so a solve that is stopped still leaves it). */
function writeModel(mip: Mip, files: ModelFiles, title: string): void {
  if (files.lp) writeFileSync(files.lp, writeLp(mip, { title }));
  if (files.mps) writeFileSync(files.mps, writeMps(mip, { title }));
}

/** Files to write the exact model solved to (CPLEX LP, free MPS). */
export interface ModelFiles {
  readonly lp?: string;
  readonly mps?: string;
}

export type SolveJob =
  | { readonly kind: 'instance'; readonly instance: SitingInstance; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress' | 'onModel'>; readonly write?: ModelFiles }
  | { readonly kind: 'scenario'; readonly scenario: Scenario; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress'>; readonly cityFiles?: CityFiles };

const job = workerData.job as SolveJob;
const work =
  job.kind === 'instance'
    ? solveInstance(job.instance, nodeSolver(job.solver), { ...job.options, ...(job.write && { onModel: (mip: Mip) => writeModel(mip, job.write!, `${job.instance.name} (${job.solver})`) }) })
    : solveScenario(job.scenario, job.solver, job.options.timeLimit, job.options.relativeGap ?? 0, job.cityFiles);
work.then(
  (report) => parentPort!.postMessage({ ok: true, report }),
  (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);
