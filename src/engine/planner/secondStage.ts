import type { Mip } from '../mip/mip';
import type { MipSolver } from '../mip/solver';
import { seededRandom } from '../seededRandom';
import { coversDemand, type PlannerInstance } from './instance';
import type { PlannerModel } from './model';
import type { DemandRows } from './rows';

/**
 * One plan among equals. A part's first objective often has many optimal
 * plans (every set of schools that fill their places serves as many
 * children); the solver's pick among them is arbitrary and differs between
 * solvers. Once the first objective is proven, further stages choose among
 * the plans that keep it, one criterion after another (lexicographically),
 * each solved exactly with the criteria before it held as rows:
 *
 * 1. the first objective, held at its proven value: at least
 *    min(z, B / (1 + gap)) for a maximum, at most max(z, B / (1 - gap)) for a
 *    minimum (z the plan's objective, B the proven bound, gap the requested
 *    relative gap: every plan kept is proven within the gap), less a
 *    tolerance of 1e-10 |z| + 1e-9 (and the solvers' own, 1e-7 on a row);
 * 2. reach: the most people who today have no facility of the type within
 *    the norm (no existing site within the norm) and have one in the plan, as
 *    percentage points of each type's demand (types count equally, years add
 *    up, as in the first objective). Skipped where it cannot differ: coverage
 *    of uncapacitated types only (it is the first objective less a constant);
 * 3. travel: the least total distance the people served go (to the site
 *    serving them: the flows of capacitated coverage, the nearest open site
 *    otherwise; travel objectives: everyone), per person of each type's
 *    demand. Skipped for minTravel (it is the first objective);
 * 4. canonical: the least sum of fixed, distinct, positive integer weights
 *    per facility (a seeded pseudo-random weight per site and year), so that
 *    exact ties end in one plan whichever solver proves them, and no facility
 *    that changes none of the above is opened.
 *
 * Stages 2 and 3 are held in the next ones within 1e-10 |z| + 1e-9 of their
 * optimum z. Each stage gets only the time left (a start from the plan
 * before it made HiGHS slower: 22 s unproven against 11 s proven on the
 * demo's polyclinics); unless every stage is proven in time, the first
 * objective's plan stands (never one that depends on how far the stages got).
 */
export interface EqualsInput {
  readonly instance: PlannerInstance;
  readonly rows: readonly DemandRows[];
  readonly model: PlannerModel;
  readonly solver: MipSolver;
  /** The proven plan's column values and objective, the proven bound, and the requested relative gap. */
  readonly values: Float64Array;
  readonly objective: number;
  readonly bound: number | null;
  readonly relativeGap: number;
  /** Seconds the part may still use (the stages take at most STAGES_SECONDS of these). */
  readonly secondsLeft: () => number;
  /** Seconds the stages may take (PlannerOptions.equalsSeconds); by default STAGES_SECONDS, GLPK_FACTOR times that with GLPK. */
  readonly allowance?: number;
}

export interface EqualsResult {
  /** Column values of the extended model; the model's own columns come first, so `model.decode` reads them. */
  readonly values: Float64Array;
  /** Whether the plan is another than the one given. */
  readonly changed: boolean;
  /** Stages solved to optimality (of those that apply) and whether all were. */
  readonly proven: number;
  readonly complete: boolean;
}

/** Each hold's tolerance around a stage's optimum z. */
export function holdTolerance(z: number): number {
  // Below the solvers' own feasibility tolerance (1e-7 on a row): a held objective moves by no more than they let it.
  return 1e-10 * Math.abs(z) + 1e-9;
}

/** Below this many seconds left, no stage starts. */
const MIN_STAGE_SECONDS = 0.3;

/**
 * The stages' time: 2 s at most with HiGHS, 4 s with GLPK, whatever the first stage took (the demo's
 * schools need 1 s with HiGHS in Node, 2 s with GLPK, more on a busy
 * machine; the polyclinics' reach stage 11 s and the container sites' more
 * than 19 s; the test city's schools 6-9 s). A fixed allowance, not one in proportion to the first stage: that
 * one grew with a slower machine (the browser), which then proved stages the
 * command line did not, and the two gave different plans.
 */
export const STAGES_SECONDS = 2;
/** GLPK proves the same stages about twice as slowly (the demo's schools: 1.4 against 0.5-0.75 s with HiGHS). */
const GLPK_FACTOR = 2;

