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
  /** Documents of the plan to write (scenarios only), the format by each one's extension: .pptx, .pdf, .html, .xlsx. */
  readonly reports?: readonly string[];
  /** The documents' language. */
  readonly lang?: 'kk' | 'ru' | 'en';
  /** The app's address: the documents carry the plan's share link on it (and its QR code). */
  readonly appUrl?: string;
}

export const USAGE = `usage: npm run solve -- FILE [--solver glpk|highs|auto] [--time-limit SECONDS] [--gap FRACTION] [--json] [--write-lp FILE] [--write-mps FILE] [--log FILE] [--curve POINTS [--curve-type TYPE|all]] [--report FILE.pptx|.pdf|.html|.xlsx ... [--lang kk|ru|en] [--app-url URL]]`;
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
  const reports: string[] = [];
  let lang: 'kk' | 'ru' | 'en' | undefined;
  let appUrl: string | undefined;
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
      case '--report': {
        const path = value();
        if (!/\.(pptx|pdf|html|xlsx)$/i.test(path)) throw new UsageError(`--report: "${path}" does not end in .pptx, .pdf, .html or .xlsx (the format follows the extension)`);
        reports.push(path);
        break;
      }
      case '--lang': {
        const name = value();
        if (name !== 'kk' && name !== 'ru' && name !== 'en') throw new UsageError(`--lang: "${name}" is not kk, ru or en`);
        lang = name;
        break;
      }
      case '--app-url': {
        const url = value();
        if (!/^https?:\/\/[^\s#]+$/.test(url)) throw new UsageError(`--app-url: "${url}" is not an http(s) address without a # part`);
        appUrl = url;
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
  if (curve !== undefined && reports.length > 0) throw new UsageError('--report writes the documents of one plan: it cannot go with --curve');
  if (reports.length === 0 && (lang !== undefined || appUrl !== undefined)) throw new UsageError(`${lang !== undefined ? '--lang' : '--app-url'} is for the documents of --report`);
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
    ...(reports.length > 0 && { reports, lang: lang ?? 'en', ...(appUrl !== undefined && { appUrl }) }),
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
