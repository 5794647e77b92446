import { writeFileSync } from 'node:fs';
import type { Mip } from '../engine/mip/mip';
import { writeLp, writeMps } from '../engine/mip/write';

/** `model.lp` -> `model-part1.lp`: one file per independent part of a scenario. */
function partFile(file: string, part: number): string {
  const dot = file.lastIndexOf('.');
  const slash = file.lastIndexOf('/');
  return dot > slash && dot > 0 ? `${file.slice(0, dot)}-part${part + 1}${file.slice(dot)}` : `${file}-part${part + 1}`;
}

export function partFiles(files: ModelFiles, part: number): ModelFiles {
  return { lp: files.lp && partFile(files.lp, part), mps: files.mps && partFile(files.mps, part) };
}

/** The model as handed to the solver, written before the solve starts (so a solve that is stopped still leaves it). */
export function writeModel(mip: Mip, files: ModelFiles, title: string): void {
  if (files.lp) writeFileSync(files.lp, writeLp(mip, { title }));
  if (files.mps) writeFileSync(files.mps, writeMps(mip, { title }));
}

/** Files to write the exact model solved to (CPLEX LP, free MPS). */
export interface ModelFiles {
  readonly lp?: string;
  readonly mps?: string;
  /** The solve log (src/plan/solveLog.ts), written when the solve ends. */
  readonly log?: string;
}

