import { EDGE_BRIDGE, EDGE_PATH, EDGE_TUNNEL, type StreetGraph } from '../../engine/streets/graph';
import { osmPbf, type OsmWay } from '../osm/write';

/**
 * A walking graph written back as an OpenStreetMap extract (.osm.pbf), the
 * street layer of a package built in the browser: the streets reader reads it
 * into the same graph (every way is walkable by its tags), and it holds only
 * what the city uses, not the region's whole extract. Segments are chained
 * through nodes where exactly two of the same kind meet, so a street is one
 * way, not hundreds. The network's date is the first way's.
 */
export function streetsPbf(graph: StreetGraph): Uint8Array {
  const newest = graph.source.newest ? Date.parse(`${graph.source.newest}T00:00:00Z`) / 1000 : undefined;
  const ways: OsmWay[] = streetChains(graph).map((chain, k) => ({ id: k + 1, refs: chain.nodes.map((v) => v + 1), tags: tagsOf(chain.kind), ...(k === 0 && newest !== undefined ? { timestamp: newest } : {}) }));
  const nodes = Array.from({ length: graph.lon.length }, (_, v) => ({ id: v + 1, lon: graph.lon[v], lat: graph.lat[v] }));
  return osmPbf({ nodes, ways, relations: [] });
}

/** The graph's segments as chains of node indices, each of one kind of segment. */
export function streetChains(graph: StreetGraph): { nodes: number[]; kind: number }[] {
  const n = graph.lon.length;
  const m = graph.edgeFrom.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    start[graph.edgeFrom[e] + 1]++;
    start[graph.edgeTo[e] + 1]++;
  }
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const incident = new Int32Array(2 * m);
  const fill = start.slice(0, n);
  for (let e = 0; e < m; e++) {
    incident[fill[graph.edgeFrom[e]]++] = e;
    incident[fill[graph.edgeTo[e]]++] = e;
  }
  const degree = (v: number) => start[v + 1] - start[v];
  const used = new Uint8Array(m);
  const chains: { nodes: number[]; kind: number }[] = [];
  const walk = (first: number, from: number) => {
    const kind = graph.edgeKind[first];
    const line: number[] = [from];
    let edge = first;
    let at = from;
    for (;;) {
      used[edge] = 1;
      at = graph.edgeFrom[edge] === at ? graph.edgeTo[edge] : graph.edgeFrom[edge];
      line.push(at);
      if (degree(at) !== 2) break;
      const a = incident[start[at]];
      const next = a === edge ? incident[start[at] + 1] : a;
      if (used[next] || graph.edgeKind[next] !== kind) break;
      edge = next;
    }
    chains.push({ nodes: line, kind });
  };
  for (let v = 0; v < n; v++) {
    if (degree(v) === 2) continue;
    for (let k = start[v]; k < start[v + 1]; k++) if (!used[incident[k]]) walk(incident[k], v);
  }
  // What is left are chains between nodes of degree two only, and rings.
  for (let e = 0; e < m; e++) if (!used[e]) walk(e, graph.edgeFrom[e]);
  return chains;
}

function tagsOf(kind: number): Record<string, string> {
  return {
    highway: kind & EDGE_PATH ? 'footway' : 'residential',
    ...(kind & EDGE_BRIDGE ? { bridge: 'yes' } : {}),
    ...(kind & EDGE_TUNNEL ? { tunnel: 'yes' } : {}),
  };
}
