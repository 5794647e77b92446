import type { DeckWords } from '../../io/report/pptx';
import type { Translator } from '../i18n/translator';

/** The deck's own words (titles of its slides) in the translator's language. */
export function deckWords(words: Translator): DeckWords {
  const t = (key: keyof DeckWords) => words.t(`reportDeck.${key}`);
  return { kpis: t('kpis'), continued: t('continued'), compare: t('compare'), findings: t('findings'), link: t('link'), linkNoQr: t('linkNoQr'), noLink: t('noLink') };
}

/** Where the bundled fonts are, under the app's base (public/fonts): DejaVu Sans has every Cyrillic and Kazakh letter. */
export const REPORT_FONTS = { regular: 'fonts/DejaVuSans.ttf', bold: 'fonts/DejaVuSans-Bold.ttf' } as const;
/** The family the documents' texts are measured in: wider than Arial, the font they are set in, so a text measured to fit does. */
export const MEASURE_FAMILY = 'DejaVu Sans';
