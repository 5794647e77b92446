import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES, roleOf, type Role } from '../../src/io/import/aliases';
import { formatMessage, formatProblem, importFile, type ImportResult, type ImportTarget } from '../../src/io/import';
import { IMPORT_MESSAGES } from '../../src/io/import/messages';

const KINDS: ImportTarget[] = ['demand', 'candidates', 'existing', 'plots', 'exclusions'];
const NAMES = ['data.csv', 'data.tsv', 'data.txt', 'data.geojson', 'data.json', 'data.xlsx', 'data'];

/** A message's key and the keys of the messages inside its values. */
function keysOf(message: { key: string; values?: Readonly<Record<string, unknown>> }): string[] {
  const nested = Object.values(message.values ?? {}).filter((v): v is { key: string } => typeof v === 'object' && v !== null && 'key' in v);
  return [message.key, ...nested.flatMap((v) => keysOf(v))];
}

function known(key: string): boolean {
  let node: unknown = IMPORT_MESSAGES;
  for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string';
}

/** The promise every import keeps: usable degrees, or at least one problem that names its file. */
function assertWellFormed(result: ImportResult, file: string): void {
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const problem of result.errors) {
      expect(problem.file).toBe(file);
      // Every key (and every nested key) is one the catalogues translate: no placeholder is left unfilled.
      const text = formatMessage(problem.message);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/\{\w+\}/);
      expect(keysOf(problem.message).every((key) => known(key)), JSON.stringify(problem.message)).toBe(true);
    }
    return;
  }
  const inRange = ([lon, lat]: number[]) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
  for (const point of result.points) expect(inRange([point.lon, point.lat]), JSON.stringify(point)).toBe(true);
  for (const polygon of result.polygons) {
    const rings = polygon.coordinates.type === 'Polygon' ? polygon.coordinates.coordinates : polygon.coordinates.coordinates.flat();
    for (const position of rings.flat()) expect(inRange(position), JSON.stringify(position)).toBe(true);
  }
}

// Text close enough to a real file to get past the first checks: a share of
// the files are valid, the rest have noise in some cells, features or bytes,
// so every stage of validation (and the success path) is exercised.
const alias = (role: Role) => fc.constantFrom(...ROLE_NAMES[role]);
const garbage = fc.oneof(
  fc.double().map(String),
  fc.integer({ min: -10, max: 10_000_000 }).map(String),
  fc.constantFrom('', ' ', '"', '""', 'NaN', '1e999', '4800000', '-0', '1 200', '95', '-181', '43,2', 'school'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const typeName = fc.constantFrom('school', 'School', 'школа', 'мектеп', 'polyclinic', 'поликлиника', 'емхана', 'container', 'контейнер', 'контейнерная площадка');

function quote(text: string, delimiter: string): string {
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell that is valid for the column's role (any text for columns with no role). */
function validCell(role: Role | undefined, delimiter: string): fc.Arbitrary<string> {
  const decimal = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((v) => (delimiter === ',' ? String(v) : String(v).replace('.', ',')));
  if (role === 'lat') return fc.oneof(decimal(43.1, 43.4), decimal(-90, 90));
  if (role === 'lon') return fc.oneof(decimal(76.7, 77.2), decimal(-180, 180));
  if (role === 'type') return typeName;
  if (role === undefined || role === 'name') return fc.string({ unit: 'grapheme', maxLength: 8 }).map((t) => quote(t, delimiter));
  return fc.nat({ max: 100_000 }).map(String);
}

const header = fc
  .tuple(alias('lat'), alias('lon'), fc.subarray(['residents', 'type', 'children', 'households', 'capacity', 'students', 'name'] as Role[]), fc.array(fc.constantFrom('id', 'district', 'примечание'), { maxLength: 2 }))
  .chain(([lat, lon, roles, extra]) =>
    fc.tuple(...roles.map(alias)).chain((names) => fc.shuffledSubarray([lat, lon, ...names, ...extra], { minLength: 2 + names.length + extra.length })),
  );
const delimitedText = fc
  .tuple(header, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean())
  .chain(([names, delimiter, newline, bom, noisy]) => {
    const cells = names.map((name) => {
      const valid = validCell(roleOf(name)?.role, delimiter);
      return noisy ? fc.oneof({ weight: 12, arbitrary: valid }, garbage) : valid;
    });
    const row = noisy ? fc.oneof({ weight: 12, arbitrary: fc.tuple(...cells) }, fc.array(garbage, { maxLength: names.length + 1 })) : fc.tuple(...cells);
    return fc.array(row, { maxLength: 6 }).map((rows) => (bom ? '\uFEFF' : '') + [names, ...rows].map((r) => r.join(delimiter)).join(newline));
  });

const validPosition = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }));
const noisyPosition = fc.array(fc.oneof(fc.double(), fc.constantFrom(76.9, 43.2, 1e999, 630000, 4790000), garbage), { maxLength: 3 });
const position = fc.oneof({ weight: 8, arbitrary: validPosition }, noisyPosition);
const ring = fc.array(position, { minLength: 3, maxLength: 6 }).chain((r) => fc.constantFrom([...r, r[0]], r));
const validGeometry = fc.oneof(
  fc.record({ type: fc.constant('Point'), coordinates: validPosition }),
  fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(fc.array(validPosition, { minLength: 3, maxLength: 5 }).map((r) => [...r, r[0]]), { minLength: 1, maxLength: 2 }) }),
);
const noisyGeometry = fc.oneof(
  fc.record({ type: fc.constant('Point'), coordinates: position }),
  fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(ring, { maxLength: 2 }) }),
  fc.record({ type: fc.constant('MultiPolygon'), coordinates: fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }) }),
  fc.record({ type: fc.constantFrom('LineString', 'MultiPoint', 'GeometryCollection'), coordinates: fc.array(position, { maxLength: 3 }) }),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const validProperties = fc
  .tuple(alias('type'), typeName, alias('residents'), fc.nat({ max: 100_000 }), alias('capacity'), fc.nat({ max: 5000 }), alias('name'), fc.string({ maxLength: 8 }))
  .map(([t, type, r, residents, c, capacity, n, name]) => ({ [t]: type, [r]: residents, [c]: capacity, [n]: name }));
