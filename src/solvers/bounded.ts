import { boxBound, type Mip } from '../engine/mip/mip';
import type { MipProgress, MipSolution, MipSolveOptions, MipSolver, SolverName } from '../engine/mip/solver';

/** A solver running elsewhere (a worker) that can be stopped. */
export interface SolverThread {
  solve(mip: Mip, options: Omit<MipSolveOptions, 'onProgress'>, onProgress?: (progress: MipProgress) => void): Promise<MipSolution>;
  terminate(): void;
}

/**
 * A solver that keeps its time limit whatever the solver does. HiGHS does
 * not look at the clock in every phase (presolve, the sub-MIPs of its
 * heuristics): on the demo's least-cost school plan, the budget-coverage
 * curve's first solve, it ran 9 s on a 3.8 s limit with two busy processes,
 * and for ever as far as a planner could tell in a browser under load, where
 * nothing could stop it, since it ran in the curve's own worker. Here each
 * solve runs in a thread of its own (kept for the next solve); one that has
 * not answered `graceSeconds` after its limit (plus the time a large model
 * takes to return after its interrupt) is terminated and answers `timeout`
 * without a plan and with the columns' bound, so that the caller answers
 * with the plan it had (src/engine/planner/solve.ts keeps its first plan).
 */
export function boundedSolver(name: SolverName, start: () => SolverThread, graceSeconds = 1): MipSolver {
  let idle: SolverThread | null = null;
  return {
    name,
    async solve(mip, options) {
      const started = performance.now();
      const thread = idle ?? start();
      idle = null;
      const { onProgress, ...plain } = options;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const lag = Math.min(3, 2e-5 * (mip.numCols + mip.numRows));
      const late = new Promise<MipSolution>((resolve) => {
        timer = setTimeout(() => {
          stopped = true;
          thread.terminate();
          resolve({ status: 'timeout', objective: null, bound: boxBound(mip), values: null, seconds: (performance.now() - started) / 1000, message: 'the solver did not stop at its time limit and was stopped' });
        }, (options.timeLimit + lag + graceSeconds) * 1000);
      });
      const answer = thread.solve(mip, plain, onProgress).then(
        (solution) => {
          if (!stopped) idle ??= thread;
          return solution;
        },
        (error: unknown): MipSolution => ({ status: 'error', objective: null, bound: null, values: null, seconds: (performance.now() - started) / 1000, message: String(error) }),
      );
      try {
        return await Promise.race([answer, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
