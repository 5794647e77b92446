import type { Highs, HighsCallbackMap } from 'highs';
import { boxBound, type Mip } from '../engine/mip/mip';
import { errorSolution, type MipSolution, type MipSolveOptions, type MipSolver } from '../engine/mip/solver';
import { wasmSolver } from './wasmSolver';

export type HighsLoader = () => Promise<Highs>;

/**
 * HiGHS (MIT) behind the MipSolver interface, through highs-js's persistent
 * API: the model is passed as typed arrays, not LP text.
 */
export function createHighsSolver(load: HighsLoader): MipSolver {
  return wasmSolver('highs', 'HiGHS', load, solveWith);
}

function solveWith(highs: Highs, mip: Mip, options: MipSolveOptions, seconds: () => number): MipSolution {
  const { constants } = highs;
  const isMip = mip.integer.some((flag) => flag === 1);
  const model = highs.createModel({
    numCols: mip.numCols,
    numRows: mip.numRows,
    sense: mip.sense === 'min' ? constants.objectiveSense.minimize : constants.objectiveSense.maximize,
    offset: mip.offset,
    colCost: mip.colCost,
    colLower: mip.colLower,
    colUpper: mip.colUpper,
    rowLower: mip.rowLower,
    rowUpper: mip.rowUpper,
    matrix: {
      format: 'csr',
      numRows: mip.numRows,
      numCols: mip.numCols,
      starts: mip.rowStart,
      indices: mip.rowIndex,
      values: mip.rowValue,
    },
    integrality: isMip ? Int32Array.from(mip.integer) : undefined,
  });
  try {
    // HiGHS's default relative gap is 1e-4; ours must be the caller's, 0 meaning exact.
    model.options.set({
      output_flag: false,
      time_limit: Math.max(options.timeLimit, 0.001),
      mip_rel_gap: options.relativeGap,
      random_seed: 0,
      // A hint from the caller (the planner's stages among equals): presolve costs more than it saves, and does not look at the clock.
      ...(options.presolve === false && { presolve: 'off' }),
      ...(large(mip) && {
        // Presolve, and the sub-MIPs of RINS, RENS and the root reduced-cost heuristic (each with its own
        // presolve), do not look at the clock: on the demo's container sites at 100 m (93,555 columns,
        // 45,398 rows) one sub-MIP ran 39 s past a 26 s limit. Without them HiGHS keeps the limit and still
        // finds plans and bounds; models up to about 105,000 columns and rows (the demo's polyclinics at
        // 100 m) keep them, as they finish in time there.
        presolve: 'off',
        mip_heuristic_run_rins: false,
        mip_heuristic_run_rens: false,
        mip_heuristic_run_root_reduced_cost: false,
      }),
    });
    const onProgress = options.onProgress;
    // HiGHS's own time limit is not checked in every phase (at 100 m, 27 s asked for and 45 s taken): the
    // interrupt checkpoints of simplex, interior point and branch and bound stop it at the caller's limit.
    const stop = (event: { interrupt(): void }) => {
      if (seconds() >= options.timeLimit) event.interrupt();
      return undefined;
    };
    // The bound moves without a new plan too: reported from the MIP checkpoints (which fire without a log,
    // unlike HiGHS's logging callback), at most twice a second, so that a caller who must stop the solver
    // still has the latest proven bound.
    let lastReport = -Infinity;
    const report = (data: { running_time?: number; mip_primal_bound?: number; mip_dual_bound?: number }) => {
      if (!onProgress || seconds() - lastReport < 0.5) return;
      lastReport = seconds();
      onProgress({ seconds: data.running_time ?? seconds(), objective: finiteOrNull(data.mip_primal_bound), bound: finiteOrNull(data.mip_dual_bound) });
    };
    const callbacks: HighsCallbackMap = {
      [constants.callbackType.simplexInterrupt]: stop,
      [constants.callbackType.ipmInterrupt]: stop,
      [constants.callbackType.mipInterrupt]: (event) => {
        report(event.data);
        return stop(event);
      },
      // HIGHS_LOG=1 (Node) prints HiGHS's log with the seconds since the solve began: how the time was spent.
      ...(logging() && { [constants.callbackType.logging]: (event: { message: string }) => void console.error(`[${seconds().toFixed(1)}] ${event.message.trimEnd()}`) }),
      ...(onProgress && {
        [constants.callbackType.mipImprovingSolution]: (event) => {
          onProgress({
            seconds: event.data.running_time ?? seconds(),
            objective: finiteOrNull(event.data.mip_primal_bound),
            bound: finiteOrNull(event.data.mip_dual_bound),
            values: event.data.mip_solution ? Float64Array.from(event.data.mip_solution) : undefined,
          });
          return undefined;
        },
        [constants.callbackType.mipLogging]: (event) => {
          report(event.data);
          return undefined;
        },
      }),
    };
    if (options.initialSolution) model.setSolution({ colValue: options.initialSolution });
    model.run(callbacks);
    const status = model.getModelStatus();
    const codes = constants.modelStatus;
    const hasPlan = Number(model.info.get('primal_solution_status')) === 2;
    const values = hasPlan ? Float64Array.from(model.getSolution().colValue) : null;
    const objective = hasPlan ? model.getObjectiveValue() : null;
    let bound: number | null = null;
    if (isMip) bound = finiteOrNull(Number(model.info.get('mip_dual_bound')));
    else if (status === codes.optimal) bound = objective;

    switch (status) {
      case codes.optimal:
        return { status: 'optimal', objective, bound: bound ?? objective, values, seconds: seconds() };
      case codes.infeasible:
        return { status: 'infeasible', objective: null, bound: null, values: null, seconds: seconds() };
      case codes.timeLimit:
      case codes.interrupted:
      case codes.iterationLimit:
        // Stopped before HiGHS proved a bound of its own: the columns' bounds still give one.
        return { status: 'timeout', objective, bound: bound ?? boxBound(mip), values, seconds: seconds() };
      case codes.unboundedOrInfeasible:
      case codes.unbounded:
        return errorSolution('HiGHS reports the model unbounded: the model builder is at fault', seconds());
      default:
        return hasPlan
          ? { status: 'feasible', objective, bound: bound ?? boxBound(mip), values, seconds: seconds() }
          : errorSolution(`HiGHS ended with model status ${status}`, seconds());
    }
  } finally {
    model.dispose();
  }
}

function logging(): boolean {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.HIGHS_LOG === '1';
}

/** Models above this size are solved without the phases of HiGHS that overrun their time limit. */
function large(mip: Mip): boolean {
  return mip.numCols + mip.numRows > 120_000;
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && Math.abs(value) < 1e300 ? value : null;
}
