import type { WorkbookWords } from '../../io/report/xlsx';
import type { Translator } from '../i18n/translator';

/** The workbook's sheet names and row labels in the translator's language. */
export function workbookWords(words: Translator): WorkbookWords {
  const t = (key: string) => words.t(`reportXlsx.${key}`);
  return {
    sheets: { summary: t('summary'), districts: words.t('kpi.byDistrict'), every: t('every'), sites: words.t('report.sites'), schedule: words.t('report.schedule'), curve: words.t('report.curve') },
    city: t('city'),
    date: t('date'),
    status: t('status'),
    indicator: t('indicator'),
    value: t('value'),
    credits: t('credits'),
    link: t('link'),
    proven: t('proven'),
    yes: t('yes'),
  };
}
