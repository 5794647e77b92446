import { cityData, type CityEntry, type CityNames } from '../../io/city/types';
import type { Language } from '../i18n/i18n.svelte';
import { ask, downloadCityPackage } from './cityApi';
import type { PlannerClient } from './plannerClient';
import type { Notice, ScenarioStore } from './scenario.svelte';

/** The demo's names, for the moment before the worker has listed the cities. */
const ALMATY: CityNames = { en: 'Almaty', ru: 'Алматы', kk: 'Алматы' };

/** The city id in a scenario's `data` ("demo:almaty" is Almaty, "city:<id>" any other). */
export function cityIdOf(data: string): string {
  if (data === 'demo:almaty') return 'almaty';
  return data.startsWith('city:') ? data.slice('city:'.length) : data;
}

/**
 * The cities the app can plan on: those hosted with it, then those built or
 * imported in this browser. A scenario whose city is not in the list is
 * "unknown": its package has to be imported before it can be planned.
 */
export class CityStore {
  list = $state.raw<CityEntry[]>([]);
  /** False until the worker has answered once (until then no city is called unknown). */
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Names of cities this browser does not have (now): given by a link, or of a city since removed; by `data`. */
  knownNames = $state.raw<Record<string, CityNames>>({});

  /** Why a city package was refused: one line per problem (each names its file and record). */
  problems = $state.raw<{ file: string; lines: string[] } | null>(null);

  constructor(
    private readonly client: PlannerClient,
    private readonly baseUrl: string,
    private readonly scenarios: ScenarioStore,
    private readonly lang: () => Language,
  ) {}

  private name(entry: CityEntry): string {
    return entry.name[this.lang()] || entry.name.en;
  }

  /** A new scenario on the city, named after it (its districts' growth filled in by the worker); the planner's other scenarios stay. */
  async open(entry: CityEntry, notice?: Notice): Promise<void> {
    const name = this.name(entry);
    const outcome = await ask(() => this.client.planner.newScenario(this.baseUrl, cityData(entry.id), name));
    if (!outcome.ok) {
      this.scenarios.notice = { key: 'city.openFailed', values: { name, detail: outcome.error } };
      return;
    }
    this.scenarios.add(outcome.value);
    this.scenarios.notice = notice ?? { key: 'city.opened', values: { name } };
  }

  /** A city just kept in this browser (built here): listed, and a scenario opened on it. */
  async added(entry: CityEntry): Promise<void> {
    await this.refresh();
    await this.open(entry);
  }

  /** A package zip: every problem listed when it is refused; else the city is added and a scenario opens on it. */
  async importPackage(file: File): Promise<void> {
    this.problems = null;
    this.scenarios.notice = { key: 'city.importing', values: { file: file.name } };
    const before = new Set(this.list.map((entry) => entry.id));
    const outcome = await ask(() => this.client.planner.importCity(this.baseUrl, file));
    if (!outcome.ok) {
      this.scenarios.notice = null;
      this.problems = { file: file.name, lines: outcome.error.split('\n').filter((line) => line.trim() !== '') };
      return;
    }
    await this.refresh();
    const values = { name: this.name(outcome.value), file: file.name };
    // The city the open scenario was waiting for (a link's): that scenario, with its plan, is what the planner wants to see.
    if (!before.has(outcome.value.id) && this.scenarios.current.data === cityData(outcome.value.id)) {
      this.scenarios.notice = { key: 'city.importedForScenario', values };
      return;
    }
    // A package of a city this browser already has replaces it (a newer export of the same city): said, not silent.
    await this.open(outcome.value, { key: before.has(outcome.value.id) ? 'city.importReplaced' : 'city.imported', values });
  }

  /** The city's package (null: the draft being built) downloaded as a zip; resolves to why it could not be, or null. */
  async exportPackage(id: string | null): Promise<string | null> {
    const outcome = await downloadCityPackage(this.client, this.baseUrl, id);
    if (outcome.ok) return null;
    this.scenarios.notice = { key: 'city.exportFailed', values: { detail: outcome.error } };
    return outcome.error;
  }

  /** Removes a city kept in this browser; its scenarios stay (and ask for its package again). */
  async remove(entry: CityEntry): Promise<void> {
    const outcome = await ask(() => this.client.planner.removeCity(this.baseUrl, entry.id));
    if (!outcome.ok) {
      this.scenarios.notice = { key: 'city.removeFailed', values: { name: this.name(entry), detail: outcome.error } };
      return;
    }
    await this.refresh();
    this.scenarios.notice = { key: 'city.removed', values: { name: this.name(entry) } };
  }

  async refresh(): Promise<void> {
    const outcome = await ask(() => this.client.planner.cities(this.baseUrl));
    if (outcome.ok) {
      // A city removed (here or in another tab) is still named by the notice its scenarios show.
      this.knownNames = { ...this.knownNames, ...Object.fromEntries(this.list.map((entry) => [cityData(entry.id), entry.name])) };
      this.list = outcome.value;
      this.error = null;
    } else this.error = outcome.error;
    this.loaded = true;
  }

  byData(data: string): CityEntry | undefined {
    return this.list.find((entry) => cityData(entry.id) === data);
  }

  isUnknown(data: string): boolean {
    return this.loaded && this.error === null && this.byData(data) === undefined;
  }

  rememberLinkName(data: string, names: CityNames | undefined): void {
    if (names) this.knownNames = { ...this.knownNames, [data]: names };
  }

  /** The city's name in the interface's language: the list's, else one known before (a link's, a removed city's), else its id. */
  nameOf(data: string, lang: Language): string {
    const names = this.byData(data)?.name ?? this.knownNames[data] ?? (data === 'demo:almaty' ? ALMATY : undefined);
    return names?.[lang] || names?.en || cityIdOf(data);
  }

  namesOf(data: string): CityNames | undefined {
    return this.byData(data)?.name ?? this.knownNames[data];
  }
}
