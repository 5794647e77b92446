import { InputError } from '../../engine/instance/errors';
import { CITY_ID } from './manifest';
import type { PackageSource } from './package';

export const CITIES_LIST = 'cities.json';
export const CITIES_FORMAT = 'siting-cities/1';

/**
 * The ids of the packages hosted with the app, from `cities.json` in the data
 * folder (`{"format": "siting-cities/1", "cities": ["almaty", ...]}`); each is
 * the folder of its package.
 */
export async function hostedCities(source: PackageSource): Promise<string[]> {
  const bytes = await source(CITIES_LIST);
  if (bytes === null) throw new InputError('', 'is missing: the app lists its cities there', CITIES_LIST);
  let json: { format?: unknown; cities?: unknown };
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InputError('', 'is not valid JSON', CITIES_LIST);
  }
  if (json?.format !== CITIES_FORMAT) throw new InputError('format', `${JSON.stringify(json?.format)} is not "${CITIES_FORMAT}"`, CITIES_LIST);
  if (!Array.isArray(json.cities) || !json.cities.every((id) => typeof id === 'string' && CITY_ID.test(id))) {
    throw new InputError('cities', 'expected a list of city ids', CITIES_LIST);
  }
  return json.cities as string[];
}
