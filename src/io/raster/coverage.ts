/**
 * How much of each pixel a district covers, exactly: the signed-area
 * accumulation font rasterisers use (font-rs, stb_truetype). Every polygon
 * edge deposits, in the pixels it crosses, the area between itself and the
 * pixel's right side; a running sum along each row then gives the covered
 * fraction of every pixel. Straight edges are handled exactly, so a pixel on a
 * boundary is split by its area, not by where its centre falls, and a
 * district's total is right however coarse the raster is. Work is one pass
 * over the edges plus one over the district's bounding box.
 */
import type { Crs } from './crs';

/** A district's rings in the raster's pixel coordinates (column, row; y down). */
export interface PixelPolygon {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Ring k is points ringStart[k] .. ringStart[k + 1] - 1 (closed implicitly). */
  readonly ringStart: Int32Array;
  /** +1 for an outer ring, -1 for a hole. */
  readonly role: Int8Array;
}

/** Covered fractions over the district's pixel bounding box. */
export interface Coverage {
  readonly column0: number;
  readonly row0: number;
  readonly width: number;
  readonly height: number;
  /** fraction[row * stride + column] relative to (column0, row0), in [0, 1]. */
  readonly stride: number;
  readonly fraction: Float64Array;
}

export interface PixelGrid {
  readonly crs: Crs;
  readonly originX: number;
  readonly originY: number;
  readonly scaleX: number;
  readonly scaleY: number;
}

/** One ring in longitude/latitude: [lon, lat] pairs; the last may repeat the first. */
export interface LonLatRing {
  readonly points: ReadonlyArray<ReadonlyArray<number>>;
  readonly hole: boolean;
}

const MAX_PIECES = 1024;

/**
 * Projects rings into pixel coordinates. Edges straight in longitude/latitude
 * curve in Mollweide, UTM or Web Mercator, so they are cut into pieces no
 * longer than a pixel first.
 */
export function pixelPolygon(rings: readonly LonLatRing[], grid: PixelGrid): PixelPolygon {
  const xs: number[] = [];
  const ys: number[] = [];
  const ringStart = [0];
  const role: number[] = [];
  const out = new Float64Array(2);
  const toPixel = (lon: number, lat: number) => {
    grid.crs.forward(lon, lat, out);
    return [(out[0] - grid.originX) / grid.scaleX, (out[1] - grid.originY) / grid.scaleY];
  };
  for (const ring of rings) {
    const points = ring.points.slice();
    const first = points[0];
    const last = points[points.length - 1];
    if (points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
    if (points.length < 3) continue;
    for (let k = 0; k < points.length; k++) {
      const [lonA, latA] = points[k];
      const [lonB, latB] = points[(k + 1) % points.length];
      const [xa, ya] = toPixel(lonA, latA);
      xs.push(xa);
      ys.push(ya);
      if (grid.crs.geographic) continue;
      const [xb, yb] = toPixel(lonB, latB);
      const pieces = Math.min(MAX_PIECES, Math.ceil(Math.hypot(xb - xa, yb - ya)));
      for (let i = 1; i < pieces; i++) {
        const [x, y] = toPixel(lonA + ((lonB - lonA) * i) / pieces, latA + ((latB - latA) * i) / pieces);
        xs.push(x);
        ys.push(y);
      }
    }
    ringStart.push(xs.length);
    role.push(ring.hole ? -1 : 1);
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), ringStart: Int32Array.from(ringStart), role: Int8Array.from(role) };
}

export function bounds(polygon: PixelPolygon): { column0: number; row0: number; column1: number; row1: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < polygon.xs.length; k++) {
    minX = Math.min(minX, polygon.xs[k]);
    maxX = Math.max(maxX, polygon.xs[k]);
    minY = Math.min(minY, polygon.ys[k]);
    maxY = Math.max(maxY, polygon.ys[k]);
  }
  if (minX > maxX) return { column0: 0, row0: 0, column1: 0, row1: 0 };
  return { column0: Math.floor(minX), row0: Math.floor(minY), column1: Math.ceil(maxX), row1: Math.ceil(maxY) };
}

/** Deposits one edge's signed area into the accumulation rows (after font-rs's draw_line). */
function drawEdge(acc: Float64Array, stride: number, rows: number, ax: number, ay: number, bx: number, by: number, sign: number): void {
  if (ay === by) return;
  let direction = sign;
  let x0 = ax;
  let y0 = ay;
  let y1 = by;
  let x1 = bx;
  if (ay > by) {
    direction = -sign;
    [x0, y0, x1, y1] = [bx, by, ax, ay];
  }
  const dxdy = (x1 - x0) / (y1 - y0);
  let x = x0;
  const rowEnd = Math.min(rows, Math.ceil(y1));
  for (let row = Math.floor(y0); row < rowEnd; row++) {
    const line = row * stride;
    const dy = Math.min(row + 1, y1) - Math.max(row, y0);
    const xNext = x + dxdy * dy;
    const d = dy * direction;
    const xa = Math.min(x, xNext);
    const xb = Math.max(x, xNext);
    const xaFloor = Math.floor(xa);
    const xbCeil = Math.ceil(xb);
    if (xbCeil <= xaFloor + 1) {
      const middle = 0.5 * (x + xNext) - xaFloor;
      acc[line + xaFloor] += d - d * middle;
      acc[line + xaFloor + 1] += d * middle;
    } else {
      const s = 1 / (xb - xa);
      const xaFraction = xa - xaFloor;
      const a0 = 0.5 * s * (1 - xaFraction) * (1 - xaFraction);
      const xbFraction = xb - xbCeil + 1;
      const am = 0.5 * s * xbFraction * xbFraction;
      acc[line + xaFloor] += d * a0;
      if (xbCeil === xaFloor + 2) {
        acc[line + xaFloor + 1] += d * (1 - a0 - am);
      } else {
        const a1 = s * (1.5 - xaFraction);
        acc[line + xaFloor + 1] += d * (a1 - a0);
        for (let column = xaFloor + 2; column < xbCeil - 1; column++) acc[line + column] += d * s;
        const a2 = a1 + (xbCeil - xaFloor - 3) * s;
        acc[line + xbCeil - 1] += d * (1 - a2 - am);
      }
      acc[line + xbCeil] += d * am;
    }
    x = xNext;
  }
}