export async function amongEquals(input: EqualsInput): Promise<EqualsResult | null> {
  const { instance, model, solver } = input;
  const started = performance.now();
  const allowance = input.allowance ?? STAGES_SECONDS * (solver.name === 'glpk' ? GLPK_FACTOR : 1);
  const secondsLeft = () => Math.min(input.secondsLeft(), allowance - (performance.now() - started) / 1000);
  if (secondsLeft() < MIN_STAGE_SECONDS) return null;
  const grown = new GrowingMip(model.mip);
  const first: Linear = { columns: [], values: [], constant: model.mip.offset };
  model.mip.colCost.forEach((cost, j) => cost !== 0 && (first.columns.push(j), first.values.push(cost)));
  // Hold 1: the first objective.
  const max = model.mip.sense === 'max';
  const gap = input.relativeGap;
  const B = input.bound;
  const z = input.objective;
  const threshold = max ? Math.min(z, B === null ? z : B / (1 + gap)) - holdTolerance(z) : Math.max(z, B === null ? z : gap < 1 ? B / (1 - gap) : z) + holdTolerance(z);
  grown.hold(first, max ? 'max' : 'min', threshold);

  let values = input.values;
  let proven = 0;
  let complete = true;
  let ran = false;
  // The criterion before, as a maximum (the first objective to begin with).
  let previous: Linear = max ? first : scaled(first, -1);
  const stages: { sense: 'max' | 'min'; build: () => Linear | null; guided: boolean }[] = [
    { sense: 'max', build: () => reachObjective(instance, input.rows, model, grown), guided: true },
    { sense: 'min', build: () => (instance.objective === 'minTravel' ? null : travelObjective(instance, input.rows, model, grown)), guided: true },
    { sense: 'min', build: () => canonicalObjective(instance, model), guided: false },
  ];
  for (const stage of stages) {
    const criterion = stage.build();
    if (!criterion || criterion.columns.length === 0) continue;
    const left = secondsLeft();
    if (left < MIN_STAGE_SECONDS) {
      complete = false;
      break;
    }
    // Solved as a maximum of GUIDE times the criterion before (held within its tolerance: it can only move
    // inside the hold) plus this one; measured on the demo's polyclinics, HiGHS proves that in 2 s and the
    // criterion alone not in 25 s. The last stage's weights are integers and stand alone.
    const asMax = stage.sense === 'max' ? criterion : scaled(criterion, -1);
    const objective = stage.guided ? sum(scaled(previous, GUIDE), asMax) : asMax;
    ran = true;
    const mip = grown.build('max', objective);
    // HiGHS returns a while after its limit on large models (measured: 2 s late on 54,000 columns); as in solvePart, that time is left to it.
    const lag = Math.min(3, 2e-5 * (mip.numCols + mip.numRows));
    if (left - lag < MIN_STAGE_SECONDS) {
      complete = false;
      break;
    }
    const solution = await solver.solve(mip, { timeLimit: (left - lag) * 0.95, relativeGap: 0, presolve: false });
    if (!solution.values || solution.values.length !== mip.numCols) {
      complete = false;
      break;
    }
    if (solution.status !== 'optimal') {
      complete = false;
      break;
    }
    const reached = evaluate(asMax, solution.values);
    values = solution.values;
    proven++;
    grown.hold(asMax, 'max', reached - holdTolerance(reached));
    previous = asMax;
  }
  if (!ran) return null;
  // All or nothing: a plan from some of the stages would depend on how fast the machine was (the app and the
  // command line would differ); the first objective's plan is the same wherever it is proven.
  return complete ? { values, changed: values !== input.values, proven, complete } : { values: input.values, changed: false, proven, complete };
}

/** A linear function of the columns, and a constant. */
interface Linear {
  readonly columns: number[];
  readonly values: number[];
  readonly constant: number;
}

/** The weight of the criterion before in a stage's objective (see amongEquals). */
const GUIDE = 100;

function scaled(linear: Linear, factor: number): Linear {
  return { columns: linear.columns, values: linear.values.map((v) => v * factor), constant: linear.constant * factor };
}

function sum(a: Linear, b: Linear): Linear {
  return { columns: [...a.columns, ...b.columns], values: [...a.values, ...b.values], constant: a.constant + b.constant };
}

function evaluate(linear: Linear, values: ArrayLike<number>): number {
  let total = linear.constant;
  for (let k = 0; k < linear.columns.length; k++) total += linear.values[k] * values[linear.columns[k]];
  return total;
}

