import { marginalCosts, type BudgetCurve } from '../../plan/curve';
import { decimal, toCsv } from './csv';

/**
 * The budget-coverage curve as CSV, one row per budget point: what it allows
 * and spends (tenge), the people covered of how many, the covered share and
 * its proven bound and gap, the solve's status, and the tenge per person
 * more covered since the point before (empty for the first point and next to
 * a point without a plan, "inf" where money bought no one).
 */
export const CURVE_COLUMNS = ['budget_tenge', 'spent_tenge', 'covered', 'demand', 'share', 'bound', 'gap', 'status', 'marginal_tenge_per_person'] as const;

export function curveCsv(curve: BudgetCurve): string {
  const marginal = marginalCosts(curve);
  return toCsv(
    CURVE_COLUMNS,
    curve.points.map((point, n) => [
      decimal(point.budget, 0),
      decimal(point.spent, 0),
      decimal(point.covered, 2),
      decimal(point.demand, 2),
      decimal(point.share, 8),
      point.bound === null ? null : decimal(point.bound, 8),
      point.gap === null ? null : decimal(point.gap, 8),
      point.status,
      marginal[n] === null ? null : Number.isFinite(marginal[n]) ? decimal(marginal[n]!, 2) : 'inf',
    ]),
  );
}
