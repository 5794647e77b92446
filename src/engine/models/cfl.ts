import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { mipObjective } from '../mip/mip';
import { assignmentModel, assignmentPrecheck, openSites } from './assignment';
import { infeasible, isWhole, siteCost, type BuiltModel, type Infeasible } from './model';
import { nearestTotal } from './pmedian';

/**
 * Fixed-charge facility location (OR-Library convention): opening costs plus
 * service costs, where the table holds the cost of serving ALL of a demand
 * point from a site and serving a fraction costs that fraction.
 */
export function buildCfl(instance: SitingInstance, table: DistanceTable): BuiltModel | Infeasible {
  const reasons = assignmentPrecheck(instance, table, null);
  if (reasons.length > 0) return infeasible(...reasons);
  const assignment = assignmentModel(instance, table, {
    sense: 'min',
    openingCost: (j) => siteCost(instance, j),
    assignmentCost: (_i, _j, serviceCost) => serviceCost,
  });
  const mip = assignment.builder.build();
  return {
    mip,
    integralObjective: isWhole(instance.sites.costs!) && isWhole(table.values) && !instance.model.capacitated,
    decode: (values) => {
      const open = openSites(assignment, values);
      const opening = open.reduce((sum, j) => sum + siteCost(instance, j), 0);
      const objective = instance.model.capacitated ? mipObjective(mip, values) : opening + nearestTotal(instance, table, open, (_i, cost) => cost, (a, b) => a + b);
      return { open, objective };
    },
  };
}
