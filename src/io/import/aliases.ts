import { DEMO_TYPES, presetSettings, typeNamesOf } from '../../plan/presets';
import type { FacilityType } from '../../plan/scenario';

/** The values an imported row or feature can carry, whatever its file calls them. */
export type Role = 'lat' | 'lon' | 'name' | 'type' | 'residents' | 'children' | 'households' | 'capacity' | 'students' | 'cost';

/**
 * Column (CSV) and property (GeoJSON) names per role, in English, Russian and
 * Kazakh, compared after `normalizeName`. Earlier names win when a file has
 * several for one role: a file with both `lat` and `y` usually has projected
 * metres in `y`, so the explicit name goes first.
 */
export const ROLE_NAMES: Readonly<Record<Role, readonly string[]>> = {
  lat: ['lat', 'latitude', 'широта', 'ендік', 'y'],
  lon: ['lon', 'lng', 'long', 'longitude', 'долгота', 'бойлық', 'x'],
  name: ['name', 'название', 'наименование', 'атауы'],
  type: ['type', 'тип', 'түрі'],
  residents: ['residents', 'population', 'pop', 'население', 'жители', 'тұрғындар', 'халық'],
  children: ['children', 'pop_6_17', 'дети', 'балалар'],
  households: ['households', 'домохозяйства', 'үй шаруашылықтары'],
  capacity: ['capacity', 'вместимость', 'мощность', 'сыйымдылық'],
  students: ['students', 'pupils', 'учащиеся', 'ученики', 'оқушылар'],
  cost: ['cost', 'price', 'cost_tenge', 'стоимость', 'цена', 'құны', 'бағасы'],
};

const ROLES = Object.keys(ROLE_NAMES) as Role[];

/** Case, surrounding spaces, doubled spaces and Unicode composition (Kazakh letters) must not matter. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The role a column or property name stands for, and its rank among that role's names (lower wins). */
export function roleOf(name: string): { role: Role; rank: number } | null {
  const key = normalizeName(name);
  for (const role of ROLES) {
    const rank = ROLE_NAMES[role].indexOf(key);
    if (rank >= 0) return { role, rank };
  }
  return null;
}

/**
 * The facility types a file may name, by id and by their names in English,
 * Russian and Kazakh (a preset's aliases too: "контейнер"), and the types
 * whose existing facilities must say their capacity.
 */
export interface TypeNames {
  readonly names: ReadonlyMap<string, FacilityType>;
  readonly needCapacity: ReadonlySet<FacilityType>;
  /** The names to suggest when a value is none of them. */
  readonly examples: string;
}

export function typeNames(types: readonly { readonly id: FacilityType; readonly names: readonly string[]; readonly needsCapacity: boolean }[]): TypeNames {
  const names = new Map<string, FacilityType>();
  for (const type of types) for (const name of [type.id, ...type.names]) if (!names.has(normalizeName(name))) names.set(normalizeName(name), type.id);
  return {
    names,
    needCapacity: new Set(types.filter((type) => type.needsCapacity).map((type) => type.id)),
    examples: types.map((type) => [type.id, ...type.names.slice(0, 3)].filter((n, k, all) => all.indexOf(n) === k).join(' / ')).join('; '),
  };
}

/** The names of the demo's types (a file read without a scenario: a new city's facilities). */
export const DEMO_TYPE_NAMES: TypeNames = typeNames(typeNamesOf(Object.fromEntries(DEMO_TYPES.map((id) => [id, presetSettings(id)]))));

/** A facility type from its id or a name the scenario gives it, or null. */
export function facilityType(value: string, types: TypeNames): FacilityType | null {
  return types.names.get(normalizeName(value)) ?? null;
}
