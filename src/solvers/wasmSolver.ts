import type { Mip } from '../engine/mip/mip';
import { errorSolution, type MipSolution, type MipSolveOptions, type MipSolver, type SolverName } from '../engine/mip/solver';

export type SolveWith<Runtime> = (runtime: Runtime, mip: Mip, options: MipSolveOptions, seconds: () => number) => MipSolution;

/**
 * A wasm solver behind the MipSolver interface: the runtime loads on first
 * use, and any thrown error (a wasm trap, a loading failure) becomes an
 * `error` solution. A trap can leave the runtime unusable, so the next solve
 * loads a fresh one.
 */
export function wasmSolver<Runtime>(name: SolverName, label: string, load: () => Promise<Runtime>, solveWith: SolveWith<Runtime>): MipSolver {
  let runtime: Promise<Runtime> | null = null;
  async function solve(mip: Mip, options: MipSolveOptions): Promise<MipSolution> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    if (mip.numCols === 0) return trivialSolution(mip, seconds());
    try {
      runtime ??= load();
      return solveWith(await runtime, mip, options, seconds);
    } catch (error) {
      runtime = null;
      return errorSolution(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, seconds());
    }
  }
  async function prepare(): Promise<void> {
    runtime ??= load();
    await runtime.catch(() => (runtime = null));
  }
  return { name, solve, prepare };
}

/** A model without columns (e.g. no candidate and no existing site): feasible exactly when every row admits 0. */
function trivialSolution(mip: Mip, seconds: number): MipSolution {
  for (let i = 0; i < mip.numRows; i++) {
    if (mip.rowLower[i] > 0 || mip.rowUpper[i] < 0) return { status: 'infeasible', objective: null, bound: null, values: null, seconds };
  }
  return { status: 'optimal', objective: mip.offset, bound: mip.offset, values: new Float64Array(0), seconds };
}
