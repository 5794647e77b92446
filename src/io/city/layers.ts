import { bbox as boxOf } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { CityFiles } from '../../plan/city';
import { CITY_LAYER_NAMES } from './types';

/**
 * A package's GeoJSON layers checked against each other and put in the shape
 * the planner reads (src/plan/city.ts): every point gets its district (by
 * where it lies, unless it names one) and an id; districts get their
 * population. Every problem is collected, named by file and record, so the
 * planner sees all of them at once, and nothing is returned half-checked.
 */
export interface PackageLayers {
  districts: unknown;
  population: unknown;
  schools?: unknown;
  health?: unknown;
  containers?: unknown;
  exclusions?: unknown;
  /** Further point layers (kindergartens, pharmacies, ...), by the manifest's name. */
  [extra: string]: unknown;
}

/** The layers whose shape the package format fixes; any other is a further point layer of existing facilities. */
const OWN_LAYERS: ReadonlySet<string> = new Set(CITY_LAYER_NAMES);

/** The most problems listed one by one; the rest are counted. */
const LISTED = 25;
/** The district index is a byte (src/plan/city.ts). */
const MAX_DISTRICTS = 255;

export class PackageProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PackageProblems';
  }
}

/**
 * `files` names each layer's file (the manifest's `layers`); a further layer
 * is read when both it and its file are named.
 */
export function normaliseLayers(layers: PackageLayers, files: Readonly<Record<string, string | undefined>>): CityFiles {
  const problems: string[] = [];
  const report = (problem: string) => problems.push(problem);
  const name = (layer: string) => files[layer] ?? `${layer}.geojson`;

  const { shapes, ids } = readDistricts(layers.districts, name('districts'), report);
  const locate = districtLocator(problems.length === 0 ? shapes : []);

  const residents = new Map<string, number>();
  const pointLayer = (layer: string, prefix: string, check: (p: Record<string, unknown>, where: string) => void): FeatureCollection<Point> | undefined => {
    const value = layers[layer];
    if (value === undefined) return undefined;
    const file = name(layer);
    const json = collection(value, file, report);
    if (!json) return undefined;
    const outside: number[] = [];
    const features = json.features.map((feature, k): Feature<Point> => {
      const where = `${file}, features[${k}]`;
      const coordinates = (feature?.geometry as Point | null)?.coordinates;
      const p = { ...(feature?.properties ?? {}) } as Record<string, unknown>;
      if (feature?.geometry?.type !== 'Point' || !Array.isArray(coordinates)) {
        report(`${where}: has no point coordinates (${feature?.geometry ? `a ${feature.geometry.type}` : 'no geometry'})`);
        return feature as Feature<Point>;
      }
      const [lon, lat] = coordinates;
      if (!(typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
        report(`${where}: [${lon}, ${lat}] is not a longitude/latitude pair`);
        return feature as Feature<Point>;
      }
      check(p, where);
      if (p.id === undefined || p.id === null || p.id === '') p.id = `${prefix}${k}`;
      else p.id = String(p.id);
      if (typeof p.district === 'string') {
        if (!ids.has(p.district)) report(`${where}.properties.district: "${p.district}" is not a district of ${name('districts')}`);
      } else {
        const found = locate(lon, lat);
        if (found === null) outside.push(k);
        else p.district = found;
      }
      return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: p };
    });
    if (outside.length > 0 && locate !== NOWHERE) {
      report(`${file}: ${outside.length} of ${features.length} points lie outside every district (features ${list(outside)})`);
    }
    return { type: 'FeatureCollection', features };
  };

  const population = pointLayer('population', 'p', (p, where) => {
    for (const field of ['pop', 'pop_6_17', 'households']) {
      if (!(typeof p[field] === 'number' && Number.isFinite(p[field]) && (p[field] as number) >= 0)) report(`${where}.properties.${field}: ${JSON.stringify(p[field]) ?? 'missing'} is not a non-negative number`);
    }
  });
  if (population && population.features.length === 0) report(`${name('population')}: has no population`);
  const optionalNumber = (field: string) => (p: Record<string, unknown>, where: string) => {
    if (p[field] !== undefined && p[field] !== null && !(typeof p[field] === 'number' && Number.isFinite(p[field]) && (p[field] as number) >= 0)) {
      report(`${where}.properties.${field}: ${JSON.stringify(p[field])} is not a non-negative number`);
    }
  };
  const schools = pointLayer('schools', 's', (p, where) => {
    optionalNumber('capacity')(p, where);
    optionalNumber('students')(p, where);
    // A school of unknown kind is a state school: private ones are the exception and are marked.
    if (p.kind === undefined || p.kind === null) p.kind = 'state';
    else if (p.kind !== 'state' && p.kind !== 'private') report(`${where}.properties.kind: ${JSON.stringify(p.kind)} is not "state" or "private"`);
  });
  const health = pointLayer('health', 'h', optionalNumber('capacity'));
  const containers = pointLayer('containers', 'c', optionalNumber('capacity'));
  // Checked as health and containers are: an id (else one from the position), a district (else where it lies), an optional capacity.
  const extra = Object.keys(files)
    .filter((layer) => !OWN_LAYERS.has(layer) && files[layer] !== undefined)
    .map((layer) => [layer, pointLayer(layer, `${layer}-`, optionalNumber('capacity')) ?? EMPTY] as const);
  const exclusions = layers.exclusions === undefined ? EMPTY : collection(layers.exclusions, name('exclusions'), report);
  exclusions?.features.forEach((feature, k) => {
    const type = feature?.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') report(`${name('exclusions')}, features[${k}]: expected a Polygon or MultiPolygon, found ${JSON.stringify(type) ?? 'no geometry'}`);
    else {
      const position = badPosition(feature.geometry as Polygon | MultiPolygon);
      if (position) report(`${name('exclusions')}, features[${k}].geometry: ${position} (zones are longitude/latitude, WGS 84)`);
    }
  });

  if (problems.length > 0) throw new PackageProblems(problems.length > LISTED ? [...problems.slice(0, LISTED), `and ${problems.length - LISTED} more problems`] : problems);

  for (const feature of population!.features) {
    const district = feature.properties!.district as string;
    residents.set(district, (residents.get(district) ?? 0) + (feature.properties!.pop as number));
  }
  return {
    districts: {
      type: 'FeatureCollection',
      features: shapes.map((feature) => ({
        ...feature,
        properties: { ...feature.properties, population: typeof feature.properties?.population === 'number' ? feature.properties.population : Math.round(residents.get(feature.properties!.id) ?? 0) },
      })),
    },
    population: population!,
    schools: schools ?? EMPTY,
    health: health ?? EMPTY,
    exclusions: exclusions!,
    ...(containers ? { containers } : {}),
    ...(extra.length > 0 ? { layers: Object.fromEntries(extra) } : {}),
  };
}

