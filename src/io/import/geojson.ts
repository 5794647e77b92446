import { centroid } from '@turf/centroid';
import { show } from '../../engine/instance/errors';
import { DEMO_TYPE_NAMES, type Role, type TypeNames } from './aliases';
import { defaultsWarnings, readAttributes, type Defaults, type Source } from './attributes';
import { ROLES_FOR, mapColumns } from './columns';
import { ProjectionCheck } from './coordinates';
import { MAX_ROWS } from './limits';
import { forEachPosition, geometryProblem, isObject, type SupportedGeometry } from './geometry';
import { Problems, reject } from './problems';
import { message, type ImportMessage } from './messages';
import { lineAndColumn, stripBom } from './text';
import type { ImportResult, ImportTarget, ImportedPoint, ImportedPolygon } from './types';

/**
 * Reads a GeoJSON FeatureCollection (or a single Feature). Points stay
 * points; polygons become points at their centroid, or exclusion zones when
 * `kind` is 'exclusions'. All or nothing, like the CSV importer.
 */
export function importGeoJson(text: string, file: string, kind: ImportTarget, types: TypeNames = DEMO_TYPE_NAMES): ImportResult {
  const body = stripBom(text);
  if (body.trim() === '') return reject(file, message('empty'));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return syntaxProblem(body, file, error);
  }
  const found = featuresOf(json);
  if ('problem' in found) return reject(file, found.problem);
  const { features, prefix } = found;
  if (features.length === 0) return reject(file, message('noFeatures'));
  if (features.length > MAX_ROWS) return reject(file, message('tooManyFeatures', { max: MAX_ROWS.toLocaleString('en') }));

  // RFC 7946 coordinates are WGS84 degrees; a file in metres is told so once, before anything else.
  const projection = new ProjectionCheck();
  features.forEach((feature, k) => forEachPosition(isObject(feature) ? feature.geometry : null, (lon, lat) => projection.add(lon, lat, prefix(k))));
  if (projection.projected) return reject(file, projection.message(declaredCrs(json)));

  const problems = new Problems(file);
  const points: ImportedPoint[] = [];
  const polygons: ImportedPolygon[] = [];
  const defaults: Defaults = { children: false, households: false };
  // Keyed by their JSON: the same duplicate is said once, however many features repeat it.
  const duplicates = new Map<string, ImportMessage>();
  const ignored = new Set<string>();
  let centroids = 0;
  const wanted = ROLES_FOR[kind].filter((role) => role !== 'lat' && role !== 'lon');

  features.forEach((feature, k) => {
    const at = prefix(k);
    const where = (path: string): string => (at === '' ? path : `${at}.${path}`);
    if (!isObject(feature) || feature.type !== 'Feature') {
      problems.add({ field: at || '(root)', value: show(feature), message: message('notFeature', { found: describe(feature) }) });
      return;
    }
    const geometry = feature.geometry;
    if (!isObject(geometry)) {
      problems.add({ field: where('geometry'), message: message('noGeometry') });
      return;
    }
    const allowed = kind === 'exclusions' ? ['Polygon', 'MultiPolygon'] : ['Point', 'Polygon', 'MultiPolygon'];
    if (typeof geometry.type !== 'string' || !allowed.includes(geometry.type)) {
      const purpose = kind === 'exclusions' ? 'zones' : 'points';
      const text = geometry.type === undefined ? message(`${purpose}NoType`) : message(`${purpose}Unsupported`, { value: show(geometry.type) });
      problems.add({ field: where('geometry.type'), value: String(geometry.type), message: text });
      return;
    }
    const shape = geometry as unknown as SupportedGeometry;
    const bad = geometryProblem(shape);
    if (bad !== null) problems.add({ field: where(`geometry.${bad.path}`), value: bad.value, message: bad.message });
    const properties = feature.properties ?? {};
    if (!isObject(properties)) {
      problems.add({ field: where('properties'), value: show(properties), message: message('notProperties', { value: show(properties) }) });
      return;
    }
    const keys = Object.keys(properties);
    const columns = mapColumns(keys, wanted);
    for (const d of columns.duplicates) duplicates.set(JSON.stringify(d), d);
    for (const i of columns.ignored) ignored.add(keys[i]);
    const get = (role: Role): Source | undefined => {
      const i = columns.index[role];
      return i === undefined ? undefined : { key: keys[i], raw: properties[keys[i]] };
    };
    if (kind === 'exclusions') {
      if (bad === null) polygons.push({ coordinates: { type: shape.type, coordinates: shape.coordinates } as ImportedPolygon['coordinates'], ...nameOf(get('name')) });
      return;
    }
    const report = (_role: Role, source: Source | undefined, text: ImportMessage): void =>
      problems.add({ field: where(source === undefined ? 'properties' : `properties${propertyPath(source.key)}`), value: source === undefined ? undefined : valueText(source.raw), message: text });
    const attributes = readAttributes(kind, { get, report, decimalComma: true }, defaults, types);
    if (bad !== null || attributes === null) return;
    const [lon, lat] = shape.type === 'Point' ? shape.coordinates : centroid(shape).geometry.coordinates;
    if (shape.type !== 'Point') centroids++;
    points.push({ lon, lat, ...attributes });
  });

  if (problems.count > 0) return problems.result();
  const warnings = [...duplicates.values(), ...defaultsWarnings(defaults, 'property')];
  if (centroids > 0) warnings.push(centroids === 1 ? message('centroid') : message('centroids', { count: centroids }));
  if (ignored.size > 0) warnings.push(message('ignoredProperties', { names: `${[...ignored].slice(0, 20).map((key) => JSON.stringify(key)).join(', ')}${ignored.size > 20 ? ', …' : ''}` }));
  return { ok: true, kind, points, polygons, warnings };
}

