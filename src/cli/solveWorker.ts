import { parentPort, workerData } from 'node:worker_threads';
import type { SitingInstance } from '../engine/instance/types';
import type { SolverName } from '../engine/mip/solver';
import { solveInstance, type SolveOptions } from '../engine/solve';
import type { Scenario } from '../plan/scenario';
import type { CityFiles } from '../plan/city';
import { nodeSolver } from '../solvers/node';
import { writeFileSync } from 'node:fs';
import type { Mip } from '../engine/mip/mip';
import { writeModel } from './modelFiles';
import type { MipProgress } from '../engine/mip/solver';
import { SolveLog } from '../plan/solveLog';
import { curveOfScenario } from './scenarioJob';
import type { CurveTarget } from '../plan/curve';

import type { ModelFiles } from './modelFiles';
export type { ModelFiles };

export type SolveJob = { readonly kind: 'instance'; readonly instance: SitingInstance; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress' | 'onModel'>; readonly write?: ModelFiles };

/** The budget-coverage curve of a scenario, finished by `deadline` (Date.now() milliseconds). */
export interface CurveJob {
  readonly kind: 'curve';
  readonly scenario: Scenario;
  readonly solver: SolverName;
  readonly points: number;
  readonly target: CurveTarget;
  readonly deadline: number;
  readonly cityFiles?: CityFiles;
}

if ((workerData.job as SolveJob | CurveJob).kind === 'curve') {
  const job = workerData.job as CurveJob;
  curveOfScenario(job).then(
    (curve) => parentPort!.postMessage({ ok: true, curve }),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
} else solveJob(workerData.job as SolveJob);

function solveJob(job: SolveJob) {
  const log = job.write?.log !== undefined ? new SolveLog(job.instance.name, job.solver, [`time limit ${job.options.timeLimit} s`, `gap        ${job.options.relativeGap ?? 0}`]) : null;
  const onProgress = log ? (progress: MipProgress) => log.progress(progress) : undefined;
  const work = solveInstance(job.instance, nodeSolver(job.solver), {
    ...job.options,
    onProgress,
    ...(job.write && {
      onModel: (mip: Mip) => {
        log?.model(mip);
        writeModel(mip, job.write!, `${job.instance.name} (${job.solver})`);
      },
    }),
  });
  work.then(
    (report) => {
      if (log && job.write?.log) {
        log.finish(report);
        writeFileSync(job.write.log, log.text());
      }
      parentPort!.postMessage({ ok: true, report });
    },
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}
