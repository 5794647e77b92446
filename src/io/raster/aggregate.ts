/**
 * From pixels to population points: each pixel's people are split among the
 * districts by the share of its area each covers (coverage.ts), then summed
 * into square cells of a local grid over the city, one point per cell and
 * district, placed at the population-weighted centre of the cell's pixels in
 * that district.
 */
import type { Projection } from '../../plan/geo';
import { contains, pointInside, type Coverage, type PixelGrid, type PixelPolygon } from './coverage';
import type { PixelWindow } from './read';

/** The city grid: cells of `size` metres from the districts' north-west corner. */
export interface CellGrid {
  readonly projection: Projection;
  readonly west: number;
  readonly north: number;
  readonly size: number;
  readonly columns: number;
  readonly rows: number;
}

export interface DistrictPixels {
  readonly polygon: PixelPolygon;
  readonly coverage: Coverage;
}

/** One point per (cell, district), in local metres. */
export interface CellPoint {
  cell: number;
  district: number;
  pop: number;
  x: number;
  y: number;
}

const FULL = 1 - 1e-9;

/** The pixels both the window and a district's coverage hold. */
function overlap(window: PixelWindow, coverage: Coverage): { row0: number; row1: number; column0: number; column1: number } {
  return {
    row0: Math.max(window.row0, coverage.row0),
    row1: Math.min(window.row1, coverage.row0 + coverage.height),
    column0: Math.max(window.column0, coverage.column0),
    column1: Math.min(window.column1, coverage.column0 + coverage.width),
  };
}

/** Per pixel of the window, the summed coverage of all districts, so that overlapping districts do not count a pixel twice. */
function coverageTotals(window: PixelWindow, districts: readonly DistrictPixels[]): Float32Array {
  const windowWidth = window.column1 - window.column0;
  const totals = new Float32Array(windowWidth * (window.row1 - window.row0));
  for (const { coverage } of districts) {
    const { row0, row1, column0, column1 } = overlap(window, coverage);
    for (let row = row0; row < row1; row++) {
      const line = (row - coverage.row0) * coverage.stride - coverage.column0;
      const windowLine = (row - window.row0) * windowWidth - window.column0;
      for (let column = column0; column < column1; column++) totals[windowLine + column] += coverage.fraction[line + column];
    }
  }
  return totals;
}

class Groups {
  readonly index = new Map<number, number>();
  cell: number[] = [];
  pop: number[] = [];
  weight: number[] = [];
  sumX: number[] = [];
  sumY: number[] = [];
  best: number[] = [];
  bestX: number[] = [];
  bestY: number[] = [];

  at(cell: number): number {
    let group = this.index.get(cell);
    if (group === undefined) {
      group = this.cell.length;
      this.index.set(cell, group);
      this.cell.push(cell);
      this.pop.push(0);
      this.weight.push(0);
      this.sumX.push(0);
      this.sumY.push(0);
      this.best.push(0);
      this.bestX.push(0);
      this.bestY.push(0);
    }
    return group;
  }
}

function insideDistrict(district: DistrictPixels, grid: PixelGrid, cells: CellGrid, x: number, y: number, out: Float64Array): boolean {
  grid.crs.forward(cells.projection.lon(x, y), cells.projection.lat(x, y), out);
  const column = (out[0] - grid.originX) / grid.scaleX;
  const row = (out[1] - grid.originY) / grid.scaleY;
  const { coverage } = district;
  const c = Math.floor(column) - coverage.column0;
  const r = Math.floor(row) - coverage.row0;
  if (c < 0 || r < 0 || c >= coverage.width || r >= coverage.height) return false;
  const fraction = coverage.fraction[r * coverage.stride + c];
  if (fraction >= FULL) return true;
  return fraction > 0 && contains(district.polygon, column, row);
}

function cellOf(cells: CellGrid, x: number, y: number): number {
  const column = Math.min(cells.columns - 1, Math.max(0, Math.floor((x - cells.west) / cells.size)));
  const row = Math.min(cells.rows - 1, Math.max(0, Math.floor((cells.north - y) / cells.size)));
  return row * cells.columns + column;
}

