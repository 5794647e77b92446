import type { DistanceTable } from '../distance/table';
import type { SitingInstance } from '../instance/types';
import { MipBuilder } from '../mip/mip';
import { Role, amount, listed, siteRoles } from './model';

/**
 * The assignment core shared by p-median, p-center and fixed-charge location:
 * open columns x_j (existing sites fixed open, forbidden ones left out),
 * assignment columns z_ij for every reachable pair, each demand point assigned
 * in full (sum_j z_ij = 1), only to open sites (z_ij <= x_j), and, when
 * capacitated, no site serving more than its capacity.
 */
export interface AssignmentModel {
  readonly builder: MipBuilder;
  readonly roles: Uint8Array;
  /** Column of x_j, or -1 for a forbidden site. */
  readonly openColumn: Int32Array;
  /** CSR by demand point: the sites it may be assigned to and their z columns. */
  readonly pairStart: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairColumn: Int32Array;
}

export interface AssignmentOptions {
  readonly sense: 'min' | 'max';
  /** Objective coefficient of x_j for a site that is not existing. */
  openingCost: (site: number) => number;
  /** Objective coefficient of z_ij. */
  assignmentCost: (demand: number, site: number, distance: number) => number;
}

export function assignmentModel(instance: SitingInstance, table: DistanceTable, options: AssignmentOptions): AssignmentModel {
  const { demand, sites, model } = instance;
  const builder = new MipBuilder(options.sense);
  const roles = siteRoles(instance);
  const openColumn = new Int32Array(sites.count).fill(-1);
  for (let j = 0; j < sites.count; j++) {
    if (roles[j] === Role.Forbidden) continue;
    openColumn[j] = builder.binary(roles[j] === Role.Existing ? 0 : options.openingCost(j));
    builder.nameColumn(openColumn[j], roles[j] === Role.Existing ? `existing_s${j}` : `open_s${j}`);
    if (roles[j] === Role.Existing || roles[j] === Role.Required) builder.fixColumn(openColumn[j], 1);
  }
  const single = model.capacitated && model.assignment === 'single';
  const pairStart = new Int32Array(demand.count + 1);
  const pairSite: number[] = [];
  const pairColumn: number[] = [];
  for (let i = 0; i < demand.count; i++) {
    for (let j = 0; j < sites.count; j++) {
      const distance = table.values[i * sites.count + j];
      if (openColumn[j] < 0 || !Number.isFinite(distance)) continue;
      pairSite.push(j);
      pairColumn.push(builder.addColumn(options.assignmentCost(i, j, distance), 0, 1, single));
      if (builder.naming) builder.nameColumn(pairColumn[pairColumn.length - 1], `serve_d${i}_s${j}`);
    }
    pairStart[i + 1] = pairSite.length;
  }
  for (let i = 0; i < demand.count; i++) {
    builder.nameRow(builder.addRow(1, 1, pairColumn.slice(pairStart[i], pairStart[i + 1]), 1), `assign_d${i}`);
  }
  for (let i = 0; i < demand.count; i++) {
    for (let k = pairStart[i]; k < pairStart[i + 1]; k++) {
      const row = builder.addRow(-Infinity, 0, [pairColumn[k], openColumn[pairSite[k]]], [1, -1]);
      if (builder.naming) builder.nameRow(row, `link_d${i}_s${pairSite[k]}`);
    }
  }
  if (model.capacitated && sites.capacities) {
    const served: number[][] = Array.from({ length: sites.count }, () => []);
    const load: number[][] = Array.from({ length: sites.count }, () => []);
    for (let i = 0; i < demand.count; i++) {
      for (let k = pairStart[i]; k < pairStart[i + 1]; k++) {
        served[pairSite[k]].push(pairColumn[k]);
        load[pairSite[k]].push(demand.weights[i]);
      }
    }
    for (let j = 0; j < sites.count; j++) {
      if (openColumn[j] < 0) continue;
      builder.nameRow(builder.addRow(-Infinity, 0, [...served[j], openColumn[j]], [...load[j], -sites.capacities[j]]), `capacity_s${j}`);
    }
    // Valid and much tighter in the relaxation: the open sites must hold all demand together.
    const open = [...openColumn].filter((column) => column >= 0);
    const capacity = [...openColumn.keys()].filter((j) => openColumn[j] >= 0).map((j) => sites.capacities![j]);
    builder.nameRow(builder.addRow(totalWeight(instance), Infinity, open, capacity), 'total_capacity');
  }
  return { builder, roles, openColumn, pairStart, pairSite: Int32Array.from(pairSite), pairColumn: Int32Array.from(pairColumn) };
}