function signedArea(polygon: PixelPolygon, ring: number): number {
  const { xs, ys, ringStart } = polygon;
  const start = ringStart[ring];
  const end = ringStart[ring + 1];
  let twice = 0;
  for (let k = start; k < end; k++) {
    const next = k + 1 === end ? start : k + 1;
    twice += xs[k] * ys[next] - xs[next] * ys[k];
  }
  return twice / 2;
}

export function coverage(polygon: PixelPolygon): Coverage {
  const box = bounds(polygon);
  const width = box.column1 - box.column0;
  const height = box.row1 - box.row0;
  const stride = width + 2;
  const fraction = new Float64Array(stride * height);
  const { xs, ys, ringStart, role } = polygon;
  for (let ring = 0; ring < role.length; ring++) {
    // Rings are oriented by their role, not by the file's winding: outer rings
    // add 1 inside, holes take it away. A clockwise ring (in y-down pixels,
    // positive shoelace area) deposits -1 to its inside.
    const sign = (signedArea(polygon, ring) > 0 ? -1 : 1) * role[ring];
    const start = ringStart[ring];
    const end = ringStart[ring + 1];
    for (let k = start; k < end; k++) {
      const next = k + 1 === end ? start : k + 1;
      drawEdge(fraction, stride, height, xs[k] - box.column0, ys[k] - box.row0, xs[next] - box.column0, ys[next] - box.row0, sign);
    }
  }
  for (let row = 0; row < height; row++) {
    let sum = 0;
    const line = row * stride;
    for (let column = 0; column < stride; column++) {
      sum += fraction[line + column];
      // Overlapping parts of a MultiPolygon count once.
      fraction[line + column] = sum <= 1e-9 ? 0 : sum >= 1 - 1e-9 ? 1 : sum;
    }
  }
  return { column0: box.column0, row0: box.row0, width, height, stride, fraction };
}

/**
 * Even-odd point in polygon, in pixel coordinates, and at least `margin`
 * pixels from every edge: a pixel centre exactly on a diagonal boundary is
 * inside or outside by rounding, and would be by rounding again in the
 * planner's own tests.
 */
export function contains(polygon: PixelPolygon, x: number, y: number, margin = 1e-3): boolean {
  const { xs, ys, ringStart } = polygon;
  let inside = false;
  const margin2 = margin * margin;
  for (let ring = 0; ring + 1 < ringStart.length; ring++) {
    const start = ringStart[ring];
    const end = ringStart[ring + 1];
    for (let k = start, j = end - 1; k < end; j = k++) {
      const dx = xs[j] - xs[k];
      const dy = ys[j] - ys[k];
      if (ys[k] > y !== ys[j] > y && x < (dx * (y - ys[k])) / dy + xs[k]) inside = !inside;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - xs[k]) * dx + (y - ys[k]) * dy) / length2));
      const ex = xs[k] + t * dx - x;
      const ey = ys[k] + t * dy - y;
      if (ex * ex + ey * ey < margin2) return false;
    }
  }
  return inside;
}

/**
 * A point well inside the polygon: the middle of the longest inside stretch
 * of a few horizontal lines across it. For districts smaller than a pixel.
 */
export function pointInside(polygon: PixelPolygon): [number, number] | null {
  const box = bounds(polygon);
  const { xs, ys, ringStart } = polygon;
  let best: [number, number] | null = null;
  let bestLength = 0;
  for (const share of [0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.4, 0.6, 0.8]) {
    const y = box.row0 + (box.row1 - box.row0) * share;
    const crossings: number[] = [];
    for (let ring = 0; ring + 1 < ringStart.length; ring++) {
      for (let k = ringStart[ring], j = ringStart[ring + 1] - 1; k < ringStart[ring + 1]; j = k++) {
        if (ys[k] > y !== ys[j] > y) crossings.push(((xs[j] - xs[k]) * (y - ys[k])) / (ys[j] - ys[k]) + xs[k]);
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      if (crossings[k + 1] - crossings[k] > bestLength) {
        bestLength = crossings[k + 1] - crossings[k];
        best = [(crossings[k] + crossings[k + 1]) / 2, y];
      }
    }
  }
  return best;
}
