import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { mipObjective } from '../mip/mip';
import { assignmentModel, assignmentPrecheck, exactlyP, openSites } from './assignment';
import { infeasible, isWhole, type BuiltModel, type Infeasible } from './model';
import { buildPmedianRadius } from './pmedianRadius';

/**
 * p-median: open exactly p new sites, minimising the total weighted distance.
 *
 * Capacitated, it follows the capacitated p-median literature (Osman &
 * Christofides; Lorena & Senne, whose SJC optima we reproduce): the weights
 * are demands that load the capacities, and the objective sums the distance
 * of every assignment, unweighted.
 */
/**
 * `compact`: the radius form for the uncapacitated case (measured with HiGHS:
 * pmed10 0.9 s against 2.9 s, and no wasm abort from pmed31 on; GLPK is
 * faster on the textbook model: pmed1 0.7 s against 10.5 s).
 */
export function buildPmedian(instance: SitingInstance, table: DistanceTable, compact = true): BuiltModel | Infeasible {
  const p = instance.model.p!;
  const reasons = assignmentPrecheck(instance, table, p);
  if (reasons.length > 0) return infeasible(...reasons);
  const weights = instance.demand.weights;
  if (compact && !instance.model.capacitated) return buildPmedianRadius(instance, table, p);
  const assignment = assignmentModel(instance, table, {
    sense: 'min',
    openingCost: () => 0,
    assignmentCost: (i, _j, distance) => (instance.model.capacitated ? distance : weights[i] * distance),
  });
  exactlyP(assignment, p);
  const mip = assignment.builder.build();
  return {
    mip,
    integralObjective: isWhole(weights) && isWhole(table.values) && !(instance.model.capacitated && instance.model.assignment === 'split'),
    decode: (values) => {
      const open = openSites(assignment, values);
      const objective = instance.model.capacitated ? mipObjective(mip, values) : nearestTotal(instance, table, open, (i, d) => weights[i] * d, (a, b) => a + b);
      return { open, objective };
    },
  };
}

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