/**
 * The points of one district. A pixel counts towards a point's position only
 * if its centre is in the district ("anchor"); a cell whose pixels in the
 * district all have their centres outside it (a sliver along the boundary)
 * gives its people to the nearest point of the same district, so that every
 * point lies in its district and no one is lost.
 */
export function districtPoints(
  districtIndex: number,
  district: DistrictPixels,
  grid: PixelGrid,
  window: PixelWindow,
  values: Float64Array,
  totals: Float32Array,
  cells: CellGrid,
): CellPoint[] {
  const { coverage, polygon } = district;
  const windowWidth = window.column1 - window.column0;
  const out = new Float64Array(2);
  const groups = new Groups();
  const { row0, row1, column0, column1 } = overlap(window, coverage);
  for (let row = row0; row < row1; row++) {
    const line = (row - coverage.row0) * coverage.stride - coverage.column0;
    const windowLine = (row - window.row0) * windowWidth - window.column0;
    const centreY = grid.originY + (row + 0.5) * grid.scaleY;
    for (let column = column0; column < column1; column++) {
      const fraction = coverage.fraction[line + column];
      if (fraction === 0) continue;
      const value = values[windowLine + column];
      if (value === 0) continue;
      const total = totals[windowLine + column];
      const share = total > 1 ? (value * fraction) / total : value * fraction;
      grid.crs.inverse(grid.originX + (column + 0.5) * grid.scaleX, centreY, out);
      const x = cells.projection.x(out[0], out[1]);
      const y = cells.projection.y(out[0], out[1]);
      const group = groups.at(cellOf(cells, x, y));
      groups.pop[group] += share;
      if (fraction >= FULL || contains(polygon, column + 0.5, row + 0.5)) {
        groups.weight[group] += share;
        groups.sumX[group] += share * x;
        groups.sumY[group] += share * y;
        if (share > groups.best[group]) {
          groups.best[group] = share;
          groups.bestX[group] = x;
          groups.bestY[group] = y;
        }
      }
    }
  }

  const points: CellPoint[] = [];
  const slivers: number[] = [];
  for (let group = 0; group < groups.cell.length; group++) {
    const weight = groups.weight[group];
    if (weight === 0) {
      slivers.push(group);
      continue;
    }
    let x = groups.sumX[group] / weight;
    let y = groups.sumY[group] / weight;
    // A weighted centre of points in a non-convex area may fall outside it.
    if (!insideDistrict(district, grid, cells, x, y, out)) {
      x = groups.bestX[group];
      y = groups.bestY[group];
    }
    points.push({ cell: groups.cell[group], district: districtIndex, pop: groups.pop[group], x, y });
  }
  if (slivers.length === 0) return points;

  if (points.length === 0) {
    // The district is smaller than the pixels: one point inside it holds its people.
    const inside = pointInside(polygon);
    if (inside === null) return points;
    grid.crs.inverse(grid.originX + inside[0] * grid.scaleX, grid.originY + inside[1] * grid.scaleY, out);
    const x = cells.projection.x(out[0], out[1]);
    const y = cells.projection.y(out[0], out[1]);
    const pop = slivers.reduce((sum, group) => sum + groups.pop[group], 0);
    return [{ cell: cellOf(cells, x, y), district: districtIndex, pop, x, y }];
  }
  for (const group of slivers) {
    const cell = groups.cell[group];
    const x = cells.west + ((cell % cells.columns) + 0.5) * cells.size;
    const y = cells.north - (Math.floor(cell / cells.columns) + 0.5) * cells.size;
    let nearest = points[0];
    let nearestDistance = Infinity;
    for (const point of points) {
      const distance = (point.x - x) ** 2 + (point.y - y) ** 2;
      if (distance < nearestDistance) {
        nearestDistance = distance;
        nearest = point;
      }
    }
    nearest.pop += groups.pop[group];
  }
  return points;
}

export function cellPoints(grid: PixelGrid, window: PixelWindow, values: Float64Array, districts: readonly DistrictPixels[], cells: CellGrid, onDistrict?: (done: number) => void): CellPoint[] {
  const totals = coverageTotals(window, districts);
  const points: CellPoint[] = [];
  districts.forEach((district, k) => {
    for (const point of districtPoints(k, district, grid, window, values, totals, cells)) points.push(point);
    onDistrict?.(k + 1);
  });
  return points;
}
