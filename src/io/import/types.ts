import type { MultiPolygon, Polygon } from 'geojson';
import type { FacilityType } from '../../plan/scenario';
import { formatMessage, message, type ImportMessage } from './messages';

/** What a planner's file is imported as: population points, sites to choose from, facilities already built, or land plots the city holds (with their prices). */
export type ImportKind = 'demand' | 'candidates' | 'existing' | 'plots';

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
  /** A plot's price, tenge. */
  cost?: number;
}

export interface ImportedPolygon {
  /** The zone's whole geometry (the name follows the brief; it is a geometry, not a coordinate array). */
  coordinates: Polygon | MultiPolygon;
  name?: string;
}

/**
 * One thing wrong with a file. `message` is a key with values (translated by
 * the app) and already quotes the bad value; `value` carries it again, raw,
 * for a UI that wants to highlight it. CSV problems name `line` (1-based, the header is line 1) and
 * `column` (the header as written); GeoJSON problems name `field`, a path
 * such as `features[3].properties.capacity`.
 */
export interface ImportProblem {
  file: string;
  line?: number;
  column?: string;
  field?: string;
  /** 1-based, for a record refused after reading (a point outside the city). */
  record?: number;
  value?: string;
  message: ImportMessage;
}

export type ImportResult =
  | { ok: true; kind: ImportTarget; points: ImportedPoint[]; polygons: ImportedPolygon[]; warnings: ImportMessage[] }
  | { ok: false; errors: ImportProblem[] };

/** Where a problem is, as messages and text: the file, then `line 14`, `column "lat"` or a GeoJSON path. */
export function problemPlace(p: ImportProblem): (ImportMessage | string)[] {
  const where: (ImportMessage | string)[] = [p.file];
  if (p.line !== undefined) where.push(message('whereLine', { line: p.line }));
  if (p.column !== undefined) where.push(message('whereColumn', { column: JSON.stringify(p.column) }));
  if (p.field !== undefined) where.push(p.field);
  if (p.record !== undefined) where.push(message('whereRecord', { record: p.record }));
  return where;
}

/** One line in English (the command line, tests): `schools.csv, line 14, column "lat": "43,2x" is not a number`. */
export function formatProblem(p: ImportProblem): string {
  const where = problemPlace(p).map((part) => (typeof part === 'string' ? part : formatMessage(part)));
  return `${where.join(', ')}: ${formatMessage(p.message)}`;
}
