import { InputError } from '../../engine/instance/errors';
import { parseCity, type CityFiles } from '../../plan/city';
import { withImports, type ImportedData } from '../../plan/imported';
import { parseScenario } from '../../plan/parseScenario';
import type { AddedCandidate, FacilityType, Scenario } from '../../plan/scenario';
import { importFile } from './index';
import { message, type ImportMessage } from './messages';
import type { ImportProblem, ImportTarget } from './types';

export type ImportChoice = ImportTarget | 'scenario';

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

const EXISTING_LAYER = { school: 'schools', polyclinic: 'polyclinics', container: 'containers' } as const;
/** Where a type's imported facilities also replace a demo layer shown beside its own (the private schools go with the schools). */
const ALSO_REPLACED: Partial<Record<FacilityType, 'privateSchools'>> = { school: 'privateSchools' };

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
  const parsed = importFile(name, text, choice);
  if (!parsed.ok) return { ok: false, problems: parsed.errors };
  const { points, polygons, warnings } = parsed;
  let change: { added?: AddedCandidate[]; imported?: ImportedData };
  let existing: ExistingSummary | undefined;
  if (choice === 'candidates') {
    const stamp = Date.now().toString(36);
    change = { added: [...scenario.candidates.added, ...points.map((p, k) => ({ id: `${p.type}:import:${stamp}:${k}`, type: p.type!, lon: p.lon, lat: p.lat }))] };
  } else if (choice === 'demand') {
    change = { imported: { ...scenario.imported, demand: points.map((p) => ({ lon: p.lon, lat: p.lat, residents: p.residents!, children: p.children!, households: p.households! })) } };
  } else if (choice === 'exclusions') {
    change = { imported: { ...scenario.imported, exclusions: [...(scenario.imported?.exclusions ?? []), ...polygons.map((p) => p.coordinates)] } };
  } else {
    const schools = points.filter((p) => p.type === 'school').map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '', capacity: p.capacity!, students: p.students ?? null }));
    const polyclinics = points.filter((p) => p.type === 'polyclinic').map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '' }));
    // Without a capacity a container site holds the scenario's (households per site), as a new one would.
    const containers = points.filter((p) => p.type === 'container').map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '', capacity: p.capacity ?? null }));
    const layers = { schools, polyclinics, containers };
    change = { imported: { ...scenario.imported, ...Object.fromEntries(Object.entries(layers).filter(([, list]) => list.length > 0)) } };
    existing = summarizeExisting(layers, scenario.imported, cityFiles);
  }
  if (change.imported) {
    try {
      withImports(cityFiles, change.imported);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // imported.demand[12] -> record 13 of the file; the imports only refuse points outside the districts.
      const match = /^imported\.(\w+)\[(\d+)\]/.exec(error.field);
      const { demand, schools, polyclinics, containers } = change.imported;
      const lists: Record<string, readonly { lon: number; lat: number }[] | undefined> = { demand, schools, polyclinics, containers };
      const list = match ? lists[match[1]] : undefined;
      const point = match && list ? list[Number(match[2])] : undefined;
      if (!match || !point) return { ok: false, problems: [{ file: name, message: message('notScenario', { detail: error.message }) }] };
      return { ok: false, problems: [{ file: name, record: Number(match[2]) + 1, message: message('outsideCity', { lon: point.lon, lat: point.lat }) }] };
    }
  }
  return { ok: true, count: points.length + polygons.length, warnings, change, ...(existing ? { existing } : {}) };
}

/** What each imported layer replaces: an earlier import of its kind, else the demo's layer (counted as the plan counts it). */
function summarizeExisting(layers: Record<(typeof EXISTING_LAYER)[FacilityType], readonly unknown[]>, before: ImportedData | undefined, cityFiles: CityFiles): ExistingSummary {
  const summary: { imported: Partial<Record<FacilityType, number>>; replaced: Partial<Record<FacilityType, { count: number; demo: boolean; privateSchools?: number }>> } = { imported: {}, replaced: {} };
  let demo: ReturnType<typeof parseCity> | null = null;
  for (const type of Object.keys(EXISTING_LAYER) as FacilityType[]) {
    const layer = EXISTING_LAYER[type];
    if (layers[layer].length === 0) continue;
    summary.imported[type] = layers[layer].length;
    const earlier = before?.[layer];
    if (earlier) summary.replaced[type] = { count: earlier.length, demo: false };
    else {
      demo ??= parseCity(cityFiles);
      const count = type === 'school' ? demo.schools.count : type === 'polyclinic' ? demo.health.count : demo.containers.count;
      const also = ALSO_REPLACED[type];
      const privateSchools = also ? demo[also].count : 0;
      if (count > 0 || privateSchools > 0) summary.replaced[type] = { count, demo: true, ...(privateSchools > 0 ? { privateSchools } : {}) };
    }
  }
  return summary;
}
