import type { PdfWords } from '../../io/report/pdf';
import type { Translator } from '../i18n/translator';

/** The PDF report's own words (the headings of the findings and of the share link) in the translator's language. */
export function pdfWords(words: Translator): PdfWords {
  return { findings: words.t('reportPdf.findings'), link: words.t('reportPdf.link') };
}
