import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SolverName } from '../engine/mip/solver';
import { partRunner, type PartHandle } from '../engine/planner/parts';
import type { PartRunner, PlannerResult } from '../engine/planner/solve';

/** The planner's independent parts in worker threads, as many at once as the machine has cores (or `parallel`). */
export function threadParts(solver: SolverName, graceSeconds?: number, parallel = availableParallelism()): PartRunner {
  return partRunner((part, options, callbacks): PartHandle => {
    const worker = new Worker(new URL('./boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./partWorker.ts', import.meta.url).href, job: { part, options, solver } },
    });
    const result = new Promise<PlannerResult>((resolve) => {
      const failed = (message: string): PlannerResult => ({ status: 'error', objective: null, bound: null, gap: null, plan: null, before: null, reasons: [], message, seconds: 0 });
      worker.on('message', (message) => {
        if (message.kind === 'progress') callbacks.onProgress?.(message.progress);
        else if (message.kind === 'plan') callbacks.onPlan?.(message.update);
        else if (message.kind === 'model') callbacks.onModel?.(message.mip);
        else {
          resolve(message.kind === 'result' ? message.result : failed(message.error));
          void worker.terminate();
        }
      });
      worker.on('error', (error) => resolve(failed(error.message)));
      worker.on('exit', (code) => resolve(failed(`the part's thread stopped unexpectedly (exit code ${code})`)));
    });
    return { result, stop: () => void worker.terminate() };
  }, parallel, graceSeconds);
}
