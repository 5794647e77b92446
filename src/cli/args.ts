import type { SolverChoice } from './runner';

export interface SolveArguments {
  readonly file: string;
  readonly solver: SolverChoice;
  readonly timeLimit: number;
  readonly gap: number;
  readonly json: boolean;
  /** Where to write the exact model solved as CPLEX LP / free MPS (instances only). */
  readonly writeLp?: string;
  readonly writeMps?: string;
  /** Where to write the solve's log: the model's size per part, each progress report, the outcome. */
  readonly log?: string;
}

export const USAGE = 'usage: npm run solve -- FILE [--solver glpk|highs|auto] [--time-limit SECONDS] [--gap FRACTION] [--json] [--write-lp FILE] [--write-mps FILE] [--log FILE]';
export const DEFAULT_TIME_LIMIT = 60;

export class UsageError extends Error {}

/** Reads the command line; anything unknown or out of range is a UsageError, never a guess. */
export function parseSolveArguments(argv: readonly string[]): SolveArguments {
  let file: string | undefined;
  let solver: SolverChoice = 'auto';
  let timeLimit = DEFAULT_TIME_LIMIT;
  let gap = 0;
  let json = false;
  let writeLp: string | undefined;
  let writeMps: string | undefined;
  let log: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].startsWith('--') ? splitFlag(argv[k]) : [argv[k], undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++k];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--solver': {
        const name = value();
        if (name !== 'glpk' && name !== 'highs' && name !== 'auto') throw new UsageError(`--solver: unknown solver "${name}" (use glpk, highs or auto)`);
        solver = name;
        break;
      }
      case '--time-limit':
        timeLimit = positiveNumber(flag, value());
        break;
      case '--gap':
        gap = positiveNumber(flag, value(), true);
        if (gap >= 1) throw new UsageError(`--gap: ${gap} is not a fraction below 1 (0.01 means 1%)`);
        break;
      case '--json':
        json = true;
        break;
      case '--write-lp':
        writeLp = value();
        break;
      case '--write-mps':
        writeMps = value();
        break;
      case '--log':
        log = value();
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (file !== undefined) throw new UsageError(`one instance file at a time (got "${file}" and "${flag}")`);
        file = flag;
    }
  }
  if (file === undefined) throw new UsageError('no instance file given');
  return { file, solver, timeLimit, gap, json, ...(writeLp !== undefined && { writeLp }), ...(writeMps !== undefined && { writeMps }), ...(log !== undefined && { log }) };
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return equals < 0 ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}

function positiveNumber(flag: string, text: string, zeroAllowed = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new UsageError(`${flag}: "${text}" is not a ${zeroAllowed ? 'non-negative' : 'positive'} number`);
  }
  return value;
}
