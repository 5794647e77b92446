import { untrack } from 'svelte';
import { LANGUAGES, Translator, type Language } from './translator';
import { typeSpecs, type TypeSpec } from '../../plan/presets';
import type { FacilitySettings, FacilityType } from '../../plan/scenario';

export { LANGUAGES, type Language, type Values } from './translator';
const STORAGE_KEY = 'siting-planner/language';

/** The language in use, and every formatter that depends on it, as the page's state. */
export class I18n extends Translator {
  lang = $state<Language>(initialLanguage());

  setLanguage(lang: Language): void {
    this.lang = lang;
    this.applyToDocument();
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for the visit.
    }
  }

  /** The page's language and title follow the interface. */
  applyToDocument(): void {
    document.documentElement.lang = this.lang;
    document.title = this.t('app.title');
  }

  protected types = $state.raw<ReadonlyMap<FacilityType, TypeSpec>>(new Map());

  useTypes(facilities: Readonly<Record<FacilityType, FacilitySettings>>): void {
    const specs = typeSpecs(facilities);
    const known = untrack(() => this.types);
    const same = (a: TypeSpec | undefined, b: TypeSpec) => a !== undefined && JSON.stringify([a.label, a.demand]) === JSON.stringify([b.label, b.demand]);
    // Types of other scenarios stay known (a compared or shared plan may name them); only a new or changed type writes.
    if ([...specs.values()].some((spec) => !same(known.get(spec.id), spec))) this.types = new Map([...known, ...specs]);
  }
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGUAGES as string[]).includes(stored)) return stored as Language;
  } catch {
    // No storage: fall through to the browser's language.
  }
  const preferred = navigator.language.slice(0, 2);
  return (LANGUAGES as string[]).includes(preferred) ? (preferred as Language) : 'ru';
}