/** The district shapes of a package, every problem reported; with no problem they are what plans use. */
function readDistricts(value: unknown, file: string, report: (problem: string) => void): { shapes: Feature<Polygon | MultiPolygon>[]; ids: Set<string> } {
  const districts = collection(value, file, report);
  const shapes: Feature<Polygon | MultiPolygon>[] = [];
  const ids = new Set<string>();
  districts?.features.forEach((feature, k) => {
    const where = `${file}, features[${k}]`;
    const type = feature?.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') return report(`${where}: expected a Polygon or MultiPolygon, found ${type === undefined ? 'no geometry' : JSON.stringify(type)}`);
    const position = badPosition(feature.geometry as Polygon | MultiPolygon);
    if (position) return report(`${where}.geometry: ${position} (boundaries are longitude/latitude, WGS 84)`);
    const p = feature.properties ?? {};
    for (const field of ['id', 'name_en', 'name_ru', 'name_kk']) {
      if (typeof p[field] !== 'string' || p[field] === '') report(`${where}.properties.${field}: expected text, found ${JSON.stringify(p[field]) ?? 'nothing'}`);
    }
    if (typeof p.id === 'string') {
      if (ids.has(p.id)) report(`${where}.properties.id: "${p.id}" names two districts`);
      ids.add(p.id);
    }
    if (p.population !== undefined && !(typeof p.population === 'number' && p.population >= 0)) report(`${where}.properties.population: ${JSON.stringify(p.population)} is not a number of residents`);
    shapes.push(feature as Feature<Polygon | MultiPolygon>);
  });
  if (districts && districts.features.length === 0) report(`${file}: has no districts`);
  if (shapes.length > MAX_DISTRICTS) report(`${file}: has ${shapes.length} districts; a city may have at most ${MAX_DISTRICTS}`);
  return { shapes, ids };
}

/** The districts alone, checked (a raster population is summed within them before the other layers are read). */
export function packageDistricts(value: unknown, file: string): FeatureCollection<Polygon | MultiPolygon> {
  const problems: string[] = [];
  const { shapes } = readDistricts(value, file, (problem) => problems.push(problem));
  if (problems.length > 0) throw new PackageProblems(problems);
  return { type: 'FeatureCollection', features: shapes };
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const NOWHERE = () => null;

function collection(value: unknown, file: string, report: (problem: string) => void): FeatureCollection | undefined {
  const json = value as FeatureCollection;
  if (typeof json !== 'object' || json === null || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    report(`${file}: is not a GeoJSON FeatureCollection`);
    return undefined;
  }
  return json;
}

/**
 * The first position of a polygon that is not a longitude/latitude pair, as
 * text (a file saved in a projected system has coordinates in metres), or
 * null when every ring is well formed.
 */
export function badPosition(geometry: Polygon | MultiPolygon): string | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (!Array.isArray(polygons)) return 'has no coordinates';
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return 'has a polygon without rings';
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) return 'has a ring of fewer than four positions';
      for (const position of ring) {
        const [lon, lat] = Array.isArray(position) ? position : [];
        if (!(typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
          return `[${JSON.stringify(lon)}, ${JSON.stringify(lat)}] is not a longitude/latitude pair${typeof lon === 'number' && Math.abs(lon) > 180 ? ': the file seems to be in a projected system (metres)' : ''}`;
        }
      }
    }
  }
  return null;
}

function list(indices: readonly number[]): string {
  return indices.length > 10 ? `${indices.slice(0, 10).join(', ')}, ...` : indices.join(', ');
}

/** The district a point lies in (the first, where districts overlap), by box then polygon. */
export function districtLocator(shapes: readonly Feature<Polygon | MultiPolygon>[]): (lon: number, lat: number) => string | null {
  if (shapes.length === 0) return NOWHERE;
  const boxes = shapes.map((shape) => boxOf(shape));
  return (lon, lat) => {
    for (let k = 0; k < shapes.length; k++) {
      const [west, south, east, north] = boxes[k];
      if (lon < west || lon > east || lat < south || lat > north) continue;
      if (booleanPointInPolygon([lon, lat], shapes[k])) return String(shapes[k].properties!.id);
    }
    return null;
  };
}
