import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curveEndTexts } from '../../src/app/components/curveEnd';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { formatMessage } from '../../src/app/i18n/message';
import { ru } from '../../src/app/i18n/ru';
import type { BudgetCurve, CurvePoint } from '../../src/plan/curve';

type Tree = { readonly [key: string]: string | Tree };

/** The app's messages in a language, with amounts as "1573.0 bn" (the card's I18n needs the page's runes). */
function words(catalogue: Tree) {
  const lookup = (path: string) => path.split('.').reduce<string | Tree | undefined>((node, key) => (typeof node === 'object' ? node[key] : undefined), catalogue);
  return {
    t: (path: string, values: Record<string, string | number> = {}) => {
      const template = lookup(path);
      if (typeof template !== 'string') throw new Error(`no message ${path}`);
      return formatMessage(template, values, { plural: new Intl.PluralRules('en'), number: String });
    },
    tenge: (amount: number) => `${(amount / 1e9).toFixed(1)} bn`,
  };
}

/** The amounts a text names, in bn, in order. */
const amounts = (text: string) => [...text.matchAll(/([\d.]+) bn/g)].map((m) => Number(m[1]));

const point = (budget: number, spent: number, share: number): CurvePoint => ({ budget, spent, covered: share * 1000, demand: 1000, share, bound: share, gap: 0, status: 'timeout', open: {} });

describe("the curve card's end", () => {
  it("the issue's run: coverage reached at 1,573 bn with a full budget of 1,758 bn not proven no longer says that covering everyone costs 1,758", () => {
    // Saved before the bound existed (no fullBudgetBound), as the run showed it.
    const curve: BudgetCurve = { target: 'school', fullBudget: 1758e9, saturation: 1573e9, points: [point(0, 0, 0.5), point(1573e9, 1560e9, 0.96), point(1758e9, 1758e9, 0.96)] };
    const { saturation, full } = curveEndTexts(words(en as Tree), curve);
    expect(saturation).toBe('Coverage reaches its maximum by 1573.0 bn, perhaps earlier.');
    expect(full).toBe('Covering everyone who can be covered costs at most 1560.0 bn (not proven in the time given).');
    // With the bound, both ends of what is known; proven, one budget in both sentences.
    expect(curveEndTexts(words(en as Tree), { ...curve, fullBudgetBound: 1450e9 }).full).toBe('Covering everyone who can be covered costs at most 1560.0 bn and at least 1450.0 bn (not proven in the time given).');
    const proven = { ...curve, saturation: 1758e9, fullBudgetBound: 1758e9, points: [point(0, 0, 0.5), point(879e9, 879e9, 0.9), point(1758e9, 1758e9, 0.96)] };
    expect(curveEndTexts(words(en as Tree), proven)).toEqual({ saturation: 'Coverage stops growing at 1758.0 bn.', full: 'Covering everyone who can be covered costs 1758.0 bn: the least cost, proven.' });
    expect(curveEndTexts(words(ru as Tree), proven).full).toBe('Охватить всех, кого можно охватить, стоит 1758.0 bn: это наименьшая стоимость, и она доказана.');
    expect(curveEndTexts(words(kk as Tree), { ...curve, fullBudgetBound: 1450e9 }).full).toBe('Қамтуға болатын барлық адамды қамту құны ең көбі 1560.0 bn, ең азы 1450.0 bn (берілген уақытта дәлелденбеді).');
  });

  it('never contradicts itself, in any language: saturation not above "at most", "at least" not above either, one budget when proven', () => {
    const curves = fc
      .record({ steps: fc.integer({ min: 2, max: 8 }), full: fc.integer({ min: 1, max: 2000 }), saturatedAt: fc.integer({ min: 0, max: 8 }), spentCut: fc.double({ min: 0, max: 1, noNaN: true }), boundCut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })), proven: fc.boolean() })
      .map(({ steps, full, saturatedAt, spentCut, boundCut, proven }): BudgetCurve => {
        const fullBudget = full * 1e9;
        const at = proven ? steps : Math.max(1, Math.min(saturatedAt, steps));
        const points = Array.from({ length: steps + 1 }, (_, n) => {
          const budget = (fullBudget * n) / steps;
          // Points before the saturation spend their budget; from it on, the plan's cost lies between the previous budget and this one.
          const spent = n < at ? budget : Math.max((fullBudget * (at - 1)) / steps + ((fullBudget * (at - 1)) / steps < budget ? spentCut * (budget - (fullBudget * (at - 1)) / steps) : 0), 0);
          return point(budget, Math.min(spent, budget), n >= at ? 1 : n / (steps + 1));
        });
        const least = Math.min(...points.slice(at).map((p) => p.spent));
        const bound = proven ? fullBudget : boundCut === null ? null : boundCut * least;
        return { target: 'school', fullBudget, fullBudgetBound: bound, saturation: points[at].budget, points };
      });
    fc.assert(
      fc.property(curves, (curve) => {
        for (const catalogue of [en, ru, kk] as Tree[]) {
          const { saturation, full } = curveEndTexts(words(catalogue), curve);
          const [stops] = amounts(saturation);
          const [most, least] = amounts(full);
          expect(stops).toBeLessThanOrEqual(curve.fullBudget / 1e9 + 0.05);
          if (least !== undefined) expect(least).toBeLessThanOrEqual(most + 0.05);
          // Coverage reaches its maximum at a point whose plan costs at most "most".
          expect(most).toBeLessThanOrEqual(stops + 0.05);
          if (curve.fullBudgetBound === curve.fullBudget) {
            expect(stops).toBeCloseTo(most, 1);
            expect(least).toBeUndefined();
          }
        }
      }),
      { numRuns: 200, seed: 23 },
    );
  });
});
