import type { Language } from './i18n.svelte';

/** Kazakh month names: Chromium's trimmed ICU data has none (it wrote Kazakh dates in Russian). */
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/** A day in words, in the language: "6 December 2026", "6 декабря 2026 г.", "2026 жылғы 6 желтоқсан". */
export function longDate(date: Date, lang: Language): string {
  if (lang === 'kk') return `${date.getFullYear()} жылғы ${date.getDate()} ${KK_MONTHS[date.getMonth()]}`;
  return date.toLocaleDateString(lang === 'en' ? 'en-GB' : 'ru-RU', { year: 'numeric', month: 'long', day: 'numeric' });
}
