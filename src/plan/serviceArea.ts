import { voronoi } from '@turf/turf';
import type { FeatureCollection, Point } from 'geojson';
import { reachedStreets } from '../engine/streets/reach';
import type { CityData } from './city';
import type { TypeProblem } from './problem';
import { PointIndex } from './spatial';
import { snapSites, streetNetwork, type OffStreetRules } from './streets';

/**
 * A site's service area: the demand points the model counts as reached by it
 * within the norm (its coverage set), drawn as their cells, and the streets
 * walked to reach them. Each demand point's cell is its Voronoi cell clipped
 * to a square of the grid's spacing, so the area contains exactly the points
 * it counts and no other (a cell holds only its own point).
 */
export interface ServiceArea {
  /** Demand point indices within the norm of the site. */
  readonly reached: number[];
  /** One ring (lon/lat, closed) per reached point. */
  readonly cells: [number, number][][];
  /** Street pieces walked, each [[lon, lat], [lon, lat]]. */
  readonly streets: [number, number][][];
}

/** The service areas of some of a type's sites (site indices), in one pass over the pairs. */
export function serviceAreas(city: CityData, type: TypeProblem, sites: number[], rules: OffStreetRules): Map<number, ServiceArea> {
  const wanted = new Map(sites.map((j) => [j, [] as number[]]));
  for (let i = 0; i < city.demand.count; i++) {
    for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) {
      if (type.pairDistance[p] <= type.radius) wanted.get(type.pairSite[p])?.push(i);
    }
  }
  const cells = demandCells(city);
  const network = streetNetwork(city);
  const { projection } = city;
  const areas = new Map<number, ServiceArea>();
  for (const [j, reached] of wanted) {
    const walked: [number, number][][] = [];
    if (type.alongStreets && network) {
      const snaps = snapSites(city, type.siteX.subarray(j, j + 1), type.siteY.subarray(j, j + 1), rules);
      const pieces = reachedStreets(network, snaps, 0, type.radius);
      for (let k = 0; k < pieces.length; k += 4) {
        walked.push([
          [projection.lon(pieces[k], pieces[k + 1]), projection.lat(pieces[k], pieces[k + 1])],
          [projection.lon(pieces[k + 2], pieces[k + 3]), projection.lat(pieces[k + 2], pieces[k + 3])],
        ]);
      }
    }
    areas.set(j, { reached, cells: reached.map((i) => cells[i]), streets: walked });
  }
  return areas;
}

const cellCache = new WeakMap<CityData, [number, number][][]>();

/** Every demand point's cell (lon/lat ring), computed once per city. */
export function demandCells(city: CityData): [number, number][][] {
  const cached = cellCache.get(city);
  if (cached) return cached;
  const { x, y, count } = city.demand;
  const half = spacing(x, y) / 2;
  // Points at one place share one cell.
  const firstAt = new Map<string, number>();
  const unique: number[] = [];
  const owner = Int32Array.from({ length: count }, (_, i) => {
    const key = `${x[i]},${y[i]}`;
    if (!firstAt.has(key)) {
      firstAt.set(key, unique.length);
      unique.push(i);
    }
    return firstAt.get(key)!;
  });
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x[i]);
    minY = Math.min(minY, y[i]);
    maxX = Math.max(maxX, x[i]);
    maxY = Math.max(maxY, y[i]);
  }
  const points: FeatureCollection<Point> = { type: 'FeatureCollection', features: unique.map((i) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x[i], y[i]] } })) };
  const polygons = unique.length >= 2 ? voronoi(points, { bbox: [minX - 2 * half, minY - 2 * half, maxX + 2 * half, maxY + 2 * half] }).features : [];
  const { projection } = city;
  const cells = Array.from({ length: count }, (_, i): [number, number][] => {
    const k = owner[i];
    const px = x[unique[k]];
    const py = y[unique[k]];
    const ring = polygons[k]?.geometry.coordinates[0] ?? square(px, py, half);
    const clipped = clipToBox(ring as [number, number][], px - half, py - half, px + half, py + half);
    return clipped.map(([cx, cy]) => [projection.lon(cx, cy), projection.lat(cx, cy)]);
  });
  cellCache.set(city, cells);
  return cells;
}

/** The median distance from a point to its nearest neighbour: the grid's spacing (1 km when there is no neighbour). */
function spacing(x: Float64Array, y: Float64Array): number {
  if (x.length < 2) return 1000;
  const index = new PointIndex(x, y);
  const step = Math.max(1, Math.floor(x.length / 2000));
  const gaps: number[] = [];
  for (let i = 0; i < x.length; i += step) {
    const near = index.within(x[i], y[i], 5000).filter((j) => j !== i && (x[j] !== x[i] || y[j] !== y[i]));
    if (near.length > 0) gaps.push(Math.min(...near.map((j) => Math.hypot(x[j] - x[i], y[j] - y[i]))));
  }
  gaps.sort((a, b) => a - b);
  return gaps.length > 0 ? gaps[gaps.length >> 1] : 1000;
}

function square(cx: number, cy: number, half: number): [number, number][] {
  return [
    [cx - half, cy - half],
    [cx + half, cy - half],
    [cx + half, cy + half],
    [cx - half, cy + half],
    [cx - half, cy - half],
  ];
}

/** Sutherland-Hodgman clipping of a closed ring to an axis-aligned box; the result is closed. */
function clipToBox(ring: [number, number][], x0: number, y0: number, x1: number, y1: number): [number, number][] {
  let points = ring.slice(0, -1);
  const edges: [(p: [number, number]) => boolean, (a: [number, number], b: [number, number]) => [number, number]][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  for (const [inside, cross] of edges) {
    const out: [number, number][] = [];
    for (let k = 0; k < points.length; k++) {
      const a = points[k];
      const b = points[(k + 1) % points.length];
      if (inside(b)) {
        if (!inside(a)) out.push(cross(a, b));
        out.push(b);
      } else if (inside(a)) out.push(cross(a, b));
    }
    points = out;
  }
  return [...points, points[0]];
}
