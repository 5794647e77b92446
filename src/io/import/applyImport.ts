import { InputError } from '../../engine/instance/errors';
import { parseCity, type CityFiles } from '../../plan/city';
import { withImports, type ImportedData } from '../../plan/imported';
import { parseScenario } from '../../plan/parseScenario';
import type { AddedCandidate, FacilityType, Scenario } from '../../plan/scenario';
import { importFile } from './index';
import { message, type ImportMessage } from './messages';
import type { ImportProblem, ImportTarget, ImportedPoint } from './types';
import { typeNames } from './aliases';
import { plotCandidates, readPlots } from './plots';
import { typeNamesOf, typeSpecs } from '../../plan/presets';

/** What a file is imported as; land plots name the type whose candidates they become (`plots:kindergarten`). */
export type ImportChoice = Exclude<ImportTarget, 'plots'> | 'scenario' | `plots:${string}`;

/**
 * Existing facilities imported, by type, and the layer each replaces: the
 * demo's (`demo`) or an earlier import's, with its size, so the planner is
 * told what goes. Schools replace the city's whole school layer: its private
 * schools (`privateSchools`, shown on the map) go with it.
 */
export interface ExistingSummary {
  readonly imported: Partial<Record<FacilityType, number>>;
  readonly replaced: Partial<Record<FacilityType, { readonly count: number; readonly demo: boolean; readonly privateSchools?: number }>>;
}

/** What an import changes: a scenario to add, or a change to the active one. Nothing when it failed. */
export type ImportOutcome =
  | { ok: true; count: number; warnings: ImportMessage[]; scenario?: Scenario; change?: { added?: AddedCandidate[]; imported?: ImportedData }; existing?: ExistingSummary }
  | { ok: false; problems: ImportProblem[] };

/** The city layers an import keeps under a name of its own (the scenario files of before types were data); any other layer goes to `imported.layers`. */
const IMPORTED_KEY = { schools: 'schools', health: 'polyclinics', containers: 'containers' } as const;

/**
 * Reads one file into a change of the scenario, all or nothing: the parsed
 * records must also fit the city (points inside its districts), or the file
 * is refused with every problem named and the scenario stays as it was.
 */
