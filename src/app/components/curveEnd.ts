import { curveEnd, type BudgetCurve } from '../../plan/curve';
import type { I18n } from '../i18n/i18n.svelte';

/**
 * What the curve card says of the curve's end: where coverage stops growing
 * and what covering everyone who can be covered costs. From one reading of
 * the curve (plan/curve.ts curveEnd), so the two never contradict each
 * other: proven, both name the same budget, the least cost; not proven, the
 * point reached "by" a budget (perhaps earlier) and the cost "at most" the
 * cheapest plan found, "at least" the proven bound. A curve from before the
 * bound existed is read as not proven.
 */
export function curveEndTexts(i18n: Pick<I18n, 't' | 'tenge'>, curve: Pick<BudgetCurve, 'points' | 'fullBudget' | 'fullBudgetBound' | 'saturation'>): { saturation: string; full: string } {
  const end = curveEnd(curve);
  const saturation =
    end.saturation === null ? i18n.t('curve.noSaturation') : i18n.t(end.proven ? 'curve.saturation' : 'curve.saturationBy', { budget: i18n.tenge(end.saturation) });
  let full: string;
  if (end.proven) full = i18n.t('curve.fullBudgetProven', { budget: i18n.tenge(curve.fullBudget) });
  else if (end.least !== null) full = i18n.t('curve.fullBudgetRange', { most: i18n.tenge(end.most), least: i18n.tenge(end.least) });
  else full = i18n.t('curve.fullBudgetAtMost', { most: i18n.tenge(end.most) });
  return { saturation, full };
}
