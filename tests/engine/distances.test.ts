import { describe, expect, it } from 'vitest';
import { coverage, coveringSites } from '../../src/engine/distance/coverage';
import { Graph } from '../../src/engine/distance/shortestPaths';
import { distanceTable } from '../../src/engine/distance/table';
import { instance, loadFixture, random } from './helpers';

describe('graph shortest paths', () => {
  // 0 -1- 1 -1- 2, and a long direct edge 0 -5- 2; node 3 is isolated.
  const graph = new Graph(4, Float64Array.from([0, 1, 1, 1, 2, 1, 0, 2, 5]));

  it('takes the shorter way round', () => {
    expect([...graph.distancesFrom(0)]).toEqual([0, 1, 2, Infinity]);
    expect([...graph.distancesFrom(2)]).toEqual([2, 1, 0, Infinity]);
  });

  it('matches Floyd-Warshall on random graphs', () => {
    const next = random(7);
    for (let round = 0; round < 20; round++) {
      const nodes = 2 + Math.floor(next() * 12);
      const edges: number[] = [];
      for (let e = 0; e < nodes * 2; e++) edges.push(Math.floor(next() * nodes), Math.floor(next() * nodes), Math.floor(next() * 20));
      const expected = floydWarshall(nodes, edges);
      const graph = new Graph(nodes, Float64Array.from(edges));
      for (let source = 0; source < nodes; source++) expect([...graph.distancesFrom(source)]).toEqual(expected[source]);
    }
  });

  it('lets the last of a repeated edge win, as the OR-Library p-median files need', () => {
    const parsed = instance({
      model: { type: 'pmedian', p: 1 },
      demand: { count: 2 },
      sites: { count: 2 },
      distances: { kind: 'graph', nodes: 2, edges: [[0, 1, 3], [1, 0, 9]], demandNodes: [0, 1], siteNodes: [0, 1] },
    });
    const table = distanceTable(parsed.distances, 2, 2);
    expect([...table.values]).toEqual([0, 9, 9, 0]);
  });

  it('gives the OR-Library pmed1 distances their published optimum structure', () => {
    const pmed1 = loadFixture('pmed1');
    const table = distanceTable(pmed1.distances, 100, 100);
    for (let i = 0; i < 100; i++) expect(table.values[i * 100 + i]).toBe(0);
    for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) expect(table.values[i * 100 + j]).toBe(table.values[j * 100 + i]);
  });
});

describe('coverage', () => {
  it('is inclusive: a site exactly at the radius covers', () => {
    const parsed = instance({
      model: { type: 'lscp', radius: 5 },
      demand: { count: 1 },
      sites: { count: 3 },
      distances: { kind: 'euclidean', demand: [[0, 0]], sites: [[3, 4], [5.000001, 0], [0, -5]] },
    });
    const cover = coverage(parsed.distances, 1, 3, 5);
    expect([...coveringSites(cover, 0)]).toEqual([0, 2]);
  });

  it('treats null matrix entries as unreachable', () => {
    const parsed = instance({
      model: { type: 'lscp', radius: 100 },
      demand: { count: 2 },
      sites: { count: 2 },
      distances: { kind: 'matrix', values: [[null, 10], [100, 101]] },
    });
    const cover = coverage(parsed.distances, 2, 2, 100);
    expect([...coveringSites(cover, 0)]).toEqual([1]);
    expect([...coveringSites(cover, 1)]).toEqual([0]);
  });

  it('takes explicit coverage sets as they are, duplicates removed', () => {
    const parsed = instance({
      model: { type: 'lscp' },
      demand: { count: 2 },
      sites: { count: 3 },
      distances: { kind: 'coverage', covers: [[2, 0, 2], []] },
    });
    const cover = coverage(parsed.distances, 2, 3, null);
    expect([...coveringSites(cover, 0)]).toEqual([0, 2]);
    expect([...coveringSites(cover, 1)]).toEqual([]);
  });

  it('finds the same sets as a direct check on the San Francisco data', () => {
    const sf = loadFixture('spopt-sf-mclp');
    const { count: m } = sf.demand;
    const n = sf.sites.count;
    const cover = coverage(sf.distances, m, n, 5000);
    const table = distanceTable(sf.distances, m, n);
    let pairs = 0;
    for (let i = 0; i < m; i++) {
      const expected = [];
      for (let j = 0; j < n; j++) if (table.values[i * n + j] <= 5000) expected.push(j);
      expect([...coveringSites(cover, i)]).toEqual(expected);
      pairs += expected.length;
    }
    expect(pairs).toBeGreaterThan(0);
  });
});

function floydWarshall(nodes: number, edges: number[]): number[][] {
  const d = Array.from({ length: nodes }, (_, i) => Array.from({ length: nodes }, (_, j) => (i === j ? 0 : Infinity)));
  for (let e = 0; e < edges.length; e += 3) {
    const [u, v, w] = [edges[e], edges[e + 1], edges[e + 2]];
    d[u][v] = Math.min(d[u][v], w);
    d[v][u] = Math.min(d[v][u], w);
  }
  for (let k = 0; k < nodes; k++) for (let i = 0; i < nodes; i++) for (let j = 0; j < nodes; j++) d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
  return d;
}
