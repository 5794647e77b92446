import type { Feature } from 'geojson';
import { InputError } from '../engine/instance/errors';
import { parseHousing, type HousingEstate } from './housing';

/**
 * Housing estates from a GeoJSON file: each feature a Point or Polygon with
 * `residents`, or `apartments` (and `persons_per_apartment`), and optional
 * `name` and `year`. Read all or nothing: a bad feature refuses the file,
 * naming the feature and its field. Ids follow the estates already there.
 */
export function readHousingGeoJson(text: string, file: string, taken: readonly HousingEstate[]): HousingEstate[] {
  let json: { type?: unknown; features?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('', 'is not valid JSON', file);
  }
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new InputError('type', 'expected a GeoJSON FeatureCollection of points or polygons', file);
  const used = new Set(taken.map((estate) => estate.id));
  let next = taken.length + 1;
  const fresh = () => {
    while (used.has(`estate${next}`)) next++;
    used.add(`estate${next}`);
    return `estate${next}`;
  };
  const raw = (json.features as Feature[]).map((feature, k) => {
    const properties = (feature?.properties ?? {}) as Record<string, unknown>;
    const geometry = feature?.geometry;
    if (geometry?.type !== 'Point' && geometry?.type !== 'Polygon') throw new InputError(`features[${k}].geometry`, `${JSON.stringify(geometry?.type ?? null)} is not a Point or a Polygon`, file);
    const number = (key: string) => (properties[key] === undefined || properties[key] === null || properties[key] === '' ? undefined : properties[key]);
    return {
      id: fresh(),
      ...(typeof properties.name === 'string' && properties.name.trim() !== '' ? { name: properties.name.trim() } : {}),
      ...(geometry.type === 'Point' ? { point: geometry.coordinates } : { polygon: geometry.coordinates }),
      ...(number('residents') !== undefined ? { residents: number('residents') } : {}),
      ...(number('apartments') !== undefined ? { apartments: number('apartments') } : {}),
      ...(number('persons_per_apartment') !== undefined ? { personsPerApartment: number('persons_per_apartment') } : {}),
      ...(number('year') !== undefined ? { year: number('year') } : {}),
    };
  });
  try {
    return parseHousing(raw, 'features');
  } catch (error) {
    // features[3].residents: the file's own feature and property.
    if (error instanceof InputError) throw new InputError(error.field.replace('.personsPerApartment', '.properties.persons_per_apartment').replace(/^(features\[\d+\])\.(residents|apartments|year|name)/, '$1.properties.$2'), error.detail, file);
    throw error;
  }
}
