import { SiteState } from '../heuristics/siteState';
import type { Mip } from '../mip/mip';
import type { MipSolver } from '../mip/solver';
import type { SitingInstance } from '../instance/types';

/** What a model builder gives back: the MIP, and how to read a plan out of its values. */
export interface BuiltModel {
  readonly mip: Mip;
  /**
   * True when every feasible plan's objective is a whole number (integer
   * costs, weights and distances), so a fractional bound can be rounded.
   */
  readonly integralObjective: boolean;
  decode(values: Float64Array): Plan;
  /** A feasible plan found by a heuristic, as column values, for the solver to start from. */
  readonly start?: Float64Array;
  /** A proven bound on the optimum found without the solver (e.g. Lagrangian), offset included. */
  readonly bound?: number;
  /**
   * A smaller model with the same optimum, a start and a bound, found with the
   * solver's help (e.g. LPs inside a heuristic); `seconds` is all the time
   * left, some of which the model leaves for the final solve. Null when it
   * found nothing better to hand over.
   */
  refine?(solver: MipSolver, seconds: number): Promise<BuiltModel | null>;
}

export interface ScheduledSite {
  readonly site: number;
  readonly period: number;
}

export interface Plan {
  /** New sites opened (required ones included), ascending; existing sites are not listed. */
  readonly open: number[];
  /** Phased plans: the period in which each opened site opens. */
  readonly schedule?: ScheduledSite[];
  /** The plan's objective recomputed from the plan itself, where that is exact. */
  readonly objective?: number;
}

/** A plan that cannot exist, with the reasons in a planner's words. */
export interface Infeasible {
  readonly infeasible: true;
  readonly reasons: string[];
}

export function infeasible(...reasons: string[]): Infeasible {
  return { infeasible: true, reasons };
}

export const enum Role {
  Candidate = 0,
  Existing = 1,
  Required = 2,
  Forbidden = 3,
}

export function siteRoles(instance: SitingInstance): Uint8Array {
  const roles = new Uint8Array(instance.sites.count);
  for (const j of instance.sites.existing) roles[j] = Role.Existing;
  for (const j of instance.sites.required) roles[j] = Role.Required;
  for (const j of instance.sites.forbidden) roles[j] = Role.Forbidden;
  return roles;
}

/**
 * The instance with the sites a bound has decided made required (open) or
 * forbidden (closed); existing sites stay as they are.
 */
export function withFixedSites(instance: SitingInstance, state: (site: number) => SiteState): SitingInstance {
  const roles = siteRoles(instance);
  const required: number[] = [];
  const forbidden: number[] = [];
  for (let j = 0; j < instance.sites.count; j++) {
    if (roles[j] === Role.Existing) continue;
    if (state(j) === SiteState.Open) required.push(j);
    else if (state(j) === SiteState.Closed) forbidden.push(j);
  }
  return { ...instance, sites: { ...instance.sites, required, forbidden } };
}

export function siteCost(instance: SitingInstance, site: number): number {
  return instance.sites.costs ? instance.sites.costs[site] : 1;
}

export function isWhole(values: ArrayLike<number>): boolean {
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k]) && !Number.isInteger(values[k])) return false;
  return true;
}

/** Indices whose column value is 1 in a MIP solution (tolerant of solver round-off). */
export function chosen(values: Float64Array, columns: ArrayLike<number>, sites: ArrayLike<number>): number[] {
  const open: number[] = [];
  for (let k = 0; k < columns.length; k++) if (values[columns[k]] > 0.5) open.push(sites[k]);
  return open.sort((a, b) => a - b);
}

/** A count for a message: 12400 -> "12,400". */
export function amount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A share for a message: 0.457 -> "45.7%". */
export function percent(share: number): string {
  return `${(share * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

/** A short list of indices for a message: "17, 40, 41 and 12 more". */
export function listed(indices: readonly number[], limit = 8): string {
  const shown = indices.slice(0, limit).join(', ');
  return indices.length > limit ? `${shown} and ${indices.length - limit} more` : shown;
}
