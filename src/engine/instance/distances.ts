import { fail, show } from './errors';
import { array, integer, number, onlyKeys, type Json } from './fields';
import type { Distances } from './types';

const KINDS = ['matrix', 'graph', 'euclidean', 'coverage'];

export function parseDistances(json: Json, demandCount: number, siteCount: number): Distances {
  switch (json.kind) {
    case 'matrix':
      onlyKeys(json, 'distances', ['kind', 'values']);
      return { kind: 'matrix', values: parseMatrix(json.values, demandCount, siteCount) };
    case 'graph':
      onlyKeys(json, 'distances', ['kind', 'nodes', 'edges', 'demandNodes', 'siteNodes']);
      return parseGraph(json, demandCount, siteCount);
    case 'euclidean':
      onlyKeys(json, 'distances', ['kind', 'demand', 'sites']);
      return {
        kind: 'euclidean',
        demand: parsePoints(json.demand, 'distances.demand', demandCount, 'demand.count'),
        sites: parsePoints(json.sites, 'distances.sites', siteCount, 'sites.count'),
      };
    case 'coverage':
      onlyKeys(json, 'distances', ['kind', 'covers']);
      return { kind: 'coverage', covers: parseCovers(json.covers, demandCount, siteCount) };
    default:
      return fail('distances.kind', `unknown kind ${show(json.kind)} (known: ${KINDS.join(', ')})`);
  }
}

function parseMatrix(value: unknown, demandCount: number, siteCount: number): Float64Array {
  const rows = array(value, 'distances.values', demandCount, 'demand.count');
  const values = new Float64Array(demandCount * siteCount);
  for (let i = 0; i < demandCount; i++) {
    const row = array(rows[i], `distances.values[${i}]`, siteCount, 'sites.count');
    for (let j = 0; j < siteCount; j++) {
      const entry = row[j];
      values[i * siteCount + j] = entry === null ? Infinity : number(entry, `distances.values[${i}][${j}]`, { min: 0, what: 'distances' });
    }
  }
  return values;
}

function parseGraph(json: Json, demandCount: number, siteCount: number): Distances {
  const nodes = integer(json.nodes, 'distances.nodes', { min: 1, what: 'the number of nodes' });
  const node = (value: unknown, field: string) => {
    const index = integer(value, field, { min: 0, what: 'a node index' });
    if (index >= nodes) fail(field, `node ${index} does not exist (the graph has nodes 0 to ${nodes - 1})`);
    return index;
  };
  // The OR-Library p-median files list some edges twice; the last length wins, as in their reference code.
  const lengths = new Map<number, number>();
  array(json.edges, 'distances.edges').forEach((entry, k) => {
    const edge = array(entry, `distances.edges[${k}]`);
    if (edge.length !== 3) fail(`distances.edges[${k}]`, `expected [u, v, length], found ${show(entry)}`);
    const u = node(edge[0], `distances.edges[${k}][0]`);
    const v = node(edge[1], `distances.edges[${k}][1]`);
    const length = number(edge[2], `distances.edges[${k}][2]`, { min: 0, what: 'edge lengths' });
    const key = Math.min(u, v) * nodes + Math.max(u, v);
    lengths.set(key, length);
  });
  const edges = new Float64Array(lengths.size * 3);
  let k = 0;
  for (const [key, length] of lengths) {
    edges[k++] = Math.floor(key / nodes);
    edges[k++] = key % nodes;
    edges[k++] = length;
  }
  const nodeList = (value: unknown, field: string, count: number, countName: string) =>
    Int32Array.from(array(value, field, count, countName), (entry, i) => node(entry, `${field}[${i}]`));
  return {
    kind: 'graph',
    nodes,
    edges,
    demandNodes: nodeList(json.demandNodes, 'distances.demandNodes', demandCount, 'demand.count'),
    siteNodes: nodeList(json.siteNodes, 'distances.siteNodes', siteCount, 'sites.count'),
  };
}

function parsePoints(value: unknown, field: string, count: number, countName: string): Float64Array {
  const list = array(value, field, count, countName);
  const points = new Float64Array(count * 2);
  list.forEach((entry, i) => {
    const point = array(entry, `${field}[${i}]`);
    if (point.length !== 2) fail(`${field}[${i}]`, `expected [x, y], found ${show(entry)}`);
    points[2 * i] = number(point[0], `${field}[${i}][0]`);
    points[2 * i + 1] = number(point[1], `${field}[${i}][1]`);
  });
  return points;
}

function parseCovers(value: unknown, demandCount: number, siteCount: number): Int32Array[] {
  return array(value, 'distances.covers', demandCount, 'demand.count').map((entry, i) => {
    const sites = array(entry, `distances.covers[${i}]`);
    const set = new Set<number>();
    sites.forEach((site, k) => {
      const j = integer(site, `distances.covers[${i}][${k}]`, { min: 0, what: 'a site index' });
      if (j >= siteCount) fail(`distances.covers[${i}][${k}]`, `site ${j} does not exist (sites.count is ${siteCount})`);
      set.add(j);
    });
    return Int32Array.from([...set].sort((a, b) => a - b));
  });
}
