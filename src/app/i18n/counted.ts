import type { I18n } from './i18n.svelte';

/**
 * "2 schools", "5 школ": a count with the catalogue's form for it, chosen by
 * the language's plural rules. `path` holds the forms `one`, `few`, `many` and
 * `other` (a language uses those it needs; Kazakh and English repeat some).
 */
export function counted(i18n: I18n, path: string, count: number): string {
  const form = new Intl.PluralRules(i18n.lang).select(count);
  const key = form === 'one' || form === 'few' || form === 'many' ? form : 'other';
  return i18n.t(`${path}.${key}`, { count: i18n.number(count) });
}

/** "2 schools and 1 polyclinic": the language's own way to join a list. */
export function joined(i18n: I18n, items: string[]): string {
  return new Intl.ListFormat(i18n.lang === 'kk' ? 'ru' : i18n.lang, { type: 'conjunction' }).format(items);
}
