import { InputError } from '../../engine/instance/errors';
import { metresBetween } from '../../plan/geo';
import type { ReadProgress, StreetWays } from '../../engine/streets/ways';
import type { StreetsRead } from './assemble';
import { readStreetGeoJson } from './geojson';
import { readOsmPbf } from './pbf';
import { readOsmXml } from './xml';
import { detectFormat, unpacked } from './format';

export type { Skipped, StreetsRead } from './assemble';
export { readOsmPbf } from './pbf';
export { readOsmXml } from './xml';
export { readStreetGeoJson } from './geojson';
export { readCityExtract, type CityExtract, type OsmBoundary, type OsmFacility } from './extract';
export { DEFAULT_OSM_LAYERS, parseOsmLayers, RuleProblems, type LayerRules } from './rules';

export { detectFormat } from './format';

/**
 * Reads streets from an OpenStreetMap file (.osm.pbf or .osm XML) or GeoJSON
 * street lines; errors are InputErrors naming the file.
 */
export function readStreets(fileName: string, bytes: Uint8Array, onProgress?: ReadProgress): StreetsRead {
  try {
    return readByFormat(fileName, bytes, onProgress);
  } catch (error) {
    throw error instanceof InputError && error.file === undefined ? error.inFile(fileName) : error;
  }
}

function readByFormat(fileName: string, packed: Uint8Array, onProgress?: ReadProgress): StreetsRead {
  if (packed.length === 0) throw new InputError('', 'is empty');
  const bytes = unpacked(packed);
  const format = detectFormat(bytes);
  switch (format) {
    case 'pbf':
      return readOsmPbf(bytes, onProgress);
    case 'xml':
      return readOsmXml(new TextDecoder('utf-8').decode(bytes), onProgress);
    case 'json': {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8').decode(bytes));
      } catch (error) {
        throw new InputError('', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const streets = readStreetGeoJson(json, fileName);
      onProgress?.(1);
      return streets;
    }
    case 'gzip':
    case 'bzip2':
    case 'zip':
      throw new InputError('', `is ${format}-compressed: unpack it first, then open the .osm, .osm.pbf or .geojson file inside`);
    default:
      throw new InputError('', 'is neither OpenStreetMap data (.osm.pbf or .osm XML) nor GeoJSON: its first bytes are none of theirs');
  }
}

export interface StreetSummary {
  readonly nodes: number;
  readonly ways: number;
  /** Total length of the ways, in km (the planner's one measure between consecutive nodes, src/plan/geo.ts). */
  readonly km: number;
}

/** Counts for messages ("4,279 streets, 1,234 km"). */
export function describeStreets(ways: StreetWays): StreetSummary {
  let metres = 0;
  for (let k = 0; k + 1 < ways.wayStart.length; k++) {
    for (let i = ways.wayStart[k] + 1; i < ways.wayStart[k + 1]; i++) {
      const a = ways.wayNodes[i - 1];
      const b = ways.wayNodes[i];
      metres += metresBetween(ways.lon[a], ways.lat[a], ways.lon[b], ways.lat[b]);
    }
  }
  return { nodes: ways.lon.length, ways: ways.wayStart.length - 1, km: metres / 1000 };
}
