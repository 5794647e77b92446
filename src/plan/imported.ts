import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { InputError } from '../engine/instance/errors';
import type { CityFiles } from './city';

/**
 * Data a planner imported into a scenario. It replaces the demo's layer of the
 * same kind (the real polyclinic list instead of the hospital stand-ins, a
 * finer population grid) or, for no-build zones, adds to it. It travels with
 * the scenario: in the browser's storage and in the scenario file.
 */
export interface ImportedData {
  readonly demand?: readonly { readonly lon: number; readonly lat: number; readonly residents: number; readonly children: number; readonly households: number }[];
  readonly schools?: readonly { readonly lon: number; readonly lat: number; readonly name: string; readonly capacity: number; readonly students: number | null }[];
  readonly polyclinics?: readonly { readonly lon: number; readonly lat: number; readonly name: string }[];
  /** Container sites already built; capacity in households, null for the scenario's own. */
  readonly containers?: readonly { readonly lon: number; readonly lat: number; readonly name: string; readonly capacity: number | null }[];
  /** Existing facilities of further layers by name ("kindergartens", ...): each replaces the city's layer of that name. */
  readonly layers?: Readonly<Record<string, readonly { readonly lon: number; readonly lat: number; readonly name: string; readonly capacity: number | null }[]>>;
  readonly exclusions?: readonly (Polygon | MultiPolygon)[];
}

/** The city layers with the imports laid over them, in the demo's own shapes, for parseCity. */
export function withImports(files: CityFiles, imported: ImportedData | undefined): CityFiles {
  if (!imported) return files;
  const districts = files.districts as FeatureCollection<Polygon | MultiPolygon>;
  const districtOf = (lon: number, lat: number, what: string, k: number): string => {
    const found = districts.features.find((district) => booleanPointInPolygon([lon, lat], district));
    if (!found) throw new InputError(`imported.${what}[${k}]`, `[${lon}, ${lat}] lies outside the city's districts`);
    return String(found.properties?.id);
  };
  const points = <T extends { lon: number; lat: number }>(list: readonly T[], what: string, properties: (entry: T, k: number, district: string) => Record<string, unknown>): FeatureCollection<Point> => ({
    type: 'FeatureCollection',
    features: list.map((entry, k): Feature<Point> => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [entry.lon, entry.lat] },
      properties: properties(entry, k, districtOf(entry.lon, entry.lat, what, k)),
    })),
  });
  return {
    ...files,
    population: imported.demand
      ? points(imported.demand, 'demand', (d, k, district) => ({ id: `imp${k}`, district, pop: d.residents, pop_6_17: d.children, households: d.households }))
      : files.population,
    schools: imported.schools
      ? points(imported.schools, 'schools', (s, k, district) => ({ id: `isch${k}`, name: s.name, district, kind: 'state', capacity: s.capacity, students: s.students }))
      : files.schools,
    health: imported.polyclinics
      ? points(imported.polyclinics, 'polyclinics', (p, k, district) => ({ id: `ipol${k}`, name: p.name, district, kind: 'polyclinic', beds: null }))
      : files.health,
    ...(imported.containers
      ? { containers: points(imported.containers, 'containers', (c, k, district) => ({ id: `icon${k}`, name: c.name, district, capacity: c.capacity })) }
      : {}),
    ...(imported.layers
      ? {
          layers: {
            ...files.layers,
            ...Object.fromEntries(
              Object.entries(imported.layers).map(([name, list]) => [
                name,
                points(list, `layers.${name}`, (f, k, district) => ({ id: `i${name}${k}`, name: f.name, district, ...(f.capacity === null ? {} : { capacity: f.capacity }) })),
              ]),
            ),
          },
        }
      : {}),
    exclusions: imported.exclusions
      ? {
          ...(files.exclusions as FeatureCollection),
          features: [
            ...(files.exclusions as FeatureCollection).features,
            ...imported.exclusions.map((geometry, k): Feature => ({ type: 'Feature', geometry, properties: { id: `imported_${k}` } })),
          ],
        }
      : files.exclusions,
  };
}
