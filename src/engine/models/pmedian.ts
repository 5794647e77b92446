import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { mipObjective } from '../mip/mip';
import { assignmentModel, assignmentPrecheck, exactlyP, openSites } from './assignment';
import { infeasible, isWhole, type BuiltModel, type Infeasible } from './model';
import { nearestTotal } from './nearest';
import { fixMedian } from './pmedianFixing';
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
 * Uncapacitated, the sites a Lagrangian bound fixes are fixed first (see
 * pmedianFixing.ts; often that proves the plan optimal outright), within
 * `heuristicSeconds`. `compact`: the radius form for what is left (measured
 * with HiGHS: pmed10 0.9 s against 2.9 s, and no wasm abort from pmed31 on;
 * GLPK is faster on the textbook model: pmed1 0.7 s against 10.5 s).
 */
export function buildPmedian(instance: SitingInstance, table: DistanceTable, compact = true, heuristicSeconds = 1): BuiltModel | Infeasible {
  const p = instance.model.p!;
  const reasons = assignmentPrecheck(instance, table, p);
  if (reasons.length > 0) return infeasible(...reasons);
  const weights = instance.demand.weights;
  if (!instance.model.capacitated && instance.demand.count * instance.sites.count <= FIXING_LIMIT) {
    const integral = isWhole(weights) && isWhole(table.values);
    const fixed = fixMedian(instance, table, p, integral, heuristicSeconds);
    if (fixed) {
      // Proven, every site is fixed: the radius form then has one level per demand point.
      const built = compact || fixed.proven ? buildPmedianRadius(fixed.instance, table, p, fixed.plan) : textbook(fixed.instance, table, p);
      return { ...built, bound: fixed.bound };
    }
  }
  if (compact && !instance.model.capacitated) return buildPmedianRadius(instance, table, p);
  return textbook(instance, table, p);
}

/** Demand points x sites up to which the fixing runs (its cost table and sorted lists take about 20 bytes a pair). */
const FIXING_LIMIT = 4_000_000;

function textbook(instance: SitingInstance, table: DistanceTable, p: number): BuiltModel {
  const weights = instance.demand.weights;
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