/** Columns of the facilities at site j open in year t (opened in t or before). */
function openBy(open: Int32Array, j: number, t: number, periods: number): number[] {
  const columns: number[] = [];
  for (let s = 0; s <= t; s++) if (open[j * periods + s] >= 0) columns.push(open[j * periods + s]);
  return columns;
}

/** The model with columns and rows added after its own. */
class GrowingMip {
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly rowStart: number[] = [0];
  private readonly rowIndex: number[] = [];
  private readonly rowValue: number[] = [];

  constructor(private readonly base: Mip) {}

  get numCols(): number {
    return this.base.numCols + this.lower.length;
  }

  column(lower: number, upper: number): number {
    this.lower.push(lower);
    this.upper.push(upper);
    return this.numCols - 1;
  }

  row(lower: number, upper: number, columns: number[], values: number[]): void {
    for (let k = 0; k < columns.length; k++) this.rowIndex.push(columns[k]), this.rowValue.push(values[k]);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.rowStart.push(this.rowIndex.length);
  }

  /** linear >= threshold (max) or <= threshold (min). */
  hold(linear: Linear, sense: 'max' | 'min', threshold: number): void {
    const bound = threshold - linear.constant;
    this.row(sense === 'max' ? bound : -Infinity, sense === 'max' ? Infinity : bound, linear.columns, linear.values);
  }

  build(sense: 'max' | 'min', objective: Linear): Mip {
    const { base } = this;
    const numCols = this.numCols;
    const colCost = new Float64Array(numCols);
    objective.columns.forEach((column, k) => (colCost[column] += objective.values[k]));
    const concat = (a: Float64Array, b: number[]) => {
      const out = new Float64Array(a.length + b.length);
      out.set(a);
      out.set(b, a.length);
      return out;
    };
    const nnz = base.rowStart[base.numRows];
    const rowStart = new Int32Array(base.numRows + this.rowLower.length + 1);
    rowStart.set(base.rowStart);
    for (let i = 1; i < this.rowStart.length; i++) rowStart[base.numRows + i] = nnz + this.rowStart[i];
    const rowIndex = new Int32Array(nnz + this.rowIndex.length);
    rowIndex.set(base.rowIndex.subarray(0, nnz));
    rowIndex.set(this.rowIndex, nnz);
    const integer = new Uint8Array(numCols);
    integer.set(base.integer);
    return {
      sense,
      offset: objective.constant,
      numCols,
      colCost,
      colLower: concat(base.colLower, this.lower),
      colUpper: concat(base.colUpper, this.upper),
      integer,
      numRows: base.numRows + this.rowLower.length,
      rowLower: concat(base.rowLower, this.rowLower),
      rowUpper: concat(base.rowUpper, this.rowUpper),
      rowStart,
      rowIndex,
      rowValue: concat(base.rowValue.subarray(0, nnz), this.rowValue),
    };
  }
}

/** Whether a demand row has an existing site within the norm (reached today). */
function reachedToday(type: PlannerInstance['types'][number], rows: DemandRows, r: number): boolean {
  for (let p = rows.start[r]; p < rows.start[r + 1]; p++) if (rows.site[p] < type.existingCount && rows.distance[p] <= type.radius) return true;
  return false;
}

/**
 * Stage 2: people with no existing site within the norm whom the plan brings
 * within the norm of a new one, in percentage points of each type's demand.
 * Uncapacitated coverage already has such a column per row (its cover y_r);
 * other types get one, u_r <= the facilities open within the norm.
 */
function reachObjective(instance: PlannerInstance, rows: readonly DemandRows[], model: PlannerModel, grown: GrowingMip): Linear | null {
  const coverage = coversDemand(instance.objective);
  if (instance.objective === 'maxCoverage' && instance.types.every((type) => !type.capacitated)) return null;
  const { periods } = instance;
  const objective: Linear = { columns: [], values: [], constant: 0 };
  instance.types.forEach((type, k) => {
    const row = rows[k];
    for (let t = 0; t < periods; t++) {
      const perPerson = 100 / Math.max(type.totalByPeriod[t], 1e-9);
      for (let r = 0; r < row.count; r++) {
        const w = row.weights[t][r];
        if (w <= 0 || reachedToday(type, row, r)) continue;
        const cover = coverage && !type.capacitated ? model.cover[k][t][r] : -1;
        if (cover >= 0) {
          objective.columns.push(cover), objective.values.push(perPerson * w);
          continue;
        }
        const opens: number[] = [];
        for (let p = row.start[r]; p < row.start[r + 1]; p++) {
          if (row.site[p] >= type.existingCount && row.distance[p] <= type.radius) opens.push(...openBy(model.open[k], row.site[p], t, periods));
        }
        const distinct = [...new Set(opens)];
        if (distinct.length === 0) continue;
        const u = grown.column(0, 1);
        grown.row(-Infinity, 0, [u, ...distinct], [1, ...distinct.map(() => -1)]);
        objective.columns.push(u), objective.values.push(perPerson * w);
      }
    }
  });
  return objective;
}

