import { PRESETS } from '../../plan/presets';
import Papa from 'papaparse';
import { bbox as boxOf } from '@turf/bbox';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { cropGraph, walkingGraph, type StreetGraph } from '../../engine/streets/graph';
import type { CityFiles } from '../../plan/city';
import { importFile, formatProblem, type ImportMessage } from '../import/index';
import type { ImportKind, ImportedPoint } from '../import/types';
import { ROLE_NAMES } from '../import/aliases';
import type { CityExtract, OsmBoundary, OsmFacility } from '../osm/extract';
import { DEFAULT_OSM_LAYERS, parseOsmLayers, RuleProblems, type LayerRules } from '../osm/rules';
import { badPosition, districtLocator, PackageProblems } from './layers';
import { MANIFEST, memorySource, readCityPackage } from './package';
import { isGeoTiff } from '../raster/magic';
import { widenedBox } from '../../plan/geo';
import { streetPieces, streetsPbf, walkableWays, type StreetPieces } from './streetsLayer';
import type { StreetWays } from '../../engine/streets/ways';
import { CITY_FORMAT, CITY_LAYER_NAMES, orderedNotes, type BuildStage, type CityDraft, type CityNote, type CityInput, type CityManifest } from './types';
import { CITY_ID } from './manifest';
import { latinId } from './latin';

/** The preset whose existing facilities a city layer holds (schools: the school's), if any. */
const presetOfLayer = (layer: string) => Object.values(PRESETS).find((preset) => preset.existing === layer);

/** A file the planner gave, read into memory (by the worker, from a File). */
export interface GivenFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface BuildInput extends CityInput<GivenFile> {
  /** The OSM extract, read (src/io/osm/extract.ts), with its file name. */
  readonly extract?: { readonly name: string; readonly read: CityExtract };
}

export interface BuiltPackage {
  /**
   * The package's files. The street file is written only when they are asked
   * for (keeping or exporting the city): the review does not need it, and a
   * region's network takes seconds to write.
   */
  files(): Record<string, Uint8Array>;
  readonly draft: CityDraft;
  /** The layers as the package reader read them back: what plans on the city will use. */
  readonly layers: CityFiles;
}

const LEFT_OUT = { schools: 'leftOutSchools', health: 'leftOutHealth', containers: 'leftOutContainers' } as const;

/** Streets are kept this far beyond the districts, so that routes near the edge are not cut. */
export const STREET_MARGIN = 5000;

/**
 * A city package from the planner's files: boundaries, population (a raster
 * summed into cells, or points), existing facilities and streets, written as
 * the package's files and then read back through the one package reader, so
 * the review shows exactly what every later plan will use.
 */
