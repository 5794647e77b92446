import { InputError } from '../engine/instance/errors';
import { DEFAULT_HEADWAY, parseTransit, type TransitLine } from './transit';

/**
 * A bus line from GeoJSON: one LineString (its route) and Point features
 * (its stops, put in the order they lie along the route); without points,
 * the LineString's vertices are the stops. The route's properties may give
 * `name` (or `ref`), `headway` (minutes) and `speed` (km/h). Anything else is
 * refused with the file and the feature named, and nothing is added.
 */
export function readLineGeoJson(text: string, fileName: string, existing: readonly TransitLine[]): TransitLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('', 'is not valid JSON', fileName);
  }
  const root = json as { type?: unknown; features?: unknown; geometry?: unknown; properties?: unknown };
  const features = root?.type === 'FeatureCollection' && Array.isArray(root.features) ? root.features : root?.type === 'Feature' ? [root] : null;
  if (!features) throw new InputError('', 'is not a GeoJSON Feature or FeatureCollection', fileName);
  const routes: { coordinates: number[][]; properties: Record<string, unknown> }[] = [];
  const points: number[][] = [];
  features.forEach((feature: { geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown }, k: number) => {
    const type = feature?.geometry?.type;
    if (type === 'LineString') routes.push({ coordinates: feature.geometry!.coordinates as number[][], properties: (feature.properties ?? {}) as Record<string, unknown> });
    else if (type === 'Point') points.push(feature.geometry!.coordinates as number[]);
    else throw new InputError(`features[${k}].geometry.type`, `${JSON.stringify(type)} is neither a LineString (the route) nor a Point (a stop)`, fileName);
  });
  if (routes.length !== 1) throw new InputError('features', `has ${routes.length} LineStrings (give exactly one: the line's route)`, fileName);
  const [route] = routes;
  const stops = points.length > 0 ? alongRoute(route.coordinates, points) : route.coordinates;
  let n = existing.length + 1;
  while (existing.some((line) => line.id === `line${n}`)) n++;
  const name = route.properties.name ?? route.properties.ref;
  const candidate = {
    id: `line${n}`,
    ...(typeof name === 'string' && name.trim() !== '' ? { name: name.trim().slice(0, 60) } : {}),
    stops: stops.map((position) => (Array.isArray(position) ? [position[0], position[1]] : position)),
    headwayMinutes: route.properties.headway ?? DEFAULT_HEADWAY,
    ...(route.properties.speed === undefined ? {} : { speedKmh: route.properties.speed }),
  };
  try {
    // Checked as a scenario's line is: positions, headway, speed.
    return parseTransit({ lines: [candidate] }).lines[0];
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.field.replace(/^transit\.lines\[0\]\.?/, '') || 'features', error.detail, fileName);
    throw error;
  }
}

/** The stops in the order they lie along the route: by the distance along it to each one's nearest point (degrees suffice to order them). */
function alongRoute(route: number[][], points: number[][]): number[][] {
  if (!Array.isArray(route) || route.length < 2) return points;
  const position = (point: number[]) => {
    let best = Infinity;
    let along = 0;
    let walked = 0;
    for (let k = 0; k + 1 < route.length; k++) {
      const [ax, ay] = route[k];
      const [bx, by] = route[k + 1];
      const dx = bx - ax;
      const dy = by - ay;
      const length = Math.hypot(dx, dy);
      const t = length > 0 ? Math.max(0, Math.min(1, ((point[0] - ax) * dx + (point[1] - ay) * dy) / (length * length))) : 0;
      const distance = Math.hypot(ax + t * dx - point[0], ay + t * dy - point[1]);
      if (distance < best) {
        best = distance;
        along = walked + t * length;
      }
      walked += length;
    }
    return along;
  };
  return points.map((point) => ({ point, along: Array.isArray(point) ? position(point) : 0 })).sort((a, b) => a.along - b.along).map((entry) => entry.point);
}
