import type { Mip } from './mip';

/**
 * The Mip as text other solvers read: CPLEX LP and free MPS. The model is
 * written as it is, nothing reduced: the same columns, rows, bounds,
 * integrality and objective constant the adapters hand to HiGHS or GLPK.
 * Numbers are written with String(x), the shortest text that reads back as
 * the same double.
 */
export interface MipNames {
  /** One per column (default: the Mip's own names); missing or empty names become `x<j>`. */
  readonly cols?: readonly (string | undefined)[];
  /** One per row (default: the Mip's own names); missing or empty names become `r<i>`. */
  readonly rows?: readonly (string | undefined)[];
  /** A line of comment at the top (LP) or the NAME (MPS). */
  readonly title?: string;
}

/** Names made legal (letters, digits, `_` and `.`; not starting with a digit or `.`; at most 255 characters) and unique. */
export function legalNames(count: number, given: readonly (string | undefined)[] | undefined, fallback: string): string[] {
  const names: string[] = new Array(count);
  const taken = new Set<string>();
  for (let k = 0; k < count; k++) {
    let name = (given?.[k] ?? '').replace(/[^A-Za-z0-9_.]/g, '_');
    if (name === '') name = `${fallback}${k}`;
    // A leading digit or '.' (a number to an LP reader), or 'e'/'E' followed by digits, would be misread.
    if (/^[0-9.]/.test(name) || /^[eE][0-9]/.test(name)) name = `_${name}`;
    name = name.slice(0, 240);
    if (taken.has(name)) {
      let suffix = 2;
      while (taken.has(`${name}_${suffix}`)) suffix++;
      name = `${name}_${suffix}`;
    }
    taken.add(name);
    names[k] = name;
  }
  return names;
}

const number = (x: number) => String(x);

/** `+ 3 x` or `- 3 x`, with the coefficient 1 left out. */
function term(value: number, name: string): string {
  const sign = value < 0 || Object.is(value, -0) ? '-' : '+';
  const size = Math.abs(value);
  return size === 1 ? `${sign} ${name}` : `${sign} ${number(size)} ${name}`;
}

/** Terms joined, a new line every 8 terms (CPLEX reads lines up to 510 characters). */
function expression(terms: string[]): string {
  const lines: string[] = [];
  for (let k = 0; k < terms.length; k += 8) lines.push(terms.slice(k, k + 8).join(' '));
  return lines.join('\n   ');
}

function rowTerms(mip: Mip, i: number, cols: string[]): string[] {
  const terms: string[] = [];
  for (let k = mip.rowStart[i]; k < mip.rowStart[i + 1]; k++) terms.push(term(mip.rowValue[k], cols[mip.rowIndex[k]]));
  // An empty row keeps its place (an empty row with 1 <= 0 must stay infeasible): 0 times some column.
  if (terms.length === 0 && mip.numCols > 0) terms.push(`+ 0 ${cols[0]}`);
  return terms;
}

/**
 * CPLEX LP text. A row with both bounds finite and different is written as two
 * rows, `name_lo` (>=) and `name_hi` (<=), which every LP reader takes; the
 * objective constant is a constant term of the objective, which HiGHS, CPLEX
 * and Gurobi read (GLPK's reader does not: the comment above it gives the value).
 */
export function writeLp(mip: Mip, names: MipNames = {}): string {
  const cols = legalNames(mip.numCols, names.cols ?? mip.names?.cols, 'x');
  const rows = legalNames(mip.numRows, names.rows ?? mip.names?.rows, 'r');
  const out: string[] = [];
  if (names.title) out.push(`\\ ${names.title.replace(/[\r\n]+/g, ' ')}`);
  out.push(`\\ ${mip.numCols} columns (${mip.integer.reduce((n, f) => n + f, 0)} integer), ${mip.numRows} rows; objective constant ${number(mip.offset)}`);
  out.push(mip.sense === 'min' ? 'Minimize' : 'Maximize');
  const objective: string[] = [];
  for (let j = 0; j < mip.numCols; j++) if (mip.colCost[j] !== 0) objective.push(term(mip.colCost[j], cols[j]));
  if (mip.offset !== 0) objective.push(mip.offset < 0 ? `- ${number(-mip.offset)}` : `+ ${number(mip.offset)}`);
  // An objective with no term at all: 0 times the first column, so that every reader finds one.
  if (objective.length === 0 && mip.numCols > 0) objective.push(`+ 0 ${cols[0]}`);
  out.push(` obj: ${expression(objective)}`);
  out.push('Subject To');
  // The two halves of a ranged row get names no other row has.
  const taken = new Set(rows);
  const half = (name: string) => {
    let candidate = name;
    for (let k = 2; taken.has(candidate); k++) candidate = `${name}_${k}`;
    taken.add(candidate);
    return candidate;
  };
  for (let i = 0; i < mip.numRows; i++) {
    const lower = mip.rowLower[i];
    const upper = mip.rowUpper[i];
    const hasLower = Number.isFinite(lower);
    const hasUpper = Number.isFinite(upper);
    if (!hasLower && !hasUpper) {
      out.push(`\\ row ${rows[i]} is free (no bound) and left out`);
      continue;
    }
    const body = expression(rowTerms(mip, i, cols));
    if (hasLower && hasUpper && lower === upper) out.push(` ${rows[i]}: ${body} = ${number(lower)}`);
    else if (hasLower && hasUpper) {
      out.push(` ${half(`${rows[i]}_lo`)}: ${body} >= ${number(lower)}`);
      out.push(` ${half(`${rows[i]}_hi`)}: ${body} <= ${number(upper)}`);
    } else if (hasLower) out.push(` ${rows[i]}: ${body} >= ${number(lower)}`);
    else out.push(` ${rows[i]}: ${body} <= ${number(upper)}`);
  }
  out.push('Bounds');
  for (let j = 0; j < mip.numCols; j++) {
    const lower = mip.colLower[j];
    const upper = mip.colUpper[j];
    const name = cols[j];
    if (lower === upper) out.push(` ${name} = ${number(lower)}`);
    else if (lower === -Infinity && upper === Infinity) out.push(` ${name} free`);
    else out.push(` ${lower === -Infinity ? '-inf' : number(lower)} <= ${name} <= ${upper === Infinity ? '+inf' : number(upper)}`);
  }
  const integers = cols.filter((_, j) => mip.integer[j] === 1);
  if (integers.length > 0) {
    // Generals, not Binaries: a fixed 0/1 column keeps the bounds written above.
    out.push('Generals');
    for (let k = 0; k < integers.length; k += 8) out.push(` ${integers.slice(k, k + 8).join(' ')}`);
  }
  out.push('End', '');
  return out.join('\n');
}