/** The features, and how a feature is named in messages (`features[3]`, or nothing for a lone Feature). */
function featuresOf(json: unknown): { features: unknown[]; prefix: (k: number) => string } | { problem: ImportMessage } {
  if (!isObject(json)) return { problem: message('notGeoJson', { found: describe(json) }) };
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) return { problem: message('noFeatureList', { found: describe(json.features) }) };
    return { features: json.features, prefix: (k) => `features[${k}]` };
  }
  if (json.type === 'Feature') return { features: [json], prefix: () => '' };
  if (typeof json.type === 'string' && ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'].includes(json.type)) {
    return { problem: message('bareGeometry', { type: json.type }) };
  }
  return { problem: message('notGeoJson', { found: describe(json) }) };
}

function describe(value: unknown): ImportMessage {
  if (value === undefined) return message('foundNothing');
  if (value === null) return message('foundNull');
  if (Array.isArray(value)) return value.length === 1 ? message('foundListOne') : message('foundList', { count: value.length });
  if (isObject(value)) {
    if (typeof value.type === 'string') return message('foundTyped', { type: show(value.type) });
    const keys = Object.keys(value);
    return keys.length === 0 ? message('foundEmptyObject') : message('foundUntyped', { keys: `${keys.slice(0, 6).map((key) => JSON.stringify(key)).join(', ')}${keys.length > 6 ? ', …' : ''}` });
  }
  if (typeof value === 'string') return message('foundText', { value: show(value) });
  if (typeof value === 'number') return message('foundNumber', { value: show(value) });
  if (typeof value === 'boolean') return message('foundBoolean', { value: show(value) });
  return message('foundOther', { value: show(value) });
}

/** Says which syntax error JSON.parse found, where, and whether the file was simply cut short. */
function syntaxProblem(body: string, file: string, error: unknown): ImportResult {
  const detail = error instanceof Error ? error.message : String(error);
  // V8 reports "at position N"; Firefox "at line L column C"; Safari only "Unexpected EOF".
  const position = /position (\d+)/.exec(detail);
  const lineColumn = /line (\d+) column (\d+)/.exec(detail);
  const at = position ? lineAndColumn(body, Number(position[1])) : lineColumn ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) } : null;
  const end = body.trimEnd().length;
  const truncated = /end of (JSON )?(input|data)|EOF|unterminated/i.test(detail) || (position !== null && Number(position[1]) >= end);
  if (truncated) {
    return reject(file, at ? message('truncatedAt', { column: at.column }) : message('truncated'), at ? { line: at.line } : {});
  }
  // V8 quotes a snippet of the text, newlines and all; keep the message to one short line.
  const flat = detail.replace(/\s+/g, ' ');
  const reason = flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
  // The parser's own words (the browser's, in English) are quoted as the value.
  return reject(file, at ? message('invalidJsonAt', { column: at.column, reason }) : message('invalidJson', { reason }), at ? { line: at.line } : {});
}

function declaredCrs(json: unknown): string | undefined {
  // The 2008 GeoJSON spec allowed a "crs" member; QGIS still writes it for projected layers.
  const name = isObject(json) && isObject(json.crs) && isObject(json.crs.properties) ? json.crs.properties.name : undefined;
  return typeof name === 'string' ? show(name) : undefined;
}

function nameOf(source: Source | undefined): { name?: string } {
  const raw = source?.raw;
  return (typeof raw === 'string' || typeof raw === 'number') && String(raw).trim() !== '' ? { name: String(raw).trim() } : {};
}

function propertyPath(key: string): string {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function valueText(raw: unknown): string {
  return typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
}
