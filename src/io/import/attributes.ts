import { show } from '../../engine/instance/errors';
import { ROLE_NAMES, facilityType, type Role, type TypeNames } from './aliases';
import { message, type ImportMessage } from './messages';
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
  report(role: Role, source: Source | undefined, message: ImportMessage): void;
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
export function readAttributes(kind: ImportKind, reader: RecordReader, defaults: Defaults, types: TypeNames): Omit<ImportedPoint, 'lon' | 'lat'> | null {
  let bad = false;
  const problem = (role: Role, source: Source | undefined, text: ImportMessage): undefined => {
    bad = true;
    reader.report(role, source, text);
    return undefined;
  };
  const count = (role: Role, required: boolean): number | undefined => {
    const source = reader.get(role);
    if (source === undefined || isBlank(source.raw)) {
      if (!required) return undefined;
      return problem(role, source, source === undefined ? absent(role, required) : missingValue(role));
    }
    const parsed = readNumber(source.raw, reader.decimalComma);
    if ('error' in parsed) return problem(role, source, message(parsed.error, { value: show(source.raw) }));
    if (parsed.value < 0) return problem(role, source, message('negative', { value: show(source.raw), role: message(`role.${role}`) }));
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
      // Not rounded: whole people per point would bias the total (2 residents give 0 children, 3 give 1).
      record.children = CHILD_SHARE * record.residents;
      defaults.children = true;
    }
    if (reader.get('households') !== undefined) record.households = count('households', true);
    else if (record.residents !== undefined) {
      record.households = record.residents / HOUSEHOLD_SIZE;
      defaults.households = true;
    }
  } else if (kind === 'plots') {
    // A plot without a price costs what the scenario's new site costs.
    const cost = count('cost', false);
    if (cost !== undefined) record.cost = cost;
  } else {
    const source = reader.get('type');
    if (source === undefined || isBlank(source.raw)) problem('type', source, source === undefined ? absent('type', true) : missingValue('type'));
    else {
      const type = typeof source.raw === 'string' ? facilityType(source.raw, types) : null;
      if (type === null) problem('type', source, message('notType', { value: show(source.raw), examples: types.examples }));
      else record.type = type;
    }
    // Existing schools must say how many places they have: coverage of demand depends on it.
    const capacity = count('capacity', kind === 'existing' && record.type !== undefined && types.needCapacity.has(record.type));
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
export function defaultsWarnings(defaults: Defaults, unit: 'column' | 'property'): ImportMessage[] {
  const warnings: ImportMessage[] = [];
  const unitText = message(unit === 'column' ? 'unitColumn' : 'unitProperty');
  if (defaults.children) warnings.push(message('estimatedChildren', { unit: unitText, share: CHILD_SHARE }));
  if (defaults.households) warnings.push(message('estimatedHouseholds', { unit: unitText, size: HOUSEHOLD_SIZE }));
  return warnings;
}

/** A number from a CSV cell (text) or a GeoJSON property (number or text); the error is a message key taking the value. */
export function readNumber(raw: unknown, decimalComma: boolean): { value: number } | { error: 'notNumber' | 'notNumberComma' | 'notFinite' } {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { error: 'notFinite' };
  if (typeof raw === 'string') {
    const parsed = parseNumber(raw, decimalComma);
    return 'value' in parsed ? parsed : { error: parsed.reason };
  }
  return { error: 'notNumber' };
}

export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

export function requirement(role: Role): ImportMessage {
  if (role === 'type') return message('requiredType', { examples: message('typeExamples') });
  if (role === 'capacity') return message('requiredCapacity');
  return message(role === 'residents' || role === 'children' || role === 'households' ? 'requiredRoles' : 'requiredRole', { role: message(`role.${role}`) });
}

export function missingValue(role: Role): ImportMessage {
  return message('missingValue', { requirement: requirement(role) });
}

function absent(role: Role, required: boolean): ImportMessage {
  const names = ROLE_NAMES[role].map((n) => JSON.stringify(n)).join(', ');
  return required ? message('absentRequired', { role: message(`role.${role}`), requirement: requirement(role), names }) : message('absent', { role: message(`role.${role}`), names });
}
