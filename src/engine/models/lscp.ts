import type { Coverage } from '../distance/coverage';
import type { SitingInstance } from '../instance/types';
import { MipBuilder } from '../mip/mip';
import { coverName, coverRows, siteColumns } from './coverRows';
import { chosen, infeasible, isWhole, listed, siteCost, siteRoles, type BuiltModel, type Infeasible } from './model';

/** Location set covering: the cheapest set of new sites that covers every demand point. */
export function buildLscp(instance: SitingInstance, cover: Coverage): BuiltModel | Infeasible {
  const roles = siteRoles(instance);
  const { uncoverable, rows } = coverRows(cover, roles);
  if (uncoverable.length > 0) {
    return infeasible(`demand points ${listed(uncoverable)} have no candidate site within ${radiusText(instance)}`);
  }
  const builder = new MipBuilder('min');
  const column = siteColumns(roles, (j) => {
    const x = builder.binary(siteCost(instance, j));
    builder.nameColumn(x, `open_s${j}`);
    return x;
  });
  for (const j of instance.sites.required) builder.fixColumn(column[j], 1);
  for (const row of rows) {
    const r = builder.addRow(1, Infinity, row.sites.map((j) => column[j]), 1);
    if (builder.naming) builder.nameRow(r, coverName(row.demand));
  }
  const sites = [...column.keys()].filter((j) => column[j] >= 0);
  const columns = sites.map((j) => column[j]);
  return {
    mip: builder.build(),
    integralObjective: instance.sites.costs === null || isWhole(instance.sites.costs),
    decode: (values) => {
      const open = chosen(values, columns, sites);
      return { open, objective: open.reduce((total, j) => total + siteCost(instance, j), 0) };
    },
  };
}

export function radiusText(instance: SitingInstance): string {
  return instance.model.radius === null ? 'their coverage sets' : `${instance.model.radius.toLocaleString('en-US')}`;
}
