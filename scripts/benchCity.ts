/**
 * The generated city of the raster benchmarks (npm run bench:raster in Node,
 * npm run bench:city in the browser): a WorldPop-sized population raster of
 * a city of 2 million and its 8 districts. Seeded, so runs are comparable.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { geoKeysFor, writeGeoTiff } from '../src/io/raster/write';
import { localProjection } from '../src/plan/geo';
import { seededRandom } from '../src/engine/seededRandom';

export const WIDTH = 1000;
export const HEIGHT = 900;
const PIXEL = 1 / 1200;
const CENTRE = { lon: 76.9, lat: 43.25 };
const PEOPLE = 2_000_000;

/** A city-shaped blob: a dense core and twenty seeded suburbs, 2 million people in all, over a thin rural background. */
export function cityRaster(): ArrayBuffer {
  const random = seededRandom(13);
  const plane = localProjection(CENTRE.lon, CENTRE.lat);
  const centres = [{ x: 0, y: 0, sigma: 5000, weight: 6 }];
  for (let k = 0; k < 20; k++) centres.push({ x: (random() - 0.5) * 24000, y: (random() - 0.5) * 18000, sigma: 1000 + random() * 2500, weight: 0.3 + random() });
  const values = new Float32Array(WIDTH * HEIGHT);
  const west = CENTRE.lon - (WIDTH / 2) * PIXEL;
  const north = CENTRE.lat + (HEIGHT / 2) * PIXEL;
  let sum = 0;
  for (let row = 0; row < HEIGHT; row++) {
    const lat = north - (row + 0.5) * PIXEL;
    for (let column = 0; column < WIDTH; column++) {
      const lon = west + (column + 0.5) * PIXEL;
      const x = plane.x(lon, lat);
      const y = plane.y(lon, lat);
      let value = 0.05;
      for (const c of centres) value += c.weight * Math.exp(-((x - c.x) ** 2 + (y - c.y) ** 2) / (2 * c.sigma ** 2));
      values[row * WIDTH + column] = value;
      sum += value;
    }
  }
  for (let k = 0; k < values.length; k++) values[k] *= PEOPLE / sum;
  // Lakes and mountains: nodata in the south-east corner, as WorldPop has.
  for (let row = 800; row < HEIGHT; row++) for (let column = 850; column < WIDTH; column++) values[row * WIDTH + column] = -99999;
  return writeGeoTiff({ width: WIDTH, height: HEIGHT, values, origin: [west, north], pixelSize: [PIXEL, PIXEL], geoKeys: geoKeysFor('EPSG:4326'), noData: -99999 });
}

/** Eight sectors of a wobbly city outline (radius ~16 km), ~350 vertices each, sharing their edges exactly. */
export function districts(): FeatureCollection<Polygon> {
  const random = seededRandom(7);
  const plane = localProjection(CENTRE.lon, CENTRE.lat);
  const harmonics = Array.from({ length: 6 }, (_, k) => ({ k: k + 2, amplitude: 0.08 * random(), phase: random() * 2 * Math.PI }));
  const radius = (angle: number) => 16000 * (1 + harmonics.reduce((sum, h) => sum + h.amplitude * Math.sin(h.k * angle + h.phase), 0));
  const lonLat = (x: number, y: number) => [plane.lon(x, y), plane.lat(x, y)];
  const sectors = 8;
  const arc = 200;
  const ray = 75;
  const features: Feature<Polygon>[] = [];
  for (let s = 0; s < sectors; s++) {
    const from = (2 * Math.PI * s) / sectors;
    const to = (2 * Math.PI * (s + 1)) / sectors;
    const ring: number[][] = [];
    // Rays wiggle the same way in both sectors that share them.
    const rayPoint = (angle: number, t: number) => {
      const r = radius(angle) * t;
      const wiggle = 300 * Math.sin(t * 9 + angle * 5);
      return lonLat(r * Math.cos(angle) - wiggle * Math.sin(angle), r * Math.sin(angle) + wiggle * Math.cos(angle));
    };
    for (let i = 0; i < ray; i++) ring.push(rayPoint(from, i / ray));
    for (let i = 0; i < arc; i++) {
      const angle = from + ((to - from) * i) / arc;
      ring.push(lonLat(radius(angle) * Math.cos(angle), radius(angle) * Math.sin(angle)));
    }
    for (let i = ray; i > 0; i--) ring.push(rayPoint(to, i / ray));
    ring[0] = lonLat(0, 0);
    ring.push(ring[0]);
    features.push({ type: 'Feature', properties: { id: `D${s + 1}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return { type: 'FeatureCollection', features };
}

