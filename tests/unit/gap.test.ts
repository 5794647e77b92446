import { describe, expect, it } from 'vitest';
import { formatGap } from '../../src/app/i18n/gap';

const percent = (lang: string) => (share: number, digits: number) => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(share);

describe('a proven gap on the screen', () => {
  it('is never "0%" when it is not zero, in every language', () => {
    expect(formatGap(0, percent('en'))).toBe('0%');
    expect(formatGap(0.00003, percent('en'))).toBe('< 0.01%');
    expect(formatGap(0.0036, percent('en'))).toBe('0.36%');
    expect(formatGap(0.00003, percent('ru'))).toMatch(/^< 0,01\s?%$/);
  });
});
