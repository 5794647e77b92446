import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { seededRandom } from '../../src/engine/seededRandom';

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
