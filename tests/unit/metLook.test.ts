import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en';
import type { I18n } from '../../src/app/i18n/i18n.svelte';
import { kk } from '../../src/app/i18n/kk';
import { linkFaultText } from '../../src/app/i18n/linkFault';
import { formatMessage as formatAppMessage, type Values } from '../../src/app/i18n/message';
import { ru } from '../../src/app/i18n/ru';
import { importCsv } from '../../src/io/import/csv';
import { formatMessage } from '../../src/io/import/messages';
import { decodeShare } from '../../src/io/link/shareLink';

/** What the final look at issue 24's screens found in the catalogues. */
const root = new URL('../../', import.meta.url).pathname;
describe('the estimates announced for population points without children or households', () => {
  const result = importCsv('lat,lon,residents\n43.25,76.9,2\n43.26,76.91,3\n', 'people.csv', 'demand');
  if (!result.ok) throw new Error('the file should import');
  const estimates = result.warnings.filter((warning) => warning.key.startsWith('estimated'));

  it('say what the importer does (it no longer rounds per point), in words of the planner’s language', () => {
    expect(estimates.map((warning) => warning.key)).toEqual(['estimatedChildren', 'estimatedHouseholds']);
    // Not rounded: 2 and 3 residents give 0.34 and 0.51 children, not 0 and 1.
    expect(result.points.map((point) => point.children)).toEqual([0.17 * 2, 0.17 * 3]);
    const texts = {
      en: estimates.map((warning) => formatMessage(warning)),
      ru: estimates.map((warning) => formatMessage(warning, ru.importer)),
      kk: estimates.map((warning) => formatMessage(warning, kk.importer)),
    };
    for (const [lang, lines] of Object.entries(texts)) {
      for (const line of lines) {
        expect(line, lang).not.toMatch(/round/i);
        expect(line, lang).toMatch(/0\.17|3\.3/);
        // The Russian and Kazakh lines carry no English word (the code's "round(…)" was one).
        if (lang !== 'en') expect(line, lang).not.toMatch(/[A-Za-z]/);
      }
    }
  });
});

describe('a link that does not open says why in the page’s language', () => {
  const catalogues = { en, ru, kk };
  /** The app's lookup and filling, without its Svelte state. */
  const i18n = (lang: keyof typeof catalogues) =>
    ({
      t: (key: string, values: Values = {}) => {
        const template = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogues[lang]);
        if (typeof template !== 'string') throw new Error(`${lang}: no message ${key}`);
        return formatAppMessage(template, values, { plural: new Intl.PluralRules(lang), number: String });
      },
    }) as unknown as I18n;

  it('names the fault of an empty, a newer, a stray-character and a truncated link in every language', async () => {
    const faults = await Promise.all(['', '#s99.AAAA', '#s1.a*b', '#s1.AAAAA'].map((fragment) => decodeShare(fragment)));
    expect(faults.map((decoded) => !decoded.ok && decoded.reason?.key)).toEqual(['empty', 'newer', 'characters', 'truncated']);
    for (const decoded of faults) {
      if (decoded.ok) throw new Error('a bad link opened');
      expect(linkFaultText(i18n('en'), decoded)).toBe(decoded.detail);
      for (const lang of ['ru', 'kk'] as const) expect(linkFaultText(i18n(lang), decoded), lang).not.toMatch(/[A-Za-z]/);
    }
  });
});

describe('Compare’s note under its table', () => {
  it('is whole sentences, each beginning with a capital letter, naming the first scenario', () => {
    for (const [lang, catalogue] of Object.entries({ en, ru, kk })) {
      const note = formatAppMessage((catalogue.compare as Record<string, string>).note ?? '', { name: 'Алматы (демо)' }, { plural: new Intl.PluralRules(lang), number: String });
      expect(note, lang).toContain('Алматы (демо)');
      const sentences = note.split(/(?<=\.) /);
      expect(sentences.length, lang).toBeGreaterThanOrEqual(2);
      for (const sentence of sentences) expect(sentence, lang).toMatch(/^\p{Lu}.*\.$/u);
    }
  });
});

describe('the catalogues', () => {
  it('have every message the app asks for by name, in all three languages (a missing one shows its key)', () => {
    const files = readdirSync(join(root, 'src/app'), { recursive: true, encoding: 'utf8' }).filter((file) => /\.(svelte|ts)$/.test(file));
    const get = (node: unknown, key: string) => key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], node);
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, 'src/app', file), 'utf8');
      for (const [, key] of text.matchAll(/\bi18n\.t\('([\w.]+)'/g)) {
        for (const [lang, catalogue] of Object.entries({ en, ru, kk })) if (typeof get(catalogue, key) !== 'string') missing.push(`${file}: ${lang} ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
