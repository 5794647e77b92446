import type { Mip } from './mip';

export type SolverName = 'glpk' | 'highs';

/**
 * How a solve ended. `optimal` means proven within the requested relative gap;
 * `feasible` means a plan exists but was not proven within the gap; `timeout`
 * means the limit was hit (with or without a plan).
 */
export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'timeout' | 'error';

export interface MipSolveOptions {
  /** Wall-clock limit in seconds for the solver itself. */
  readonly timeLimit: number;
  /** Relative gap at which a plan counts as proven optimal; 0 means exact. */
  readonly relativeGap: number;
  /** Progress reports while the solver runs, where the solver offers them. */
  readonly onProgress?: (progress: MipProgress) => void;
  /** A feasible plan to start from (HiGHS uses it as its first incumbent; GLPK cannot take one). */
  readonly initialSolution?: Float64Array;
  /** false: skip presolve where the solver lets us (HiGHS); a hint for models where it costs more than it saves. */
  readonly presolve?: boolean;
}

export interface MipProgress {
  readonly seconds: number;
  readonly objective: number | null;
  readonly bound: number | null;
  /** A new best plan's column values, where the solver hands them over. */
  readonly values?: Float64Array;
}

export interface MipSolution {
  readonly status: SolveStatus;
  /** Objective of the best plan found, offset included; null when there is none. */
  readonly objective: number | null;
  /** A proven bound on the optimum (a lower bound when minimising); null when unknown. */
  readonly bound: number | null;
  /** Column values of the best plan; null when there is none. */
  readonly values: Float64Array | null;
  readonly seconds: number;
  /** For `error`: what went wrong, in words. */
  readonly message?: string;
}

/** The one interface every MIP solver plugs in behind. Implementations never throw. */
export interface MipSolver {
  readonly name: SolverName;
  solve(mip: Mip, options: MipSolveOptions): Promise<MipSolution>;
  /** Loads the runtime ahead of the first solve (a wasm module takes a moment to fetch and compile). */
  prepare?(): Promise<void>;
}

/** Relative gap between a plan and a bound, as HiGHS defines it: |objective - bound| / |objective|. */
export function relativeGap(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null || !Number.isFinite(bound)) return null;
  const difference = Math.abs(objective - bound);
  if (difference === 0) return 0;
  return difference / Math.max(Math.abs(objective), 1e-10);
}

export function errorSolution(message: string, seconds = 0): MipSolution {
  return { status: 'error', objective: null, bound: null, values: null, seconds, message };
}
