import { InputError, show } from '../../engine/instance/errors';
import type { WayTags } from '../../engine/streets/ways';
import { assemble, type StreetsRead } from './assemble';
import { Float64Column, Int32Column } from './columns';
import { TagReader, WANTED_KEYS } from './tags';

/*
 * Streets as GeoJSON: LineString and MultiLineString features whose
 * properties carry OSM tags (as exported by osmtogeojson, overpass turbo or
 * QGIS). GeoJSON has no node ids, so lines meet where they share a
 * coordinate: positions equal to 1e-7 degrees (OSM's own precision, ~1 cm)
 * are one node.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readStreetGeoJson(json: unknown, fileName: string): StreetsRead {
  try {
    return read(json);
  } catch (error) {
    throw error instanceof InputError ? error.inFile(fileName) : error;
  }
}

function read(json: unknown): StreetsRead {
  if (!isObject(json)) throw new InputError('', 'is not a GeoJSON object');
  if (json.type !== 'FeatureCollection') throw new InputError('type', `is ${show(json.type)}, expected "FeatureCollection" (of street lines)`);
  const features = json.features;
  if (!Array.isArray(features)) throw new InputError('features', `is ${show(features)}, expected a list of features`);

  const slotOf = new Map<string, number>();
  const lon = new Float64Column(1024);
  const lat = new Float64Column(1024);
  const wayStart = new Int32Column(1024);
  wayStart.push(0);
  const slots = new Int32Column(4096);
  const tags: WayTags[] = [];
  const tagReader = new TagReader();
  const found = new Map<string, string>();
  let notStreets = 0;
  let newest = '';

  features.forEach((feature: unknown, k: number) => {
    const at = `features[${k}]`;
    if (!isObject(feature)) throw new InputError(at, `is ${show(feature)}, not a feature`);
    const properties = propertiesOf(feature.properties);
    found.clear();
    for (const [key, value] of Object.entries(properties)) {
      if (!WANTED_KEYS.has(key)) continue;
      if (typeof value === 'string') found.set(key, value);
      else if (typeof value === 'number' || typeof value === 'boolean') found.set(key, String(value));
    }
    const wayTags = tagReader.read(found);
    const geometry = feature.geometry;
    const type = isObject(geometry) ? geometry.type : undefined;
    // Features that are not street lines (points, areas, untagged lines) are skipped, and only counted.
    if (wayTags === null || (type !== 'LineString' && type !== 'MultiLineString')) {
      notStreets++;
      return;
    }
    const coordinates = (geometry as Json).coordinates;
    const lines = type === 'LineString' ? [coordinates] : coordinates;
    if (!Array.isArray(lines)) throw new InputError(`${at}.geometry.coordinates`, `is ${show(lines)}, expected a list of lines`);
    lines.forEach((line: unknown, part: number) => {
      const where = type === 'LineString' ? `${at}.geometry.coordinates` : `${at}.geometry.coordinates[${part}]`;
      if (!Array.isArray(line)) throw new InputError(where, `is ${show(line)}, expected a list of [lon, lat] positions`);
      if (line.length < 2) throw new InputError(where, `has ${line.length} position${line.length === 1 ? '' : 's'}; a line needs at least 2`);
      line.forEach((position: unknown, i: number) => {
        const [x, y] = Array.isArray(position) ? position : [];
        if (typeof x !== 'number' || typeof y !== 'number' || !(Math.abs(x) <= 180) || !(Math.abs(y) <= 90)) {
          throw new InputError(`${where}[${i}]`, `${show(position)} is not a [lon, lat] position in degrees`);
        }
        const key = `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;
        let slot = slotOf.get(key);
        if (slot === undefined) {
          slot = lon.length;
          slotOf.set(key, slot);
          lon.push(x);
          lat.push(y);
        }
        slots.push(slot);
      });
      tags.push(wayTags);
      wayStart.push(slots.length);
    });
    const timestamp = properties.timestamp;
    if (typeof timestamp === 'string' && timestamp > newest) newest = timestamp;
  });

  return assemble(
    { wayStart: wayStart.view(), slots: slots.view(), tags, missingNodes: 0, shortWays: 0 },
    { lon: lon.data, lat: lat.data, scale: 1 },
    { newest: /^\d{4}-\d\d-\d\d/.test(newest) ? newest.slice(0, 10) : null, bbox: bboxOf(json.bbox), notStreets, items: 'features' },
  );
}

/** The feature's tags: its properties, with osmtogeojson's nested `tags` object taken in when present. */
function propertiesOf(properties: unknown): Json {
  if (!isObject(properties)) return {};
  return isObject(properties.tags) ? { ...properties, ...properties.tags } : properties;
}

function bboxOf(value: unknown): [number, number, number, number] | null {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return [value[0], value[1], value[2], value[3]];
}
