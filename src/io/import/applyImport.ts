import { InputError } from '../../engine/instance/errors';
import type { CityFiles } from '../../plan/city';
import { withImports, type ImportedData } from '../../plan/imported';
import { parseScenario } from '../../plan/parseScenario';
import type { AddedCandidate, Scenario } from '../../plan/scenario';
import { importFile } from './index';
import { formatProblem, type ImportTarget } from './types';

export type ImportChoice = ImportTarget | 'scenario';

/** What an import changes: a scenario to add, or a change to the active one. Nothing when it failed. */
export type ImportOutcome =
  | { ok: true; count: number; warnings: string[]; scenario?: Scenario; change?: { added?: AddedCandidate[]; imported?: ImportedData } }
  | { ok: false; problems: string[] };

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
      return { ok: false, problems: [error instanceof InputError ? `${name}: ${error.message}` : `${name}: not valid JSON`] };
    }
  }
  const parsed = importFile(name, text, choice);
  if (!parsed.ok) return { ok: false, problems: parsed.errors.map(formatProblem) };
  const { points, polygons, warnings } = parsed;
  let change: { added?: AddedCandidate[]; imported?: ImportedData };
  if (choice === 'candidates') {
    const stamp = Date.now().toString(36);
    change = { added: [...scenario.candidates.added, ...points.map((p, k) => ({ id: `${p.type}:import:${stamp}:${k}`, type: p.type!, lon: p.lon, lat: p.lat }))] };
  } else if (choice === 'demand') {
    change = { imported: { ...scenario.imported, demand: points.map((p) => ({ lon: p.lon, lat: p.lat, residents: p.residents!, children: p.children!, households: p.households! })) } };
  } else if (choice === 'exclusions') {
    change = { imported: { ...scenario.imported, exclusions: [...(scenario.imported?.exclusions ?? []), ...polygons.map((p) => p.coordinates)] } };
  } else {
    const containers = points.filter((p) => p.type === 'container').length;
    if (containers > 0) return { ok: false, problems: [`${name}: ${containers} existing container sites: the plan does not model existing container sites; import them as candidate sites instead`] };
    const schools = points.filter((p) => p.type === 'school').map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '', capacity: p.capacity!, students: p.students ?? null }));
    const polyclinics = points.filter((p) => p.type === 'polyclinic').map((p) => ({ lon: p.lon, lat: p.lat, name: p.name ?? '' }));
    change = { imported: { ...scenario.imported, ...(schools.length ? { schools } : {}), ...(polyclinics.length ? { polyclinics } : {}) } };
  }
  if (change.imported) {
    try {
      withImports(cityFiles, change.imported);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // imported.demand[12] -> record 13 of the file
      const index = /\[(\d+)\]/.exec(error.field)?.[1];
      return { ok: false, problems: [`${name}${index === undefined ? '' : `, record ${Number(index) + 1}`}: ${error.detail}`] };
    }
  }
  return { ok: true, count: points.length + polygons.length, warnings, change };
}
