import type { Pieces } from '../engine/planner/instance';
import type { CityData } from './city';
import { PointIndex } from './spatial';

/**
 * Population cells are areas, not points (issue 23). Where a population comes
 * as a grid, a cell that is not small against a norm is split into sub-points
 * and its people are shared by the part of the cell each site reaches:
 *
 * - The grid's spacing is inferred from the points, in the city's projected
 *   metres, east and north apart: per point, the nearest neighbour roughly
 *   east or west (within 14°) and the nearest roughly north or south; the mode
 *   of each (values within 2% of each other count alike) is the spacing, when
 *   at least half the points agree on it. WorldPop's 3 arc-seconds give about
 *   92 x 67 m at 43°N, a city package's raster its cellMetres, the demo its
 *   500 m. Points that are not a grid (a population of scattered points)
 *   stay points.
 * - A cell of sides sx x sy is an area for a norm r when a side is longer
 *   than r/2 (smaller cells stay points at their centres): it becomes nx x ny sub-points, nx = ceil(2 sx / r) (ny alike:
 *   sub-points at most half the norm apart), at most 16, and fewer where the
 *   grid has many cells: at most 120,000 sub-points per facility type, so
 *   the model stays about as large as the grid's (a 100 m grid of 50,000
 *   cells against the containers' 100 m: one sub-point per cell; the 500 m
 *   demo: 7 x 7; a 250 m grid: 3 x 3). Each sub-point lies in one of nx x ny
 *   equal strata of the cell, at a fixed irrational offset within it that
 *   differs from cell to cell (additive recurrences on the golden ratio and
 *   the plastic number over the cell's grid position and the stratum), so
 *   sub-points never line up with a candidate lattice and exact ties at the
 *   norm's edge do not recur (a single sub-point is such a point, not the
 *   cell's centre).
 * - A site reaches a sub-point when the sub-point is within the norm of it;
 *   the sub-points reached by the same sites form a piece whose share of the
 *   cell's people is their count over the cell's sub-points. Cells that a
 *   site reaches whole (its distance plus the half-diagonal within the norm)
 *   or not at all are not sampled. Along streets, a sub-point's walk is the
 *   cell's walk to the site plus the change of its straight distance to the
 *   site against the cell's centre (walked straight, like a connector).
 * - Pieces with the same sites, in any cells, are one row of the model
 *   (src/engine/planner/rows.ts), so the model grows by the distinct reach
 *   patterns, not by the sub-points.
 */
export interface CellSize {
  /** Metres east-west and north-south. */
  readonly x: number;
  readonly y: number;
}

/** Cells larger than this part of the norm on a side are areas. */
export const SPLIT_ABOVE = 1 / 2;
/** Sub-points per norm along a side (their spacing is at most half the norm), per side at most, and per type at most. */
export const SUBPOINTS_PER_NORM = 2;
export const MAX_SUBPOINTS_PER_SIDE = 16;
export const MAX_SUBPOINTS = 120_000;

/** Kept by the points: a city with a scenario's transit is a new object with the same points. */
const cache = new WeakMap<CityData['demand'], CellSize | null>();

/** The city's population grid (cached per city), or null when its points are not a grid. */
export function cityCells(city: CityData): CellSize | null {
  let cells = cache.get(city.demand);
  if (cells === undefined) {
    cells = gridSpacing(city.demand.x, city.demand.y);
    cache.set(city.demand, cells);
  }
  return cells;
}

