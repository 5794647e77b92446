import { en, type Messages } from './en';
import { kk } from './kk';
import { ru } from './ru';

export type Language = 'kk' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];
const CATALOGUES: Record<Language, Messages> = { kk, ru, en };
// Number formats. Chromium claims kk-KZ but formats it with English symbols
// (its ICU data is trimmed); Kazakhstan writes 229 462,5 as Russian does.
const LOCALES: Record<Language, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-US' };
const STORAGE_KEY = 'siting-planner/language';

export type Values = Record<string, string | number>;

/** The language in use, and every formatter that depends on it. */
export class I18n {
  lang = $state<Language>(initialLanguage());

  setLanguage(lang: Language): void {
    this.lang = lang;
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for the visit.
    }
  }

  /** The message at a dotted path such as `solve.status.idle`, with `{name}` values filled in. */
  t(path: string, values: Values = {}): string {
    const template = lookup(CATALOGUES[this.lang], path) ?? lookup(en, path) ?? path;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  }

  number(value: number, fractionDigits = 0): string {
    return new Intl.NumberFormat(LOCALES[this.lang], { maximumFractionDigits: fractionDigits }).format(value);
  }

  percent(share: number, fractionDigits = 1): string {
    return new Intl.NumberFormat(LOCALES[this.lang], { style: 'percent', maximumFractionDigits: fractionDigits }).format(share);
  }

  tenge(amount: number): string {
    if (Math.abs(amount) >= 1e9) return this.t('units.bn', { value: this.number(amount / 1e9, 2) });
    if (Math.abs(amount) >= 1e6) return this.t('units.mn', { value: this.number(amount / 1e6, 1) });
    return this.t('units.tenge', { value: this.number(amount) });
  }

  distance(metres: number): string {
    if (!Number.isFinite(metres)) return '–';
    return metres >= 1000 ? this.t('units.km', { value: this.number(metres / 1000, 2) }) : this.t('units.metres', { value: this.number(metres) });
  }
}

function lookup(catalogue: unknown, path: string): string | undefined {
  let node = catalogue;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
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
