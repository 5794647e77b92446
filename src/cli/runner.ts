import { Worker } from 'node:worker_threads';
import type { SitingInstance } from '../engine/instance/types';
import type { SolverName } from '../engine/mip/solver';
import type { SolveOptions, SolveReport } from '../engine/solve';
import type { Scenario } from '../plan/scenario';
import type { CityFiles } from '../plan/city';
import type { CurveJob, ModelFiles, SolveJob } from './solveWorker';
import type { BudgetCurve, CurveTarget } from '../plan/curve';

export type SolverChoice = SolverName | 'auto';

/** HiGHS reports bounds and proves faster on every model family we measured; GLPK stays selectable. */
export function resolveSolver(choice: SolverChoice): SolverName {
  return choice === 'auto' ? 'highs' : choice;
}

/**
 * Runs the engine in a worker thread. A wasm solver blocks its thread, so only
 * another thread can stop it: if the worker has not answered well after the
 * time limit (building a large model comes on top), it is terminated and the
 * report says `timeout`. A crash becomes an `error` report, never an exception.
 */
export function solveInWorker(problem: SitingInstance, choice: SolverChoice, options: Omit<SolveOptions, 'onProgress' | 'onModel'>, write?: ModelFiles): Promise<SolveReport> {
  const solver = resolveSolver(choice);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const job: SolveJob = { kind: 'instance', instance: problem, solver, options, write };
  const worker = new Worker(new URL('./boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./solveWorker.ts', import.meta.url).href, job },
  });
  const failed = (status: 'timeout' | 'error', message: string): SolveReport => ({
    name: problem.name,
    status,
    objective: null,
    bound: null,
    gap: null,
    open: [],
    seconds: seconds(),
    solver,
    message,
  });
  return new Promise((resolve) => {
    // The engine keeps its limit itself (src/engine/planner/parts.ts); this is the last resort if a thread hangs.
    const graceSeconds = 5 + options.timeLimit * 0.1;
    const watchdog = setTimeout(() => {
      void worker.terminate();
      resolve(failed('timeout', `the solver did not stop within ${Math.round(options.timeLimit + graceSeconds)} s and was stopped`));
    }, (options.timeLimit + graceSeconds) * 1000);
    const finish = (report: SolveReport) => {
      clearTimeout(watchdog);
      void worker.terminate();
      resolve(report);
    };
    worker.on('message', (message: { ok: true; report: SolveReport } | { ok: false; error: string }) =>
      finish(message.ok ? message.report : failed('error', message.error)),
    );
    worker.on('error', (error) => finish(failed('error', error.message)));
    worker.on('exit', (code) => finish(failed('error', `the solver stopped unexpectedly (exit code ${code})`)));
  });
}

/**
 * A scenario's budget-coverage curve in a worker thread, the whole curve
 * within `timeLimit` seconds from now (the engine keeps it; the thread is
 * stopped if it has not answered well after).
 */
export function curveInWorker(scenario: Scenario, choice: SolverChoice, timeLimit: number, points: number, target: CurveTarget, cityFiles?: CityFiles): Promise<{ ok: true; curve: BudgetCurve; solver: SolverName } | { ok: false; error: string }> {
  const solver = resolveSolver(choice);
  // A worker and its tsx loader take a moment to start: the deadline is set here, so that they count.
  const job: CurveJob = { kind: 'curve', scenario, solver, points, target, deadline: Date.now() + timeLimit * 1000, cityFiles };
  const worker = new Worker(new URL('./boot.mjs', import.meta.url), { workerData: { entry: new URL('./solveWorker.ts', import.meta.url).href, job } });
  return new Promise((resolve) => {
    const graceSeconds = 5 + timeLimit * 0.1;
    const watchdog = setTimeout(() => finish({ ok: false, error: `the curve did not stop within ${Math.round(timeLimit + graceSeconds)} s and was stopped` }), (timeLimit + graceSeconds) * 1000);
    function finish(result: { ok: true; curve: BudgetCurve; solver: SolverName } | { ok: false; error: string }) {
      clearTimeout(watchdog);
      void worker.terminate();
      resolve(result);
    }
    worker.on('message', (message: { ok: true; curve: BudgetCurve } | { ok: false; error: string }) => finish(message.ok ? { ok: true, curve: message.curve, solver } : message));
    worker.on('error', (error) => finish({ ok: false, error: error.message }));
    worker.on('exit', (code) => finish({ ok: false, error: `the curve's thread stopped unexpectedly (exit code ${code})` }));
  });
}
