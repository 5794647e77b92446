import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { InputError } from '../engine/instance/errors';
import { STREET_GRAPH_FORMAT, type StreetGraph } from '../engine/streets/graph';
import { localProjection, type Projection } from './geo';

/**
 * The city a plan is made for, as typed arrays: demand points (a population
 * grid), the districts they belong to, the existing facilities, and the zones
 * where nothing may be built.
 */
export interface District {
  readonly id: string;
  readonly names: { readonly kk: string; readonly ru: string; readonly en: string };
  readonly population: number;
}

export interface PointSet {
  readonly count: number;
  readonly ids: string[];
  readonly names: string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Projected coordinates in metres (see geo.ts). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Index into `districts`. */
  readonly district: Uint8Array;
}

export interface CityData {
  readonly districts: District[];
  readonly districtShapes: FeatureCollection<Polygon | MultiPolygon>;
  readonly exclusions: FeatureCollection<Polygon | MultiPolygon>;
  readonly projection: Projection;
  readonly demand: PointSet & {
    readonly residents: Float64Array;
    readonly children: Float64Array;
    readonly households: Float64Array;
  };
  /** State schools with a known capacity (private ones are shown but give no public places). */
  readonly schools: PointSet & { readonly capacity: Float64Array; readonly students: Float64Array };
  readonly privateSchools: PointSet;
  /** Hospitals: the stand-in for polyclinics, whose locations are not public. */
  readonly health: PointSet & { readonly beds: Float64Array };
  /** Container sites already built (imported; the demo has none). Capacity in households, NaN: the scenario's. */
  readonly containers: PointSet & { readonly capacity: Float64Array };
  /** The walking graph of the city's streets, when it has one (src/engine/streets/graph.ts). */
  readonly streets: StreetGraph | null;
}

export interface CityFiles {
  districts: unknown;
  population: unknown;
  schools: unknown;
  health: unknown;
  exclusions: unknown;
  /** Existing container sites, only when imported. */
  containers?: unknown;
  /** A package's further point layers (kindergartens, pharmacies, ...) by the manifest's name, checked and normalised as schools and health are: FeatureCollections of points with id, district, name and an optional capacity. */
  layers?: Record<string, unknown>;
  /** The walking graph, already built from the city's street file (the worker keeps it). */
  streets?: StreetGraph | null;
}