/**
 * Free MPS text. Ranged rows are G rows with their range in RANGES; integer
 * columns sit between MARKER INTORG/INTEND lines and always have both bounds
 * written (readers differ on an integer column's default upper bound); the
 * objective constant c is the RHS -c of the objective row, the convention
 * HiGHS, CPLEX and GLPK share.
 */
export function writeMps(mip: Mip, names: MipNames = {}): string {
  const cols = legalNames(mip.numCols, names.cols ?? mip.names?.cols, 'x');
  const rows = legalNames(mip.numRows, names.rows ?? mip.names?.rows, 'r');
  const objectiveName = uniqueAgainst('obj', rows);
  const out: string[] = [];
  out.push(`NAME ${legalNames(1, [names.title ?? 'siting'], 'model')[0]}`);
  out.push('OBJSENSE', mip.sense === 'min' ? '    MIN' : '    MAX');
  out.push('ROWS', ` N ${objectiveName}`);
  const kind: string[] = new Array(mip.numRows);
  for (let i = 0; i < mip.numRows; i++) {
    const lower = mip.rowLower[i];
    const upper = mip.rowUpper[i];
    kind[i] = lower === upper ? 'E' : Number.isFinite(lower) ? 'G' : Number.isFinite(upper) ? 'L' : 'N';
    out.push(` ${kind[i]} ${rows[i]}`);
  }
  // The matrix by column: CSR turned to CSC.
  const count = new Int32Array(mip.numCols + 1);
  for (let k = 0; k < mip.rowIndex.length; k++) count[mip.rowIndex[k] + 1]++;
  for (let j = 0; j < mip.numCols; j++) count[j + 1] += count[j];
  const colRow = new Int32Array(mip.rowIndex.length);
  const colValue = new Float64Array(mip.rowIndex.length);
  const next = count.slice(0, mip.numCols);
  for (let i = 0; i < mip.numRows; i++) {
    for (let k = mip.rowStart[i]; k < mip.rowStart[i + 1]; k++) {
      const at = next[mip.rowIndex[k]]++;
      colRow[at] = i;
      colValue[at] = mip.rowValue[k];
    }
  }
  out.push('COLUMNS');
  let inInteger = false;
  let marker = 0;
  for (let j = 0; j < mip.numCols; j++) {
    const integer = mip.integer[j] === 1;
    if (integer !== inInteger) {
      out.push(`    MARKER${marker++} 'MARKER' '${integer ? 'INTORG' : 'INTEND'}'`);
      inInteger = integer;
    }
    // Every column appears at least once (its cost, even 0), so that readers know it.
    out.push(`    ${cols[j]} ${objectiveName} ${number(mip.colCost[j])}`);
    for (let k = count[j]; k < count[j + 1]; k++) out.push(`    ${cols[j]} ${rows[colRow[k]]} ${number(colValue[k])}`);
  }
  if (inInteger) out.push(`    MARKER${marker++} 'MARKER' 'INTEND'`);
  out.push('RHS');
  if (mip.offset !== 0) out.push(`    RHS ${objectiveName} ${number(-mip.offset)}`);
  for (let i = 0; i < mip.numRows; i++) {
    const rhs = kind[i] === 'L' ? mip.rowUpper[i] : kind[i] === 'N' ? 0 : mip.rowLower[i];
    if (rhs !== 0) out.push(`    RHS ${rows[i]} ${number(rhs)}`);
  }
  const ranged: string[] = [];
  for (let i = 0; i < mip.numRows; i++) {
    if (kind[i] === 'G' && Number.isFinite(mip.rowUpper[i])) ranged.push(`    RNG ${rows[i]} ${number(mip.rowUpper[i] - mip.rowLower[i])}`);
  }
  if (ranged.length > 0) out.push('RANGES', ...ranged);
  out.push('BOUNDS');
  for (let j = 0; j < mip.numCols; j++) {
    const lower = mip.colLower[j];
    const upper = mip.colUpper[j];
    const name = cols[j];
    if (lower === upper) out.push(` FX BND ${name} ${number(lower)}`);
    else if (lower === -Infinity && upper === Infinity) out.push(` FR BND ${name}`);
    else {
      out.push(lower === -Infinity ? ` MI BND ${name}` : ` LO BND ${name} ${number(lower)}`);
      out.push(upper === Infinity ? ` PL BND ${name}` : ` UP BND ${name} ${number(upper)}`);
    }
  }
  out.push('ENDATA', '');
  return out.join('\n');
}

function uniqueAgainst(name: string, taken: readonly string[]): string {
  const set = new Set(taken);
  let candidate = name;
  for (let k = 2; set.has(candidate); k++) candidate = `${name}_${k}`;
  return candidate;
}
