import { importFile } from './index';
import type { ImportMessage } from './messages';
import type { ImportProblem } from './types';

/**
 * Land plots the city holds, where a new facility may go, each with its
 * price (issue 20): planners choose among them rather than among a lattice.
 * Read by the importers (CSV with English, Russian or Kazakh headers, comma,
 * semicolon or tab separated; or GeoJSON points, polygons at their
 * centroid): columns or properties lon, lat, cost (tenge, optional: without
 * it a plot costs what the scenario's new site of the type costs) and name
 * (optional). All or nothing: one bad row refuses the file, every problem
 * named by file, line and column (CSV) or path (GeoJSON) and value.
 */
export interface Plot {
  readonly lon: number;
  readonly lat: number;
  /** Tenge. */
  readonly cost?: number;
  readonly name?: string;
}

export type PlotsResult = { ok: true; plots: Plot[]; warnings: ImportMessage[] } | { ok: false; errors: ImportProblem[] };

export function readPlots(fileName: string, text: string): PlotsResult {
  const result = importFile(fileName, text, 'plots');
  if (!result.ok) return result;
  const plots = result.points.map(({ lon, lat, cost, name }): Plot => ({ lon, lat, ...(cost === undefined ? {} : { cost }), ...(name === undefined ? {} : { name }) }));
  return { ok: true, plots, warnings: result.warnings };
}

/** A plot as a planner-added candidate of a type (scenario.candidates.added), with its price and name. */
export interface PlotCandidate {
  readonly id: string;
  readonly type: string;
  readonly lon: number;
  readonly lat: number;
  readonly cost?: number;
  readonly name?: string;
}

/**
 * Plots as candidates of `type`, in the plots' order. Ids are
 * `<type>:plot:<n>`, n counting from 1 and skipping ids in `taken` (the
 * scenario's candidates), so importing the same file twice adds fresh ids.
 */
export function plotCandidates(plots: readonly Plot[], type: string, taken: readonly { readonly id: string }[]): PlotCandidate[] {
  const used = new Set(taken.map((candidate) => candidate.id));
  let n = 0;
  return plots.map((plot): PlotCandidate => {
    let id: string;
    do id = `${type}:plot:${++n}`;
    while (used.has(id));
    used.add(id);
    return { id, type, lon: plot.lon, lat: plot.lat, ...(plot.cost === undefined ? {} : { cost: plot.cost }), ...(plot.name === undefined ? {} : { name: plot.name }) };
  });
}
