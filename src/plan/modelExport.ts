import { strToU8, zipSync } from 'fflate';
import type { Mip } from '../engine/mip/mip';
import type { MipSolver } from '../engine/mip/solver';
import { writeLp, writeMps } from '../engine/mip/write';
import type { Candidate } from './candidates';
import type { CityData } from './city';
import type { Scenario } from './scenario';
import { SolveLog } from './solveLog';
import { solvePlan, type PlanResult } from './solvePlan';

/**
 * The audit's app side: the scenario solved as the app solves it
 * (solvePlan), with every independent part's integer program caught by
 * `onModel` as it goes to the solver (built with names: site and demand
 * identifiers), and the solve's log. The parts are solved in this thread, one
 * after another, rather than by a part runner: the models are the same
 * (solvePart builds them either way), and only here does `onModel` see them.
 */
export interface SolvedModel {
  readonly scenarioName: string;
  readonly solver: string;
  /** One per independent part, in part order. */
  readonly parts: Mip[];
  readonly log: string;
  readonly result: PlanResult;
}

export type ModelFormat = 'lp' | 'mps' | 'log';

/** What the app downloads: one text file, or a zip of one file per part. */
export type ModelFile = { readonly fileName: string; readonly text: string } | { readonly fileName: string; readonly bytes: Uint8Array };

export async function solveModel(city: CityData, scenario: Scenario, solver: MipSolver, options: { candidates?: Candidate[] } = {}): Promise<SolvedModel> {
  const parts: Mip[] = [];
  const log = new SolveLog(scenario.name, solver.name, solveHeading(scenario));
  const result = await solvePlan(city, scenario, solver, {
    candidates: options.candidates,
    onModel: (mip, part, count) => {
      parts[part] = mip;
      log.model(mip, part, count);
    },
    onProgress: (progress) => log.progress(progress),
  });
  log.finish(result);
  return { scenarioName: scenario.name, solver: solver.name, parts: parts.filter(Boolean), log: log.text(), result };
}

/** The heading lines of a scenario's log: what was asked of the solver. */
export function solveHeading(scenario: Scenario): string[] {
  return [`objective  ${scenario.objective}`, `time limit ${scenario.timeLimit} s`, `gap        ${scenario.gap}`];
}

/** The title written into each part's file (the command line writes the same). */
export function partTitle(scenarioName: string, solver: string, part: number, parts: number): string {
  return `${scenarioName} (${solver})${parts > 1 ? `, part ${part + 1} of ${parts}` : ''}`;
}

/** `stem` is the file name without extension; several parts go into `stem-model.zip` as `model-part1.lp`, ... */
export function modelFile(solved: SolvedModel, format: ModelFormat, stem: string): ModelFile {
  if (format === 'log') return { fileName: `${stem}-solve.log`, text: solved.log };
  const write = format === 'lp' ? writeLp : writeMps;
  const texts = solved.parts.map((mip, part) => write(mip, { title: partTitle(solved.scenarioName, solved.solver, part, solved.parts.length) }));
  if (texts.length === 0) throw new Error(solved.result.message ?? `no integer program was built (${solved.result.status})`);
  if (texts.length === 1) return { fileName: `${stem}.${format}`, text: texts[0] };
  const files = Object.fromEntries(texts.map((text, part) => [`model-part${part + 1}.${format}`, strToU8(text)]));
  return { fileName: `${stem}-${format}.zip`, bytes: zipSync(files) };
}
