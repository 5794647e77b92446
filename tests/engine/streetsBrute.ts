import { Graph } from '../../src/engine/distance/shortestPaths';

/**
 * An independent reference for distances along streets: every point becomes
 * a node of an explicit graph, joined by its connector to its foot on the
 * nearest segment (found by scanning all segments), and every segment is cut
 * at the feet on it; then plain Dijkstra (src/engine/distance/shortestPaths).
 * No snapping index, no offsets, no same-segment special case. As the
 * definition says, a straight walk no longer than both connectors together
 * (across a yard) also counts.
 */
export interface PlainStreets {
  x: number[];
  y: number[];
  edges: [number, number][];
}

export function bruteDistances(streets: PlainStreets, points: { x: number; y: number }[], maxConnector: number, detour: number): number[][] {
  const n = streets.x.length;
  const feet: { edge: number; t: number; x: number; y: number; connector: number }[] = points.map((p) => {
    let best = { edge: -1, t: 0, x: 0, y: 0, connector: Infinity };
    streets.edges.forEach(([u, v], e) => {
      const dx = streets.x[v] - streets.x[u];
      const dy = streets.y[v] - streets.y[u];
      const l2 = dx * dx + dy * dy;
      const t = l2 > 0 ? Math.min(1, Math.max(0, ((p.x - streets.x[u]) * dx + (p.y - streets.y[u]) * dy) / l2)) : 0;
      const fx = streets.x[u] + t * dx;
      const fy = streets.y[u] + t * dy;
      const d = Math.hypot(fx - p.x, fy - p.y);
      if (d < best.connector) best = { edge: e, t, x: fx, y: fy, connector: d };
    });
    return best.connector <= maxConnector ? best : { ...best, edge: -1 };
  });
  // Nodes: streets 0..n-1, feet n..n+P-1, points n+P..n+2P-1.
  const P = points.length;
  const triples: number[] = [];
  const add = (a: number, b: number, length: number) => triples.push(a, b, length);
  streets.edges.forEach(([u, v], e) => {
    const on = feet.map((f, k) => ({ f, k })).filter(({ f }) => f.edge === e).sort((a, b) => a.f.t - b.f.t);
    let previous = u;
    let px = streets.x[u];
    let py = streets.y[u];
    for (const { f, k } of on) {
      add(previous, n + k, Math.hypot(f.x - px, f.y - py));
      previous = n + k;
      px = f.x;
      py = f.y;
    }
    add(previous, v, Math.hypot(streets.x[v] - px, streets.y[v] - py));
  });
  feet.forEach((f, k) => {
    if (f.edge >= 0) add(n + k, n + P + k, f.connector);
  });
  const graph = new Graph(n + 2 * P, Float64Array.from(triples));
  return points.map((p, a) => {
    const along = feet[a].edge >= 0 ? graph.distancesFrom(n + P + a) : null;
    return points.map((q, b) => {
      if (!along || feet[b].edge < 0) return Math.hypot(p.x - q.x, p.y - q.y) * detour;
      const direct = Math.hypot(p.x - q.x, p.y - q.y);
      return direct <= feet[a].connector + feet[b].connector ? Math.min(direct, along[n + P + b]) : along[n + P + b];
    });
  });
}
