import type { GLPK, LP } from 'glpk.js/node';
import type { Mip } from '../engine/mip/mip';
import { errorSolution, type MipSolution, type MipSolveOptions, type MipSolver } from '../engine/mip/solver';

export type GlpkLoader = () => Promise<GLPK>;

/**
 * GLPK (GPL-3.0) behind the MipSolver interface, used synchronously (the
 * `glpk.js/node` build) so that it runs inside our own worker. Three facts
 * measured here shape it: its default MIP gap is 0 (we set it anyway); with
 * `presol: false` it returns wrong MIP answers, so presolve stays on; and it
 * reports no best bound, so when the MIP is not proven we solve the LP
 * relaxation to give the planner a true bound.
 */
export function createGlpkSolver(load: GlpkLoader): MipSolver {
  let runtime: Promise<GLPK> | null = null;

  async function solve(mip: Mip, options: MipSolveOptions): Promise<MipSolution> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      runtime ??= load();
      const glpk = await runtime;
      return solveWith(glpk, mip, options, seconds);
    } catch (error) {
      runtime = null;
      return errorSolution(`GLPK failed: ${error instanceof Error ? error.message : String(error)}`, seconds());
    }
  }

  return { name: 'glpk', solve };
}

function solveWith(glpk: GLPK, mip: Mip, options: MipSolveOptions, seconds: () => number): MipSolution {
  const isMip = mip.integer.some((flag) => flag === 1);
  const lp = toGlpk(glpk, mip, isMip);
  const limit = Math.max(options.timeLimit, 0.001);
  const answer = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: limit, mipgap: options.relativeGap }).result;
  const values = readValues(mip, answer.vars);
  const objective = answer.z === null ? null : answer.z + mip.offset;

  if (answer.status === glpk.GLP_NOFEAS) {
    return { status: 'infeasible', objective: null, bound: null, values: null, seconds: seconds() };
  }
  if (answer.status === glpk.GLP_UNBND) {
    return errorSolution('GLPK reports the model unbounded: the model builder is at fault', seconds());
  }
  if (answer.status === glpk.GLP_OPT) {
    return { status: 'optimal', objective, bound: objective, values, seconds: seconds() };
  }
  const usedAll = seconds() >= limit * 0.98;
  const plan = answer.status === glpk.GLP_FEAS;
  if (isMip && plan && !usedAll && options.relativeGap > 0) {
    // GLPK stopped early with a plan: it met the requested gap. Its bound is
    // not exposed, but it is no further away than that gap.
    const slack = options.relativeGap * Math.abs(objective!);
    return { status: 'optimal', objective, bound: mip.sense === 'min' ? objective! - slack : objective! + slack, values, seconds: seconds() };
  }
  if (!plan && !usedAll && answer.status !== glpk.GLP_UNDEF) {
    return errorSolution(`GLPK ended with status ${answer.status}`, seconds());
  }
  const bound = isMip ? relaxationBound(glpk, mip, limit - seconds()) : null;
  if (!plan && !usedAll) {
    // Presolve can end a MIP without a status; an infeasible relaxation proves infeasibility.
    if (bound === 'infeasible') return { status: 'infeasible', objective: null, bound: null, values: null, seconds: seconds() };
    return errorSolution(`GLPK ended with status ${answer.status}`, seconds());
  }
  return {
    status: 'timeout',
    objective: plan ? objective : null,
    bound: typeof bound === 'number' ? bound : null,
    values: plan ? values : null,
    seconds: seconds(),
  };
}

function relaxationBound(glpk: GLPK, mip: Mip, timeLeft: number): number | 'infeasible' | null {
  if (timeLeft <= 0.05) return null;
  const answer = glpk.solve(toGlpk(glpk, mip, false), { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: timeLeft }).result;
  if (answer.status === glpk.GLP_OPT) return answer.z + mip.offset;
  if (answer.status === glpk.GLP_NOFEAS || answer.status === glpk.GLP_INFEAS) return 'infeasible';
  return null;
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
