import type { MultiPolygon, Point, Polygon } from 'geojson';
import { show } from '../../engine/instance/errors';
import { rangeProblem } from './coordinates';
import { message, type ImportMessage } from './messages';

export type SupportedGeometry = Point | Polygon | MultiPolygon;

/** A geometry's first problem: where (a path below the geometry) and what. */
export interface GeometryProblem {
  path: string;
  value: string;
  message: ImportMessage;
}

/** How deep positions sit in each geometry type's coordinates (a position itself is depth 0). */
const DEPTH: Readonly<Record<string, number>> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/**
 * Calls `visit` with every numeric [lon, lat] in a geometry of any type,
 * going only as deep as the type says, so hostile nesting cannot overflow
 * the stack. Used to spot projected files before anything else is checked.
 */
export function forEachPosition(geometry: unknown, visit: (lon: number, lat: number) => void): void {
  if (!isObject(geometry)) return;
  if (geometry.type === 'GeometryCollection' && Array.isArray(geometry.geometries)) {
    for (const part of geometry.geometries) if (isObject(part) && part.type !== 'GeometryCollection') forEachPosition(part, visit);
    return;
  }
  const depth = typeof geometry.type === 'string' ? DEPTH[geometry.type] : undefined;
  if (depth === undefined) return;
  const walk = (value: unknown, level: number): void => {
    if (!Array.isArray(value)) return;
    if (level === 0) {
      if (Number.isFinite(value[0]) && Number.isFinite(value[1])) visit(value[0], value[1]);
    } else for (const item of value) walk(item, level - 1);
  };
  walk(geometry.coordinates, depth);
}

/** The first thing wrong with a Point, Polygon or MultiPolygon's coordinates, or null. */
export function geometryProblem(geometry: SupportedGeometry): GeometryProblem | null {
  const coordinates: unknown = geometry.coordinates;
  if (geometry.type === 'Point') return positionProblem(coordinates, 'coordinates');
  if (geometry.type === 'Polygon') return polygonProblem(coordinates, 'coordinates');
  if (!Array.isArray(coordinates)) return { path: 'coordinates', value: show(coordinates), message: message('notPolygonList', { value: show(coordinates) }) };
  if (coordinates.length === 0) return { path: 'coordinates', value: '[]', message: message('noPolygons') };
  for (let k = 0; k < coordinates.length; k++) {
    const problem = polygonProblem(coordinates[k], `coordinates[${k}]`);
    if (problem) return problem;
  }
  return null;
}

function polygonProblem(rings: unknown, path: string): GeometryProblem | null {
  if (!Array.isArray(rings)) return { path, value: show(rings), message: message('notRingList', { value: show(rings) }) };
  if (rings.length === 0) return { path, value: '[]', message: message('noRings') };
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r];
    const at = `${path}[${r}]`;
    // RFC 7946 3.1.6: a ring is closed and has at least four positions.
    if (!Array.isArray(ring)) return { path: at, value: show(ring), message: message('notRing', { value: show(ring) }) };
    if (ring.length < 4) return { path: at, value: show(ring), message: ring.length === 1 ? message('shortRingOne') : message('shortRing', { count: ring.length }) };
    for (let k = 0; k < ring.length; k++) {
      const problem = positionProblem(ring[k], `${at}[${k}]`);
      if (problem) return problem;
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return { path: at, value: showPosition(last), message: message('openRing', { first: showPosition(first), last: showPosition(last) }) };
    }
  }
  return null;
}

function positionProblem(position: unknown, path: string): GeometryProblem | null {
  const shown = showPosition(position);
  if (!Array.isArray(position) || position.length < 2 || typeof position[0] !== 'number' || typeof position[1] !== 'number') {
    return { path, value: shown, message: message('notPosition', { value: shown }) };
  }
  const [lon, lat] = position as number[];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return { path, value: shown, message: message('notFinitePosition', { value: shown }) };
  const problem = rangeProblem('lon', lon, shown) ?? rangeProblem('lat', lat, shown);
  return problem === null ? null : { path, value: shown, message: problem };
}

/** Positions as written in a message; unlike JSON.stringify, shows Infinity (from 1e999) rather than null. */
function showPosition(position: unknown): string {
  if (!Array.isArray(position)) return show(position);
  const items = position.slice(0, 4).map((v) => (typeof v === 'number' ? String(v) : show(v)));
  return `[${items.join(', ')}${position.length > 4 ? ', …' : ''}]`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
