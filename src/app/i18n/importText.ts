import { fillMessage, type ImportMessage } from '../../io/import/messages';
import { problemPlace, type ImportProblem } from '../../io/import/types';
import type { I18n } from './i18n.svelte';

/** An importer's message in the planner's language (the catalogue's `importer` section); values from the file stay as written, numbers of the importer's own (a share, a household size) in the language's format. */
export function importMessageText(i18n: I18n, message: ImportMessage): string {
  return fillMessage(message, (key) => i18n.t(`importer.${key}`), (value) => i18n.number(value, Number.isInteger(value) ? 0 : 2));
}

/** `участки.csv, строка 3, столбец "lat": "forty-three" — не число`: where, then what. */
export function importProblemText(i18n: I18n, problem: ImportProblem): string {
  const where = problemPlace(problem).map((part) => (typeof part === 'string' ? part : importMessageText(i18n, part)));
  return `${where.join(', ')}: ${importMessageText(i18n, problem.message)}`;
}
