import type { PageWords } from '../../io/report/page';
import type { Translator } from '../i18n/translator';

/** The plan page's own headings in the translator's language. */
export function pageWords(words: Translator): PageWords {
  const t = (key: keyof PageWords) => words.t(`reportPage.${key}`);
  return { kpis: t('kpis'), map: t('map'), credits: t('credits'), link: t('link'), offline: t('offline') };
}