export async function buildCityPackage(input: BuildInput, onProgress?: (fraction: number, stage: BuildStage) => void): Promise<BuiltPackage> {
  if (!CITY_ID.test(input.id)) throw new PackageProblems([`id: "${input.id}" is not a city id (lower-case latin letters, digits and hyphens)`]);
  const notes: CityNote[] = [];
  const districts = input.boundaries.from === 'file' ? boundariesFromFile(input.boundaries.file, input.boundaries.nameField) : boundariesFromOsm(input.extract, input.boundaries.adminLevel);
  const locate = districtLocator(districts.features);
  const files: Record<string, Uint8Array> = {};
  const layers: Record<string, string> = {};
  const put = (layer: string, name: string, value: unknown) => {
    files[name] = new TextEncoder().encode(JSON.stringify(value));
    layers[layer] = name;
  };
  put('districts', 'districts.geojson', districts);

  onProgress?.(0.1, 'population');
  const population = input.population.file;
  if (isGeoTiff(population.bytes)) {
    // Summed into cells once, here: the package keeps the points, so the city opens without reading the raster again.
    const { aggregateRaster } = await import('../raster/index');
    const bytes = population.bytes;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const parameters = { cellMetres: input.population.cellMetres, childShare: input.population.childShare, householdShare: input.population.householdShare };
    const { population: points, summary } = await aggregateRaster(population.name, buffer, districts, parameters, (fraction) => onProgress?.(0.1 + 0.3 * fraction, 'population'));
    const inside = Math.round(summary.insideTotal);
    const total = Math.round(summary.rasterTotal);
    if (summary.totalOf === 'raster' && total > inside) notes.push({ key: 'peopleLeftOut', values: { file: population.name, outside: total - inside, inside, total } });
    notes.push({ key: 'estimatedChildren', values: { file: population.name, share: parameters.childShare } });
    notes.push({ key: 'estimatedHouseholds', values: { file: population.name, share: parameters.householdShare } });
    notes.push({
      key: summary.totalOf === 'raster' ? 'raster' : 'rasterWindow',
      values: {
        file: population.name,
        crs: summary.crs,
        width: summary.width,
        height: summary.height,
        pixel: Math.round(summary.pixelMetres),
        inside,
        total,
        points: summary.points,
        cell: parameters.cellMetres,
      },
    });
    put('population', 'population.geojson', points);
  } else {
    // Columns the file lacks are the planner's shares of each point's residents, to the hundredth:
    // rounding a small point's share to whole people would bias the city's total.
    const result = imported(population, 'demand');
    const estimated = { children: result.warnings.some((w) => w.key === 'estimatedChildren'), households: result.warnings.some((w) => w.key === 'estimatedHouseholds') };
    const { childShare, householdShare } = input.population;
    const points = collection(result.points, (point) => ({
      pop: point.residents,
      pop_6_17: estimated.children ? round2(point.residents! * childShare) : point.children,
      households: estimated.households ? round2(point.residents! * householdShare) : point.households,
    }));
    insideOrRefuse(points, population.name, locate);
    put('population', 'population.geojson', points);
    if (estimated.children) notes.push({ key: 'estimatedChildren', values: { file: population.name, share: childShare } });
    if (estimated.households) notes.push({ key: 'estimatedHouseholds', values: { file: population.name, share: householdShare } });
  }

  onProgress?.(0.4, 'facilities');
  /** The further layers the planner asked for: the review counts each, also one that found nothing. */
  const asked: string[] = [];
  if (input.facilities.from === 'osm') {
    if (!input.extract) throw new PackageProblems(['facilities: the OSM extract is needed to take facilities from it']);
    const { name: file, read } = input.extract;
    for (const { layer } of osmLayers(input.facilities.layers)) {
      if (!(CITY_LAYER_NAMES as readonly string[]).includes(layer)) asked.push(layer);
      const all = read.facilities.filter((facility) => facility.layers.includes(layer));
      const inside = all.filter((facility) => locate(facility.lon, facility.lat) !== null);
      if (inside.length < all.length) {
        const values = { file, count: all.length - inside.length, total: all.length };
        notes.push(layer in LEFT_OUT ? { key: LEFT_OUT[layer as keyof typeof LEFT_OUT], values } : { key: 'leftOutLayer', values: { ...values, layer } });
      }
      // A layer none of whose objects lies in the city is not written, as a file of one type without any.
      if (inside.length > 0) put(layer, `${layer}.geojson`, { type: 'FeatureCollection', features: inside.map((facility) => osmPoint(facility, presetOfLayer(layer)?.existingNeedsCapacity ? input.schoolCapacity : null)) });
    }
  } else {
    for (const layer of ['schools', 'health', 'containers'] as const) {
      const file = input.facilities[layer];
      if (!file) continue;
      // Each file is one layer's: its rows are of the preset whose layer it is (one whose existing facilities must give their places gets the form's).
      const preset = presetOfLayer(layer)!;
      const placed = preset.existingNeedsCapacity === true;
      const collection = pointsFrom(withColumns(file, { type: preset.id, ...(placed ? { capacity: input.schoolCapacity } : {}) }), 'existing', (point) => ({
        name: point.name ?? '',
        ...(point.capacity !== undefined ? { capacity: point.capacity } : {}),
        ...(point.students !== undefined ? { students: point.students } : {}),
        ...(placed ? { kind: 'state' } : {}),
      }));
      insideOrRefuse(collection, file.name, locate);
      if (collection.features.length > 0) put(layer, `${layer}.geojson`, collection);
    }
  }

  let streetSegments = 0;
  let streetWays = 0;
  let streets: { ways: StreetWays; pieces: StreetPieces } | null = null;
  if (input.streets) {
    if (!input.extract) throw new PackageProblems(['streets: the OSM extract is needed to take streets from it']);
    onProgress?.(0.6, 'streets');
    const box = widenedBox(boxOf(districts), STREET_MARGIN);
    const ways = input.extract.read.streets;
    const graph: StreetGraph = cropGraph(walkingGraph(ways, input.extract.name), box);
    streetSegments = graph.edgeFrom.length;
    if (graph.edgeFrom.length === 0) notes.push({ key: 'noStreets', values: { file: input.extract.name } });
    else {
      const pieces = streetPieces(ways, box);
      streetWays = walkableWays(ways, pieces);
      streets = { ways, pieces };
      layers.streets = 'streets.osm.pbf';
    }
  }

  const manifest: CityManifest = {
    format: CITY_FORMAT,
    id: input.id,
    name: input.name,
    attribution: input.attribution,
    ...(input.population.source ? { populationSource: input.population.source } : {}),
    layers: layers as CityManifest['layers'],
    growth: { '*': input.growth },
  };
  files[MANIFEST] = new TextEncoder().encode(JSON.stringify(manifest, null, 2));

  onProgress?.(0.7, 'checking');
  const read = await readCityPackage(memorySource(files), input.id, (fraction) => onProgress?.(0.7 + 0.3 * fraction, 'population'));
  const people = read.files.population as FeatureCollection<Point>;
  const sum = (field: string) => people.features.reduce((total, f) => total + (f.properties![field] as number), 0);
  const count = (layer: unknown) => (layer as FeatureCollection | undefined)?.features.length ?? 0;

  return {
    files: () => {
      if (streets) {
        files['streets.osm.pbf'] = streetsPbf(streets.ways, streets.pieces);
        streets = null;
      }
      return files;
    },
    layers: read.files,
    draft: {
      manifest,
      counts: {
        districts: count(read.files.districts),
        residents: Math.round(sum('pop')),
        children: Math.round(sum('pop_6_17')),
        populationPoints: people.features.length,
        schools: count(read.files.schools),
        health: count(read.files.health),
        containers: count(read.files.containers),
        layers: Object.fromEntries(asked.map((layer) => [layer, count(read.files.layers?.[layer])])),
        streetSegments,
        streetWays,
      },
      districtNames: (read.files.districts as FeatureCollection).features.map((f) => String(f.properties?.name_en)),
      notes: orderedNotes([...(input.extract ? extractNotes(input.extract, input.boundaries.from === 'osm' ? input.boundaries.adminLevel : null) : []), ...notes]),
    },
  };
}

