import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { MipBuilder } from '../mip/mip';
import { Role, isWhole, siteRoles, type BuiltModel } from './model';
import { nearestTotal } from './nearest';

/**
 * Uncapacitated p-median in the compact "radius" form (Cornuejols, Nemhauser
 * and Wolsey; Elloumi 2010): for demand point i with distinct distances
 * D_1 < ... < D_K to the sites that may serve it, z_k = 1 when i is not
 * served within D_k, and the cost is w_i (D_1 + sum_k (D_{k+1} - D_k) z_k).
 * Written as a chain, z_k >= z_{k-1} - (sites at exactly D_k), each site
 * appears once per demand point, and the LP bound is that of the textbook
 * model. With integer distances (the OR-Library graphs) K is far below the
 * number of sites, so the model is several times smaller. The chain stops at
 * the first level holding a site that is always open (existing or required):
 * i is served within it whatever the plan.
 *
 * `plan`: new sites of a known plan, written as a start for the solver.
 */
export function buildPmedianRadius(instance: SitingInstance, table: DistanceTable, p: number, plan?: readonly number[]): BuiltModel {
  const { demand, sites } = instance;
  const roles = siteRoles(instance);
  const builder = new MipBuilder('min');
  const open = new Int32Array(sites.count).fill(-1);
  const always = (j: number) => roles[j] === Role.Existing || roles[j] === Role.Required;
  const planned = plan ? new Set(plan) : null;
  const startValues: number[] = [];
  const startColumn = (column: number, value: number) => (startValues[column] = value);
  for (let j = 0; j < sites.count; j++) {
    if (roles[j] === Role.Forbidden) continue;
    open[j] = builder.binary(0);
    builder.nameColumn(open[j], `open_s${j}`);
    if (always(j)) builder.fixColumn(open[j], 1);
    startColumn(open[j], always(j) || planned?.has(j) ? 1 : 0);
  }
  for (let i = 0; i < demand.count; i++) {
    const reachable: { j: number; d: number }[] = [];
    for (let j = 0; j < sites.count; j++) {
      const d = table.values[i * sites.count + j];
      if (open[j] >= 0 && Number.isFinite(d)) reachable.push({ j, d });
    }
    reachable.sort((a, b) => a.d - b.d || a.j - b.j);
    // Levels up to the first that holds a site always open: i is served within it whatever the plan.
    const levels: { d: number; sites: number[] }[] = [];
    let servedAlways = Infinity;
    let servedByPlan = Infinity;
    for (const { j, d } of reachable) {
      if (d > servedAlways) break;
      if (levels.length === 0 || levels[levels.length - 1].d !== d) levels.push({ d, sites: [] });
      levels[levels.length - 1].sites.push(open[j]);
      if (always(j)) servedAlways = d;
      if (always(j) || planned?.has(j)) servedByPlan = Math.min(servedByPlan, d);
    }
    const w = demand.weights[i];
    builder.addToOffset(w * levels[0].d);
    let previous = -1;
    for (let k = 0; k < levels.length; k++) {
      // z_k: not served within D_k (none at the last level: i is served by then).
      const z = k === levels.length - 1 ? -1 : builder.continuous(w * (levels[k + 1].d - levels[k].d), 0, 1);
      if (z >= 0) startColumn(z, levels[k].d < servedByPlan ? 1 : 0);
      // z: demand point i is farther than the k-th distance; the row: served within it, or farther.
      if (z >= 0 && builder.naming) builder.nameColumn(z, `beyond_d${i}_${levels[k].d}`);
      const columns = [...levels[k].sites];
      const values = columns.map(() => 1);
      if (z >= 0) columns.push(z), values.push(1);
      if (previous >= 0) columns.push(previous), values.push(-1);
      const row = builder.addRow(previous >= 0 ? 0 : 1, Infinity, columns, values);
      if (builder.naming) builder.nameRow(row, `within_d${i}_${levels[k].d}`);
      previous = z;
    }
  }
  const newSites: number[] = [];
  open.forEach((column, j) => column >= 0 && roles[j] !== Role.Existing && newSites.push(column));
  builder.nameRow(builder.addRow(p, p, newSites, 1), 'p_count');
  const mip = builder.build();
  return {
    mip,
    start: plan ? Float64Array.from({ length: mip.numCols }, (_, column) => startValues[column] ?? 0) : undefined,
    integralObjective: isWhole(demand.weights) && isWhole(table.values),
    decode: (values) => {
      const chosen: number[] = [];
      open.forEach((column, j) => column >= 0 && roles[j] !== Role.Existing && values[column] > 0.5 && chosen.push(j));
      return { open: chosen, objective: nearestTotal(instance, table, chosen, (i, d) => demand.weights[i] * d, (a, b) => a + b) };
    },
  };
}
