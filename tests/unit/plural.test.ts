import { describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { formatMessage, type Values } from '../../src/app/i18n/message';
import { ru } from '../../src/app/i18n/ru';

// As the app formats them: Kazakh numbers are written as Russian ones (see i18n.svelte.ts).
const FORMATS = {
  en: { plural: new Intl.PluralRules('en'), number: (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n) },
  ru: { plural: new Intl.PluralRules('ru'), number: (n: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(n) },
  kk: { plural: new Intl.PluralRules('kk'), number: (n: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(n) },
};
const say = (lang: keyof typeof FORMATS, template: string, values: Values) => formatMessage(template, values, FORMATS[lang]).replace(/\u00a0/g, ' ');

describe('plural forms after a number', () => {
  it('Russian: one, few, many and fractions', () => {
    const children = ru.demandOf.school;
    expect(say('ru', children, { count: 1 })).toBe('1 ребёнок 6–17 лет');
    expect(say('ru', children, { count: 3 })).toBe('3 ребёнка 6–17 лет');
    expect(say('ru', children, { count: 367500 })).toBe('367 500 детей 6–17 лет');
    expect(say('ru', children, { count: 11 })).toBe('11 детей 6–17 лет');
    expect(say('ru', children, { count: 21 })).toBe('21 ребёнок 6–17 лет');
    expect(say('ru', ru.demandOf.polyclinic, { count: 24600 })).toBe('24 600 жителей');
    expect(say('ru', ru.demandOf.polyclinic, { count: 22 })).toBe('22 жителя');
    expect(say('ru', ru.demandOf.container, { count: 330 })).toBe('330 домохозяйств');
    expect(say('ru', ru.demandOf.container, { count: 2.5 })).toBe('2,5 домохозяйства');
    expect(say('ru', ru.capacityOf.school, { count: 1200 })).toBe('1 200 ученических мест');
    expect(say('ru', ru.io.imported, { file: 'a.csv', count: '151045' })).toBe('a.csv: импортировано 151 045 записей.');
    expect(say('ru', ru.io.imported, { file: 'a.csv', count: 1 })).toBe('a.csv: импортирована 1 запись.');
    expect(say('ru', ru.io.imported, { file: 'a.csv', count: 3 })).toBe('a.csv: импортированы 3 записи.');
    expect(say('ru', ru.site.count, { count: 5 })).toBe('В этой ячейке 5 площадок');
    expect(say('ru', ru.share.tooLong, { length: 4001 })).toMatch(/^Длина ссылки — 4 001 символ,/);
    expect(say('ru', ru.share.tooLong, { length: 4003 })).toMatch(/^Длина ссылки — 4 003 символа,/);
  });

  it('Kazakh: the noun stays singular after a numeral', () => {
    expect(say('kk', kk.demandOf.school, { count: 367500 })).toBe('6–17 жастағы 367 500 бала');
    expect(say('kk', kk.demandOf.school, { count: 1 })).toBe('6–17 жастағы 1 бала');
    expect(say('kk', kk.demandOf.polyclinic, { count: 24600 })).toBe('24 600 тұрғын');
    expect(say('kk', kk.demandOf.container, { count: 330 })).toBe('330 үй шаруашылығы');
    expect(say('kk', kk.io.imported, { file: 'a.csv', count: 151045 })).toBe('a.csv: 151 045 жазба импортталды.');
  });

  it('English: one and other, with thousands separators', () => {
    expect(say('en', en.demandOf.school, { count: 1 })).toBe('1 child 6-17');
    expect(say('en', en.demandOf.school, { count: 367500 })).toBe('367,500 children 6-17');
    expect(say('en', en.io.imported, { file: 'a.csv', count: '151045' })).toBe('a.csv: 151,045 records imported.');
    expect(say('en', en.io.imported, { file: 'a.csv', count: 1 })).toBe('a.csv: 1 record imported.');
    expect(say('en', en.reason.staleCandidates, { count: 1 })).toBe('1 required or forbidden site is no longer a candidate (the grid changed) and was ignored.');
  });

  it('exact cases, placeholders inside forms, and plain placeholders as given', () => {
    const template = '{n, plural, =0 {none for {who}} one {# item for {who}} other {# items for {who}}} in {year}';
    expect(say('en', template, { n: 0, who: 'Ana', year: 2026 })).toBe('none for Ana in 2026');
    expect(say('en', template, { n: 1, who: 'Ana', year: 2026 })).toBe('1 item for Ana in 2026');
    expect(say('en', template, { n: 1234, who: 'Ana', year: 2026 })).toBe('1,234 items for Ana in 2026');
    expect(say('en', template, { who: 'Ana' })).toBe('{n} in {year}');
  });

  it('every plural message of every catalogue has an "other" form and only the language\'s categories', () => {
    const categories = { en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'], kk: ['one', 'other'] };
    for (const [lang, catalogue] of Object.entries({ en, ru, kk }) as [keyof typeof FORMATS, object][]) {
      const texts = JSON.stringify(catalogue).match(/\{\w+, plural,[^"]*/g) ?? [];
      expect(texts.length).toBeGreaterThan(5);
      for (const text of texts) {
        const used = [...text.matchAll(/(?:^|[}\s,])(zero|one|two|few|many|other) \{/g)].map((m) => m[1]);
        expect(used, text).toContain('other');
        for (const category of used) expect(categories[lang], text).toContain(category);
        for (const n of [0, 1, 2, 5, 21, 1.5]) expect(() => say(lang, text.replace(/\\"/g, '"'), { count: n, length: n })).not.toThrow();
      }
    }
  });

  it('every message of every catalogue can be filled in', () => {
    const leaves = (tree: object): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));
    for (const [lang, catalogue] of Object.entries({ en, ru, kk }) as [keyof typeof FORMATS, object][]) {
      for (const text of leaves(catalogue)) {
        const names = [...text.matchAll(/\{(\w+)[},]/g)].map((m) => m[1]);
        const values = Object.fromEntries(names.map((name) => [name, 3]));
        expect(say(lang, text, values), text).not.toMatch(/[{}]/);
      }
    }
  });
});