/** The spacing of points on a grid, east and north apart (the modes of neighbour spacings), or null. */
export function gridSpacing(x: Float64Array, y: Float64Array): CellSize | null {
  const n = x.length;
  if (n < 4) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < n; k++) {
    minX = Math.min(minX, x[k]);
    maxX = Math.max(maxX, x[k]);
    minY = Math.min(minY, y[k]);
    maxY = Math.max(maxY, y[k]);
  }
  // Points fill at most the box: the spacing is at most about this, and a search twice as wide finds both neighbours.
  const typical = Math.sqrt(Math.max((maxX - minX) * (maxY - minY), 1) / n);
  const radius = 2.5 * Math.max(typical, 1);
  const index = new PointIndex(x, y);
  const samples = Math.min(n, 4000);
  const stride = n / samples;
  const east: number[] = [];
  const north: number[] = [];
  const CONE = 0.25;
  for (let s = 0; s < samples; s++) {
    const k = Math.floor(s * stride);
    let bestEast = Infinity;
    let bestNorth = Infinity;
    for (const m of index.within(x[k], y[k], radius)) {
      const dx = Math.abs(x[m] - x[k]);
      const dy = Math.abs(y[m] - y[k]);
      if (dx > 0 && dy <= CONE * dx) bestEast = Math.min(bestEast, dx);
      if (dy > 0 && dx <= CONE * dy) bestNorth = Math.min(bestNorth, dy);
    }
    if (Number.isFinite(bestEast)) east.push(bestEast);
    if (Number.isFinite(bestNorth)) north.push(bestNorth);
  }
  const sx = mode(east, samples);
  const sy = mode(north, samples);
  return sx === null || sy === null ? null : { x: sx, y: sy };
}

/** The most common value (within 2%), as the median of its cluster, when at least half of `of` agree on it. */
function mode(values: number[], of: number): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  let best = 0;
  let bestFrom = 0;
  let to = 0;
  for (let from = 0; from < values.length; from++) {
    while (to < values.length && values[to] <= values[from] * 1.02) to++;
    if (to - from > best) {
      best = to - from;
      bestFrom = from;
    }
  }
  if (best < of / 2) return null;
  return values[bestFrom + Math.floor(best / 2)];
}

/** Sub-points per side for a norm and a grid of `count` cells, or null where the cells are small enough to stay points. */
export function subdivision(cells: CellSize | null, radius: number, count: number): { nx: number; ny: number } | null {
  if (!cells || !(radius > 0) || Math.max(cells.x, cells.y) <= radius * SPLIT_ABOVE) return null;
  const fit = Math.max(1, Math.floor(Math.sqrt(MAX_SUBPOINTS / Math.max(count, 1))));
  const side = (length: number) => Math.max(1, Math.min(MAX_SUBPOINTS_PER_SIDE, fit, Math.ceil((SUBPOINTS_PER_NORM * length) / radius - 1e-9)));
  return { nx: side(cells.x), ny: side(cells.y) };
}

/** Half the cell's diagonal: how much nearer or farther than the cell's centre a point of the cell can be. */
export function halfDiagonal(cells: CellSize): number {
  return Math.hypot(cells.x, cells.y) / 2;
}

const GOLDEN = 0.6180339887498949;
const PLASTIC = 0.7548776662466927;
const PLASTIC2 = 0.5698402909980532;

/** Sub-point offsets from the cell's centre in metres, for the cell at grid position (column, row). */
function subPoints(cells: CellSize, split: { nx: number; ny: number }, column: number, row: number, out: Float64Array): void {
  const { nx, ny } = split;
  const base = column * PLASTIC2 + row * GOLDEN;
  for (let a = 0; a < nx; a++) {
    for (let b = 0; b < ny; b++) {
      const s = a * ny + b + 1;
      const u = frac(0.5 + base + s * PLASTIC);
      const v = frac(0.5 + base * PLASTIC + s * GOLDEN);
      out[2 * (a * ny + b)] = ((a + u) / nx - 0.5) * cells.x;
      out[2 * (a * ny + b) + 1] = ((b + v) / ny - 0.5) * cells.y;
    }
  }
}

function frac(value: number): number {
  return value - Math.floor(value);
}

export interface AreaPairs {
  readonly pairStart: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairDistance: Float64Array;
  readonly pieces: Pieces;
}

