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
import { partFiles, writeModel } from './modelFiles';
import type { MipProgress } from '../engine/mip/solver';
import { SolveLog } from '../plan/solveLog';
import { partTitle, solveHeading } from '../plan/modelExport';
import { curveOfScenario } from './scenarioJob';
import type { CurveTarget } from '../plan/curve';

import type { ModelFiles } from './modelFiles';
export type { ModelFiles };

export type SolveJob =
  | { readonly kind: 'instance'; readonly instance: SitingInstance; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress' | 'onModel'>; readonly write?: ModelFiles }
  | { readonly kind: 'scenario'; readonly scenario: Scenario; readonly solver: SolverName; readonly options: Omit<SolveOptions, 'onProgress' | 'onModel'>; readonly cityFiles?: CityFiles; readonly write?: ModelFiles };

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
  const name = job.kind === 'instance' ? job.instance.name : job.scenario.name;
  const log = job.write?.log !== undefined ? new SolveLog(name, job.solver, job.kind === 'scenario' ? solveHeading({ ...job.scenario, timeLimit: job.options.timeLimit, gap: job.options.relativeGap ?? 0 }) : [`time limit ${job.options.timeLimit} s`, `gap        ${job.options.relativeGap ?? 0}`]) : null;
  const onProgress = log ? (progress: MipProgress) => log.progress(progress) : undefined;
  const work =
    job.kind === 'instance'
      ? solveInstance(job.instance, nodeSolver(job.solver), {
          ...job.options,
          onProgress,
          ...(job.write && {
            onModel: (mip: Mip) => {
              log?.model(mip);
              writeModel(mip, job.write!, `${job.instance.name} (${job.solver})`);
            },
          }),
        })
      : solveScenario(
          job.scenario,
          job.solver,
          job.options.timeLimit,
          job.options.relativeGap ?? 0,
          job.cityFiles,
          job.write &&
            ((mip, part, parts) => {
              log?.model(mip, part, parts);
              writeModel(mip, parts > 1 ? partFiles(job.write!, part) : job.write!, partTitle(job.scenario.name, job.solver, part, parts));
            }),
          onProgress,
        );
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
