/**
 * A local equirectangular projection to metres around the city centre. Over a
 * city 40 km across its distance error is far below a grid cell, and it makes
 * distances plain Euclidean ones that a spatial index can search.
 */
export interface Projection {
  readonly x: (lon: number, lat: number) => number;
  readonly y: (lon: number, lat: number) => number;
  readonly lon: (x: number, y: number) => number;
  readonly lat: (x: number, y: number) => number;
}

const EARTH_RADIUS = 6_371_008.8;
const RADIANS = Math.PI / 180;

export function localProjection(centreLon: number, centreLat: number): Projection {
  const east = EARTH_RADIUS * Math.cos(centreLat * RADIANS) * RADIANS;
  const north = EARTH_RADIUS * RADIANS;
  return {
    x: (lon) => (lon - centreLon) * east,
    y: (_lon, lat) => (lat - centreLat) * north,
    lon: (x) => centreLon + x / east,
    lat: (_x, y) => centreLat + y / north,
  };
}

/** A [west, south, east, north] box in degrees widened by `metres` on every side. */
export function widenedBox(box: readonly number[], metres: number): [number, number, number, number] {
  const [west, south, east, north] = box;
  const dLat = (metres / EARTH_RADIUS) / RADIANS;
  const dLon = dLat / Math.cos(((south + north) / 2) * RADIANS);
  return [west - dLon, south - dLat, east + dLon, north + dLat];
}
