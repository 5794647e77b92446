import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../engine/instance/errors';
import { parseInstanceText } from '../engine/instance/parse';
import type { SitingInstance } from '../engine/instance/types';
import type { SolverName } from '../engine/mip/solver';
import type { SolveReport } from '../engine/solve';
import { solveInWorker } from './runner';

const USAGE = 'usage: npm run bench -- [FOLDER] [--solver glpk|highs|both] [--time-limit SECONDS] [--only REGEX] [--out FILE]';

interface BenchArguments {
  folder: string;
  solvers: SolverName[];
  timeLimit: number;
  only: RegExp | null;
  out: string | null;
}

function parseArguments(argv: string[]): BenchArguments {
  const args: BenchArguments = { folder: 'fixtures/instances', solvers: ['highs', 'glpk'], timeLimit: 60, only: null, out: null };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = () => {
      const next = argv[++k];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--solver') {
      const name = value();
      if (name !== 'glpk' && name !== 'highs' && name !== 'both') throw new Error(`--solver: unknown solver "${name}"\n${USAGE}`);
      args.solvers = name === 'both' ? ['highs', 'glpk'] : [name];
    } else if (flag === '--time-limit') {
      args.timeLimit = Number(value());
      if (!(args.timeLimit > 0)) throw new Error(`--time-limit must be a positive number of seconds\n${USAGE}`);
    } else if (flag === '--only') args.only = new RegExp(value());
    else if (flag === '--out') args.out = value();
    else if (flag.startsWith('-')) throw new Error(`unknown option ${flag}\n${USAGE}`);
    else args.folder = flag;
  }
  return args;
}

/** pmed2 before pmed10. */
const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

interface Row {
  instance: SitingInstance;
  report: SolveReport;
}

function size(instance: SitingInstance): string {
  const parts = [`${instance.demand.count} x ${instance.sites.count}`];
  if (instance.model.p !== null) parts.push(`p=${instance.model.p}`);
  return parts.join(', ');
}

function modelName(instance: SitingInstance): string {
  const { type, capacitated, assignment } = instance.model;
  return capacitated ? `${type} (cap, ${assignment})` : type;
}

function verdict(row: Row): string {
  const reference = row.instance.reference?.objective;
  const objective = row.report.objective;
  if (reference === undefined || objective === null) return '';
  const tolerance = row.instance.model.type === 'cfl' || row.instance.name.startsWith('SJC') ? 1e-4 : 1e-6;
  const difference = Math.abs(objective - reference) / Math.max(Math.abs(reference), 1e-12);
  return difference <= tolerance ? 'yes' : `no (${(difference * 100).toPrecision(3)}%)`;
}

const number = (value: number | null) => (value === null ? '' : String(Number(value.toPrecision(12))));
const percent = (value: number | null) => (value === null ? '' : `${(value * 100).toPrecision(3)}%`);

function table(rows: Row[]): string {
  const lines = [
    '| instance | model | size | solver | reference | objective | matches | status | gap | seconds |',
    '|---|---|---|---|---:|---:|---|---|---:|---:|',
  ];
  for (const row of rows) {
    const { instance, report } = row;
    lines.push(
      `| ${instance.name} | ${modelName(instance)} | ${size(instance)} | ${report.solver} | ${number(instance.reference?.objective ?? null)} | ${number(report.objective)} | ${verdict(row)} | ${report.status} | ${percent(report.gap)} | ${report.seconds.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

function totals(rows: Row[], solvers: SolverName[]): string {
  return solvers
    .map((solver) => {
      const mine = rows.filter((row) => row.report.solver === solver);
      const proven = mine.filter((row) => row.report.status === 'optimal' && verdict(row) === 'yes').length;
      const wrong = mine.filter((row) => verdict(row).startsWith('no') && row.report.status === 'optimal').length;
      const unfinished = mine.filter((row) => row.report.status !== 'optimal').map((row) => row.instance.name);
      const seconds = mine.reduce((sum, row) => sum + row.report.seconds, 0);
      return `- **${solver}**: ${proven} of ${mine.length} published optima reproduced and proven; ${wrong} proven-but-different; ${unfinished.length} not proven within the limit${unfinished.length ? ` (${unfinished.join(', ')})` : ''}; ${seconds.toFixed(0)} s in all.`;
    })
    .join('\n');
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const files = readdirSync(args.folder)
    .filter((file) => file.endsWith('.json') && (!args.only || args.only.test(file)))
    .sort(naturalOrder);
  const rows: Row[] = [];
  const started = new Date();
  for (const file of files) {
    let instance: SitingInstance;
    try {
      instance = parseInstanceText(readFileSync(join(args.folder, file), 'utf8'), file);
    } catch (error) {
      if (error instanceof InputError) {
        process.stderr.write(`skipped: ${error.message}\n`);
        continue;
      }
      throw error;
    }
    for (const solver of args.solvers) {
      const report = await solveInWorker(instance, solver, { timeLimit: args.timeLimit, relativeGap: 0 });
      rows.push({ instance, report });
      process.stderr.write(`${instance.name} ${solver}: ${report.status} ${report.objective ?? ''} (${report.seconds.toFixed(2)} s)\n`);
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const output = [
    `# Benchmarks`,
    '',
    `Produced by \`npm run bench -- ${process.argv.slice(2).join(' ')}\` on ${started.toISOString().slice(0, 10)}: ${files.length} instances from \`${args.folder}\`,`,
    `each solver with a time limit of ${args.timeLimit} s and gap 0 (exact), the engine in a worker thread.`,
    `Machine: ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Seconds include building the model.`,
    '',
    totals(rows, args.solvers),
    '',
    table(rows),
    '',
  ].join('\n');
  if (args.out) writeFileSync(args.out, output);
  process.stdout.write(output);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
