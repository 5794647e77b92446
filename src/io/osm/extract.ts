import { InputError } from '../../engine/instance/errors';
import type { StreetsRead } from './assemble';
import { ExtractCollector, type ExtractNote, type OsmBoundary, type OsmFacility } from './collect';
import { detectFormat, unpacked } from './format';
import { readPbf } from './pbf';
import { DEFAULT_OSM_LAYERS, parseOsmLayers, type LayerRules } from './rules';
import { readXml } from './xml';

export type { BoundaryProblem, ExtractNote, OsmBoundary, OsmFacility } from './collect';
export { extractNoteText } from './collect';

/** What a new city needs from one OpenStreetMap extract. */
export interface CityExtract {
  readonly streets: StreetsRead;
  /** Existing facilities, each with the layers whose tag rules it matches: nodes, then ways (their nodes' centroid), then multipolygon relations, in file order. */
  readonly facilities: readonly OsmFacility[];
  /** Administrative boundaries (boundary=administrative with an admin_level), in file order. */
  readonly boundaries: readonly OsmBoundary[];
  /** What was left out and why (extractNoteText words one in English). */
  readonly notes: readonly ExtractNote[];
}

/**
 * One pass (plus, for PBF, a re-read of the few blocks holding boundary
 * member ways) over an .osm.pbf or .osm XML file: streets as readStreets
 * gives them, facilities (by the layers' tag rules, DEFAULT_OSM_LAYERS
 * unless given: only the keys they read are decoded) and boundaries.
 * Progress 0..1 over the whole read. Errors are InputErrors naming the file.
 */
export function readCityExtract(fileName: string, packed: Uint8Array, onProgress?: (fraction: number) => void, layers: readonly LayerRules[] = parseOsmLayers(DEFAULT_OSM_LAYERS)): CityExtract {
  try {
    if (packed.length === 0) throw new InputError('', 'is empty');
    const bytes = unpacked(packed);
    const format = detectFormat(bytes);
    const collector = new ExtractCollector(layers);
    let read;
    if (format === 'pbf') read = readPbf(bytes, onProgress, collector);
    else if (format === 'xml') read = readXml(new TextDecoder('utf-8').decode(bytes), onProgress, collector);
    else if (format === 'json') throw new InputError('', 'is GeoJSON: boundaries and facilities need an OSM extract (.osm.pbf or .osm)');
    else if (format === 'unknown') throw new InputError('', 'is not an OpenStreetMap extract: boundaries and facilities need an OSM extract (.osm.pbf or .osm)');
    else throw new InputError('', `is ${format}-compressed: unpack it first, then open the .osm.pbf or .osm file inside`);
    const { facilities, boundaries, notes } = read.extract!;
    return { streets: read.streets, facilities, boundaries, notes };
  } catch (error) {
    throw error instanceof InputError && error.file === undefined ? error.inFile(fileName) : error;
  }
}
