import { message, type ImportMessage } from './messages';
import type { ImportProblem, ImportResult } from './types';

/** More than this many problems help nobody: the rest are counted in one summary line. */
export const MAX_PROBLEMS = 20;

/** Collects a file's problems, keeping the first MAX_PROBLEMS and counting the rest. */
export class Problems {
  private readonly kept: ImportProblem[] = [];
  private total = 0;

  constructor(readonly file: string) {}

  add(problem: Omit<ImportProblem, 'file'>): void {
    this.total++;
    if (this.kept.length < MAX_PROBLEMS) this.kept.push({ file: this.file, ...problem });
  }

  get count(): number {
    return this.total;
  }

  /** The failure, with a last line saying how many were left out. */
  result(): Extract<ImportResult, { ok: false }> {
    const errors = [...this.kept];
    const hidden = this.total - this.kept.length;
    if (hidden > 0) errors.push({ file: this.file, message: hidden === 1 ? message('moreProblem', { total: this.total }) : message('moreProblems', { hidden, total: this.total }) });
    return { ok: false, errors };
  }
}

/** A file rejected for one reason. */
export function reject(file: string, message: ImportMessage, where: Omit<ImportProblem, 'file' | 'message'> = {}): Extract<ImportResult, { ok: false }> {
  return { ok: false, errors: [{ file, ...where, message }] };
}
