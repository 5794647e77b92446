import { enabledTypes, periodCount, type Scenario } from '../../plan/scenario';
import type { I18n } from '../i18n/i18n.svelte';

/**
 * The solve's progress in the planner's units. The engine's objective is a
 * sum over the plan's types (and years): covered shares in percentage points
 * (169.25 for three types is 56.4% each on average), tenge for the least
 * cost, metres for the average or worst distance. Shown bare, "best plan so
 * far 169.25" said nothing.
 */
export function bestSoFar(i18n: Pick<I18n, 't' | 'percent' | 'tenge' | 'distance'>, scenario: Scenario, objective: number): string {
  const terms = Math.max(1, enabledTypes(scenario).length * periodCount(scenario));
  const mean = objective / terms;
  switch (scenario.objective) {
    case 'maxCoverage':
      return i18n.t('solve.bestCoverage', { share: i18n.percent(mean / 100) });
    case 'minCost':
      return i18n.t('solve.bestCost', { cost: i18n.tenge(objective) });
    case 'maxAll':
      // Residents summed over the years: the last year's stand for the plan.
      return i18n.t('solve.bestAll', { people: i18n.t('demandUnit.residents', { count: Math.round(objective / periodCount(scenario)) }) });
    case 'minTravel':
      return i18n.t('solve.bestTravel', { distance: i18n.distance(mean) });
    default:
      return i18n.t(terms > 1 ? 'solve.bestWorstMean' : 'solve.bestWorst', { distance: i18n.distance(mean) });
  }
}
