import type { Distances } from '../instance/types';
import { distanceTable } from './table';

/**
 * For every demand point, the sites that cover it (distance <= radius,
 * inclusive), ascending, in CSR form: the sites of demand i are
 * `sites[start[i]] .. sites[start[i + 1] - 1]`.
 */
export interface Coverage {
  readonly demandCount: number;
  readonly siteCount: number;
  readonly start: Int32Array;
  readonly sites: Int32Array;
}

export function coverage(distances: Distances, demandCount: number, siteCount: number, radius: number | null): Coverage {
  if (distances.kind === 'coverage') return fromLists(distances.covers, siteCount);
  if (radius === null) throw new Error('a coverage radius is needed with distances of kind ' + distances.kind);
  const table = distanceTable(distances, demandCount, siteCount).values;
  const start = new Int32Array(demandCount + 1);
  const sites: number[] = [];
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) if (table[i * siteCount + j] <= radius) sites.push(j);
    start[i + 1] = sites.length;
  }
  return { demandCount, siteCount, start, sites: Int32Array.from(sites) };
}

function fromLists(lists: readonly Int32Array[], siteCount: number): Coverage {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (start[i + 1] = start[i] + list.length));
  const sites = new Int32Array(start[lists.length]);
  lists.forEach((list, i) => sites.set(list, start[i]));
  return { demandCount: lists.length, siteCount, start, sites };
}

export function coveringSites(cover: Coverage, demand: number): Int32Array {
  return cover.sites.subarray(cover.start[demand], cover.start[demand + 1]);
}
