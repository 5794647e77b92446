import type { Mip } from '../engine/mip/mip';
import type { MipProgress, SolveStatus } from '../engine/mip/solver';

/**
 * A plain-text record of one solve, for the audit: what was solved, by which
 * solver, how big each part's integer program was, every change of the best
 * plan and of the proven bound as the solver reported them, and how it
 * ended. The app's export and `npm run solve -- FILE --log F` write the same
 * text (both feed this class from the same solve callbacks).
 */
export class SolveLog {
  private readonly models: { part: number; parts: number; rows: number; cols: number; integers: number; nonzeros: number; sense: string }[] = [];
  private readonly events: string[] = [];
  private last = '';
  private end: string[] = [];

  constructor(
    private readonly name: string,
    private readonly solver: string,
    /** Extra heading lines (the objective, the time limit and gap asked for). */
    private readonly heading: readonly string[] = [],
  ) {}

  /** The integer program of one independent part, as it goes to the solver (`part` from 0). */
  model(mip: Mip, part = 0, parts = 1): void {
    let integers = 0;
    for (let j = 0; j < mip.numCols; j++) integers += mip.integer[j];
    this.models.push({ part, parts, rows: mip.numRows, cols: mip.numCols, integers, nonzeros: mip.rowStart[mip.numRows], sense: mip.sense });
  }

  /** A progress report (whole plan); one line each time the best plan or the bound changes. */
  progress(progress: MipProgress): void {
    const line = `${value(progress.objective)}\t${value(progress.bound)}\t${gapText(progress.objective, progress.bound)}`;
    if (line === this.last) return;
    this.last = line;
    this.events.push(`${progress.seconds.toFixed(2).padStart(8)}\t${line}`);
  }

  finish(result: { readonly status: SolveStatus; readonly objective: number | null; readonly bound: number | null; readonly gap: number | null; readonly seconds: number; readonly message?: string }): void {
    this.end = [
      `status     ${result.status}`,
      `objective  ${value(result.objective)}`,
      `bound      ${value(result.bound)}`,
      `gap        ${result.gap === null ? '-' : `${(result.gap * 100).toPrecision(3)}%`}`,
      `time       ${result.seconds.toFixed(2)} s`,
      ...(result.message ? [`note       ${result.message}`] : []),
    ];
  }

  text(): string {
    const lines = [`# Solve log: ${this.name}`, `solver     ${this.solver}`, ...this.heading, ''];
    const models = [...this.models].sort((a, b) => a.part - b.part);
    lines.push(models.length === 0 ? 'model      (no integer program was built)' : `model      ${models.length === 1 && models[0].parts === 1 ? 'one part' : `${models[0].parts} independent parts`}`);
    for (const m of models) lines.push(`part ${m.part + 1} of ${m.parts}: ${m.sense}imise, ${m.rows} rows, ${m.cols} columns (${m.integers} integer), ${m.nonzeros} nonzeros`);
    lines.push('', 'progress (seconds, best plan, bound, gap)');
    if (this.events.length === 0) lines.push('  (none reported)');
    lines.push(...this.events);
    lines.push('', ...(this.end.length > 0 ? this.end : ['status     (not finished)']));
    return `${lines.join('\n')}\n`;
  }
}

function value(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '-' : String(Math.round(x * 1e6) / 1e6);
}

function gapText(objective: number | null, bound: number | null): string {
  if (objective === null || bound === null || !Number.isFinite(bound)) return '-';
  const gap = Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-10);
  return `${(gap * 100).toPrecision(3)}%`;
}