/** Validates the five GeoJSON layers of a city; a bad feature is named by file, index and field. */
export function parseCity(files: CityFiles): CityData {
  const districtShapes = collection(files.districts, 'districts.geojson') as FeatureCollection<Polygon | MultiPolygon>;
  const districts = districtShapes.features.map((feature, k): District => {
    const p = feature.properties ?? {};
    return {
      id: text(p.id, 'districts.geojson', k, 'id'),
      names: { kk: text(p.name_kk, 'districts.geojson', k, 'name_kk'), ru: text(p.name_ru, 'districts.geojson', k, 'name_ru'), en: text(p.name_en, 'districts.geojson', k, 'name_en') },
      population: count(p.population, 'districts.geojson', k, 'population'),
    };
  });
  const districtIndex = new Map(districts.map((district, k) => [district.id, k]));
  const population = points(files.population, 'population.geojson');
  const centre = centreOf(population.features);
  const projection = localProjection(centre[0], centre[1]);
  const pointSet = (features: Feature<Point>[], file: string): PointSet => {
    const set = {
      count: features.length,
      ids: features.map((f, k) => text(f.properties?.id, file, k, 'id')),
      names: features.map((f) => (typeof f.properties?.name === 'string' ? f.properties.name : '')),
      lon: Float64Array.from(features, (f) => f.geometry.coordinates[0]),
      lat: Float64Array.from(features, (f) => f.geometry.coordinates[1]),
      x: new Float64Array(features.length),
      y: new Float64Array(features.length),
      district: Uint8Array.from(features, (f, k) => {
        const index = districtIndex.get(f.properties?.district);
        if (index === undefined) throw new InputError(`features[${k}].properties.district`, `unknown district ${JSON.stringify(f.properties?.district)}`, file);
        return index;
      }),
    };
    for (let k = 0; k < set.count; k++) {
      set.x[k] = projection.x(set.lon[k], set.lat[k]);
      set.y[k] = projection.y(set.lon[k], set.lat[k]);
    }
    return set;
  };

  const allSchools = points(files.schools, 'schools.geojson').features;
  const replaced = new Set(allSchools.map((f) => f.properties?.replaces).filter((id) => typeof id === 'string'));
  const stateSchools = allSchools.filter((f) => f.properties?.kind === 'state' && typeof f.properties?.capacity === 'number' && !replaced.has(f.properties?.id));
  const privateSchools = allSchools.filter((f) => f.properties?.kind === 'private');
  const healthFeatures = points(files.health, 'health.geojson').features;
  const containerFeatures = files.containers === undefined ? [] : points(files.containers, 'containers.geojson').features;
  return {
    districts,
    districtShapes,
    exclusions: collection(files.exclusions, 'exclusions.geojson') as FeatureCollection<Polygon | MultiPolygon>,
    projection,
    demand: {
      ...pointSet(population.features, 'population.geojson'),
      residents: numbers(population.features, 'population.geojson', 'pop'),
      children: numbers(population.features, 'population.geojson', 'pop_6_17'),
      households: numbers(population.features, 'population.geojson', 'households'),
    },
    schools: {
      ...pointSet(stateSchools, 'schools.geojson'),
      capacity: Float64Array.from(stateSchools, (f) => f.properties!.capacity as number),
      students: Float64Array.from(stateSchools, (f) => (typeof f.properties?.students === 'number' ? f.properties.students : NaN)),
    },
    privateSchools: pointSet(privateSchools, 'schools.geojson'),
    health: { ...pointSet(healthFeatures, 'health.geojson'), beds: Float64Array.from(healthFeatures, (f) => (typeof f.properties?.beds === 'number' ? f.properties.beds : NaN)) },
    containers: {
      ...pointSet(containerFeatures, 'containers.geojson'),
      capacity: Float64Array.from(containerFeatures, (f) => (typeof f.properties?.capacity === 'number' ? f.properties.capacity : NaN)),
    },
    streets: streetGraph(files.streets),
  };
}

function streetGraph(value: StreetGraph | null | undefined): StreetGraph | null {
  if (value === undefined || value === null) return null;
  if (value.format !== STREET_GRAPH_FORMAT) throw new InputError('format', `${JSON.stringify(value.format)} is not a street graph this version reads (${STREET_GRAPH_FORMAT})`, 'streets');
  return value;
}

function collection(value: unknown, file: string): FeatureCollection {
  const json = value as FeatureCollection;
  if (typeof json !== 'object' || json === null || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new InputError('type', 'expected a GeoJSON FeatureCollection', file);
  }
  return json;
}

function points(value: unknown, file: string): FeatureCollection<Point> {
  const json = collection(value, file);
  json.features.forEach((feature, k) => {
    const coordinates = (feature.geometry as Point | null)?.coordinates;
    if (feature.geometry?.type !== 'Point' || !Array.isArray(coordinates)) throw new InputError(`features[${k}].geometry`, 'expected a Point', file);
    const [lon, lat] = coordinates;
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
      throw new InputError(`features[${k}].geometry.coordinates`, `[${lon}, ${lat}] is not a longitude/latitude pair`, file);
    }
  });
  return json as FeatureCollection<Point>;
}

function text(value: unknown, file: string, k: number, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InputError(`features[${k}].properties.${field}`, `expected text, found ${JSON.stringify(value)}`, file);
  return value;
}

function count(value: unknown, file: string, k: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InputError(`features[${k}].properties.${field}`, `${JSON.stringify(value)} is not a non-negative number`, file);
  }
  return value;
}

function numbers(features: Feature<Point>[], file: string, field: string): Float64Array {
  return Float64Array.from(features, (f, k) => count(f.properties?.[field], file, k, field));
}

function centreOf(features: Feature<Point>[]): [number, number] {
  let lon = 0;
  let lat = 0;
  for (const f of features) {
    lon += f.geometry.coordinates[0];
    lat += f.geometry.coordinates[1];
  }
  return [lon / Math.max(features.length, 1), lat / Math.max(features.length, 1)];
}
