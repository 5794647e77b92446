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

const TYPE_NAMES: Readonly<Record<string, FacilityType>> = {
  school: 'school',
  школа: 'school',
  мектеп: 'school',
  polyclinic: 'polyclinic',
  поликлиника: 'polyclinic',
  емхана: 'polyclinic',
  container: 'container',
  контейнер: 'container',
  'контейнерная площадка': 'container',
};

/** A facility type from its English, Russian or Kazakh name, or null. */
export function facilityType(value: string): FacilityType | null {
  return Object.hasOwn(TYPE_NAMES, normalizeName(value)) ? TYPE_NAMES[normalizeName(value)] : null;
}
