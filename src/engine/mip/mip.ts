/**
 * A solver-neutral mixed-integer program in the shape both HiGHS and GLPK
 * accept: bounded columns, ranged rows, and the constraint matrix stored by
 * row (CSR). Model builders produce it; solver adapters consume it.
 */
export interface Mip {
  readonly sense: 'min' | 'max';
  /** Constant added to the objective (e.g. demand already covered by existing facilities). */
  readonly offset: number;
  readonly numCols: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 where the column is integer (all our integer columns are 0/1). */
  readonly integer: Uint8Array;
  readonly numRows: number;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly rowStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly rowValue: Float64Array;
  /**
   * Names a reader can follow (site and demand identifiers), one per column and
   * row, "" where the builder gave none; only when the model was built with
   * names recorded (see `recordMipNames`), for the LP and MPS export.
   */
  readonly names?: { readonly cols: readonly string[]; readonly rows: readonly string[] };
}

/**
 * Whether MipBuilders created from now on record column and row names. Off by
 * default: the solvers do not need them, and the export turns it on around the
 * one build it writes (names cost time and memory on the largest models).
 */
export const mipNaming = { on: false };

/** Runs `build` with names recorded, and turns recording back to what it was. */
export function withMipNames<T>(build: () => T): T {
  const before = mipNaming.on;
  mipNaming.on = true;
  try {
    return build();
  } finally {
    mipNaming.on = before;
  }
}

/** Grows a Mip column by column and row by row, then freezes it into typed arrays. */
export class MipBuilder {
  private colCost: number[] = [];
  private colLower: number[] = [];
  private colUpper: number[] = [];
  private integer: number[] = [];
  private rowLower: number[] = [];
  private rowUpper: number[] = [];
  private rowStart: number[] = [0];
  private rowIndex: number[] = [];
  private rowValue: number[] = [];
  private colNames: string[] | null = mipNaming.on ? [] : null;
  private rowNames: string[] | null = mipNaming.on ? [] : null;

  constructor(
    private readonly sense: 'min' | 'max',
    private offset = 0,
  ) {}

  get numCols(): number {
    return this.colCost.length;
  }

  get numRows(): number {
    return this.rowLower.length;
  }

  /** Whether names are recorded: call sites in hot loops test it before making a name. */
  get naming(): boolean {
    return this.colNames !== null;
  }

  nameColumn(column: number, name: string): void {
    if (this.colNames) this.colNames[column] = name;
  }

  nameRow(row: number, name: string): void {
    if (this.rowNames) this.rowNames[row] = name;
  }

  addColumn(cost: number, lower: number, upper: number, integer: boolean): number {
    this.colCost.push(cost);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.colCost.length - 1;
  }

  binary(cost: number): number {
    return this.addColumn(cost, 0, 1, true);
  }

  continuous(cost: number, lower = 0, upper = Infinity): number {
    return this.addColumn(cost, lower, upper, false);
  }

  fixColumn(column: number, value: number): void {
    this.colLower[column] = value;
    this.colUpper[column] = value;
  }

  addToOffset(amount: number): void {
    this.offset += amount;
  }

  /** Adds `lower <= sum(values[k] * x[columns[k]]) <= upper`; columns must be distinct. */
  addRow(lower: number, upper: number, columns: ArrayLike<number>, values: ArrayLike<number> | number): number {
    for (let k = 0; k < columns.length; k++) {
      this.rowIndex.push(columns[k]);
      this.rowValue.push(typeof values === 'number' ? values : values[k]);
    }
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.rowStart.push(this.rowIndex.length);
    return this.rowLower.length - 1;
  }

  build(): Mip {
    return {
      sense: this.sense,
      offset: this.offset,
      numCols: this.colCost.length,
      colCost: Float64Array.from(this.colCost),
      colLower: Float64Array.from(this.colLower),
      colUpper: Float64Array.from(this.colUpper),
      integer: Uint8Array.from(this.integer),
      numRows: this.rowLower.length,
      rowLower: Float64Array.from(this.rowLower),
      rowUpper: Float64Array.from(this.rowUpper),
      rowStart: Int32Array.from(this.rowStart),
      rowIndex: Int32Array.from(this.rowIndex),
      rowValue: Float64Array.from(this.rowValue),
      ...(this.colNames &&
        this.rowNames && {
          names: {
            cols: Array.from({ length: this.colCost.length }, (_, j) => this.colNames![j] ?? ''),
            rows: Array.from({ length: this.rowLower.length }, (_, i) => this.rowNames![i] ?? ''),
          },
        }),
    };
  }
}

/** Objective value of `values` under `mip`, offset included. */
export function mipObjective(mip: Mip, values: ArrayLike<number>): number {
  let total = mip.offset;
  for (let j = 0; j < mip.numCols; j++) total += mip.colCost[j] * values[j];
  return total;
}

/** Whether values meet every bound, row and integrality of the MIP (within a small tolerance). */
export function isFeasible(mip: Mip, values: ArrayLike<number>, tolerance = 1e-6): boolean {
  if (values.length !== mip.numCols) return false;
  for (let j = 0; j < mip.numCols; j++) {
    const x = values[j];
    if (!(x >= mip.colLower[j] - tolerance && x <= mip.colUpper[j] + tolerance)) return false;
    if (mip.integer[j] && Math.abs(x - Math.round(x)) > tolerance) return false;
  }
  for (let i = 0; i < mip.numRows; i++) {
    let activity = 0;
    for (let k = mip.rowStart[i]; k < mip.rowStart[i + 1]; k++) activity += mip.rowValue[k] * values[mip.rowIndex[k]];
    const finite = (bound: number) => (Number.isFinite(bound) ? Math.abs(bound) : 0);
    const slack = tolerance * Math.max(1, finite(mip.rowLower[i]), finite(mip.rowUpper[i]));
    if (activity < mip.rowLower[i] - slack || activity > mip.rowUpper[i] + slack) return false;
  }
  return true;
}

/**
 * A bound on the objective that holds for every plan, from the columns' bounds
 * alone (the rows dropped): a minimum is at least the sum of each column's
 * cheapest end, a maximum at most the sum of its dearest. Weak, but always
 * valid; a solver stopped before it proved any bound of its own (its time limit
 * fell in presolve or the first relaxation, as on a busy machine) reports this
 * one rather than none. Null where a column's needed end is infinite.
 */
export function boxBound(mip: Mip): number | null {
  let total = mip.offset;
  for (let j = 0; j < mip.numCols; j++) {
    const cost = mip.colCost[j];
    if (cost === 0) continue;
    const end = (cost > 0) === (mip.sense === 'min') ? mip.colLower[j] : mip.colUpper[j];
    if (!Number.isFinite(end)) return null;
    total += cost * end;
  }
  return total;
}