const feature = fc.boolean().chain((noisy) =>
  fc.record({
    type: noisy ? fc.constantFrom('Feature', 'feature', 'Point') : fc.constant('Feature'),
    geometry: noisy ? fc.oneof(validGeometry, noisyGeometry) : validGeometry,
    properties: noisy ? fc.oneof(validProperties, fc.dictionary(fc.constantFrom(...Object.values(ROLE_NAMES).flat()), fc.oneof(garbage, fc.nat())), fc.jsonValue({ maxDepth: 1 })) : validProperties,
  }),
);
const geoJsonText = fc
  .tuple(fc.array(feature, { maxLength: 5 }), fc.nat(), fc.nat({ max: 5 }))
  .map(([features, cut, mode]) => {
    const text = JSON.stringify(mode === 4 ? features[0] ?? {} : { type: 'FeatureCollection', features });
    // JSON.stringify writes Infinity as null; a hand-edited file can hold 1e999, which parses to Infinity.
    if (mode === 3) return text.replace(/null/g, '1e999');
    return mode === 5 ? text.slice(0, cut % (text.length + 1)) : text;
  });
const CSV_NAMES = ['data.csv', 'data.tsv', 'DATA.TXT'];
const JSON_NAMES = ['data.geojson', 'data.json'];
const file = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(delimitedText, fc.constantFrom(...CSV_NAMES)) },
  { weight: 4, arbitrary: fc.tuple(geoJsonText, fc.constantFrom(...JSON_NAMES)) },
  fc.tuple(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.json({ maxDepth: 3 })), fc.constantFrom(...NAMES)),
);

describe('importFile on arbitrary text', () => {
  it('never throws, and returns in-range coordinates or problems', () => {
    fc.assert(
      fc.property(file, fc.constantFrom(...KINDS), ([text, name], kind) => {
        assertWellFormed(importFile(name, text, kind), name);
      }),
      { numRuns: 300 },
    );
  });
});

// --- Round trips of valid Almaty demand files ---------------------------------

