import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/instance/errors';
import { localProjection } from '../../src/plan/geo';
import { coverage, pixelPolygon } from '../../src/io/raster/coverage';
import { lonLat, mollweide, utm, webMercator, type Crs } from '../../src/io/raster/crs';
import { aggregateRaster, isGeoTiff } from '../../src/io/raster/index';
import { geoKeysFor, writeGeoTiff, type GeoKeyValue, type RasterValues } from '../../src/io/raster/write';

// The ground: a sphere of the local projection's radius, where a polygon's
// edges are straight in longitude/latitude (as GeoJSON draws them).
const R = 6_371_008.8;
const RAD = Math.PI / 180;

/** Exact area (m²) of a ring with edges straight in lon/lat: Green's theorem on R² cos φ dφ dλ. */
function ringArea(ring: number[][]): number {
  let sum = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    const [l1, p1] = [ring[k][0] * RAD, ring[k][1] * RAD];
    const [l2, p2] = [ring[k + 1][0] * RAD, ring[k + 1][1] * RAD];
    const dl = l2 - l1;
    sum += p1 === p2 ? dl * Math.sin(p1) : (dl * (Math.cos(p1) - Math.cos(p2))) / (p2 - p1);
  }
  return Math.abs(R * R * sum);
}

const polygonArea = (rings: number[][][]) => ringArea(rings[0]) - rings.slice(1).reduce((sum, ring) => sum + ringArea(ring), 0);

// Three districts near Almaty: a rectangle, a pentagon with a hole (holding
// the blob) and a triangle; A|B and A|C and B|C share edges.
const A = [[[76.8, 43.2], [76.9, 43.2], [76.9, 43.28], [76.8, 43.28], [76.8, 43.2]]];
const B = [
  [[76.9, 43.2], [77.02, 43.2], [77.03, 43.26], [76.98, 43.31], [76.9, 43.28], [76.9, 43.2]],
  [[76.99, 43.215], [76.99, 43.23], [77.005, 43.23], [77.005, 43.215], [76.99, 43.215]],
];
const C = [[[76.8, 43.28], [76.9, 43.28], [76.85, 43.33], [76.8, 43.28]]];
const districts: FeatureCollection<Polygon | MultiPolygon> = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'A' }, geometry: { type: 'Polygon', coordinates: A } },
    { type: 'Feature', properties: { id: 'B' }, geometry: { type: 'Polygon', coordinates: B } },
    { type: 'Feature', properties: { id: 'C' }, geometry: { type: 'Polygon', coordinates: C } },
  ],
};

// Density: uniform 2,500 people/km² everywhere plus a Gaussian blob of 50,000
// people well inside B (5.6 σ from its nearest edge).
const UNIFORM = 2500e-6;
const BLOB = { lon: 76.95, lat: 43.25, sigma: 700, people: 50_000 };
const blobPlane = localProjection(BLOB.lon, BLOB.lat);
const density = (lon: number, lat: number) => {
  const x = blobPlane.x(lon, lat);
  const y = blobPlane.y(lon, lat);
  return UNIFORM + (BLOB.people / (2 * Math.PI * BLOB.sigma ** 2)) * Math.exp(-(x * x + y * y) / (2 * BLOB.sigma ** 2));
};
const truth = {
  A: UNIFORM * polygonArea(A),
  B: UNIFORM * polygonArea(B) + BLOB.people,
  C: UNIFORM * polygonArea(C),
};
const truthTotal = truth.A + truth.B + truth.C;

// The area covered: the districts and a margin of people outside them.
const EXTENT = { west: 76.75, east: 77.1, south: 43.15, north: 43.37 };

interface Synthetic {
  crs: Crs;
  keys: Record<number, GeoKeyValue>;
  pixel: number;
  make: (length: number) => RasterValues;
  noData?: number;
  /** Pixels to mark nodata (outside the districts) as [row, column] -> boolean. */
  hole?: (lon: number, lat: number) => boolean;
}

