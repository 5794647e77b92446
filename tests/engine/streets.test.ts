import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STREET_GRAPH_FORMAT, cropGraph, walkable, walkingGraph, type StreetGraph } from '../../src/engine/streets/graph';
import { StreetNetwork } from '../../src/engine/streets/network';
import { nearestSites, reachWithin } from '../../src/engine/streets/reach';
import type { StreetWays, WayTags } from '../../src/engine/streets/ways';
import { bruteDistances, type PlainStreets } from './streetsBrute';

const identity = { x: (lon: number) => lon, y: (_lon: number, lat: number) => lat };

function graphOf(streets: PlainStreets): StreetGraph {
  return {
    format: STREET_GRAPH_FORMAT,
    lon: Float64Array.from(streets.x),
    lat: Float64Array.from(streets.y),
    edgeFrom: Int32Array.from(streets.edges, (e) => e[0]),
    edgeTo: Int32Array.from(streets.edges, (e) => e[1]),
    edgeKind: new Uint8Array(streets.edges.length),
    source: { name: 'test', newest: null, bbox: null, ways: streets.edges.length, walkableWays: streets.edges.length },
  };
}

/** A connected random street graph: a random tree plus extra segments. */
const streetsArbitrary = fc.integer({ min: 2, max: 14 }).chain((n) =>
  fc.record({
    x: fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: n, maxLength: n }),
    y: fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: n, maxLength: n }),
    parents: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
    extra: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n }),
  }).map(({ x, y, parents, extra }): PlainStreets => ({
    x,
    y,
    edges: [...parents.map((p, k): [number, number] => [p % (k + 1), k + 1]), ...extra.filter(([a, b]) => a !== b)],
  })),
);
const pointsArbitrary = fc.array(fc.record({ x: fc.double({ min: -300, max: 2300, noNaN: true }), y: fc.double({ min: -300, max: 2300, noNaN: true }) }), { minLength: 1, maxLength: 8 });

describe('streets: distances along the network', () => {
  it('are never shorter than the straight line, and equal an explicit-graph Dijkstra (random graphs and points)', () => {
    fc.assert(
      fc.property(streetsArbitrary, pointsArbitrary, fc.constantFrom(150, 300, 1e9), (streets, points, maxConnector) => {
        const network = new StreetNetwork(graphOf(streets), identity);
        const snaps = network.snap(Float64Array.from(points, (p) => p.x), Float64Array.from(points, (p) => p.y), maxConnector);
        const pairs = reachWithin(network, snaps, snaps, 1e7, 1.25);
        const brute = bruteDistances(streets, points, maxConnector, 1.25);
        for (let s = 0; s < points.length; s++) {
          const found = new Map<number, number>();
          for (let k = pairs.start[s]; k < pairs.start[s + 1]; k++) found.set(pairs.target[k], pairs.distance[k]);
          for (let i = 0; i < points.length; i++) {
            const straight = Math.hypot(points[s].x - points[i].x, points[s].y - points[i].y);
            const expected = brute[s][i];
            if (!Number.isFinite(expected)) {
              expect(found.has(i)).toBe(false);
              continue;
            }
            expect(found.get(i)).toBeCloseTo(expected, 6);
            // Rounding only: a few ulps of a metre.
            expect(found.get(i)!).toBeGreaterThanOrEqual(straight - 1e-9);
          }
        }
        // The nearest site of each point, from one search over all sites, is the brute force's minimum.
        const nearest = nearestSites(network, snaps, snaps, 1.25);
        for (let i = 0; i < points.length; i++) expect(nearest.distance[i]).toBeCloseTo(Math.min(...brute.map((row) => row[i])), 6);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('a radius keeps exactly the pairs within it (inclusive)', () => {
    const streets: PlainStreets = { x: [0, 1000, 1000], y: [0, 0, 1000], edges: [[0, 1], [1, 2]] };
    const network = new StreetNetwork(graphOf(streets), identity);
    // A site 10 m off the first street, points 600 m along it and 400 m along the second street; a point to itself is 0 m.
    const snaps = network.snap(Float64Array.from([0, 600, 1000]), Float64Array.from([10, -10, 400]), 300);
    const pairs = reachWithin(network, snaps, snaps, 10 + 600 + 10, 1.25);
    expect([...pairs.target.subarray(pairs.start[0], pairs.start[1])]).toEqual([0, 1]);
    expect([...pairs.distance.subarray(pairs.start[0], pairs.start[1])]).toEqual([0, 620]);
  });
});

describe('streets: the walking graph from OSM tags', () => {
  const tags = (highway: string, more: Partial<WayTags> = {}): WayTags => ({ highway, ...more });
  it('keeps what a pedestrian may use', () => {
    expect(walkable(tags('residential'))).toBe(true);
    expect(walkable(tags('footway'))).toBe(true);
    expect(walkable(tags('steps'))).toBe(true);
    expect(walkable(tags('primary'))).toBe(true);
    expect(walkable(tags('motorway'))).toBe(false);
    expect(walkable(tags('trunk'))).toBe(false);
    expect(walkable(tags('trunk', { sidewalk: 'both' }))).toBe(true);
    expect(walkable(tags('trunk', { foot: 'yes' }))).toBe(true);
    expect(walkable(tags('residential', { foot: 'no' }))).toBe(false);
    expect(walkable(tags('service', { access: 'private' }))).toBe(false);
    expect(walkable(tags('service', { access: 'private', foot: 'yes' }))).toBe(true);
    expect(walkable(tags('construction'))).toBe(false);
  });

  it('joins ways at shared nodes, drops what may not be walked, and keeps each segment once', () => {
    const ways: StreetWays = {
      lon: Float64Array.from([0, 1, 2, 3, 4]),
      lat: Float64Array.from([0, 0, 0, 0, 0]),
      wayStart: Int32Array.from([0, 3, 5, 7]),
      wayNodes: Int32Array.from([0, 1, 2, 2, 3, 1, 2]),
      tags: [tags('residential'), tags('motorway'), tags('footway', { bridge: 'yes' })],
      newest: '2012-03-13',
      bbox: null,
    };
    const graph = walkingGraph(ways, 'test.osm');
    expect(graph.lon.length).toBe(3);
    expect([...graph.edgeFrom].map((u, e) => [graph.lon[u], graph.lon[graph.edgeTo[e]]])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(graph.source).toMatchObject({ ways: 3, walkableWays: 2, newest: '2012-03-13' });
  });

  it('cuts a region to a box: segments with an end outside go, and so do their unused nodes', () => {
    const graph = graphOf({ x: [0, 1, 2, 3], y: [0, 0, 0, 5], edges: [[0, 1], [1, 2], [2, 3]] });
    const cut = cropGraph(graph, [-0.5, -0.5, 2.5, 0.5]);
    expect([...cut.lon]).toEqual([0, 1, 2]);
    expect([...cut.edgeFrom].map((u, e) => [cut.lon[u], cut.lon[cut.edgeTo[e]]])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(cropGraph(graph, [-9, -9, 9, 9])).toBe(graph);
  });
});
