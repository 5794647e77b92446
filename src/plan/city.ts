import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { InputError } from '../engine/instance/errors';
import { STREET_GRAPH_FORMAT, type StreetGraph } from '../engine/streets/graph';
import { localProjection, type Projection } from './geo';
import type { TypeDemand } from './facility';
import type { CityTransit, FeedDay } from './transit';

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
    /** Every other numeric property the population layer gives for every point (`children_1_6`, ...): a type's demand may name one. */
    readonly properties: Readonly<Record<string, Float64Array>>;
  };
  /** State schools with a known capacity (private ones are shown but give no public places). */
  readonly schools: PointSet & { readonly capacity: Float64Array; readonly students: Float64Array };
  readonly privateSchools: PointSet;
  /** Hospitals: the stand-in for polyclinics, whose locations are not public. */
  readonly health: PointSet & { readonly beds: Float64Array };
  /** Container sites already built (imported; the demo has none). Capacity in households, NaN: the scenario's. */
  readonly containers: PointSet & { readonly capacity: Float64Array };
  /**
   * Every layer of existing facilities by its name, as a type's `existing`
   * names it: "schools" (the state schools), "health", "containers", and any
   * further point layer of the package ("kindergartens", "pharmacies", ...).
   * Capacity NaN: the type's own.
   */
  readonly layers: Readonly<Record<string, FacilityLayer>>;
  /** The walking graph of the city's streets, when it has one (src/engine/streets/graph.ts). */
  readonly streets: StreetGraph | null;
  /** The scenario's public transport on this city (src/plan/transit.ts), when it has any. */
  readonly transit?: CityTransit;
}

export type FacilityLayer = PointSet & { readonly capacity: Float64Array };

export interface CityFiles {
  districts: unknown;
  population: unknown;
  schools: unknown;
  health: unknown;
  exclusions: unknown;
  /** Existing container sites, only when imported. */
  containers?: unknown;
  /** A package's further point layers (kindergartens, pharmacies, ...) by the manifest's name (and imported ones), checked and normalised as schools and health are: FeatureCollections of points with id, district, name and an optional capacity. */
  layers?: Readonly<Record<string, unknown>>;
  /** The walking graph, already built from the city's street file (the worker keeps it). */
  streets?: StreetGraph | null;
  /** The scenario's GTFS feed for its day and window (the command line reads it beside the city; src/plan/transit.ts). */
  transitFeed?: FeedDay | null;
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
  const capacities = (features: Feature<Point>[]) => Float64Array.from(features, (f) => (typeof f.properties?.capacity === 'number' ? f.properties.capacity : NaN));
  const schools = { ...pointSet(stateSchools, 'schools.geojson'), capacity: capacities(stateSchools), students: Float64Array.from(stateSchools, (f) => (typeof f.properties?.students === 'number' ? f.properties.students : NaN)) };
  const health = { ...pointSet(healthFeatures, 'health.geojson'), beds: Float64Array.from(healthFeatures, (f) => (typeof f.properties?.beds === 'number' ? f.properties.beds : NaN)) };
  const containers = { ...pointSet(containerFeatures, 'containers.geojson'), capacity: capacities(containerFeatures) };
  const extra = Object.entries(files.layers ?? {}).map(([name, layer]): [string, FacilityLayer] => {
    const features = points(layer, `${name}.geojson`).features;
    return [name, { ...pointSet(features, `${name}.geojson`), capacity: capacities(features) }];
  });
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
      properties: otherNumbers(population.features),
    },
    schools,
    privateSchools: pointSet(privateSchools, 'schools.geojson'),
    health,
    containers,
    layers: { schools, health: { ...health, capacity: new Float64Array(health.count).fill(NaN) }, containers, ...Object.fromEntries(extra) },
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

/** The numeric properties besides the three every point has, where every point gives a non-negative number. */
function otherNumbers(features: Feature<Point>[]): Record<string, Float64Array> {
  const first = features[0]?.properties ?? {};
  const names = Object.keys(first).filter((name) => !['pop', 'pop_6_17', 'households'].includes(name) && typeof first[name] === 'number');
  const result: Record<string, Float64Array> = {};
  for (const name of names) {
    if (features.every((f) => typeof f.properties?.[name] === 'number' && Number.isFinite(f.properties[name]) && f.properties[name] >= 0)) result[name] = Float64Array.from(features, (f) => f.properties![name] as number);
  }
  return result;
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

/**
 * A type's demand per point: the population layer's named property where it
 * has one, else residents, children or households times the share. A share
 * of 1 is the layer's own numbers, untouched.
 */
export function demandWeights(city: CityData, demand: TypeDemand): Float64Array {
  const own = demand.property !== undefined ? city.demand.properties[demand.property] : undefined;
  if (own) return own;
  const base = city.demand[demand.of ?? 'residents'];
  const share = demand.share ?? 1;
  return share === 1 ? base : Float64Array.from(base, (value) => value * share);
}

/** The index of the district holding a place, or -1 outside every district. */
export function districtOf(city: CityData, lon: number, lat: number): number {
  return city.districtShapes.features.findIndex((feature) => booleanPointInPolygon([lon, lat], feature));
}
