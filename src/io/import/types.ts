import type { MultiPolygon, Polygon } from 'geojson';
import type { FacilityType } from '../../plan/scenario';

/** What a planner's file is imported as: population points, sites to choose from, or facilities already built. */
export type ImportKind = 'demand' | 'candidates' | 'existing';

/** GeoJSON may also carry exclusion zones (polygons); CSV cannot. */
export type ImportTarget = ImportKind | 'exclusions';

export interface ImportedPoint {
  lon: number;
  lat: number;
  name?: string;
  type?: FacilityType;
  residents?: number;
  children?: number;
  households?: number;
  capacity?: number;
  students?: number;
}

export interface ImportedPolygon {
  /** The zone's whole geometry (the name follows the brief; it is a geometry, not a coordinate array). */
  coordinates: Polygon | MultiPolygon;
  name?: string;
}

/**
 * One thing wrong with a file. `message` is complete on its own and already
 * quotes the bad value; `value` carries it again, raw, for a UI that wants to
 * highlight it. CSV problems name `line` (1-based, the header is line 1) and
 * `column` (the header as written); GeoJSON problems name `field`, a path
 * such as `features[3].properties.capacity`.
 */
export interface ImportProblem {
  file: string;
  line?: number;
  column?: string;
  field?: string;
  value?: string;
  message: string;
}

export type ImportResult =
  | { ok: true; kind: ImportTarget; points: ImportedPoint[]; polygons: ImportedPolygon[]; warnings: string[] }
  | { ok: false; errors: ImportProblem[] };

/** One line for a person: `schools.csv, line 14, column "lat": "43,2x" is not a number`. */
export function formatProblem(p: ImportProblem): string {
  const where = [p.file];
  if (p.line !== undefined) where.push(`line ${p.line}`);
  if (p.column !== undefined) where.push(`column ${JSON.stringify(p.column)}`);
  if (p.field !== undefined) where.push(p.field);
  return `${where.join(', ')}: ${p.message}`;
}
