/**
 * Numbers typed into fields, read the same way in every language: the decimal
 * comma and the point are both accepted, spaces (also no-break and narrow
 * no-break) group thousands, and anything that could be read two ways is
 * refused rather than guessed. A planner typing `7,5` means seven and a half
 * in Almaty whatever the interface language; `1,200` in English may mean
 * twelve hundred, so it is refused there and the planner asked to write it
 * plainly.
 */
import type { Language } from './i18n.svelte';

export type ParsedNumber = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: 'empty' | 'unreadable' | 'ambiguous' };

/** The decimal sign each language writes; the other one is read as decimal too unless it could be grouping. */
const DECIMAL: Record<Language, ',' | '.'> = { kk: ',', ru: ',', en: '.' };
// Same as the display formats in i18n.svelte.ts: Chromium's kk-KZ data is trimmed.
const LOCALES: Record<Language, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-US' };
const SPACES = /[ \u00a0\u202f\u2009]/;
const MINUS = /^[-\u2212]/;

export function parseNumber(text: string, lang: Language): ParsedNumber {
  let body = text.trim();
  if (body === '') return { ok: false, reason: 'empty' };
  const negative = MINUS.test(body);
  if (negative || body.startsWith('+')) body = body.slice(1);
  if (!/^[\d., \u00a0\u202f\u2009]+$/.test(body) || !/\d/.test(body)) return { ok: false, reason: 'unreadable' };
  const separators = body.replace(/[^.,]/g, '');
  // Two kinds of separator, or one twice: 1.234,5 or 1,234.5 or 7,5,1 may each be read two ways.
  if (separators.length > 1) return { ok: false, reason: 'ambiguous' };
  let [whole, fraction = ''] = separators === '' ? [body] : body.split(separators);
  if (SPACES.test(fraction)) return { ok: false, reason: 'unreadable' };
  if (SPACES.test(whole)) {
    // Spaces only between groups of three: "7 5" is a typing slip, not seventy-five.
    if (!/^\d{1,3}([ \u00a0\u202f\u2009]\d{3})+$/.test(whole)) return { ok: false, reason: 'unreadable' };
    whole = whole.replace(/[ \u00a0\u202f\u2009]/g, '');
  }
  // "1,200" in English (or "1.200" in Russian) is a thousands separator as often as a decimal sign.
  if (separators !== '' && separators !== DECIMAL[lang] && /^[1-9]\d{0,2}$/.test(whole) && /^\d{3}$/.test(fraction)) return { ok: false, reason: 'ambiguous' };
  if (whole === '' && fraction === '') return { ok: false, reason: 'unreadable' };
  const value = Number(`${whole || '0'}.${fraction || '0'}`);
  return { ok: true, value: negative ? -value : value };
}

/**
 * A number as a field shows it, in the language's format, so that parseNumber
 * reads it back to the same value: ru/kk `1 200,5` (no-break space), en
 * `1200.5` (no grouping: an English `1,200` would be ambiguous).
 */
export function formatNumberInput(value: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 20, useGrouping: lang !== 'en' }).format(value);
}