export function applyImport(name: string, text: string, choice: ImportChoice, scenario: Scenario, cityFiles: CityFiles): ImportOutcome {
  if (choice === 'scenario') {
    try {
      return { ok: true, count: 1, warnings: [], scenario: parseScenario(JSON.parse(text)) };
    } catch (error) {
      // The scenario parser names the field and value in English (a path such as facilities.school.budget).
      return { ok: false, problems: [{ file: name, message: error instanceof InputError ? message('notScenario', { detail: error.message }) : message('notJson') }] };
    }
  }
  if (choice.startsWith('plots:')) return importPlots(name, text, choice.slice('plots:'.length), scenario);
  const parsed = importFile(name, text, choice as ImportTarget, typeNames(typeNamesOf(scenario.facilities)));
  if (!parsed.ok) return { ok: false, problems: parsed.errors };
  const { points, polygons, warnings } = parsed;
  let change: { added?: AddedCandidate[]; imported?: ImportedData };
  let existing: ExistingSummary | undefined;
  if (choice === 'candidates') {
    const stamp = Date.now().toString(36);
    change = { added: [...scenario.candidates.added, ...points.map((p, k) => ({ id: `${p.type}:import:${stamp}:${k}`, type: p.type!, lon: p.lon, lat: p.lat, ...(p.name ? { name: p.name } : {}) }))] };
  } else if (choice === 'demand') {
    change = { imported: { ...scenario.imported, demand: points.map((p) => ({ lon: p.lon, lat: p.lat, residents: p.residents!, children: p.children!, households: p.households! })) } };
  } else if (choice === 'exclusions') {
    change = { imported: { ...scenario.imported, exclusions: [...(scenario.imported?.exclusions ?? []), ...polygons.map((p) => p.coordinates)] } };
  } else {
    const specs = typeSpecs(scenario.facilities);
    const layerOf = (type: FacilityType) => specs.get(type)?.existing ?? null;
    const homeless = points.find((p) => layerOf(p.type!) === null);
    if (homeless) return { ok: false, problems: [{ file: name, record: points.indexOf(homeless) + 1, message: message('noExistingLayer', { type: homeless.type! }) }] };
    const byLayer = new Map<string, { type: FacilityType; list: ImportedPoint[] }>();
    for (const p of points) {
      const layer = layerOf(p.type!)!;
      if (!byLayer.has(layer)) byLayer.set(layer, { type: p.type!, list: [] });
      byLayer.get(layer)!.list.push(p);
    }
    const imported: { -readonly [K in keyof ImportedData]: ImportedData[K] } = { ...scenario.imported };
    const extra: Record<string, NonNullable<ImportedData['layers']>[string]> = { ...scenario.imported?.layers };
    for (const [layer, { list }] of byLayer) {
      if (layer === 'schools') imported.schools = list.map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '', capacity: p.capacity!, students: p.students ?? null }));
      else if (layer === 'health') imported.polyclinics = list.map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '' }));
      // Without a capacity a facility holds the scenario's (a container site: households per site), as a new one would.
      else if (layer === 'containers') imported.containers = list.map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '', capacity: p.capacity ?? null }));
      else extra[layer] = list.map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '', capacity: p.capacity ?? null }));
    }
    if (Object.keys(extra).length > 0) imported.layers = extra;
    change = { imported };
    existing = summarizeExisting(byLayer, scenario.imported, cityFiles);
  }
  if (change.imported) {
    try {
      withImports(cityFiles, change.imported);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // imported.demand[12] -> record 13 of the file; the imports only refuse points outside the districts.
      const match = /^imported\.(?:layers\.)?(\w+)\[(\d+)\]/.exec(error.field);
      const { demand, schools, polyclinics, containers } = change.imported;
      const lists: Record<string, readonly { lon: number; lat: number }[] | undefined> = { demand, schools, polyclinics, containers, ...change.imported.layers };
      const list = match ? lists[match[1]] : undefined;
      const point = match && list ? list[Number(match[2])] : undefined;
      if (!match || !point) return { ok: false, problems: [{ file: name, message: message('notScenario', { detail: error.message }) }] };
      return { ok: false, problems: [{ file: name, record: Number(match[2]) + 1, message: message('outsideCity', { lon: point.lon, lat: point.lat }) }] };
    }
  }
  return { ok: true, count: points.length + polygons.length, warnings, change, ...(existing ? { existing } : {}) };
}

/**
 * Land plots the city holds, with their prices: candidates of one type, each
 * with its own cost (where the file gives one) and name, added to the
 * planner's own sites.
 */
function importPlots(name: string, text: string, type: string, scenario: Scenario): ImportOutcome {
  if (!(type in scenario.facilities)) return { ok: false, problems: [{ file: name, message: message('noExistingLayer', { type }) }] };
  const read = readPlots(name, text);
  if (!read.ok) return { ok: false, problems: read.errors };
  const added = plotCandidates(read.plots, type, scenario.candidates.added);
  return { ok: true, count: added.length, warnings: read.warnings, change: { added: [...scenario.candidates.added, ...added] } };
}

/** What each imported layer replaces: an earlier import of its kind, else the city's layer (counted as the plan counts it). */
function summarizeExisting(byLayer: ReadonlyMap<string, { type: FacilityType; list: readonly unknown[] }>, before: ImportedData | undefined, cityFiles: CityFiles): ExistingSummary {
  const summary: { imported: Partial<Record<FacilityType, number>>; replaced: Partial<Record<FacilityType, { count: number; demo: boolean; privateSchools?: number }>> } = { imported: {}, replaced: {} };
  let city: ReturnType<typeof parseCity> | null = null;
  for (const [layer, { type, list }] of byLayer) {
    summary.imported[type] = list.length;
    const key = IMPORTED_KEY[layer as keyof typeof IMPORTED_KEY];
    const earlier = key ? before?.[key] : before?.layers?.[layer];
    if (earlier) summary.replaced[type] = { count: earlier.length, demo: false };
    else {
      city ??= parseCity(cityFiles);
      const count = city.layers[layer]?.count ?? 0;
      // The city's private schools are shown with its school layer, and go with it.
      const privateSchools = layer === 'schools' ? city.privateSchools.count : 0;
      if (count > 0 || privateSchools > 0) summary.replaced[type] = { count, demo: true, ...(privateSchools > 0 ? { privateSchools } : {}) };
    }
  }
  return summary;
}
