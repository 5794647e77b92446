import { describe, expect, it } from 'vitest';
import { formatMessage, formatProblem, importCsv, importFile, importGeoJson, type ImportResult } from '../../src/io/import';
import { MAX_PROBLEMS } from '../../src/io/import/problems';

/** The successful result, or a failure that shows the problems in the test output. */
function ok(result: ImportResult): Extract<ImportResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got:\n${result.errors.map(formatProblem).join('\n')}`);
  return result;
}

/** The warnings as the English catalogue words them. */
function warnings(result: Extract<ImportResult, { ok: true }>): string[] {
  return result.warnings.map((warning) => formatMessage(warning));
}

function errors(result: ImportResult): string[] {
  if (result.ok) throw new Error(`expected failure, got ${result.points.length} points`);
  return result.errors.map(formatProblem);
}

const square = (lon: number, lat: number, size: number) => [
  [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ],
];

describe('CSV import', () => {
  it('reads an English comma-separated demand file, estimating absent children and households', () => {
    const text = 'id,lat,lon,population\nr1,43.25,76.95,1000\nr2,43.3,"76.9",33\n';
    const result = ok(importFile('population.csv', text, 'demand'));
    expect(result.kind).toBe('demand');
    expect(result.points).toEqual([
      { lon: 76.95, lat: 43.25, residents: 1000, children: 0.17 * 1000, households: 1000 / 3.3 },
      { lon: 76.9, lat: 43.3, residents: 33, children: 0.17 * 33, households: 33 / 3.3 },
    ]);
    expect(warnings(result).join('\n')).toMatch(/no children column.*0\.17/);
    expect(warnings(result).join('\n')).toMatch(/no households column.*3\.3/);
    expect(warnings(result).join('\n')).toContain('ignored columns: "id"');
    expect(result.warnings[0]).toEqual({ key: 'estimatedChildren', values: { unit: { key: 'unitColumn' }, share: 0.17 } });
  });

  it('estimates for many small points add up to the share of their total, not to whole people rounded point by point', () => {
    // 300 points of 2 residents: 600 people, 102 children at 0.17 (rounded per point: 0), 181.82 households (per point: 300).
    const text = `lat,lon,population\n${Array.from({ length: 300 }, (_, k) => `43.2,${(76.8 + k / 1000).toFixed(3)},2`).join('\n')}\n`;
    const { points } = ok(importFile('blocks.csv', text, 'demand'));
    const sum = (key: 'children' | 'households') => points.reduce((total, point) => total + point[key]!, 0);
    expect(sum('children')).toBeCloseTo(102, 6);
    expect(sum('households')).toBeCloseTo(600 / 3.3, 6);
  });

  it('reads a Russian semicolon file with decimal commas, a BOM, CRLF and Cyrillic headers', () => {
    const text = '\uFEFFНазвание;Широта;Долгота;Тип;Вместимость;Учащиеся\r\nШкола №1;43,238;76,889;школа;1 200;1100\r\n\r\nПоликлиника №5;43,2;76,95;Поликлиника;;\r\n';
    const result = ok(importFile('объекты.csv', text, 'existing'));
    expect(result.points).toEqual([
      { lon: 76.889, lat: 43.238, name: 'Школа №1', type: 'school', capacity: 1200, students: 1100 },
      { lon: 76.95, lat: 43.2, name: 'Поликлиника №5', type: 'polyclinic' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads Kazakh headers and type names', () => {
    const text = 'Атауы;Ендік;Бойлық;Түрі;Сыйымдылық\n№12 мектеп;43,21;76,85;мектеп;900\nЕмхана;43,22;76,86;емхана;\nАула;43,23;76,87;контейнер;\n';
    const result = ok(importFile('нысандар.csv', text, 'candidates'));
    expect(result.points.map((p) => [p.name, p.type, p.capacity])).toEqual([
      ['№12 мектеп', 'school', 900],
      ['Емхана', 'polyclinic', undefined],
      ['Аула', 'container', undefined],
    ]);
  });

  it('reads a tab-separated file with Kazakh demand headers', () => {
    const text = 'ендік\tбойлық\tтұрғындар\tбалалар\tүй шаруашылықтары\n43,2\t76,9\t500\t90\t160\n';
    expect(ok(importFile('халық.tsv', text, 'demand')).points).toEqual([{ lon: 76.9, lat: 43.2, residents: 500, children: 90, households: 160 }]);
  });

  it('reports a bad row with its line, column and value, and imports nothing', () => {
    const text = 'lat,lon,type,capacity\n43.2,76.9,school,800\n\n43,2x,76.9,school,800\n43.3,76.95,school,-5\n';
    const result = importFile('schools.csv', text, 'existing');
    expect(result.ok).toBe(false);
    expect(errors(result)).toEqual([
      'schools.csv, line 4: expected 4 fields as in the header, found 5: "43,2x,76.9,school,800"',
      'schools.csv, line 5, column "capacity": "-5" is negative; capacity must be 0 or more',
    ]);
  });

  it('names the cell when a decimal comma hides in a semicolon file', () => {
    const result = importFile('schools.csv', 'lat;lon;type;capacity\n43,2;76,9;school;800\n43,2x;76,9;school;800\n', 'existing');
    // A key and values, as the plan's reasons: the app words it in the planner's language.
    expect(result).toEqual({ ok: false, errors: [{ file: 'schools.csv', line: 3, column: 'lat', value: '43,2x', message: { key: 'notNumber', values: { value: '"43,2x"' } } }] });
    expect(errors(result)).toEqual(['schools.csv, line 3, column "lat": "43,2x" is not a number']);
  });

  it('refuses a decimal comma in a comma-separated file, saying why', () => {
    expect(errors(importFile('a.csv', 'lat,lon,pop\n"43,2",76.9,5\n', 'demand'))[0]).toMatch(/line 2, column "lat": "43,2" is not a number \(.*decimals need a dot/);
  });

  it('rejects projected coordinates once, naming them as projected', () => {
    const text = 'x,y,pop\n' + Array.from({ length: 50 }, (_, k) => `${630000 + k * 10},${4790000 + k * 10},${k}`).join('\n');
    const problems = errors(importFile('utm.csv', text, 'demand'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/projected/);
    expect(problems[0]).toMatch(/WGS84/);
    expect(problems[0]).toContain('lon 630000, lat 4790000 (line 2)');
  });

  it('reports an out-of-range latitude as a row problem when the rest of the file is in degrees', () => {
    expect(errors(importFile('a.csv', 'lat,lon,pop\n43.2,76.9,5\n95,76.9,5\n', 'demand'))).toEqual(['a.csv, line 3, column "lat": "95" is outside the latitude range [-90, 90]']);
  });

  it('prefers explicit lat/lon columns to X/Y ones, and says so', () => {
    const result = ok(importFile('a.csv', 'X,Y,Lat,Lon,Pop,Дети,Households\n630000,4790000,43.2,76.9,10,2,3\n', 'demand'));
    expect(result.points).toEqual([{ lon: 76.9, lat: 43.2, residents: 10, children: 2, households: 3 }]);
    expect(warnings(result)).toEqual(['"X" also looks like longitude; using "Lon"', '"Y" also looks like latitude; using "Lat"', 'ignored columns: "X", "Y"']);
  });

  it('says which headers it found when there is no coordinate column', () => {
    const problems = errors(importFile('a.csv', 'Адрес,Жители\nАбая 1,5\n', 'demand'));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('no latitude column');
    expect(problems[0]).toContain('"Адрес", "Жители"');
    expect(problems[1]).toContain('no longitude column');
  });

  it('asks schools for a capacity column when existing schools have none', () => {
    expect(errors(importFile('a.csv', 'lat,lon,type\n43.2,76.9,polyclinic\n43.2,76.9,school\n43.3,76.9,school\n', 'existing'))).toEqual([
      'a.csv, line 3: no capacity given; schools need a capacity (number of places). Add it under one of the names "capacity", "вместимость", "мощность", "сыйымдылық"',
    ]);
  });

  it('rejects empty files, header-only files, unknown types and an unclosed quote', () => {
    expect(errors(importCsv('\uFEFF \n', 'a.csv', 'demand'))).toEqual(['a.csv: the file is empty']);
    expect(errors(importCsv('lat,lon,pop\n\n', 'a.csv', 'demand'))).toEqual(['a.csv, line 1: has a header but no data rows']);
    expect(errors(importCsv('lat,lon,type\n43.2,76.9,hospital\n', 'a.csv', 'candidates'))[0]).toMatch(/line 2, column "type": "hospital" is not a facility type/);
    expect(errors(importCsv('lat,lon,pop\n43.2,76.9,"5\n43.2,76.9,5\n', 'a.csv', 'demand'))[0]).toMatch(/a\.csv, line 2: quoted field unterminated/);
  });

  it('keeps the first problems and counts the rest', () => {
    const text = 'lat,lon,pop\n' + Array.from({ length: 30 }, () => '43.2,76.9,many').join('\n');
    const problems = errors(importCsv(text, 'a.csv', 'demand'));
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems[0]).toBe('a.csv, line 2, column "pop": "many" is not a number');
    expect(problems[MAX_PROBLEMS]).toBe('a.csv: 10 more problems not shown (30 in all); nothing was imported');
  });

  it('refuses more than 200,000 rows', () => {
    const text = 'lat,lon,pop\n' + '43.2,76.9,1\n'.repeat(200_001);
    expect(errors(importCsv(text, 'big.csv', 'demand'))).toEqual(['big.csv: has more than 200,000 rows; split it or aggregate the points']);
  });
});

describe('GeoJSON import', () => {
  const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

  it('reads points with the same multilingual property names', () => {
    const text = collection([{ type: 'Feature', geometry: { type: 'Point', coordinates: [76.9, 43.2, 800] }, properties: { id: 'r1', pop: 120, pop_6_17: '20', households: 40 } }]);
    expect(ok(importGeoJson(text, 'population.geojson', 'demand')).points).toEqual([{ lon: 76.9, lat: 43.2, residents: 120, children: 20, households: 40 }]);
  });

  it('imports polygons as points at their centroid', () => {
    const text = collection([
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(76.9, 43.2, 0.02) }, properties: { тип: 'школа', наименование: 'Участок 1' } },
      { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [square(77, 43.3, 0.01)] }, properties: { type: 'container' } },
    ]);
    const result = ok(importFile('участки.geojson', text, 'candidates'));
    expect(result.points).toHaveLength(2);
    expect(result.points[0]).toMatchObject({ name: 'Участок 1', type: 'school' });
    expect(result.points[0].lon).toBeCloseTo(76.91, 9);
    expect(result.points[0].lat).toBeCloseTo(43.21, 9);
    expect(result.points[1].lon).toBeCloseTo(77.005, 9);
    expect(warnings(result)).toContain('2 polygon features were imported as points at their centroids (the mean of the vertices)');
  });

  it('imports exclusion zones as polygons, from a lone Feature too', () => {
    const zone = { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(76.9, 43.1, 0.05) }, properties: { name: 'Медеу' } };
    const result = ok(importFile('zones.json', collection([zone]), 'exclusions'));
    expect(result.points).toEqual([]);
    expect(result.polygons).toEqual([{ coordinates: { type: 'Polygon', coordinates: square(76.9, 43.1, 0.05) }, name: 'Медеу' }]);
    expect(ok(importFile('zone.geojson', JSON.stringify(zone), 'exclusions')).polygons).toHaveLength(1);
    expect(errors(importFile('zones.geojson', collection([{ ...zone, geometry: { type: 'Point', coordinates: [76.9, 43.2] } }]), 'exclusions'))).toEqual([
      'zones.geojson, features[0].geometry.type: "Point" is not supported; exclusion zones must be Polygon or MultiPolygon',
    ]);
  });

  it('says a truncated file is truncated, with its line', () => {
    const full = collection([{ type: 'Feature', geometry: { type: 'Point', coordinates: [76.9, 43.2] }, properties: { pop: 5 } }]).replace('[{', '[\n{');
    const problems = errors(importFile('population.geojson', full.slice(0, full.length - 20), 'demand'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^population\.geojson, line 2: the JSON ends unexpectedly .*truncated/);
  });

  it('reports other syntax errors with their line', () => {
    expect(errors(importFile('a.geojson', '{\n  "type": "FeatureCollection"\n  "features": []\n}', 'demand'))[0]).toMatch(/^a\.geojson, line 3: is not valid JSON \(column 3\): /);
  });

  it('rejects JSON that is not GeoJSON, and bare geometries', () => {
    expect(errors(importFile('a.json', '[{"lat": 43.2}]', 'demand'))).toEqual(['a.json: is not GeoJSON: expected a FeatureCollection or a Feature, found a list of 1 item']);
    expect(errors(importFile('a.json', '{"type":"Polygon","coordinates":[]}', 'exclusions'))[0]).toMatch(/bare Polygon geometry; wrap it in a Feature/);
    expect(errors(importFile('a.json', collection([]), 'demand'))).toEqual(['a.json: has no features']);
  });

  it('names unsupported geometries, bad coordinates and missing properties by feature', () => {
    const text =
      '{"type":"FeatureCollection","features":[' +
      '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[76.9,43.2],[77,43.3]]},"properties":{"type":"school"}},' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,43.2]},"properties":{"type":"school"}},' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,143.2]},"properties":{"type":"school"}},' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,43.2]},"properties":{"name":"A"}},' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,43.2]},"properties":{"type":"school","capacity":"много"}}]}';
    expect(errors(importGeoJson(text, 'sites.geojson', 'existing'))).toEqual([
      'sites.geojson, features[0].geometry.type: "LineString" is not supported; points must be Point, Polygon or MultiPolygon',
      'sites.geojson, features[1].geometry.coordinates: [Infinity, 43.2] has a coordinate that is not a finite number',
      'sites.geojson, features[1].properties: no capacity given; schools need a capacity (number of places). Add it under one of the names "capacity", "вместимость", "мощность", "сыйымдылық"',
      'sites.geojson, features[2].geometry.coordinates: [76.9, 143.2] is outside the latitude range [-90, 90]',
      'sites.geojson, features[2].properties: no capacity given; schools need a capacity (number of places). Add it under one of the names "capacity", "вместимость", "мощность", "сыйымдылық"',
      expect.stringMatching(/^sites\.geojson, features\[3\]\.properties: no type given; a type is required/),
      'sites.geojson, features[4].properties.capacity: "много" is not a number',
    ]);
  });

  it('rejects an unclosed ring', () => {
    const ring = square(76.9, 43.2, 0.01)[0].slice(0, 4);
    expect(errors(importGeoJson(collection([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, [76.95, 43.25]]] }, properties: {} }]), 'z.geojson', 'exclusions'))).toEqual([
      'z.geojson, features[0].geometry.coordinates[0]: the ring is not closed: it starts at [76.9, 43.2] but ends at [76.95, 43.25]',
    ]);
  });

  it('detects projected coordinates before anything else, and mentions a declared CRS', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32643' } },
      features: [
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[630000, 4790000], [631000, 4790000], [631000, 4791000], [630000, 4790000]]] }, properties: {} },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [630500, 4790500] }, properties: { pop: 'x' } },
      ],
    });
    const problems = errors(importFile('utm.geojson', text, 'demand'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^utm\.geojson: the coordinates look projected .*features\[0\].*EPSG:4326.*EPSG::32643/);
  });
});

describe('choosing the reader', () => {
  it('names an unknown extension', () => {
    expect(errors(importFile('schools.xlsx', 'PK\u0003\u0004', 'existing'))).toEqual(['schools.xlsx: has the extension ".xlsx"; import a table (.csv, .tsv, .txt) or GeoJSON (.geojson, .json)']);
    expect(errors(importFile('README', 'x', 'demand'))[0]).toMatch(/^README: has no extension/);
  });

  it('takes the extension case-insensitively, and .txt as a table', () => {
    expect(ok(importFile('POP.TXT', 'lat\tlon\tpop\n43.2\t76.9\t5', 'demand')).points).toHaveLength(1);
  });

  it('refuses exclusion zones from a table', () => {
    expect(errors(importFile('zones.csv', 'lat,lon\n43.2,76.9', 'exclusions'))[0]).toMatch(/must come as GeoJSON/);
  });

  it('refuses text over 60 MB without parsing it', () => {
    const huge = 'x'.repeat(60 * 1024 * 1024 + 1);
    expect(errors(importFile('huge.csv', huge, 'demand'))).toEqual(['huge.csv: is too large (60.1 MB); the limit is 60 MB: split the file or aggregate the points']);
  });
});

describe('problems in the planner language', () => {
  it('words a problem, its nested parts and its place from the Russian and Kazakh catalogues, the value as written', async () => {
    const { ru } = await import('../../src/app/i18n/ru');
    const { kk } = await import('../../src/app/i18n/kk');
    const result = importFile('a.csv', 'lat,lon,pop\n43.2,76.9,5\n95,76.9,5\n', 'demand');
    if (result.ok) throw new Error('expected a failure');
    const [problem] = result.errors;
    expect(problem.message).toEqual({ key: 'outOfRange', values: { value: '"95"', role: { key: 'role.lat' }, limit: 90 } });
    expect(formatMessage(problem.message, ru.importer)).toBe('"95" вне допустимого диапазона («широта») [-90, 90]');
    expect(formatMessage(problem.message, kk.importer)).toBe('"95" рұқсат етілген ауқымнан тыс («ендік») [-90, 90]');
  });
});
