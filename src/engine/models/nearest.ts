import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';

/** Combines, over demand points, the cost of reaching the nearest open or existing site. */
export function nearestTotal(
  instance: SitingInstance,
  table: DistanceTable,
  open: readonly number[],
  cost: (demand: number, distance: number) => number,
  combine: (total: number, value: number) => number,
): number {
  const sites = [...open, ...instance.sites.existing];
  let total = 0;
  for (let i = 0; i < instance.demand.count; i++) {
    let nearest = Infinity;
    for (const j of sites) nearest = Math.min(nearest, table.values[i * table.siteCount + j]);
    total = combine(total, cost(i, nearest));
  }
  return total;
}
