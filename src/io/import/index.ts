import { importCsv } from './csv';
import { importGeoJson } from './geojson';
import { MAX_TEXT_LENGTH } from './limits';
import { reject } from './problems';
import type { ImportKind, ImportResult, ImportTarget } from './types';

export { importCsv } from './csv';
export { importGeoJson } from './geojson';
export { MAX_ROWS, MAX_TEXT_LENGTH } from './limits';
export { formatProblem } from './types';
export type { ImportKind, ImportProblem, ImportResult, ImportTarget, ImportedPoint, ImportedPolygon } from './types';

const CSV = ['csv', 'tsv', 'txt'];
const GEOJSON = ['geojson', 'json'];

/**
 * Imports a planner's file, choosing the reader by extension. Pure and
 * synchronous: run it in a worker for big files. Exclusion zones can only
 * come from GeoJSON (a CSV has no polygons).
 */
export function importFile(name: string, text: string, kind: ImportTarget): ImportResult {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (text.length > MAX_TEXT_LENGTH) {
    return reject(name, `is too large (${megabytes(text.length)}); the limit is ${megabytes(MAX_TEXT_LENGTH)}: split the file or aggregate the points`);
  }
  if (CSV.includes(extension)) {
    if (kind === 'exclusions') return reject(name, 'exclusion zones are polygons and must come as GeoJSON (.geojson), not as a table');
    return importCsv(text, name, kind as ImportKind);
  }
  if (GEOJSON.includes(extension)) return importGeoJson(text, name, kind);
  const what = extension === '' ? 'has no extension' : `has the extension ".${extension}"`;
  return reject(name, `${what}; import a table (.csv, .tsv, .txt) or GeoJSON (.geojson, .json)`);
}

function megabytes(length: number): string {
  // Rounded up, so a file just over the limit does not read as exactly the limit.
  return `${Math.ceil((length / (1024 * 1024)) * 10) / 10} MB`;
}
