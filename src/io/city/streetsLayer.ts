import type { FeatureCollection, LineString } from 'geojson';
import { EDGE_BRIDGE, EDGE_PATH, EDGE_TUNNEL, type StreetGraph } from '../../engine/streets/graph';

/**
 * A walking graph written back as GeoJSON street lines with OSM tags, the
 * street layer of a package built in the browser: the streets reader reads
 * it into the same graph (every line is walkable by its tags), and it holds
 * only what the city uses, not the region's whole extract. Segments are
 * chained through nodes where exactly two of the same kind meet, so a street
 * is one line, not hundreds.
 */
export function streetsGeoJson(graph: StreetGraph): FeatureCollection<LineString> {
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
  const features: FeatureCollection<LineString>['features'] = [];
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  const walk = (first: number, from: number) => {
    const kind = graph.edgeKind[first];
    const line: number[][] = [[round(graph.lon[from]), round(graph.lat[from])]];
    let edge = first;
    let at = from;
    for (;;) {
      used[edge] = 1;
      at = graph.edgeFrom[edge] === at ? graph.edgeTo[edge] : graph.edgeFrom[edge];
      line.push([round(graph.lon[at]), round(graph.lat[at])]);
      if (degree(at) !== 2) break;
      const a = incident[start[at]];
      const next = a === edge ? incident[start[at] + 1] : a;
      if (used[next] || graph.edgeKind[next] !== kind) break;
      edge = next;
    }
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: tagsOf(kind) });
  };
  for (let v = 0; v < n; v++) {
    if (degree(v) === 2) continue;
    for (let k = start[v]; k < start[v + 1]; k++) if (!used[incident[k]]) walk(incident[k], v);
  }
  // What is left are chains between nodes of degree two only, and rings.
  for (let e = 0; e < m; e++) if (!used[e]) walk(e, graph.edgeFrom[e]);
  return { type: 'FeatureCollection', features };
}

function tagsOf(kind: number): Record<string, string> {
  return {
    highway: kind & EDGE_PATH ? 'footway' : 'residential',
    ...(kind & EDGE_BRIDGE ? { bridge: 'yes' } : {}),
    ...(kind & EDGE_TUNNEL ? { tunnel: 'yes' } : {}),
  };
}
