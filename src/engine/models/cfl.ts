import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { mipObjective } from '../mip/mip';
import { assignmentModel, assignmentPrecheck, openSites } from './assignment';
import { fixCfl, type FixedCfl } from './cflFixing';
import { Role, infeasible, isWhole, siteCost, type BuiltModel, type Infeasible } from './model';
import { nearestTotal } from './nearest';

/**
 * Fixed-charge facility location (OR-Library convention): opening costs plus
 * service costs, where the table holds the cost of serving ALL of a demand
 * point from a site and serving a fraction costs that fraction.
 */
export function buildCfl(instance: SitingInstance, table: DistanceTable): BuiltModel | Infeasible {
  const reasons = assignmentPrecheck(instance, table, null);
  if (reasons.length > 0) return infeasible(...reasons);
  const built = textbook(instance, table);
  const { capacitated, assignment } = instance.model;
  if (!capacitated || assignment !== 'split' || instance.demand.count * instance.sites.count > FIXING_LIMIT) return built;
  // Capacitated with split demand: a Lagrangian bound fixes most sites first (see cflFixing.ts).
  return {
    ...built,
    refine: async (solver, seconds) => {
      // Most of the time: the tree search proves far more than the MIP on what it leaves (measured on capb2: 17 s).
      const fixed = await fixCfl(instance, table, solver, seconds * 0.85);
      if (!fixed) return null;
      const reduced = textbook(fixed.instance, table, fixed);
      return { ...reduced, bound: fixed.bound };
    },
  };
}

/** Demand points x sites up to which the fixing runs (its cost table takes 8 bytes a pair). */
const FIXING_LIMIT = 4_000_000;

/** The assignment model, with a plan (sites and flows) written as the solver's start when one is given. */
function textbook(instance: SitingInstance, table: DistanceTable, plan?: FixedCfl): BuiltModel {
  const assignment = assignmentModel(instance, table, {
    sense: 'min',
    openingCost: (j) => siteCost(instance, j),
    assignmentCost: (_i, _j, serviceCost) => serviceCost,
  });
  const mip = assignment.builder.build();
  let start: Float64Array | undefined;
  if (plan) {
    start = new Float64Array(mip.numCols);
    const m = instance.demand.count;
    assignment.openColumn.forEach((column, j) => column >= 0 && (start![column] = plan.open[j] || assignment.roles[j] === Role.Existing || assignment.roles[j] === Role.Required ? 1 : 0));
    for (let i = 0; i < m; i++) {
      for (let k = assignment.pairStart[i]; k < assignment.pairStart[i + 1]; k++) start[assignment.pairColumn[k]] = plan.flows[assignment.pairSite[k] * m + i];
    }
  }
  return {
    mip,
    start,
    integralObjective: isWhole(instance.sites.costs!) && isWhole(table.values) && !instance.model.capacitated,
    decode: (values) => {
      const open = openSites(assignment, values);
      const opening = open.reduce((sum, j) => sum + siteCost(instance, j), 0);
      const objective = instance.model.capacitated ? mipObjective(mip, values) : opening + nearestTotal(instance, table, open, (_i, cost) => cost, (a, b) => a + b);
      return { open, objective };
    },
  };
}
