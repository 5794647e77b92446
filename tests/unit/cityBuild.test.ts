import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCityPackage, boundaryFields, type BuildInput, type GivenFile } from '../../src/io/city/build';
import { PackageProblems } from '../../src/io/city/layers';
import { memorySource, readCityPackage } from '../../src/io/city/package';
import { geoKeysFor, writeGeoTiff } from '../../src/io/raster/write';
import { parseCity } from '../../src/plan/city';
import { scenarioCityFiles, solveScenario } from '../../src/cli/scenarioJob';
import { defaultScenario } from '../../src/plan/scenario';
import { TRIO_CENTRE, trioCity, trioOsm, trioRealOsm } from './trio';
import { osmPbf } from '../../scripts/osmPbfWriter';
import { readCityExtract } from '../../src/io/osm/extract';
import { readStreets } from '../../src/io/osm';
import { walkable, walkingGraph } from '../../src/engine/streets/graph';
import type { WayTags } from '../../src/engine/streets/ways';
import { parseManifest } from '../../src/io/city/manifest';
import { FOLDED_NOTES } from '../../src/io/city/types';
import { idFromName } from '../../src/app/state/newCity.svelte';
import { mapCredits } from '../../src/app/map/credits';
import { en } from '../../src/app/i18n/en';
import { ru } from '../../src/app/i18n/ru';
import { kk } from '../../src/app/i18n/kk';

const text = (name: string, value: string): GivenFile => ({ name, bytes: new TextEncoder().encode(value) });
const json = (name: string, value: unknown) => text(name, JSON.stringify(value));

/** The trio's districts as a planner has them: a name column, no ids, no other languages. */
function boundaries(): GivenFile {
  const districts = structuredClone(trioCity().files['districts.geojson']) as { features: { properties: Record<string, unknown> }[] };
  for (const feature of districts.features) feature.properties = { NAME: feature.properties.name_ru, code: 7 };
  return json('districts.geojson', districts);
}

/** 100 residents per hectare over the whole area, as a WorldPop-style raster (EPSG:4326, 3 arc-seconds, Float32, nodata -99999). */
function raster(): GivenFile {
  const [lon0, lat0] = TRIO_CENTRE;
  const step = 3 / 3600;
  const width = 120;
  const height = 120;
  const values = new Float32Array(width * height);
  const west = lon0 - (width / 2) * step;
  const north = lat0 + (height / 2) * step;
  for (let r = 0; r < height; r++) {
    const lat = north - (r + 0.5) * step;
    // A pixel's area in hectares at its latitude.
    const hectares = (step * 111_320 * step * 111_320 * Math.cos((lat * Math.PI) / 180)) / 1e4;
    for (let c = 0; c < width; c++) values[r * width + c] = 100 * hectares;
  }
  values[0] = -99999;
  const bytes = new Uint8Array(writeGeoTiff({ width, height, values, origin: [west, north], pixelSize: [step, step], geoKeys: geoKeysFor('EPSG:4326'), noData: -99999 }));
  return { name: 'worldpop.tif', bytes };
}