/**
 * The reader's notes on what it left out: a boundary at the level the
 * districts come from is a district lost, with everything in it; one at
 * another level (a neighbour's, cut by the extract's edge) changes nothing.
 */
function extractNotes(extract: NonNullable<BuildInput['extract']>, districtLevel: number | null): CityNote[] {
  return extract.read.notes.map((note): CityNote => {
    if (note.kind === 'facilitiesCut') return { key: 'facilitiesCut', values: { file: extract.name, count: note.count } };
    return {
      key: note.level === districtLevel ? 'districtLeftOut' : 'boundaryLeftOut',
      // The relation's id is a name, not a number to format.
      values: { file: extract.name, relation: String(note.relation), name: note.name || `relation/${note.relation}`, level: note.level, problem: note.problem, count: note.count },
    };
  });
}

/** A planner's points must lie in the city: each one outside is named by its record (1-based, in the file's order). */
function insideOrRefuse(points: FeatureCollection<Point>, fileName: string, locate: (lon: number, lat: number) => string | null): void {
  const outside: string[] = [];
  points.features.forEach((feature, k) => {
    const [lon, lat] = feature.geometry.coordinates;
    if (locate(lon, lat) === null) outside.push(`${fileName}, record ${k + 1}: [${lon}, ${lat}] lies outside every district`);
  });
  if (outside.length > 0) throw new PackageProblems(outside.length > 25 ? [...outside.slice(0, 25), `${fileName}: and ${outside.length - 25} more points outside the districts`] : outside);
}

