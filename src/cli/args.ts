import type { SolverChoice } from './runner';
import { CURVE_POINTS, type CurveTarget } from '../plan/curve';
import { TYPE_ID } from '../plan/scenario';

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
  /** The budget-coverage curve with this many points (scenarios only) instead of one plan. */
  readonly curve?: number;
  /** The curve's facility type, or 'all' (one budget for the enabled types, the default). */
  readonly curveType?: CurveTarget;
}

export const USAGE = `usage: npm run solve -- FILE [--solver glpk|highs|auto] [--time-limit SECONDS] [--gap FRACTION] [--json] [--write-lp FILE] [--write-mps FILE] [--log FILE] [--curve POINTS [--curve-type TYPE|all]]`;
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
  let curve: number | undefined;
  let curveType: CurveTarget | undefined;
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
      case '--curve': {
        const text = value();
        const points = Number(text);
        if (text.trim() === '' || !Number.isInteger(points) || points < CURVE_POINTS.min || points > CURVE_POINTS.max) {
          throw new UsageError(`--curve: "${text}" is not a whole number of budget points from ${CURVE_POINTS.min} to ${CURVE_POINTS.max}`);
        }
        curve = points;
        break;
      }
      case '--curve-type': {
        const name = value();
        if (name !== 'all' && !TYPE_ID.test(name)) throw new UsageError(`--curve-type: "${name}" is not a type id (a type of the scenario, such as school, or all)`);
        curveType = name as CurveTarget;
        break;
      }
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (file !== undefined) throw new UsageError(`one instance file at a time (got "${file}" and "${flag}")`);
        file = flag;
    }
  }
  if (file === undefined) throw new UsageError('no instance file given');
  if (curveType !== undefined && curve === undefined) throw new UsageError('--curve-type needs --curve POINTS');
  if (curve !== undefined && (writeLp !== undefined || writeMps !== undefined || log !== undefined)) throw new UsageError('--curve solves many models: --write-lp, --write-mps and --log are for one plan');
  return {
    file,
    solver,
    timeLimit,
    gap,
    json,
    ...(writeLp !== undefined && { writeLp }),
    ...(writeMps !== undefined && { writeMps }),
    ...(log !== undefined && { log }),
    ...(curve !== undefined && { curve, curveType: curveType ?? 'all' }),
  };
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