/** `sum x_j = p` over new sites (required ones included), for p-median and p-center. */
export function exactlyP(assignment: AssignmentModel, p: number): void {
  const columns: number[] = [];
  assignment.openColumn.forEach((column, j) => {
    if (column >= 0 && assignment.roles[j] !== Role.Existing) columns.push(column);
  });
  assignment.builder.nameRow(assignment.builder.addRow(p, p, columns, 1), 'p_count');
}

export function openSites(assignment: AssignmentModel, values: Float64Array): number[] {
  const open: number[] = [];
  assignment.openColumn.forEach((column, j) => {
    if (column >= 0 && assignment.roles[j] !== Role.Existing && values[column] > 0.5) open.push(j);
  });
  return open;
}

export function totalWeight(instance: SitingInstance): number {
  return instance.demand.weights.reduce((sum, weight) => sum + weight, 0);
}

/** Causes of infeasibility visible without solving, shared by the assignment models. */
export function assignmentPrecheck(instance: SitingInstance, table: DistanceTable, p: number | null): string[] {
  const { demand, sites, model } = instance;
  const roles = siteRoles(instance);
  const reasons: string[] = [];
  const usable = (j: number) => roles[j] !== Role.Forbidden;
  const stranded: number[] = [];
  for (let i = 0; i < demand.count; i++) {
    let reachable = false;
    for (let j = 0; j < sites.count && !reachable; j++) reachable = usable(j) && Number.isFinite(table.values[i * sites.count + j]);
    if (!reachable) stranded.push(i);
  }
  if (stranded.length > 0) reasons.push(`demand points ${listed(stranded)} cannot reach any site that may be opened`);
  const candidates = [...roles.keys()].filter((j) => roles[j] === Role.Candidate || roles[j] === Role.Required);
  if (p !== null && candidates.length < p) {
    reasons.push(`p = ${p} new sites are asked for, but only ${candidates.length} sites may be opened (the others are existing or forbidden)`);
  }
  if (model.capacitated && sites.capacities) {
    const capacities = sites.capacities;
    const need = totalWeight(instance);
    const existing = [...roles.keys()].filter((j) => roles[j] === Role.Existing);
    const required = candidates.filter((j) => roles[j] === Role.Required);
    const optional = candidates.filter((j) => roles[j] === Role.Candidate).map((j) => capacities[j]).sort((a, b) => b - a);
    const chosenCount = p === null ? optional.length : Math.max(0, p - required.length);
    const most = [...existing, ...required].reduce((sum, j) => sum + capacities[j], 0) + optional.slice(0, chosenCount).reduce((sum, c) => sum + c, 0);
    if (most < need) {
      const what = p === null ? 'all the sites that may be opened' : `p = ${p} sites`;
      reasons.push(`${what} cannot hold a demand of ${amount(need)}: their largest possible total capacity is ${amount(most)}`);
    }
    if (model.assignment === 'single') {
      const biggest = Math.max(...candidates.concat(existing).map((j) => capacities[j]));
      const tooLarge = [...demand.weights.keys()].filter((i) => demand.weights[i] > biggest);
      if (tooLarge.length > 0) reasons.push(`demand points ${listed(tooLarge)} each need more than the largest capacity (${amount(biggest)}) and cannot be split`);
    }
  }
  return reasons;
}
