import { describe, expect, it } from 'vitest';
import { localProjection, metresBetween, widenedBox } from '../../src/plan/geo';
import { seededRandom } from '../../src/engine/seededRandom';

/** Vincenty's inverse on WGS84, written here independently of src/plan/geo.ts: the geodesic distance in metres. */
function vincenty(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const b = a * (1 - f);
  const rad = Math.PI / 180;
  const L = (lon2 - lon1) * rad;
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * rad));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 0;
  let sigma = 0;
  let cos2Alpha = 0;
  let cos2SigmaM = 0;
  for (let k = 0; k < 200; k++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    sinSigma = Math.sqrt((cosU2 * sinLambda) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - previous) < 1e-13) break;
  }
  const u2 = (cos2Alpha * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const deltaSigma =
    B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return b * A * (sigma - deltaSigma);
}

/** Random pairs in a box `km` across around (lon, lat), the projection centred there; the largest relative errors. */
export function worstErrors(lon: number, lat: number, km: number, seed: number) {
  const next = seededRandom(seed);
  const dLat = km / 2 / 111.1;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const projection = localProjection(lon, lat);
  let projected = 0;
  let mid = 0;
  for (let k = 0; k < 3000; k++) {
    const a = [lon + (2 * next() - 1) * dLon, lat + (2 * next() - 1) * dLat];
    // Half the pairs a short walk apart (the norms), half anywhere in the box.
    const b = k % 2 === 0 ? [a[0] + (next() - 0.5) * 0.005, a[1] + (next() - 0.5) * 0.005] : [lon + (2 * next() - 1) * dLon, lat + (2 * next() - 1) * dLat];
    const truth = vincenty(a[0], a[1], b[0], b[1]);
    if (truth < 1) continue;
    const x = Math.hypot(projection.x(b[0], b[1]) - projection.x(a[0], a[1]), projection.y(b[0], b[1]) - projection.y(a[0], a[1]));
    projected = Math.max(projected, Math.abs(x / truth - 1));
    mid = Math.max(mid, Math.abs(metresBetween(a[0], a[1], b[0], b[1]) / truth - 1));
  }
  return { projected, mid };
}

describe('one distance measure (issue 23)', () => {
  // Almaty (43°N), Astana (51°N) and a northern city (60°N), boxes 40 and 60 km across.
  for (const [name, lon, lat] of [
    ['Almaty', 76.9, 43.25],
    ['Astana', 71.45, 51.15],
    ['60°N', 30.3, 59.9],
  ] as const) {
    it(`the city's projection measures geodesic distances within 0.01% around ${name}`, () => {
      for (const km of [40, 60]) {
        const { projected, mid } = worstErrors(lon, lat, km, Math.round(lat * 100) + km);
        // Measured: at most 1.1e-5 (60 km box at 60°N); the equirectangular sphere it replaced was off by 0.3-0.6%.
        expect(projected).toBeLessThan(1e-4);
        expect(mid).toBeLessThan(1e-4);
      }
    });
  }

  it('the projection goes back to the same longitude and latitude', () => {
    const projection = localProjection(76.9, 43.25);
    for (const [lon, lat] of [
      [76.6, 43.0],
      [77.2, 43.45],
      [76.9, 43.25],
    ]) {
      const x = projection.x(lon, lat);
      const y = projection.y(lon, lat);
      expect(projection.lon(x, y)).toBeCloseTo(lon, 9);
      expect(projection.lat(x, y)).toBeCloseTo(lat, 9);
    }
    expect(projection.x(76.9, 43.25)).toBeCloseTo(0, 6);
    expect(projection.y(76.9, 43.25)).toBeCloseTo(0, 6);
  });

  it('a widened box is at least the margin wider on every side', () => {
    const [west, south, east, north] = widenedBox([76.8, 43.1, 77.0, 43.3], 1000);
    expect(vincenty(west, 43.3, 76.8, 43.3)).toBeGreaterThanOrEqual(1000);
    expect(vincenty(77.0, 43.3, east, 43.3)).toBeGreaterThanOrEqual(1000);
    expect(vincenty(76.9, south, 76.9, 43.1)).toBeGreaterThanOrEqual(1000);
    expect(vincenty(76.9, 43.3, 76.9, north)).toBeGreaterThanOrEqual(1000);
  });
});