/** A raster of the density in any CRS: each pixel holds density × its ground area. */
function synthesise({ crs, keys, pixel, make, noData, hole }: Synthetic): ArrayBuffer {
  const out = new Float64Array(2);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k <= 20; k++) {
    for (const [lon, lat] of [
      [EXTENT.west + ((EXTENT.east - EXTENT.west) * k) / 20, EXTENT.south],
      [EXTENT.west + ((EXTENT.east - EXTENT.west) * k) / 20, EXTENT.north],
      [EXTENT.west, EXTENT.south + ((EXTENT.north - EXTENT.south) * k) / 20],
      [EXTENT.east, EXTENT.south + ((EXTENT.north - EXTENT.south) * k) / 20],
    ]) {
      crs.forward(lon, lat, out);
      minX = Math.min(minX, out[0]);
      maxX = Math.max(maxX, out[0]);
      minY = Math.min(minY, out[1]);
      maxY = Math.max(maxY, out[1]);
    }
  }
  const width = Math.ceil((maxX - minX) / pixel);
  const height = Math.ceil((maxY - minY) / pixel);
  const values = make(width * height);
  const corner = (column: number, row: number) => {
    crs.inverse(minX + column * pixel, maxY - row * pixel, out);
    return [out[0], out[1]];
  };
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const ring = [corner(column, row), corner(column + 1, row), corner(column + 1, row + 1), corner(column, row + 1), corner(column, row)];
      const [lon, lat] = corner(column + 0.5, row + 0.5);
      values[row * width + column] = hole?.(lon, lat) ? noData! : density(lon, lat) * ringArea(ring);
    }
  }
  return writeGeoTiff({ width, height, values, origin: [minX, maxY], pixelSize: [pixel, pixel], geoKeys: keys, noData });
}

const options = { cellMetres: 500, childShare: 0.2, householdShare: 0.3 };
const within = (actual: number, expected: number, tolerance = 1e-3) => expect(Math.abs(actual - expected) / expected).toBeLessThan(tolerance);

const rasters: Array<{ name: string; synthetic: Synthetic; crsName: string; dataType: string }> = [
  {
    name: 'WorldPop-like: EPSG:4326, 3 arc-seconds, Float32, nodata -99999',
    synthetic: { crs: lonLat, keys: geoKeysFor('EPSG:4326'), pixel: 1 / 1200, make: (n) => new Float32Array(n), noData: -99999, hole: (lon, lat) => lon > 77.06 && lat > 43.3 },
    crsName: 'EPSG:4326',
    dataType: 'Float32',
  },
  {
    name: 'UTM 43N (EPSG:32643), 100 m, Float64',
    synthetic: { crs: utm(43, true), keys: geoKeysFor('EPSG:32643'), pixel: 100, make: (n) => new Float64Array(n) },
    crsName: 'EPSG:32643 (WGS 84 / UTM zone 43N)',
    dataType: 'Float64',
  },
  {
    name: 'GHS-POP-like: World Mollweide (ESRI:54009), 1 km, UInt16',
    synthetic: { crs: mollweide(), keys: geoKeysFor('ESRI:54009'), pixel: 1000, make: (n) => new Uint16Array(n) },
    crsName: 'ESRI:54009 (World Mollweide)',
    dataType: 'UInt16',
  },
  {
    name: 'EPSG:4326, 30 arc-seconds, Int16, nodata -32768',
    synthetic: { crs: lonLat, keys: geoKeysFor('EPSG:4326'), pixel: 1 / 120, make: (n) => new Int16Array(n), noData: -32768, hole: (lon) => lon < 76.77 },
    crsName: 'EPSG:4326',
    dataType: 'Int16',
  },
];

describe('raster coordinate systems', () => {
  const out = new Float64Array(2);
  it.each([
    ['UTM 43N', utm(43, true), 76.9, 43.25, 654238.2968034724, 4790330.077680208],
    ['UTM 42S', utm(42, false), 70.1, -30.5, 605559.7482515376, 6625294.155026043],
    ['World Mollweide', mollweide(), 76.9, 43.25, 6327831.272062199, 5149332.16386568],
    ['Web Mercator', webMercator, 76.9, 43.25, 8560468.842002738, 5350102.143460672],
  ])('%s agrees with proj4 to a millimetre, both ways', (_name, crs, lon, lat, x, y) => {
    crs.forward(lon, lat, out);
    expect(Math.abs(out[0] - x)).toBeLessThan(1e-3);
    expect(Math.abs(out[1] - y)).toBeLessThan(1e-3);
    crs.inverse(x, y, out);
    expect(Math.abs(out[0] - lon)).toBeLessThan(1e-8);
    expect(Math.abs(out[1] - lat)).toBeLessThan(1e-8);
  });
});

describe('pixel coverage', () => {
  const grid = { crs: lonLat, originX: 0, originY: 0, scaleX: 1, scaleY: -1 };
  const covered = (rings: Array<{ points: number[][]; hole: boolean }>) => {
    const c = coverage(pixelPolygon(rings, grid));
    let sum = 0;
    for (let row = 0; row < c.height; row++) for (let column = 0; column < c.width; column++) sum += c.fraction[row * c.stride + column];
    return { c, sum };
  };
  it('splits boundary pixels by area, whatever the winding', () => {
    const triangle = [[0.3, -0.2], [7.9, -1.1], [2.2, -6.7]];
    const twiceArea = Math.abs((7.9 - 0.3) * (-6.7 + 0.2) - (2.2 - 0.3) * (-1.1 + 0.2));
    expect(covered([{ points: triangle, hole: false }]).sum).toBeCloseTo(twiceArea / 2, 9);
    expect(covered([{ points: triangle.slice().reverse(), hole: false }]).sum).toBeCloseTo(twiceArea / 2, 9);
  });
  it('takes holes away and counts overlapping parts once', () => {
    const square = [[0, 0], [10, 0], [10, -10], [0, -10]];
    const hole = [[2.5, -2.5], [2.5, -5.5], [6.5, -5.5], [6.5, -2.5]];
    expect(covered([{ points: square, hole: false }, { points: hole, hole: true }]).sum).toBeCloseTo(100 - 12, 9);
    const { c, sum } = covered([{ points: square, hole: false }, { points: square, hole: false }]);
    expect(sum).toBeCloseTo(100, 9);
    expect(Math.max(...c.fraction)).toBe(1);
  });
});

