import { DEMO_TYPE_NAMES, type TypeNames } from './aliases';
import { importCsv } from './csv';
import { importGeoJson } from './geojson';
import { MAX_TEXT_LENGTH } from './limits';
import { message } from './messages';
import { reject } from './problems';
import type { ImportKind, ImportResult, ImportTarget } from './types';

export { importCsv } from './csv';
export { importGeoJson } from './geojson';
export { MAX_ROWS, MAX_TEXT_LENGTH } from './limits';
export { formatProblem, problemPlace } from './types';
export { formatMessage, type ImportMessage } from './messages';
export type { ImportKind, ImportProblem, ImportResult, ImportTarget, ImportedPoint, ImportedPolygon } from './types';

const CSV = ['csv', 'tsv', 'txt'];
const GEOJSON = ['geojson', 'json'];

/**
 * Imports a planner's file, choosing the reader by extension. Pure and
 * synchronous: run it in a worker for big files. Exclusion zones can only
 * come from GeoJSON (a CSV has no polygons).
 */
export function importFile(name: string, text: string, kind: ImportTarget, types: TypeNames = DEMO_TYPE_NAMES): ImportResult {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (text.length > MAX_TEXT_LENGTH) {
    return reject(name, message('tooLarge', { size: megabytes(text.length), limit: megabytes(MAX_TEXT_LENGTH) }));
  }
  if (CSV.includes(extension)) {
    if (kind === 'exclusions') return reject(name, message('zonesNeedGeoJson'));
    return importCsv(text, name, kind as ImportKind, types);
  }
  if (GEOJSON.includes(extension)) return importGeoJson(text, name, kind, types);
  return reject(name, extension === '' ? message('noExtension') : message('badExtension', { extension }));
}

function megabytes(length: number): number {
  // Rounded up, so a file just over the limit does not read as exactly the limit.
  return Math.ceil((length / (1024 * 1024)) * 10) / 10;
}
