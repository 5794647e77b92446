import type { Distances } from '../instance/types';
import { Graph } from './shortestPaths';

/** Dense demand x site distances, row-major; Infinity where a site is unreachable. */
export interface DistanceTable {
  readonly demandCount: number;
  readonly siteCount: number;
  readonly values: Float64Array;
}

export function distanceTable(distances: Distances, demandCount: number, siteCount: number): DistanceTable {
  switch (distances.kind) {
    case 'matrix':
      return { demandCount, siteCount, values: distances.values };
    case 'euclidean':
      return { demandCount, siteCount, values: euclideanTable(distances.demand, distances.sites, demandCount, siteCount) };
    case 'graph':
      return { demandCount, siteCount, values: graphTable(distances, demandCount, siteCount) };
    case 'coverage':
      throw new Error('coverage sets carry no distances');
  }
}

export function euclidean(points: Float64Array, i: number, others: Float64Array, j: number): number {
  return Math.hypot(points[2 * i] - others[2 * j], points[2 * i + 1] - others[2 * j + 1]);
}

function euclideanTable(demand: Float64Array, sites: Float64Array, demandCount: number, siteCount: number): Float64Array {
  const values = new Float64Array(demandCount * siteCount);
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) values[i * siteCount + j] = euclidean(demand, i, sites, j);
  }
  return values;
}

function graphTable(distances: Extract<Distances, { kind: 'graph' }>, demandCount: number, siteCount: number): Float64Array {
  const graph = new Graph(distances.nodes, distances.edges);
  const values = new Float64Array(demandCount * siteCount);
  const fromNode = new Map<number, Float64Array>();
  for (let j = 0; j < siteCount; j++) {
    const source = distances.siteNodes[j];
    let row = fromNode.get(source);
    if (!row) {
      row = graph.distancesFrom(source);
      fromNode.set(source, row);
    }
    for (let i = 0; i < demandCount; i++) values[i * siteCount + j] = row[distances.demandNodes[i]];
  }
  return values;
}