interface Row {
  lat: number;
  lon: number;
  residents: number;
  children: number;
  households: number;
  name: string;
}

const row: fc.Arbitrary<Row> = fc.record({
  lat: fc.double({ min: 43.1, max: 43.4, noNaN: true }),
  lon: fc.double({ min: 76.7, max: 77.2, noNaN: true }),
  residents: fc.nat({ max: 50_000 }),
  children: fc.nat({ max: 10_000 }),
  households: fc.nat({ max: 20_000 }),
  // Names may hold delimiters, quotes and line breaks: they are quoted below.
  name: fc
    .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.constantFrom('Школа №1, корпус 2', 'Дом\nкультуры', '"Алатау"; 2', 'Мектеп\r\n№ 5', 'a\tb'))
    .filter((s) => s.trim() === s && s !== '' && !s.startsWith('\uFEFF')),
});

type Column = keyof Row;
const COLUMNS: Column[] = ['lat', 'lon', 'residents', 'children', 'households', 'name'];
const NUMERIC: Column[] = ['lat', 'lon', 'residents', 'children', 'households'];

interface Layout {
  order: Column[];
  headers: Record<Column, string>;
  upper: boolean;
  delimiter: ',' | ';';
}

/** A header per column, in any language and case, and the columns in any order. */
const layout: fc.Arbitrary<Layout> = fc.record({
  order: fc.shuffledSubarray(COLUMNS, { minLength: COLUMNS.length, maxLength: COLUMNS.length }),
  headers: fc.record(Object.fromEntries(COLUMNS.map((c) => [c, fc.constantFrom(...ROLE_NAMES[c === 'name' ? 'name' : c])])) as Record<Column, fc.Arbitrary<string>>),
  upper: fc.boolean(),
  delimiter: fc.constantFrom(',', ';'),
});

function buildCsv(rows: Row[], { order, headers, upper, delimiter }: Layout): string {
  const write = (column: Column, value: Row[Column]): string => {
    if (column === 'name') return `"${String(value).replace(/"/g, '""')}"`;
    // Semicolon files come from Russian-locale spreadsheets: decimal commas.
    return delimiter === ';' ? String(value).replace('.', ',') : String(value);
  };
  const head = order.map((c) => (upper ? headers[c].toUpperCase() : headers[c])).join(delimiter);
  return [head, ...rows.map((r) => order.map((c) => write(c, r[c])).join(delimiter))].join('\n') + '\n';
}

describe('CSV round trip', () => {
  it('imports exactly the rows it was built from, with , or ; delimiters', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), layout, (rows, shape) => {
        const result = importFile('population.csv', buildCsv(rows, shape), 'demand');
        if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
        expect(result.points).toEqual(rows.map(({ lat, lon, residents, children, households, name }) => ({ lon, lat, name, residents, children, households })));
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('names exactly the line and column of one corrupted number', () => {
    const garbage = fc.oneof(fc.constantFrom('', '   ', 'NaN', '1e999', '-1e999', 'Infinity', '0x1A', '1.2.3', '--4', '12abc', 'abc'), fc.stringMatching(/^[a-zа-яё]{1,8}$/));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), layout, fc.nat(), fc.constantFrom(...NUMERIC), garbage, (rows, shape, pick, column, bad) => {
        const target = pick % rows.length;
        const lines = buildCsv(rows, shape).split('\n');
        // Names may span lines, so the damaged row is found by rebuilding it rather than by counting.
        const before = buildCsv(rows.slice(0, target), shape).split('\n').length - 1;
        const corrupted = rows.map((r, k) => (k === target ? { ...r, [column]: bad } : r)) as Row[];
        const text = buildCsv(corrupted, shape);
        expect(text.split('\n').length).toBe(lines.length);
        const result = importFile('population.csv', text, 'demand');
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const header = shape.upper ? shape.headers[column].toUpperCase() : shape.headers[column];
        expect(result.errors.map(formatProblem)).toHaveLength(1);
        expect(result.errors[0]).toMatchObject({ file: 'population.csv', line: before + 1, column: header });
      }),
      { numRuns: 150 },
    );
  });
});
