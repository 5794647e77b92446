import type { Distances } from '../instance/types';
import KDBush from 'kdbush';
import { distanceTable, euclidean } from './table';

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
  if (distances.kind === 'euclidean') return euclideanCoverage(distances.demand, distances.sites, demandCount, siteCount, radius);
  const table = distanceTable(distances, demandCount, siteCount).values;
  const start = new Int32Array(demandCount + 1);
  const sites: number[] = [];
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) if (table[i * siteCount + j] <= radius) sites.push(j);
    start[i + 1] = sites.length;
  }
  return { demandCount, siteCount, start, sites: Int32Array.from(sites) };
}

/**
 * Coverage in the plane through a spatial index over the sites: memory grows
 * with the pairs that cover, not with demand x sites (a 20,000 x 2,000 table
 * would be 320 MB). The index only proposes; the exact test is the same
 * d <= radius as everywhere else.
 */
function euclideanCoverage(demand: Float64Array, sites: Float64Array, demandCount: number, siteCount: number, radius: number): Coverage {
  const index = new KDBush(Math.max(siteCount, 1));
  for (let j = 0; j < siteCount; j++) index.add(sites[2 * j], sites[2 * j + 1]);
  index.finish();
  const start = new Int32Array(demandCount + 1);
  let found = new Int32Array(Math.max(16, demandCount * 4));
  let size = 0;
  const slack = radius * (1 + 1e-9) + 1e-9;
  for (let i = 0; i < demandCount; i++) {
    const near = index.within(demand[2 * i], demand[2 * i + 1], slack).sort((a, b) => a - b);
    for (const j of near) {
      if (euclidean(demand, i, sites, j) > radius) continue;
      if (size === found.length) {
        const grown = new Int32Array(found.length * 2);
        grown.set(found);
        found = grown;
      }
      found[size++] = j;
    }
    start[i + 1] = size;
  }
  return { demandCount, siteCount, start, sites: found.slice(0, size) };
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
