import Papa from 'papaparse';
import { show } from '../../engine/instance/errors';
import { DEMO_TYPE_NAMES, ROLE_NAMES, type Role, type TypeNames } from './aliases';
import { defaultsWarnings, missingValue, readAttributes, readNumber, type Defaults, type Source } from './attributes';
import { REQUIRED_COLUMNS, ROLES_FOR, mapColumns, type ColumnMap } from './columns';
import { ProjectionCheck, rangeProblem } from './coordinates';
import { MAX_ROWS } from './limits';
import { message, type ImportMessage } from './messages';
import { Problems, reject } from './problems';
import { LineCounter, detectDelimiter, stripBom } from './text';
import type { ImportKind, ImportResult, ImportedPoint } from './types';

/**
 * Reads a CSV/TSV of points (English, Russian or Kazakh headers; comma,
 * semicolon or tab separated). All or nothing: one bad row rejects the file.
 *
 * Papa.parse runs without `header: true` and with our own blank-line skipping
 * (the same rule as `skipEmptyLines: 'greedy'`) because its header mode
 * numbers rows by data index, which stops matching file lines once a blank
 * line is skipped or a quoted cell spans lines; here every row's line comes
 * from the parser's cursor.
 */
export function importCsv(text: string, file: string, kind: ImportKind, types: TypeNames = DEMO_TYPE_NAMES): ImportResult {
  const body = stripBom(text);
  if (body.trim() === '') return reject(file, message('empty'));
  const delimiter = detectDelimiter(body);
  const decimalComma = delimiter !== ',';
  const lines = new LineCounter(body);
  const problems = new Problems(file);
  const projection = new ProjectionCheck();
  const defaults: Defaults = { children: false, households: false };
  const points: ImportedPoint[] = [];
  const absentReported = new Set<Role>();
  let header: Header | null = null;
  let headerProblem: ImportResult | null = null;
  let rows = 0;
  let tooMany = false;
  let rowStart = 0;

  Papa.parse<string[]>(body, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    step(result, parser) {
      const cells = result.data;
      const line = lines.lineAt(rowStart);
      rowStart = result.meta.cursor;
      if (cells.every((cell) => cell.trim() === '')) return;
      if (header === null) {
        const names = cells.map((cell) => cell.trim());
        const columns = mapColumns(names, ROLES_FOR[kind]);
        header = { names, columns, line };
        const missing = REQUIRED_COLUMNS[kind].filter((role) => columns.index[role] === undefined);
        if (missing.length > 0) {
          headerProblem = { ok: false, errors: missing.map((role) => ({ file, line, message: missingColumn(role, names, delimiter) })) };
          parser.abort();
        }
        return;
      }
      if (++rows > MAX_ROWS) {
        tooMany = true;
        parser.abort();
        return;
      }
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        // The cells of a row with broken quotes are unreliable (an unclosed one swallows the rest of the file): report the quotes only.
        problems.add({ line, message: message(quoteError.code === 'InvalidQuotes' ? 'quoteMalformed' : 'quoteUnterminated') });
        return;
      }
      if (cells.length !== header.names.length) {
        problems.add({
          line,
          value: cells.join(delimiter),
          message: message('fieldCount', { expected: header.names.length, found: cells.length, row: show(cells.join(delimiter)) }),
        });
        return;
      }
      const point = readRow(cells, line, header);
      if (point !== null) points.push(point);
    },
  });

  function readRow(cells: string[], line: number, { names, columns }: Header): ImportedPoint | null {
    const source = (role: Role): Source | undefined => {
      const k = columns.index[role];
      return k === undefined ? undefined : { key: names[k], raw: cells[k] };
    };
    const report = (role: Role, where: Source | undefined, text: ImportMessage): void => {
      if (where === undefined) {
        // A missing column is one problem, not one per row.
        if (!absentReported.has(role)) problems.add({ line, message: text });
        absentReported.add(role);
      } else problems.add({ line, column: where.key, value: String(where.raw), message: text });
    };
    const coordinate = (role: 'lat' | 'lon'): number | undefined => {
      const where = source(role)!;
      const raw = where.raw as string;
      if (raw.trim() === '') {
        report(role, where, missingValue(role));
        return undefined;
      }
      const parsed = readNumber(raw, decimalComma);
      if ('value' in parsed) return parsed.value;
      report(role, where, message(parsed.error, { value: show(raw) }));
      return undefined;
    };
    const lat = coordinate('lat');
    const lon = coordinate('lon');
    let inRange = lat !== undefined && lon !== undefined;
    if (lat !== undefined && lon !== undefined) {
      projection.add(lon, lat, message('whereLine', { line }));
      for (const [role, value] of [['lat', lat], ['lon', lon]] as const) {
        const problem = rangeProblem(role, value, show(source(role)!.raw));
        if (problem !== null) {
          report(role, source(role), problem);
          inRange = false;
        }
      }
    }
    const attributes = readAttributes(kind, { get: source, report, decimalComma }, defaults, types);
    return inRange && attributes !== null ? { lon: lon!, lat: lat!, ...attributes } : null;
  }

  // Assigned in the step callback, which TypeScript's narrowing cannot see.
  const head = header as Header | null;
  if (headerProblem !== null) return headerProblem;
  if (tooMany) return reject(file, message('tooManyRows', { max: MAX_ROWS.toLocaleString('en') }));
  if (head === null) return reject(file, message('onlyEmptyLines'));
  if (rows === 0) return reject(file, message('noDataRows'), { line: head.line });
  // Checked before row problems: when the whole file is in metres, one message says it all.
  if (projection.projected) return reject(file, projection.message());
  if (problems.count > 0) return problems.result();
  const { names, columns } = head;
  const warnings = [...columns.duplicates, ...defaultsWarnings(defaults, 'column')];
  if (columns.ignored.length > 0) warnings.push(message('ignoredColumns', { names: columns.ignored.map((k) => JSON.stringify(names[k] || `#${k + 1}`)).join(', ') }));
  return { ok: true, kind, points, polygons: [], warnings };
}

interface Header {
  /** As written, trimmed: messages quote them. */
  readonly names: string[];
  readonly columns: ColumnMap;
  readonly line: number;
}

function missingColumn(role: Role, names: string[], delimiter: string): ImportMessage {
  const values = {
    role: message(`role.${role}`),
    separator: delimiter === '\t' ? message('tab') : JSON.stringify(delimiter),
    found: names.slice(0, 12).map((n) => JSON.stringify(n)).join(', '),
    names: ROLE_NAMES[role].map((n) => JSON.stringify(n)).join(', '),
  };
  return names.length > 12 ? message('missingColumnMany', { ...values, count: names.length }) : message('missingColumn', values);
}
