import { EDGE_BRIDGE, EDGE_PATH, EDGE_TUNNEL, type StreetGraph } from '../../engine/streets/graph';
import { concat, frame, headerBlock, primitiveBlock } from '../osm/write';

/**
 * A walking graph written back as an OpenStreetMap extract (.osm.pbf), the
 * street layer of a package built in the browser: the streets reader reads it
 * into the same graph (every way is walkable by its tags), and it holds only
 * what the city uses, not the region's whole extract. Segments are chained
 * through nodes where exactly two of the same kind meet, so a street is one
 * way, not hundreds. The network's date is the first way's.
 */
export function streetsPbf(graph: StreetGraph): Uint8Array {
  const newest = graph.source.newest ? Date.parse(`${graph.source.newest}T00:00:00Z`) / 1000 : null;
  const parts = [...frame('OSMHeader', headerBlock())];
  const n = graph.lon.length;
  for (let first = 0; first < n; first += BLOCK) {
    const count = Math.min(BLOCK, n - first);
    parts.push(
      ...frame(
        'OSMData',
        primitiveBlock((group) =>
          group.writeMessage(
            2,
            (_: null, dense) => {
              // Ids 1..n, so every id step is 1; coordinates delta-coded in 1e-7 degrees.
              dense.writePackedSVarint(1, [first + 1, ...new Array<number>(count - 1).fill(1)]);
              dense.writePackedSVarint(8, deltaE7(graph.lat, first, count));
              dense.writePackedSVarint(9, deltaE7(graph.lon, first, count));
            },
            null,
          ),
        ),
      ),
    );
  }
  // A way per chain, written field by field: a network has over a million of them.
  const chains = streetChains(graph);
  for (let first = 0; first < chains.count; first += BLOCK) {
    const last = Math.min(first + BLOCK, chains.count);
    parts.push(
      ...frame(
        'OSMData',
        primitiveBlock((group, strings) => {
          const keys = KINDS.map((kind) => Object.keys(tagsOf(kind)).map((key) => strings.id(key)));
          const values = KINDS.map((kind) => Object.values(tagsOf(kind)).map((value) => strings.id(value)));
          for (let c = first; c < last; c++) {
            group.writeMessage(
              3,
              (_: null, way) => {
                way.writeVarintField(1, c + 1);
                way.writePackedVarint(2, keys[chains.kind[c]]);
                way.writePackedVarint(3, values[chains.kind[c]]);
                if (c === 0 && newest !== null) way.writeMessage(4, (__: null, info) => info.writeVarintField(2, newest), null);
                // Node ids are indices + 1, delta-coded.
                const steps: number[] = [];
                let previous = -1;
                for (let i = chains.start[c]; i < chains.start[c + 1]; i++) {
                  steps.push(chains.nodes[i] - previous);
                  previous = chains.nodes[i];
                }
                way.writePackedSVarint(8, steps);
              },
              null,
            );
          }
        }),
      ),
    );
  }
  return concat(parts);
}

const BLOCK = 8000;
/** Every combination of the edge flags (EDGE_BRIDGE | EDGE_TUNNEL | EDGE_PATH). */
const KINDS = [0, 1, 2, 3, 4, 5, 6, 7];

function deltaE7(values: Float64Array, first: number, count: number): number[] {
  const out = new Array<number>(count);
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const e7 = Math.round(values[first + i] * 1e7);
    out[i] = e7 - previous;
    previous = e7;
  }
  return out;
}

/**
 * The graph's segments as chains, each of one kind of segment: chain c runs
 * through nodes[start[c] .. start[c + 1]). Flat typed arrays: a network has
 * over a million chains, and as many small objects kept alive cost seconds
 * of garbage collection.
 */
export interface StreetChains {
  readonly count: number;
  readonly start: Int32Array;
  readonly nodes: Int32Array;
  readonly kind: Uint8Array;
}

export function streetChains(graph: StreetGraph): StreetChains {
  const n = graph.lon.length;
  const m = graph.edgeFrom.length;
  const first = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    first[graph.edgeFrom[e] + 1]++;
    first[graph.edgeTo[e] + 1]++;
  }
  for (let v = 0; v < n; v++) first[v + 1] += first[v];
  const incident = new Int32Array(2 * m);
  const fill = first.slice(0, n);
  for (let e = 0; e < m; e++) {
    incident[fill[graph.edgeFrom[e]]++] = e;
    incident[fill[graph.edgeTo[e]]++] = e;
  }
  const degree = (v: number) => first[v + 1] - first[v];
  const used = new Uint8Array(m);
  // Every segment adds one node to its chain, and every chain one more: at most 2m.
  const nodes = new Int32Array(2 * m);
  const start = new Int32Array(m + 1);
  const kind = new Uint8Array(m);
  let count = 0;
  let length = 0;
  const walk = (edge: number, at: number) => {
    const type = graph.edgeKind[edge];
    kind[count] = type;
    start[count] = length;
    nodes[length++] = at;
    for (;;) {
      used[edge] = 1;
      at = graph.edgeFrom[edge] === at ? graph.edgeTo[edge] : graph.edgeFrom[edge];
      nodes[length++] = at;
      if (degree(at) !== 2) break;
      const a = incident[first[at]];
      const next = a === edge ? incident[first[at] + 1] : a;
      if (used[next] || graph.edgeKind[next] !== type) break;
      edge = next;
    }
    start[++count] = length;
  };
  for (let v = 0; v < n; v++) {
    if (degree(v) === 2) continue;
    for (let k = first[v]; k < first[v + 1]; k++) if (!used[incident[k]]) walk(incident[k], v);
  }
  // What is left are chains between nodes of degree two only, and rings.
  for (let e = 0; e < m; e++) if (!used[e]) walk(e, graph.edgeFrom[e]);
  return { count, start: start.subarray(0, count + 1), nodes: nodes.subarray(0, length), kind: kind.subarray(0, count) };
}

function tagsOf(kind: number): Record<string, string> {
  return {
    highway: kind & EDGE_PATH ? 'footway' : 'residential',
    ...(kind & EDGE_BRIDGE ? { bridge: 'yes' } : {}),
    ...(kind & EDGE_TUNNEL ? { tunnel: 'yes' } : {}),
  };
}