/** The property names of a boundaries file, for choosing the name column; the file must hold polygons. */
export function boundaryFields(file: GivenFile): { fields: string[]; polygons: number } {
  const json = geoJson(file);
  const polygons = json.features.filter((f) => f?.geometry?.type === 'Polygon' || f?.geometry?.type === 'MultiPolygon');
  if (polygons.length === 0) throw new PackageProblems([`${file.name}: has no polygons (boundaries are Polygon or MultiPolygon features)`]);
  const fields = new Set<string>();
  for (const f of polygons) for (const [key, value] of Object.entries(f.properties ?? {})) if (typeof value === 'string' || typeof value === 'number') fields.add(key);
  return { fields: [...fields], polygons: polygons.length };
}

function geoJson(file: GivenFile): FeatureCollection {
  let json: FeatureCollection;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(file.bytes));
  } catch {
    throw new PackageProblems([`${file.name}: is not valid JSON (boundaries are a GeoJSON file)`]);
  }
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new PackageProblems([`${file.name}: is not a GeoJSON FeatureCollection`]);
  return json;
}

function boundariesFromFile(file: GivenFile, nameField: string): FeatureCollection<Polygon | MultiPolygon> {
  const json = geoJson(file);
  const problems: string[] = [];
  const ids = new Ids();
  const features = json.features.flatMap((feature, k): Feature<Polygon | MultiPolygon>[] => {
    const type = feature?.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      problems.push(`${file.name}, features[${k}]: a ${type ?? 'feature without geometry'}, not a district boundary (Polygon or MultiPolygon)`);
      return [];
    }
    const position = badPosition(feature.geometry as Polygon | MultiPolygon);
    if (position) {
      problems.push(`${file.name}, features[${k}].geometry: ${position} (boundaries are longitude/latitude, WGS 84)`);
      return [];
    }
    const p = feature.properties ?? {};
    const value = p[nameField];
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
      problems.push(`${file.name}, features[${k}].properties.${nameField}: ${JSON.stringify(value) ?? 'missing'} is not a name`);
      return [];
    }
    const name = String(value).trim();
    const own = (key: string) => (typeof p[key] === 'string' && p[key].trim() !== '' ? (p[key] as string).trim() : name);
    return [{ type: 'Feature', geometry: feature.geometry as Polygon | MultiPolygon, properties: { id: ids.of(own('name_en')), name_en: own('name_en'), name_ru: own('name_ru'), name_kk: own('name_kk') } }];
  });
  if (problems.length > 0) throw new PackageProblems(problems);
  return { type: 'FeatureCollection', features };
}

function boundariesFromOsm(extract: BuildInput['extract'], level: number): FeatureCollection<Polygon | MultiPolygon> {
  if (!extract) throw new PackageProblems(['boundaries: the OSM extract is needed to take boundaries from it']);
  const chosen = extract.read.boundaries.filter((boundary) => boundary.level === level);
  if (chosen.length === 0) throw new PackageProblems([`${extract.name}: has no administrative boundary at level ${level}`]);
  const ids = new Ids();
  return {
    type: 'FeatureCollection',
    features: chosen.map((boundary: OsmBoundary) => {
      const any = boundary.names.name || boundary.names.en || boundary.names.ru || boundary.names.kk || boundary.osmId;
      const en = boundary.names.en || any;
      return { type: 'Feature', geometry: boundary.geometry, properties: { id: ids.of(en), name_en: en, name_ru: boundary.names.ru || any, name_kk: boundary.names.kk || any, osm_id: boundary.osmId } };
    }),
  };
}

