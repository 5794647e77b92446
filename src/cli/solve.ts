import { readFileSync } from 'node:fs';
import { InputError } from '../engine/instance/errors';
import { parseInstanceText } from '../engine/instance/parse';
import type { SolveReport } from '../engine/solve';
import { USAGE, UsageError, parseSolveArguments } from './args';
import { solveInWorker } from './runner';
import { summary } from './summary';

/** Exit codes, as documented in the README. */
const EXIT = { solved: 0, internalError: 1, badInput: 2, infeasible: 3 } as const;

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseSolveArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return EXIT.badInput;
  }
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(error)})`;
    process.stderr.write(`${args.file}: ${why}\n`);
    return EXIT.badInput;
  }
  let instance;
  try {
    instance = parseInstanceText(text, args.file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.badInput;
  }
  const report = await solveInWorker(instance, args.solver, { timeLimit: args.timeLimit, relativeGap: args.gap });
  process.stdout.write(`${args.json ? JSON.stringify(jsonFields(report)) : summary(instance, report)}\n`);
  if (report.status === 'infeasible') return EXIT.infeasible;
  return report.status === 'error' ? EXIT.internalError : EXIT.solved;
}

/** The --json contract: these fields, in this order; `schedule` only for phased instances. */
function jsonFields(report: SolveReport) {
  const { name, status, objective, bound, gap, open, seconds, solver, schedule, reasons, message } = report;
  return { name, status, objective, bound, gap, open, seconds, solver, schedule, reasons, message };
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.internalError;
  },
);