describe('aggregateRaster', () => {
  const results = new Map<string, Awaited<ReturnType<typeof aggregateRaster>>>();

  it.each(rasters)('$name: totals within 0.1% of the population inside the boundaries', async ({ name, synthetic, crsName, dataType }) => {
    const bytes = synthesise(synthetic);
    expect(isGeoTiff(new Uint8Array(bytes))).toBe(true);
    const progress: number[] = [];
    const result = await aggregateRaster(`${name}.tif`, bytes, districts, options, (f) => progress.push(f));
    results.set(name, result);
    const { population, summary } = result;
    expect(summary.crs).toBe(crsName);
    expect(summary.dataType).toBe(dataType);
    expect(progress.at(-1)).toBe(1);
    within(summary.insideTotal, truthTotal);
    expect(summary.rasterTotal).toBeGreaterThan(summary.insideTotal * 1.2);

    const byDistrict: Record<string, number> = { A: 0, B: 0, C: 0 };
    for (const feature of population.features) byDistrict[feature.properties!.district] += feature.properties!.pop;
    within(byDistrict.A, truth.A);
    within(byDistrict.B, truth.B);
    within(byDistrict.C, truth.C);
    const sum = population.features.reduce((s, f) => s + f.properties!.pop, 0);
    expect(Math.abs(sum - summary.insideTotal)).toBeLessThanOrEqual(0.005 * population.features.length);
    expect(summary.points).toBe(population.features.length);
  });

  it('gives the same totals from the 4326 raster and the projected ones', () => {
    expect(results.size).toBe(rasters.length);
    const reference = results.get(rasters[0].name)!.summary.insideTotal;
    for (const { summary } of results.values()) within(summary.insideTotal, reference);
  });

  it('gives points in the population layer shape, each in its district, with unique ids', () => {
    const shapes = new Map(districts.features.map((f) => [f.properties!.id, f as Feature<Polygon>]));
    for (const { population, summary } of results.values()) {
      expect(summary.pixelMetres).toBeGreaterThan(60);
      const ids = new Set<string>();
      for (const feature of population.features) {
        const p = feature.properties!;
        expect(Object.keys(p).sort()).toEqual(['district', 'households', 'id', 'pop', 'pop_6_17']);
        expect(p.id).toMatch(/^r\d+c\d+(-[ABC])?$/);
        ids.add(p.id);
        expect(p.pop).toBeGreaterThan(0);
        expect(p.pop).toBe(Math.round(p.pop * 100) / 100);
        expect(Math.abs(p.pop_6_17 - p.pop * 0.2)).toBeLessThanOrEqual(0.0075);
        expect(Math.abs(p.households - p.pop * 0.3)).toBeLessThanOrEqual(0.0075);
        expect(feature.geometry.type).toBe('Point');
        expect(booleanPointInPolygon(feature.geometry, shapes.get(p.district)!), `${summary.crs} ${summary.dataType} ${p.id} ${p.pop} at ${feature.geometry.coordinates} in ${p.district}`).toBe(true);
      }
      expect(ids.size).toBe(population.features.length);
    }
  });

  it('splits a cell on a district boundary into one point per district, with the district in the id', () => {
    const { population } = results.get(rasters[0].name)!;
    const split = population.features.filter((f) => String(f.properties!.id).includes('-'));
    expect(split.length).toBeGreaterThan(10);
    const cells = new Set(split.map((f) => String(f.properties!.id).split('-')[0]));
    expect(cells.size).toBeLessThan(split.length);
  });
});