/**
 * Stage 3: the distance the people served go, per person of each type's
 * demand in each year. Capacitated coverage: its flows. Travel objectives:
 * their assignments. Uncapacitated coverage: assignments a_p of every served
 * row to open sites (a_p <= the facilities open at the site; a row reached
 * by an existing site is assigned in full, another as much as it is covered).
 */
function travelObjective(instance: PlannerInstance, rows: readonly DemandRows[], model: PlannerModel, grown: GrowingMip): Linear {
  const coverage = coversDemand(instance.objective);
  const { periods } = instance;
  const objective: Linear = { columns: [], values: [], constant: 0 };
  instance.types.forEach((type, k) => {
    const row = rows[k];
    for (let t = 0; t < periods; t++) {
      const perPerson = 1 / Math.max(type.totalByPeriod[t], 1e-9);
      if (!coverage || type.capacitated) {
        const columns = coverage ? model.flow[k][t] : model.assign[k][t];
        for (let r = 0; r < row.count; r++) {
          // Flows carry people; assignments a share of the row's.
          const scale = coverage ? perPerson : perPerson * row.weights[t][r];
          for (let p = row.start[r]; p < row.start[r + 1]; p++) if (columns[p] >= 0 && row.distance[p] > 0) objective.columns.push(columns[p]), objective.values.push(scale * row.distance[p]);
        }
        continue;
      }
      for (let r = 0; r < row.count; r++) {
        const w = row.weights[t][r];
        if (w <= 0) continue;
        const byExisting = reachedToday(type, row, r);
        const cover = model.cover[k][t][r];
        if (!byExisting && cover < 0) continue;
        // The usable pairs (existing sites within the norm, candidates that can open).
        const usable: { p: number; opens: number[] }[] = [];
        for (let p = row.start[r]; p < row.start[r + 1]; p++) {
          const j = row.site[p];
          if (j < type.existingCount) {
            if (row.distance[p] <= type.radius) usable.push({ p, opens: [] });
          } else {
            const opens = openBy(model.open[k], j, t, periods);
            if (opens.length > 0) usable.push({ p, opens });
          }
        }
        const assigned: number[] = [];
        usable.forEach(({ p, opens }) => {
          const column = grown.column(0, 1);
          assigned.push(column);
          if (opens.length > 0) grown.row(-Infinity, 0, [column, ...opens], [1, ...opens.map(() => -1)]);
          if (row.distance[p] > 0) objective.columns.push(column), objective.values.push(perPerson * w * row.distance[p]);
        });
        if (byExisting) grown.row(1, 1, assigned, assigned.map(() => 1));
        else grown.row(0, 0, [...assigned, cover], [...assigned.map(() => 1), -1]);
      }
    }
  });
  return objective;
}

/**
 * Stage 4: fixed, distinct, positive integer weights on the facilities that
 * can open, in site and year order from a seeded generator (the same on
 * every machine and solver); drawn from 1..64n so that two different sets of
 * facilities rarely weigh the same.
 */
function canonicalObjective(instance: PlannerInstance, model: PlannerModel): Linear {
  const columns: number[] = [];
  instance.types.forEach((_, k) => model.open[k].forEach((column) => column >= 0 && model.mip.colUpper[column] > model.mip.colLower[column] && columns.push(column)));
  const next = seededRandom(0x23e9a1);
  const taken = new Set<number>();
  const range = 64 * Math.max(columns.length, 1);
  const values = columns.map(() => {
    let weight: number;
    do weight = 1 + Math.floor(next() * range);
    while (taken.has(weight));
    taken.add(weight);
    return weight;
  });
  return { columns, values, constant: 0 };
}
