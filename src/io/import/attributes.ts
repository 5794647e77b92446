import { show } from '../../engine/instance/errors';
import { ROLE_LABELS, ROLE_NAMES, TYPE_EXAMPLES, facilityType, type Role } from './aliases';
import { parseNumber } from './numbers';
import type { ImportKind, ImportedPoint } from './types';

/** A value as found in a row or feature: the column/property it came from and its raw content. */
export interface Source {
  readonly key: string;
  readonly raw: unknown;
}

/**
 * Where a record's values are looked up (undefined: the file has no such
 * column/property) and where its problems go. `source` is undefined when the
 * value is absent altogether.
 */
export interface RecordReader {
  get(role: Role): Source | undefined;
  report(role: Role, source: Source | undefined, message: string): void;
  /** Whether a decimal comma is unambiguous here (not in comma-separated files). */
  readonly decimalComma: boolean;
}

/** Which estimates replaced absent values, so the importer can say so once. */
export interface Defaults {
  children: boolean;
  households: boolean;
}

// The project's planning defaults for a population file without an age or
// household breakdown: school-age children (6-17) as a share of residents, and
// people per household. Estimates are always announced in the warnings.
export const CHILD_SHARE = 0.17;
export const HOUSEHOLD_SIZE = 3.3;

/**
 * Reads everything but the coordinates for one record of the given kind.
 * Returns null when something was reported; `defaults` records estimates made.
 */
export function readAttributes(kind: ImportKind, reader: RecordReader, defaults: Defaults): Omit<ImportedPoint, 'lon' | 'lat'> | null {
  let bad = false;
  const problem = (role: Role, source: Source | undefined, message: string): undefined => {
    bad = true;
    reader.report(role, source, message);
    return undefined;
  };
  const count = (role: Role, required: boolean): number | undefined => {
    const source = reader.get(role);
    if (source === undefined || isBlank(source.raw)) {
      if (!required) return undefined;
      return problem(role, source, source === undefined ? absent(role, required) : `missing value: ${requirement(role)}`);
    }
    const parsed = readNumber(source.raw, reader.decimalComma);
    if ('error' in parsed) return problem(role, source, `${show(source.raw)} ${parsed.error}`);
    if (parsed.value < 0) return problem(role, source, `${show(source.raw)} is negative; ${ROLE_LABELS[role]} must be 0 or more`);
    return parsed.value;
  };

  const record: Omit<ImportedPoint, 'lon' | 'lat'> = {};
  const name = reader.get('name');
  if (name !== undefined && (typeof name.raw === 'string' || typeof name.raw === 'number') && String(name.raw).trim() !== '') {
    record.name = String(name.raw).trim();
  }
  if (kind === 'demand') {
    record.residents = count('residents', true);
    // An absent column/property is estimated; a blank cell in a present one is an error, since it usually means a broken row.
    if (reader.get('children') !== undefined) record.children = count('children', true);
    else if (record.residents !== undefined) {
      record.children = Math.round(CHILD_SHARE * record.residents);
      defaults.children = true;
    }
    if (reader.get('households') !== undefined) record.households = count('households', true);
    else if (record.residents !== undefined) {
      record.households = Math.round(record.residents / HOUSEHOLD_SIZE);
      defaults.households = true;
    }
  } else {
    const source = reader.get('type');
    if (source === undefined || isBlank(source.raw)) problem('type', source, source === undefined ? absent('type', true) : `missing value: ${requirement('type')}`);
    else {
      const type = typeof source.raw === 'string' ? facilityType(source.raw) : null;
      if (type === null) problem('type', source, `${show(source.raw)} is not a facility type; expected ${TYPE_EXAMPLES}`);
      else record.type = type;
    }
    // Existing schools must say how many places they have: coverage of demand depends on it.
    const capacity = count('capacity', kind === 'existing' && record.type === 'school');
    if (capacity !== undefined) record.capacity = capacity;
    if (kind === 'existing') {
      const students = count('students', false);
      if (students !== undefined) record.students = students;
    }
  }
  if (bad) return null;
  for (const key of Object.keys(record) as (keyof typeof record)[]) if (record[key] === undefined) delete record[key];
  return record;
}

/** The warnings announcing estimates; `unit` is "column" (CSV) or "property" (GeoJSON). */
export function defaultsWarnings(defaults: Defaults, unit: 'column' | 'property'): string[] {
  const warnings: string[] = [];
  if (defaults.children) warnings.push(`no children ${unit}: school-age children (6-17) estimated as round(${CHILD_SHARE} × residents)`);
  if (defaults.households) warnings.push(`no households ${unit}: households estimated as round(residents / ${HOUSEHOLD_SIZE})`);
  return warnings;
}

/** A number from a CSV cell (text) or a GeoJSON property (number or text). */
export function readNumber(raw: unknown, decimalComma: boolean): { value: number } | { error: string } {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { error: 'is not a finite number' };
  if (typeof raw === 'string') return parseNumber(raw, decimalComma);
  return { error: 'is not a number' };
}

export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

function requirement(role: Role): string {
  if (role === 'type') return `a type is required: ${TYPE_EXAMPLES}`;
  if (role === 'capacity') return 'schools need a capacity (number of places)';
  return `${ROLE_LABELS[role]} ${role === 'residents' || role === 'children' || role === 'households' ? 'are' : 'is'} required`;
}

function absent(role: Role, required: boolean): string {
  const names = ROLE_NAMES[role].map((n) => JSON.stringify(n)).join(', ');
  return `no ${ROLE_LABELS[role]} given${required ? `; ${requirement(role)}` : ''}. Add it under one of the names ${names}`;
}