describe('aggregateRaster refuses bad files, naming the file and the problem', () => {
  const small = (keys: Record<number, GeoKeyValue> | undefined, values: RasterValues = new Float32Array(4).fill(10), more: Partial<Parameters<typeof writeGeoTiff>[0]> = {}) =>
    writeGeoTiff({ width: 2, height: 2, values, origin: [76.85, 43.26], pixelSize: [0.01, 0.01], geoKeys: keys, ...more });
  const refusal = async (bytes: ArrayBuffer, file = 'pop.tif') => {
    const error = await aggregateRaster(file, bytes, districts, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  };

  it('not a TIFF', async () => {
    const message = await refusal(new TextEncoder().encode('{"type":"FeatureCollection"}').buffer as ArrayBuffer, 'population.geojson');
    expect(message).toMatch(/^population\.geojson: format: is not a TIFF/);
    expect(isGeoTiff(new Uint8Array([0x4d, 0x4d, 0, 42]))).toBe(true);
    expect(isGeoTiff(new Uint8Array([0x49, 0x49, 43, 0]))).toBe(true);
  });

  it('a projection this version cannot read (EPSG:2154)', async () => {
    const message = await refusal(small({ 1024: 1, 3072: 2154 }));
    expect(message).toContain('pop.tif: projection: ');
    expect(message).toContain('EPSG:2154');
    expect(message).toContain('it reads EPSG:4326');
    expect(message).toContain('ESRI:54009');
  });

  it('a user-defined projection with no citation', async () => {
    const message = await refusal(small({ 1024: 1, 3072: 32767 }));
    expect(message).toMatch(/pop\.tif: projection: is in model type 1 \(projected\), a user-defined projection, no citation, a projection this version cannot read/);
  });

  it('no georeferencing', async () => {
    expect(await refusal(small(undefined))).toMatch(/^pop\.tif: georeferencing: has no GeoTIFF georeferencing/);
    expect(await refusal(small(geoKeysFor('EPSG:4326'), undefined, { origin: undefined }))).toMatch(/^pop\.tif: georeferencing: has no georeferencing \(no ModelPixelScale/);
  });

  it('a rotated raster', async () => {
    const transformation = [0.01, 0.002, 0, 76.85, 0.002, -0.01, 0, 43.26, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(await refusal(small(geoKeysFor('EPSG:4326'), undefined, { transformation }))).toMatch(/^pop\.tif: georeferencing: is rotated or sheared/);
  });

  it('a raster of another place: the population is outside the boundaries', async () => {
    const message = await refusal(small(geoKeysFor('EPSG:4326'), undefined, { origin: [71.4, 51.2] }));
    expect(message).toContain('pop.tif: extent: covers longitudes 71.40 to 71.42, latitudes 51.18 to 51.20 (EPSG:4326)');
    expect(message).toContain('the population is outside the boundaries');
  });

  it('a negative population, with its row and column', async () => {
    const values = new Float32Array([10, 10, 10, -5]);
    expect(await refusal(small(geoKeysFor('EPSG:4326'), values, { noData: -99999 }))).toBe(
      "pop.tif: row 1, column 1: has population -5; populations cannot be negative or infinite (the file's nodata value is -99999)",
    );
    expect(await refusal(small(geoKeysFor('EPSG:4326'), values))).toContain('(the file declares no nodata value: is this one?)');
  });

  it('more than one band', async () => {
    const message = await refusal(small(geoKeysFor('EPSG:4326'), new Uint8Array(12).fill(10), { bands: 3 }));
    expect(message).toMatch(/^pop\.tif: bands: has 3 bands; a population raster has one/);
  });

  it('reads Int32, UInt32, Byte and Float64 rasters too', async () => {
    for (const values of [new Int32Array(4).fill(10), new Uint32Array(4).fill(10), new Uint8Array(4).fill(10), new Float64Array(4).fill(10)]) {
      const { summary } = await aggregateRaster('pop.tif', small(geoKeysFor('EPSG:4326'), values), districts, options);
      expect(summary.rasterTotal).toBe(40);
    }
  });
});

describe('a raster far larger than the city', () => {
  it('is read only over the districts, with the same population in them as when read whole', async () => {
    // 6000 x 4500 pixels of 1 person over 27 million pixels: above the whole-raster limit, and the districts cover a small corner.
    const width = 6000;
    const height = 4500;
    const values = new Float32Array(width * height).fill(1);
    const step = 1 / 1200;
    const bytes = writeGeoTiff({ width, height, values, origin: [69.0, 42.6], pixelSize: [step, step], geoKeys: geoKeysFor('EPSG:4326'), noData: -99999 });
    const square = (west: number, north: number, size: number) => [[[west, north], [west + size, north], [west + size, north - size], [west, north - size], [west, north]]];
    const districts = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { id: 'a' }, geometry: { type: 'Polygon' as const, coordinates: square(69.1, 42.5, 0.05) } }] };
    const { summary } = await aggregateRaster('country.tif', bytes, districts, { cellMetres: 500, childShare: 0.2, householdShare: 0.3 });
    expect(summary.totalOf).toBe('window');
    // 0.05 degrees = 60 pixels a side: 3,600 people.
    expect(summary.insideTotal).toBeCloseTo(3600, 3);
    expect(summary.rasterTotal).toBeLessThan(width * height);
  });
});