/**
 * Pairs and pieces of split cells. `near` has, per demand point, the sites
 * that may reach some of its cell (ascending) and the cell centre's distance
 * to each (straight, or along streets); `straight` tells the first kind.
 * Sites that reach no piece are dropped from the pairs.
 */
export function areaPairs(
  x: Float64Array,
  y: Float64Array,
  siteX: Float64Array,
  siteY: Float64Array,
  near: { pairStart: Int32Array; pairSite: Int32Array; pairDistance: Float64Array },
  radius: number,
  cells: CellSize,
  split: { nx: number; ny: number },
  straight: boolean,
  /** Pairs that reach the whole cell whatever their distance (a transit trip from the cell's centre); absent: none. */
  wholePairs?: Uint8Array,
): AreaPairs {
  const points = near.pairStart.length - 1;
  const half = halfDiagonal(cells);
  const count = split.nx * split.ny;
  const offsets = new Float64Array(2 * count);
  const pairStart = new Int32Array(points + 1);
  const pairSite: number[] = [];
  const pairDistance: number[] = [];
  const pieceStart = new Int32Array(points + 1);
  const share: number[] = [];
  const siteStart: number[] = [0];
  const pieceSites: number[] = [];
  const partial: number[] = [];
  const whole: number[] = [];
  const groups = new Map<string, number>();
  for (let i = 0; i < points; i++) {
    partial.length = 0;
    whole.length = 0;
    for (let p = near.pairStart[i]; p < near.pairStart[i + 1]; p++) {
      const d = near.pairDistance[p];
      if (d + half <= radius || wholePairs?.[p]) whole.push(p);
      else if (d - half <= radius) partial.push(p);
    }
    if (partial.length === 0) {
      // The cell is reached whole by some sites and by no other: one piece, the point itself.
      for (const p of whole) {
        pairSite.push(near.pairSite[p]);
        pairDistance.push(near.pairDistance[p]);
      }
    } else {
      subPoints(cells, split, Math.round(x[i] / cells.x), Math.round(y[i] / cells.y), offsets);
      groups.clear();
      for (let s = 0; s < count; s++) {
        const qx = x[i] + offsets[2 * s];
        const qy = y[i] + offsets[2 * s + 1];
        let key = '';
        for (let n = 0; n < partial.length; n++) {
          const p = partial[n];
          const j = near.pairSite[p];
          const toSub = Math.hypot(qx - siteX[j], qy - siteY[j]);
          const d = straight ? toSub : near.pairDistance[p] + toSub - Math.hypot(x[i] - siteX[j], y[i] - siteY[j]);
          key += d <= radius ? '1' : '0';
        }
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      const used = new Uint8Array(partial.length);
      for (const [key, n] of groups) {
        const sites: number[] = whole.map((p) => near.pairSite[p]);
        for (let m = 0; m < partial.length; m++) {
          if (key.charCodeAt(m) !== 49) continue;
          sites.push(near.pairSite[partial[m]]);
          used[m] = 1;
        }
        if (sites.length === 0) continue;
        sites.sort((a, b) => a - b);
        share.push(n / count);
        pieceSites.push(...sites);
        siteStart.push(pieceSites.length);
      }
      for (let p = near.pairStart[i]; p < near.pairStart[i + 1]; p++) {
        const m = partial.indexOf(p);
        if (m >= 0 ? !used[m] : !whole.includes(p)) continue;
        pairSite.push(near.pairSite[p]);
        pairDistance.push(near.pairDistance[p]);
      }
    }
    pairStart[i + 1] = pairSite.length;
    pieceStart[i + 1] = share.length;
  }
  return {
    pairStart,
    pairSite: Int32Array.from(pairSite),
    pairDistance: Float64Array.from(pairDistance),
    pieces: { start: pieceStart, share: Float64Array.from(share), siteStart: Int32Array.from(siteStart), site: Int32Array.from(pieceSites) },
  };
}
