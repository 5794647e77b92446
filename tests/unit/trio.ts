import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { OsmData } from '../../scripts/osmPbfWriter';
import { seededRandom } from '../../src/engine/seededRandom';
import { geoKeysFor, writeGeoTiff } from '../../src/io/raster/write';

/**
 * A generated second city: three districts stacked north to south (one with
 * a hole, a park), population points on a 300 m grid without district or id
 * (the package reader assigns them), two existing schools and one clinic.
 */
export const TRIO_CENTRE = [69.59, 42.32] as const;

export function trioCity(): { files: Record<string, unknown> } {
  const [lon0, lat0] = TRIO_CENTRE;
  const dLon = 1 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const dLat = 1 / 111_320;
  const at = (x: number, y: number): [number, number] => [round(lon0 + x * dLon), round(lat0 + y * dLat)];
  const box = (x0: number, y0: number, x1: number, y1: number) => [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)];
  const district = (id: string, en: string, ru: string, kk: string, rings: [number, number][][]): Feature<Polygon> => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: rings },
    properties: { id, name_en: en, name_ru: ru, name_kk: kk },
  });
  const districts: FeatureCollection<Polygon> = {
    type: 'FeatureCollection',
    features: [
      district('north', 'North District', 'Северный район', 'Солтүстік ауданы', [box(-3000, 1000, 3000, 4000)]),
      district('centre', 'Centre District', 'Центральный район', 'Орталық ауданы', [box(-3000, -1000, 3000, 1000), box(-500, -500, 500, 500).reverse()]),
      district('south', 'South District', 'Южный район', 'Оңтүстік ауданы', [box(-3000, -4000, 3000, -1000)]),
    ],
  };
  const random = seededRandom(13);
  const population: Feature<Point>[] = [];
  for (let y = -3850; y < 4000; y += 300) {
    for (let x = -2850; x < 3000; x += 300) {
      if (Math.abs(x) < 500 && Math.abs(y) < 500) continue; // the park
      const pop = Math.round(40 + 400 * random() * Math.exp(-(x * x + y * y) / 8e6));
      population.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at(x, y) }, properties: { pop, pop_6_17: Math.round(pop * 0.2), households: Math.round(pop / 3.5) } });
    }
  }
  const point = (x: number, y: number, properties: Record<string, unknown>): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(x, y) }, properties });
  return {
    files: {
      'manifest.json': {
        format: 'siting-city/1',
        id: 'trio',
        name: { en: 'Trio', ru: 'Трио', kk: 'Трио' },
        attribution: 'Generated for the tests',
        layers: { districts: 'districts.geojson', population: 'population.geojson', schools: 'schools.geojson', health: 'health.geojson' },
        growth: { '*': 0.02 },
      },
      'districts.geojson': districts,
      'population.geojson': { type: 'FeatureCollection', features: population },
      'schools.geojson': {
        type: 'FeatureCollection',
        features: [point(-2000, 3000, { name: 'School No. 1', capacity: 800 }), point(2000, -3000, { name: 'Школа № 2', kind: 'state', capacity: 600, students: 650 })],
      },
      'health.geojson': { type: 'FeatureCollection', features: [point(0, 2000, { name: 'Clinic' })] },
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The trio as an OpenStreetMap extract: its three districts as
 * administrative relations (level 9, the centre with the park as an inner
 * ring), a street grid every 250 m, schools (one beyond the city), a clinic,
 * a hospital drawn as a building, a pharmacy (not a health facility here) and
 * a recycling point. Written with scripts/osmPbfWriter.ts.
 */
export function trioOsm(): OsmData {
  const [lon0, lat0] = TRIO_CENTRE;
  const dLon = 1 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const dLat = 1 / 111_320;
  const nodes: { id: number; lon: number; lat: number; tags?: Record<string, string> }[] = [];
  const ways: { id: number; refs: number[]; tags?: Record<string, string> }[] = [];
  let nextNode = 1;
  let nextWay = 1;
  const node = (x: number, y: number, tags?: Record<string, string>) => {
    nodes.push({ id: nextNode, lon: round(lon0 + x * dLon), lat: round(lat0 + y * dLat), ...(tags ? { tags } : {}) });
    return nextNode++;
  };
  const way = (refs: number[], tags?: Record<string, string>) => {
    ways.push({ id: nextWay, refs, ...(tags ? { tags } : {}) });
    return nextWay++;
  };
  // Streets: a grid from -4 km to 4 km east-west and -4.5 km to 4.5 km north-south.
  const grid = new Map<string, number>();
  for (let x = -4000; x <= 4000; x += 250) for (let y = -4500; y <= 4500; y += 250) grid.set(`${x},${y}`, node(x, y));
  for (let x = -4000; x <= 4000; x += 250) {
    const refs: number[] = [];
    for (let y = -4500; y <= 4500; y += 250) refs.push(grid.get(`${x},${y}`)!);
    way(refs, { highway: 'residential' });
  }
  for (let y = -4500; y <= 4500; y += 250) {
    const refs: number[] = [];
    for (let x = -4000; x <= 4000; x += 250) refs.push(grid.get(`${x},${y}`)!);
    way(refs, { highway: x0Tag(y) });
  }
  const ring = (x0: number, y0: number, x1: number, y1: number) => {
    const a = node(x0, y0);
    return way([a, node(x1, y0), node(x1, y1), node(x0, y1), a]);
  };
  const north = ring(-3000, 1000, 3000, 4000);
  const centre = ring(-3000, -1000, 3000, 1000);
  const park = ring(-500, -500, 500, 500);
  const south = ring(-3000, -4000, 3000, -1000);
  const admin = (id: number, outer: number, names: Record<string, string>, inner?: number) => ({
    id,
    members: [{ type: 'way' as const, ref: outer, role: 'outer' }, ...(inner ? [{ type: 'way' as const, ref: inner, role: 'inner' }] : [])],
    tags: { type: 'boundary', boundary: 'administrative', admin_level: '9', ...names },
  });
  node(-2000, 3000, { amenity: 'school', name: 'School No. 1' });
  node(2000, -3000, { amenity: 'school', name: 'Школа № 2', capacity: '600' });
  node(9000, 0, { amenity: 'school', name: 'Village school' });
  node(0, 2000, { amenity: 'clinic', name: 'Clinic' });
  node(100, 2100, { amenity: 'pharmacy', name: 'Pharmacy' });
  node(-1000, -2000, { amenity: 'recycling', name: 'Recycling' });
  const a = node(1500, -1500);
  way([a, node(1600, -1500), node(1600, -1400), node(1500, -1400), a], { building: 'hospital', amenity: 'hospital', name: 'Hospital' });
  return {
    nodes,
    ways,
    relations: [
      admin(1, north, { name: 'Солтүстік', 'name:en': 'North', 'name:ru': 'Северный', 'name:kk': 'Солтүстік' }),
      admin(2, centre, { name: 'Орталық', 'name:en': 'Centre', 'name:ru': 'Центральный', 'name:kk': 'Орталық' }, park),
      admin(3, south, { name: 'Оңтүстік', 'name:en': 'South', 'name:ru': 'Южный', 'name:kk': 'Оңтүстік' }),
      { id: 4, members: [{ type: 'way', ref: north, role: 'outer' }, { type: 'way', ref: centre, role: 'outer' }, { type: 'way', ref: south, role: 'outer' }], tags: { type: 'boundary', boundary: 'administrative', admin_level: '6', name: 'Trio' } },
    ],
  };
}

/**
 * The trio's extract as real ones are: streets of many classes and tags, a
 * neighbour's boundary the extract cuts (level 8), a district whose boundary
 * it cuts (level 9, the districts' level), and a school none of whose nodes
 * it holds.
 */
export function trioRealOsm(): OsmData {
  const data = trioOsm();
  const classes: Record<string, string>[] = [
    { highway: 'residential' },
    { highway: 'steps' },
    { highway: 'path', foot: 'designated' },
    { highway: 'primary', sidewalk: 'both', maxspeed: '60' },
    { highway: 'motorway' },
    { highway: 'service', access: 'private' },
    { highway: 'footway', bridge: 'yes' },
  ];
  const ways = data.ways.map((way, k) => (way.tags?.highway ? { ...way, tags: classes[k % classes.length] } : way));
  ways.push({ id: 9001, refs: [990001, 990002, 990003], tags: { amenity: 'school', name: 'Cut school' } });
  const cut = (id: number, level: string, name: string) => ({ id, members: [{ type: 'way' as const, ref: 880000 + id, role: 'outer' }], tags: { type: 'boundary', boundary: 'administrative', admin_level: level, name } });
  return { ...data, ways, relations: [...data.relations, cut(801, '8', 'Beausoleil'), cut(802, '8', 'Cap-d’Ail'), cut(901, '9', 'West')] };
}

/** Every fourth east-west street is a footway, so the graph has both kinds. */
function x0Tag(y: number): string {
  return y % 1000 === 0 ? 'footway' : 'residential';
}

/** 50 residents in every pixel of 3 arc-seconds, 120 x 120 pixels around the trio's centre (some 10 km: more than its districts hold), as a WGS84 GeoTIFF. */
export function trioPopulationTiff(): ArrayBuffer {
  const step = 3 / 3600;
  const size = 120;
  return writeGeoTiff({ width: size, height: size, values: new Float32Array(size * size).fill(50), origin: [TRIO_CENTRE[0] - (size / 2) * step, TRIO_CENTRE[1] + (size / 2) * step], pixelSize: [step, step], geoKeys: geoKeysFor('EPSG:4326') });
}
