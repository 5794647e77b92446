import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/app/i18n/i18n.svelte';
import { formatNumberInput, parseNumber } from '../../src/app/i18n/numberInput';

const LANGUAGES: Language[] = ['kk', 'ru', 'en'];

describe.each(LANGUAGES)('numbers typed in %s', (lang) => {
  it.each([
    ['7,5', 7.5],
    ['7.5', 7.5],
    [' 52 ', 52],
    ['0,125', 0.125],
    ['1 200', 1200],
    ['1\u00a0200,5', 1200.5],
    ['1\u202f234\u202f567', 1234567],
    ['-5', -5],
    ['\u22122,5', -2.5],
    [',5', 0.5],
    ['31.2', 31.2],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text, lang)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['7,5,1', 'ambiguous'],
    ['1.234,5', 'ambiguous'],
    ['1,234.5', 'ambiguous'],
    ['1.234.567', 'ambiguous'],
    ['abc', 'unreadable'],
    ['7,5 bn', 'unreadable'],
    ['1e9', 'unreadable'],
    ['7 5', 'unreadable'],
    ['12 34', 'unreadable'],
    ['1 234,5 6', 'unreadable'],
    ['.', 'unreadable'],
    ['-', 'unreadable'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(parseNumber(text, lang)).toEqual({ ok: false, reason });
  });

  // Fields show at most 10 significant digits (NumberField), so decimals of modest length are what comes back.
  const fieldNumber = fc
    .tuple(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 8 }))
    .map(([digits, decimals]) => digits / 10 ** decimals);

  it('reads back every number it shows (format, then parse)', () => {
    fc.assert(
      fc.property(fieldNumber, (value) => {
        const shown = formatNumberInput(value, lang);
        const read = parseNumber(shown, lang);
        expect(read.ok && read.value === value, `${value} shown as ${JSON.stringify(shown)}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the language decides what is ambiguous', () => {
  it('shows the language\'s decimal sign', () => {
    expect(formatNumberInput(7.5, 'ru')).toBe('7,5');
    expect(formatNumberInput(7.5, 'kk')).toBe('7,5');
    expect(formatNumberInput(7.5, 'en')).toBe('7.5');
    expect(formatNumberInput(24600, 'ru')).toBe('24\u00a0600');
    expect(formatNumberInput(24600, 'en')).toBe('24600');
  });

  it('a comma before three digits is a decimal sign in Russian and Kazakh, ambiguous in English', () => {
    expect(parseNumber('1,200', 'ru')).toEqual({ ok: true, value: 1.2 });
    expect(parseNumber('1,200', 'kk')).toEqual({ ok: true, value: 1.2 });
    expect(parseNumber('1,200', 'en')).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it('a point before three digits is a decimal sign in English, ambiguous in Russian and Kazakh', () => {
    expect(parseNumber('1.200', 'en')).toEqual({ ok: true, value: 1.2 });
    expect(parseNumber('1.200', 'ru')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseNumber('1.200', 'kk')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseNumber('0.200', 'ru')).toEqual({ ok: true, value: 0.2 });
    expect(parseNumber('1.25', 'ru')).toEqual({ ok: true, value: 1.25 });
  });
});