/**
 * The facility layers an extract is read into: the planner's tag rules, else
 * DEFAULT_OSM_LAYERS; a bad name or rule is refused, naming its layer and text.
 */
export function osmLayers(layers: Readonly<Record<string, string>> = DEFAULT_OSM_LAYERS): LayerRules[] {
  try {
    return parseOsmLayers(layers, NOT_FACILITIES);
  } catch (error) {
    throw error instanceof RuleProblems ? new PackageProblems(error.problems) : error;
  }
}

/** City layers that are not existing facilities, so no tag rules may fill them. */
const NOT_FACILITIES = CITY_LAYER_NAMES.filter((layer) => !['schools', 'health', 'containers'].includes(layer));

/** A facility of the extract in a layer; `schools` are state schools, of `schoolCapacity` places unless tagged. */
function osmPoint(facility: OsmFacility, schoolCapacity: number | null): Feature<Point> {
  const capacity = facility.capacity ?? schoolCapacity;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [facility.lon, facility.lat] },
    properties: { name: facility.name, osm_id: facility.osmId, ...(capacity !== null ? { capacity } : {}), ...(schoolCapacity !== null ? { kind: 'state' } : {}) },
  };
}

/**
 * A planner's CSV or GeoJSON of one layer read with the app's importer (the
 * same column names, decimal commas and messages as every import), all
 * problems named by file and line or feature.
 */
function pointsFrom(file: GivenFile, kind: ImportKind, properties: (point: ImportedPoint) => Record<string, unknown>): FeatureCollection<Point> {
  return collection(imported(file, kind).points, properties);
}

function imported(file: GivenFile, kind: ImportKind): { points: ImportedPoint[]; warnings: readonly ImportMessage[] } {
  const result = importFile(file.name, new TextDecoder('utf-8').decode(file.bytes), kind);
  if (!result.ok) throw new PackageProblems(result.errors.map(formatProblem));
  return result;
}

function collection(points: readonly ImportedPoint[], properties: (point: ImportedPoint) => Record<string, unknown>): FeatureCollection<Point> {
  return { type: 'FeatureCollection', features: points.map((point) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [point.lon, point.lat] }, properties: properties(point) })) };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * A facilities file of one type, given the columns it need not have: the
 * type (the planner said which file is which) and a school's places when the
 * data does not give them. Values in the file win.
 */
function withColumns(file: GivenFile, values: Record<string, string | number>): GivenFile {
  const text = new TextDecoder('utf-8').decode(file.bytes);
  if (/\.(geo)?json$/i.test(file.name)) {
    let json: FeatureCollection;
    try {
      json = JSON.parse(text);
    } catch {
      return file;
    }
    if (!Array.isArray(json?.features)) return file;
    for (const feature of json.features) if (feature && typeof feature === 'object') feature.properties = { ...values, ...Object.fromEntries(Object.entries(feature.properties ?? {}).filter(([, v]) => v !== null && v !== '')) };
    return { name: file.name, bytes: new TextEncoder().encode(JSON.stringify(json)) };
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const fields = parsed.meta.fields ?? [];
  const lower = new Set(fields.map((f) => f.trim().toLowerCase()));
  const added = Object.keys(values).filter((key) => !ROLE_NAMES[key as 'type' | 'capacity'].some((alias) => lower.has(alias)));
  if (added.length === 0) return file;
  const rows = parsed.data.map((row) => ({ ...row, ...Object.fromEntries(added.map((key) => [key, String(values[key])])) }));
  return { name: file.name, bytes: new TextEncoder().encode(Papa.unparse({ fields: [...fields, ...added], data: rows }, { delimiter: parsed.meta.delimiter })) };
}

/** District ids from names: latin, lower-case, unique. */
class Ids {
  private readonly used = new Set<string>();

  of(name: string): string {
    const base = latinId(name).slice(0, 40).replace(/-+$/, '') || 'district';
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}-${k}`;
    this.used.add(id);
    return id;
  }
}
