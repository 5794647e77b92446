import type { Highs, HighsCallbackMap } from 'highs';
import type { Mip } from '../engine/mip/mip';
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
    });
    const onProgress = options.onProgress;
    const callbacks: HighsCallbackMap | undefined = onProgress
      ? {
          [constants.callbackType.mipImprovingSolution]: (event) => {
            onProgress({
              seconds: event.data.running_time ?? seconds(),
              objective: finiteOrNull(event.data.mip_primal_bound),
              bound: finiteOrNull(event.data.mip_dual_bound),
            });
            return undefined;
          },
        }
      : undefined;
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
        return { status: 'timeout', objective, bound, values, seconds: seconds() };
      case codes.unboundedOrInfeasible:
      case codes.unbounded:
        return errorSolution('HiGHS reports the model unbounded: the model builder is at fault', seconds());
      default:
        return hasPlan
          ? { status: 'feasible', objective, bound, values, seconds: seconds() }
          : errorSolution(`HiGHS ended with model status ${status}`, seconds());
    }
  } finally {
    model.dispose();
  }
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && Math.abs(value) < 1e300 ? value : null;
}