function input(change: Partial<BuildInput> = {}): BuildInput {
  return {
    id: 'trio',
    name: { en: 'Trio', ru: 'Трио', kk: 'Трио' },
    attribution: 'Generated',
    boundaries: { from: 'file', file: boundaries(), nameField: 'NAME' },
    population: { file: raster(), cellMetres: 250, childShare: 0.2, householdShare: 0.3 },
    facilities: {
      from: 'files',
      // A planner's list: semicolons, decimal commas, no type and no places.
      schools: text('schools.csv', `name;lat;lon\nSchool 1;${String(42.34).replace('.', ',')};69,57\nSchool 2;42,30;69,61\n`),
      health: json('clinics.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [69.59, 42.33] }, properties: { name: 'Clinic' } }] }),
    },
    streets: false,
    schoolCapacity: 900,
    growth: 0.02,
    ...change,
  };
}

describe('New city: a package built from a planner\'s files', () => {
  test('boundaries with a chosen name column, a population raster, facility lists without type or places: the review counts what plans will use', async () => {
    expect(boundaryFields(boundaries())).toEqual({ fields: ['NAME', 'code'], polygons: 3 });
    const { files: written, draft } = await buildCityPackage(input());
    const files = written();
    // The districts' area: 6 x 3 + 6 x 2 - 1 (the park) + 6 x 3 = 47 km², at 100 residents per hectare.
    expect(draft.counts.residents).toBeGreaterThan(470_000 * 0.999);
    expect(draft.counts.residents).toBeLessThan(470_000 * 1.001);
    expect(draft.counts.children).toBeCloseTo(draft.counts.residents * 0.2, -1);
    expect(draft.counts).toMatchObject({ districts: 3, schools: 2, health: 1, containers: 0, streetSegments: 0 });
    expect(draft.districtNames).toEqual(['Северный район', 'Центральный район', 'Южный район']);
    expect(draft.notes).toContainEqual({ key: 'raster', values: expect.objectContaining({ file: 'worldpop.tif', crs: 'EPSG:4326', width: 120, height: 120, cell: 250 }) });
    expect(draft.manifest.growth).toEqual({ '*': 0.02 });
    const city = parseCity((await readCityPackage(memorySource(files), 'trio')).files);
    expect(city.districts.map((d) => d.id)).toEqual(['severnyi-raion', 'tsentralnyi-raion', 'yuzhnyi-raion']);
    expect(Array.from(city.schools.capacity)).toEqual([900, 900]);
    expect(city.districts[city.schools.district[0]].id).toBe('severnyi-raion');

    // The package written as a folder is what the command line solves.
    const folder = mkdtempSync(join(tmpdir(), 'city-'));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
    const scenario = { ...defaultScenario('Trio'), data: './', routing: 'straight' as const };
    const cityFiles = await scenarioCityFiles(scenario, join(folder, 'scenario.json'));
    const report = await solveScenario(scenario, 'highs', 60, 0, cityFiles);
    expect(report.status).toBe('optimal');
  });

  test('one OpenStreetMap extract gives the boundaries (at a chosen level), the facilities within them and the streets; plans go along those streets', async () => {
    const bytes = osmPbf(trioOsm());
    const extract = { name: 'trio.osm.pbf', read: readCityExtract('trio.osm.pbf', bytes) };
    expect(extract.read.boundaries.map((b) => b.level).sort()).toEqual([6, 9, 9, 9]);
    const { files: written, draft } = await buildCityPackage(input({ boundaries: { from: 'osm', adminLevel: 9 }, facilities: { from: 'osm' }, extract, streets: true }));
    const files = written();
    expect(draft.districtNames).toEqual(['North', 'Centre', 'South']);
    expect(draft.counts).toMatchObject({ districts: 3, schools: 2, health: 2, containers: 1 });
    expect(draft.notes).toContainEqual({ key: 'leftOutSchools', values: { file: 'trio.osm.pbf', count: 1, total: 3 } });
    // The grid within the districts and 5 km around: all of it (8 x 9 km).
    expect(draft.counts.streetSegments).toBe(33 * 36 + 37 * 32);
    // The default layers: the trio's pharmacy is a layer of its own (not health), and it has no kindergarten or sports ground, so no file of them.
    expect(draft.counts.layers).toEqual({ kindergartens: 0, pharmacies: 1, sports: 0 });
    expect(Object.keys(files).sort()).toEqual(['containers.geojson', 'districts.geojson', 'health.geojson', 'manifest.json', 'pharmacies.geojson', 'population.geojson', 'schools.geojson', 'streets.osm.pbf']);
    const city = parseCity((await readCityPackage(memorySource(files), 'trio')).files);
    expect(city.districts.map((d) => [d.id, d.names.ru, d.names.kk])).toEqual([['north', 'Северный', 'Солтүстік'], ['centre', 'Центральный', 'Орталық'], ['south', 'Южный', 'Оңтүстік']]);
    expect(Array.from(city.schools.capacity)).toEqual([900, 600]);

    const folder = mkdtempSync(join(tmpdir(), 'city-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
    const scenario = { ...defaultScenario('Trio'), data: './', routing: 'streets' as const };
    const cityFiles = await scenarioCityFiles(scenario, join(folder, 'scenario.json'));
    expect(cityFiles.streets!.edgeFrom.length).toBe(draft.counts.streetSegments);
    const report = await solveScenario(scenario, 'highs', 60, 0, cityFiles);
    expect(report.status).toBe('optimal');
  });

  test('boundaries that are not polygons, a missing name and population outside the city are refused, every one named', async () => {
    const points = json('districts.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [69.59, 42.32] }, properties: { NAME: 'A' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[69.5, 42.3], [69.6, 42.3], [69.6, 42.4], [69.5, 42.3]]] }, properties: { NAME: '' } },
      ],
    });
    await expect(buildCityPackage(input({ boundaries: { from: 'file', file: points, nameField: 'NAME' } }))).rejects.toThrow(PackageProblems);
    const problems = await buildCityPackage(input({ boundaries: { from: 'file', file: points, nameField: 'NAME' } })).catch((error: PackageProblems) => error.problems);
    expect(problems).toEqual(['districts.geojson, features[0]: a Point, not a district boundary (Polygon or MultiPolygon)', 'districts.geojson, features[1].properties.NAME: "" is not a name']);

    const projected = json('utm.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[584000, 4686000], [590000, 4686000], [590000, 4688000], [584000, 4686000]]] }, properties: { NAME: 'A' } }] });
    expect(await buildCityPackage(input({ boundaries: { from: 'file', file: projected, nameField: 'NAME' } })).catch((error: PackageProblems) => error.problems)).toEqual([
      'utm.geojson, features[0].geometry: [584000, 4686000] is not a longitude/latitude pair: the file seems to be in a projected system (metres) (boundaries are longitude/latitude, WGS 84)',
    ]);

    const people = text('people.csv', 'lat,lon,residents\n42.34,69.59,100\n43.25,76.95,200\n');
    const outside = await buildCityPackage(input({ population: { file: people, cellMetres: 250, childShare: 0.2, householdShare: 0.3 } })).catch((error: PackageProblems) => error.problems);
    expect(outside).toEqual(['people.csv, record 2: [76.95, 43.25] lies outside every district']);

    const far = raster();
    const elsewhere = await buildCityPackage(input({ boundaries: { from: 'file', file: json('d.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[76.9, 43.2], [77, 43.2], [77, 43.3], [76.9, 43.2]]] }, properties: { NAME: 'Far' } }] }), nameField: 'NAME' }, population: { file: far, cellMetres: 250, childShare: 0.2, householdShare: 0.3 } })).catch((error: Error) => error.message);
    expect(elsewhere).toMatch(/worldpop\.tif.*outside the boundaries/);
  });
});

describe('New city, as planners met it on real extracts (issue 24)', () => {
  test('points without children or households take the planner\'s shares, unrounded, and the review says they are estimates', async () => {
    // 200 small points of 3 residents in the north: rounding each one's share would count 200 children and 200 households.
    const rows = Array.from({ length: 200 }, (_, k) => `${(42.335 + (k % 20) * 0.0004).toFixed(5)},${(69.57 + Math.floor(k / 20) * 0.004).toFixed(5)},3`);
    const people = text('people.csv', `lat,lon,residents\n${rows.join('\n')}\n`);
    const { draft, layers } = await buildCityPackage(input({ population: { file: people, cellMetres: 250, childShare: 0.25, householdShare: 0.4 } }));
    expect(draft.counts.residents).toBe(600);
    expect(draft.counts.children).toBe(150);
    const city = parseCity(layers);
    expect(city.demand.households.reduce((a, b) => a + b, 0)).toBeCloseTo(240, 6);
    expect(draft.notes).toContainEqual({ key: 'estimatedChildren', values: { file: 'people.csv', share: 0.25 } });
    expect(draft.notes).toContainEqual({ key: 'estimatedHouseholds', values: { file: 'people.csv', share: 0.4 } });

    // Columns the file has are its own: no estimate, no note.
    const counted = text('counted.csv', 'lat,lon,residents,children,households\n42.34,69.59,100,30,25\n');
    const own = await buildCityPackage(input({ population: { file: counted, cellMetres: 250, childShare: 0.25, householdShare: 0.4 } }));
    expect(own.draft.counts.children).toBe(30);
    expect(own.draft.notes.map((note) => note.key)).not.toContain('estimatedChildren');
  });

  test('the package\'s streets are the extract\'s ways with the tags the walking rules read, counted as OpenStreetMap counts them', async () => {
    const extract = { name: 'real.osm.pbf', read: readCityExtract('real.osm.pbf', osmPbf(trioRealOsm())) };
    const { files, draft } = await buildCityPackage(input({ boundaries: { from: 'osm', adminLevel: 9 }, facilities: { from: 'osm' }, extract, streets: true }));
    const written = readStreets('streets.osm.pbf', files()['streets.osm.pbf']);
    const classes = (tags: readonly WayTags[]) => tags.map((t) => JSON.stringify(t)).sort();
    // The whole grid lies within the districts and 5 km around: every way, as it was.
    expect(classes(written.tags)).toEqual(classes(extract.read.streets.tags));
    expect(new Set(written.tags.map((t) => t.highway))).toEqual(new Set(['residential', 'steps', 'path', 'primary', 'motorway', 'service', 'footway']));
    const walkableCount = extract.read.streets.tags.filter(walkable).length;
    expect(draft.counts.streetWays).toBe(walkableCount);
    const graph = walkingGraph(written, 'streets.osm.pbf');
    expect(graph.source.walkableWays).toBe(walkableCount);
    expect(graph.edgeFrom.length).toBe(draft.counts.streetSegments);
  });

  test('the review\'s notes come by what they change: people and districts left out first, estimates, what was read, neighbours\' cut boundaries last', async () => {
    const extract = { name: 'real.osm.pbf', read: readCityExtract('real.osm.pbf', osmPbf(trioRealOsm())) };
    const { draft } = await buildCityPackage(input({ boundaries: { from: 'osm', adminLevel: 9 }, facilities: { from: 'osm' }, extract }));
    expect(draft.notes.map((note) => note.key)).toEqual(['peopleLeftOut', 'districtLeftOut', 'leftOutSchools', 'facilitiesCut', 'estimatedChildren', 'estimatedHouseholds', 'raster', 'boundaryLeftOut', 'boundaryLeftOut']);
    const [people, district] = draft.notes;
    expect(people.values.outside).toBe((people.values.total as number) - (people.values.inside as number));
    expect(people.values.outside).toBeGreaterThan(0);
    expect(district.values).toMatchObject({ relation: '901', name: 'West', level: 9, problem: 'membersCut', count: 1 });
    expect(draft.notes.at(-1)!.values).toMatchObject({ relation: '802', name: 'Cap-d’Ail', level: 8, problem: 'membersCut' });
    expect(FOLDED_NOTES.has('boundaryLeftOut')).toBe(true);
    // Every note is a message of the catalogues, in every language (no English text left in the Russian or Kazakh review).
    for (const catalogue of [en, ru, kk]) {
      for (const note of draft.notes) {
        expect(typeof (catalogue.city.note as Record<string, unknown>)[note.key], note.key).toBe('string');
        if (typeof note.values.problem === 'string') expect(typeof (catalogue.city.note.problem as Record<string, string>)[note.values.problem]).toBe('string');
      }
    }
  });

  test('the population\'s source is the planner\'s: written into the manifest when given, absent when not; old manifests stay valid', async () => {
    const given = await buildCityPackage(input({ population: { file: raster(), cellMetres: 250, childShare: 0.2, householdShare: 0.3, source: 'GHS-POP, European Commission, Joint Research Centre, CC BY 4.0' } }));
    expect(given.draft.manifest.populationSource).toBe('GHS-POP, European Commission, Joint Research Centre, CC BY 4.0');
    const manifest = JSON.parse(new TextDecoder().decode(given.files()['manifest.json']));
    expect(parseManifest(manifest).populationSource).toBe(manifest.populationSource);
    const silent = await buildCityPackage(input());
    expect(JSON.stringify(silent.draft.manifest)).not.toMatch(/WorldPop|populationSource/);
    expect(silent.draft.manifest.attribution).toBe('Generated');
    const { populationSource: _, ...old } = manifest;
    expect(parseManifest(old).populationSource).toBeUndefined();
    expect(() => parseManifest({ ...manifest, populationSource: 7 })).toThrow(/populationSource/);
  });

  test('ids keep accented and Cyrillic letters as their Latin letters', async () => {
    expect(idFromName('Sant Julià de Lòria')).toBe('sant-julia-de-loria');
    expect(idFromName('Өскемен')).toBe('oskemen');
    expect(idFromName('Escaldes-Engordany')).toBe('escaldes-engordany');
    expect(idFromName('Straße Łódź')).toBe('strasse-lodz');
    const districts = structuredClone(trioCity().files['districts.geojson']) as { features: { properties: Record<string, unknown> }[] };
    ['Sant Julià de Lòria', 'Қызылорда', 'Ordino'].forEach((name, k) => (districts.features[k].properties = { NAME: name }));
    const { layers } = await buildCityPackage(input({ boundaries: { from: 'file', file: json('districts.geojson', districts), nameField: 'NAME' } }));
    const city = parseCity(layers);
    expect(city.districts.map((d) => d.id)).toEqual(['sant-julia-de-loria', 'qyzylorda', 'ordino']);
  });

  test('Russian messages about a city need no gender agreement with its name', () => {
    for (const key of ['imported', 'importReplaced', 'removed'] as const) {
      const text = ru.city[key].replace('{name}', 'Андорра');
      expect(text, key).toMatch(/Город Андорра/);
    }
  });

  test('the map credits OpenStreetMap once for a city whose credits name it, and only what the city says', () => {
    const texts = { osm: '© OpenStreetMap contributors', districts: 'District boundaries: © OpenStreetMap contributors, ODbL', streets: 'Streets: © OpenStreetMap contributors, ODbL', streetsOld: 'Streets: © OpenStreetMap contributors, CC BY-SA 2.0' };
    const line = (credits: { text: string }[]) => credits.map((c) => c.text).join(' | ');
    const built = mapCredits('© OpenStreetMap contributors, ODbL 1.0; Population: WorldPop (www.worldpop.org), CC BY 4.0', 'odbl', texts);
    expect(line(built).match(/OpenStreetMap/g)).toHaveLength(1);
    expect(built.filter((c) => c.osm).map((c) => c.text)).toEqual(['© OpenStreetMap contributors, ODbL 1.0']);
    expect(line(mapCredits('Own survey, 2024', null, texts))).toBe('Own survey, 2024');
    // Old streets keep their own licence beside the city's.
    expect(line(mapCredits('© OpenStreetMap contributors, ODbL 1.0', 'ccbysa', texts))).toBe('© OpenStreetMap contributors, ODbL 1.0 | Streets: © OpenStreetMap contributors, CC BY-SA 2.0');
    // The demo as it was.
    expect(line(mapCredits(null, 'ccbysa', texts))).toBe([texts.osm, texts.districts, texts.streetsOld].join(' | '));
  });
});
