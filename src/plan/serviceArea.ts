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
 * it counts and no other (a cell holds only its own point, and points at one
 * place count alike).
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
    areas.set(j, { reached, cells: reached.map((i) => demandCell(city, i)), streets: walked });
  }
  return areas;
}

const spacingCache = new WeakMap<CityData['demand'], { index: PointIndex; half: number }>();

/**
 * A demand point's cell (lon/lat ring): its Voronoi cell clipped to the
 * square of the grid's spacing around it, built locally (the square cut by
 * the bisector with every neighbour close enough to reach into it), so only
 * the cells drawn are computed, never the whole city's diagram.
 */
function demandCell(city: CityData, i: number): [number, number][] {
  let cached = spacingCache.get(city.demand);
  if (!cached) {
    cached = { index: new PointIndex(city.demand.x, city.demand.y), half: spacing(city.demand.x, city.demand.y) / 2 };
    spacingCache.set(city.demand, cached);
  }
  const { index, half } = cached;
  const { x, y } = city.demand;
  const px = x[i];
  const py = y[i];
  let ring = square(px, py, half).slice(0, -1);
  // A neighbour farther than the square's diagonal cannot cut it.
  for (const j of index.within(px, py, 2 * Math.SQRT2 * half)) {
    if (j === i || (x[j] === px && y[j] === py)) continue;
    ring = clipHalfPlane(ring, px, py, x[j], y[j]);
  }
  const { projection } = city;
  return [...ring, ring[0]].map(([cx, cy]) => [projection.lon(cx, cy), projection.lat(cx, cy)]);
}

/** The part of a convex ring nearer to p than to q (Sutherland-Hodgman with one line, the bisector). */
function clipHalfPlane(ring: [number, number][], px: number, py: number, qx: number, qy: number): [number, number][] {
  const dx = qx - px;
  const dy = qy - py;
  const mx = (px + qx) / 2;
  const my = (py + qy) / 2;
  const side = ([ax, ay]: [number, number]) => (ax - mx) * dx + (ay - my) * dy;
  const out: [number, number][] = [];
  for (let k = 0; k < ring.length; k++) {
    const a = ring[k];
    const b = ring[(k + 1) % ring.length];
    const sa = side(a);
    const sb = side(b);
    if (sa <= 0) out.push(a);
    if ((sa < 0 && sb > 0) || (sa > 0 && sb < 0)) {
      const t = sa / (sa - sb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/** The median distance from a point to its nearest neighbour (sampled): the grid's spacing (1 km when there is no neighbour). */
function spacing(x: Float64Array, y: Float64Array): number {
  if (x.length < 2) return 1000;
  const index = new PointIndex(x, y);
  const step = Math.max(1, Math.floor(x.length / 2000));
  const gaps: number[] = [];
  for (let i = 0; i < x.length; i += step) {
    // Widening from 50 m: a 5 km search around every sampled point of a 100 m grid returned thousands of points.
    for (let radius = 50; radius <= 6400; radius *= 2) {
      const near = index.within(x[i], y[i], radius).filter((j) => x[j] !== x[i] || y[j] !== y[i]);
      if (near.length === 0) continue;
      gaps.push(Math.min(...near.map((j) => Math.hypot(x[j] - x[i], y[j] - y[i]))));
      break;
    }
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
