import type { GLPK, LP } from 'glpk.js/node';
import { boxBound, type Mip } from '../engine/mip/mip';
import { errorSolution, type MipSolution, type MipSolveOptions, type MipSolver } from '../engine/mip/solver';
import { wasmSolver } from './wasmSolver';

export type GlpkLoader = () => Promise<GLPK>;

/**
 * GLPK (GPL-3.0) behind the MipSolver interface, used synchronously (the
 * `glpk.js/node` build) so that it runs inside our own worker. Three facts
 * measured here shape it: its default MIP gap is 0 (we set it anyway); with
 * `presol: false` it returns wrong MIP answers, so presolve stays on; and it
 * reports no best bound, so we solve the LP relaxation first: its optimum is
 * the bound we report when the MIP is not proven.
 */
export function createGlpkSolver(load: GlpkLoader): MipSolver {
  return wasmSolver('glpk', 'GLPK', load, solveWith);
}

function solveWith(glpk: GLPK, mip: Mip, options: MipSolveOptions, seconds: () => number): MipSolution {
  const limit = Math.max(options.timeLimit, 0.001);
  const quiet = { msglev: glpk.GLP_MSG_OFF, presol: true };
  const isMip = mip.integer.some((flag) => flag === 1);

  // The relaxation first: its optimum is a true bound, and if it has no
  // solution neither has the MIP.
  const relaxation = glpk.solve(toGlpk(glpk, mip, false), { ...quiet, tmlim: limit }).result;
  if (relaxation.status === glpk.GLP_NOFEAS || relaxation.status === glpk.GLP_INFEAS) return infeasibleSolution(seconds());
  if (relaxation.status === glpk.GLP_UNBND) return errorSolution('GLPK reports the model unbounded: the model builder is at fault', seconds());
  const relaxationBound = relaxation.status === glpk.GLP_OPT ? relaxation.z + mip.offset : null;
  if (!isMip) {
    if (relaxationBound === null) return { status: 'timeout', objective: null, bound: boxBound(mip), values: null, seconds: seconds() };
    return { status: 'optimal', objective: relaxationBound, bound: relaxationBound, values: readValues(mip, relaxation.vars), seconds: seconds() };
  }
  const timeLeft = limit - seconds();
  if (timeLeft <= 0.01) return { status: 'timeout', objective: null, bound: relaxationBound ?? boxBound(mip), values: null, seconds: seconds() };

  const answer = glpk.solve(toGlpk(glpk, mip, true), { ...quiet, tmlim: timeLeft, mipgap: options.relativeGap }).result;
  if (answer.status === glpk.GLP_NOFEAS) return infeasibleSolution(seconds());
  if (answer.status === glpk.GLP_UNBND) return errorSolution('GLPK reports the model unbounded: the model builder is at fault', seconds());
  const plan = answer.status === glpk.GLP_OPT || answer.status === glpk.GLP_FEAS;
  const objective = plan ? answer.z + mip.offset : null;
  const values = plan ? readValues(mip, answer.vars) : null;
  if (answer.status === glpk.GLP_OPT) return { status: 'optimal', objective, bound: objective, values, seconds: seconds() };

  const timedOut = seconds() >= limit * 0.98;
  if (plan && !timedOut && options.relativeGap > 0) {
    // GLPK stopped early with a plan because it met the requested gap; it does
    // not expose its bound, but that bound is no further away than the gap.
    const slack = options.relativeGap * Math.abs(objective!);
    const gapBound = mip.sense === 'min' ? objective! - slack : objective! + slack;
    const bound = relaxationBound === null ? gapBound : mip.sense === 'min' ? Math.max(gapBound, relaxationBound) : Math.min(gapBound, relaxationBound);
    return { status: 'optimal', objective, bound, values, seconds: seconds() };
  }
  if (!timedOut) return errorSolution(`GLPK stopped with status ${answer.status} before its time limit`, seconds());
  return { status: 'timeout', objective, bound: relaxationBound ?? boxBound(mip), values, seconds: seconds() };
}

function infeasibleSolution(seconds: number): MipSolution {
  return { status: 'infeasible', objective: null, bound: null, values: null, seconds };
}

const columnName = (j: number) => `c${j}`;

function toGlpk(glpk: GLPK, mip: Mip, integer: boolean): LP {
  const objectiveVars = [];
  const bounds = [];
  const binaries: string[] = [];
  for (let j = 0; j < mip.numCols; j++) {
    const name = columnName(j);
    objectiveVars.push({ name, coef: mip.colCost[j] });
    bounds.push({ name, ...glpkBounds(glpk, mip.colLower[j], mip.colUpper[j]) });
    if (integer && mip.integer[j] === 1) binaries.push(name);
  }
  const subjectTo = [];
  for (let i = 0; i < mip.numRows; i++) {
    const vars = [];
    for (let k = mip.rowStart[i]; k < mip.rowStart[i + 1]; k++) {
      vars.push({ name: columnName(mip.rowIndex[k]), coef: mip.rowValue[k] });
    }
    subjectTo.push({ name: `r${i}`, vars, bnds: glpkBounds(glpk, mip.rowLower[i], mip.rowUpper[i]) });
  }
  return {
    name: 'siting',
    objective: { direction: mip.sense === 'min' ? glpk.GLP_MIN : glpk.GLP_MAX, name: 'objective', vars: objectiveVars },
    subjectTo,
    bounds,
    // glpk.js marks binaries as integer and resets their bounds to [0, 1],
    // so fixed binaries (existing, required, forbidden) are declared integer
    // through `generals` with their own bounds instead.
    generals: binaries,
  };
}

function glpkBounds(glpk: GLPK, lower: number, upper: number): { type: number; lb: number; ub: number } {
  const hasLower = Number.isFinite(lower);
  const hasUpper = Number.isFinite(upper);
  if (hasLower && hasUpper) return { type: lower === upper ? glpk.GLP_FX : glpk.GLP_DB, lb: lower, ub: upper };
  if (hasLower) return { type: glpk.GLP_LO, lb: lower, ub: 0 };
  if (hasUpper) return { type: glpk.GLP_UP, lb: 0, ub: upper };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

function readValues(mip: Mip, vars: Record<string, number>): Float64Array {
  const values = new Float64Array(mip.numCols);
  for (let j = 0; j < mip.numCols; j++) values[j] = vars[columnName(j)] ?? 0;
  return values;
}
