import { cityData, type CityEntry, type CityNames } from '../../io/city/types';
import type { Language } from '../i18n/i18n.svelte';
import { ask } from './cityApi';
import type { PlannerClient } from './plannerClient';

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
  /** Names a link gave for cities this browser does not have, by `data`. */
  linkNames = $state.raw<Record<string, CityNames>>({});

  constructor(
    private readonly client: PlannerClient,
    private readonly baseUrl: string,
  ) {}

  async refresh(): Promise<void> {
    const outcome = await ask(() => this.client.planner.cities(this.baseUrl));
    if (outcome.ok) {
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
    if (names) this.linkNames = { ...this.linkNames, [data]: names };
  }

  /** The city's name in the interface's language: the list's, else a link's, else its id. */
  nameOf(data: string, lang: Language): string {
    const names = this.byData(data)?.name ?? this.linkNames[data] ?? (data === 'demo:almaty' ? ALMATY : undefined);
    return names?.[lang] || names?.en || cityIdOf(data);
  }

  namesOf(data: string): CityNames | undefined {
    return this.byData(data)?.name ?? this.linkNames[data];
  }
}
