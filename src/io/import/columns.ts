import { roleOf, type Role } from './aliases';
import { message, type ImportMessage } from './messages';
import type { ImportKind, ImportTarget } from './types';

/** The values each kind of import keeps; anything else in the file is ignored (and said to be). */
export const ROLES_FOR: Readonly<Record<ImportTarget, readonly Role[]>> = {
  demand: ['lat', 'lon', 'name', 'residents', 'children', 'households'],
  candidates: ['lat', 'lon', 'name', 'type', 'capacity'],
  existing: ['lat', 'lon', 'name', 'type', 'capacity', 'students'],
  plots: ['lat', 'lon', 'name', 'cost'],
  exclusions: ['name'],
};

/** Columns that must exist before any row is read. */
export const REQUIRED_COLUMNS: Readonly<Record<ImportKind, readonly Role[]>> = {
  demand: ['lat', 'lon', 'residents'],
  candidates: ['lat', 'lon', 'type'],
  existing: ['lat', 'lon', 'type'],
  plots: ['lat', 'lon'],
};

export interface ColumnMap {
  /** Position of the column used for each role found. */
  readonly index: Partial<Record<Role, number>>;
  /** Positions of columns not used: unrecognised, not wanted by this kind, or a second name for a role already taken. */
  readonly ignored: number[];
  /** One sentence per role named twice, saying which column won. */
  readonly duplicates: ImportMessage[];
}

/** Assigns names (CSV headers or GeoJSON property keys) to the roles `wanted`. */
export function mapColumns(names: readonly string[], wanted: readonly Role[]): ColumnMap {
  const best = new Map<Role, { position: number; rank: number; others: number[] }>();
  const ignored: number[] = [];
  names.forEach((name, position) => {
    const match = roleOf(name);
    if (match === null || !wanted.includes(match.role)) {
      ignored.push(position);
      return;
    }
    const current = best.get(match.role);
    if (current === undefined) best.set(match.role, { position, rank: match.rank, others: [] });
    else if (match.rank < current.rank) best.set(match.role, { position, rank: match.rank, others: [...current.others, current.position] });
    else current.others.push(position);
  });
  const index: Partial<Record<Role, number>> = {};
  const duplicates: ImportMessage[] = [];
  for (const [role, { position, others }] of best) {
    index[role] = position;
    if (others.length === 0) continue;
    ignored.push(...others);
    const losers = others.map((k) => JSON.stringify(names[k])).join(', ');
    duplicates.push(message(others.length === 1 ? 'duplicate' : 'duplicates', { others: losers, role: message(`role.${role}`), used: JSON.stringify(names[position]) }));
  }
  ignored.sort((a, b) => a - b);
  return { index, ignored, duplicates };
}
