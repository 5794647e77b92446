import type { Coverage } from '../distance/coverage';
import { Role } from './model';

/**
 * The covering rows shared by lscp and mclp: for each demand point, whether an
 * existing facility already covers it, and otherwise which open-able sites
 * could. Demand points with the same set of sites share one row, with their
 * weights summed; this is exact and often shrinks city-scale models many times.
 */
export interface CoverRows {
  /** Demand points an existing facility covers. */
  readonly coveredByExisting: Uint8Array;
  /** Demand points no open-able site and no existing facility covers. */
  readonly uncoverable: number[];
  /** One entry per distinct site set: its sites and the demand points that share it. */
  readonly rows: { sites: number[]; demand: number[] }[];
}

export function coverRows(cover: Coverage, roles: Uint8Array): CoverRows {
  const coveredByExisting = new Uint8Array(cover.demandCount);
  const uncoverable: number[] = [];
  const rows: { sites: number[]; demand: number[] }[] = [];
  const rowOf = new Map<string, number>();
  for (let i = 0; i < cover.demandCount; i++) {
    const sites: number[] = [];
    for (let k = cover.start[i]; k < cover.start[i + 1]; k++) {
      const j = cover.sites[k];
      if (roles[j] === Role.Existing) coveredByExisting[i] = 1;
      else if (roles[j] !== Role.Forbidden) sites.push(j);
    }
    if (coveredByExisting[i]) continue;
    if (sites.length === 0) {
      uncoverable.push(i);
      continue;
    }
    const key = sites.join(',');
    const row = rowOf.get(key);
    if (row === undefined) {
      rowOf.set(key, rows.length);
      rows.push({ sites, demand: [i] });
    } else rows[row].demand.push(i);
  }
  return { coveredByExisting, uncoverable, rows };
}

/** Column of each open-able site (-1 for existing and forbidden ones). */
export function siteColumns(roles: Uint8Array, addColumn: (site: number) => number): Int32Array {
  const column = new Int32Array(roles.length).fill(-1);
  for (let j = 0; j < roles.length; j++) {
    if (roles[j] === Role.Candidate || roles[j] === Role.Required) column[j] = addColumn(j);
  }
  return column;
}

/** A covering row's name: its first demand point, and how many more share the row (`cover_d12_plus3`). */
export function coverName(demand: readonly number[], prefix = 'cover'): string {
  return demand.length > 1 ? `${prefix}_d${demand[0]}_plus${demand.length - 1}` : `${prefix}_d${demand[0]}`;
}
