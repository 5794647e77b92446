import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { assignmentModel, assignmentPrecheck, exactlyP, openSites } from './assignment';
import { infeasible, isWhole, type BuiltModel, type Infeasible } from './model';
import { nearestTotal } from './nearest';

/** p-center: open exactly p new sites, minimising the largest distance to the nearest open site. */
export function buildPcenter(instance: SitingInstance, table: DistanceTable): BuiltModel | Infeasible {
  const p = instance.model.p!;
  const reasons = assignmentPrecheck(instance, table, p);
  if (reasons.length > 0) return infeasible(...reasons);
  const assignment = assignmentModel(instance, table, { sense: 'min', openingCost: () => 0, assignmentCost: () => 0 });
  exactlyP(assignment, p);
  const { builder, pairStart, pairSite, pairColumn } = assignment;
  const worst = builder.continuous(1, 0, Infinity);
  builder.nameColumn(worst, 'worst_distance');
  for (let i = 0; i < instance.demand.count; i++) {
    const columns = [worst];
    const values = [-1];
    for (let k = pairStart[i]; k < pairStart[i + 1]; k++) {
      columns.push(pairColumn[k]);
      values.push(table.values[i * table.siteCount + pairSite[k]]);
    }
    builder.nameRow(builder.addRow(-Infinity, 0, columns, values), `worst_d${i}`);
  }
  return {
    mip: builder.build(),
    integralObjective: isWhole(table.values),
    decode: (values) => {
      const open = openSites(assignment, values);
      return { open, objective: nearestTotal(instance, table, open, (_i, d) => d, Math.max) };
    },
  };
}
