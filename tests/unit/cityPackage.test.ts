import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoCityFiles, folderSource, packageCityFiles, scenarioCityFiles, solveScenario } from '../../src/cli/scenarioJob';
import { parseManifest } from '../../src/io/city/manifest';
import { normaliseLayers, PackageProblems } from '../../src/io/city/layers';
import { memorySource, readCityPackage } from '../../src/io/city/package';
import { hostedCities } from '../../src/io/city/hosted';
import { unzipPackage, zipPackage } from '../../src/io/city/zip';
import { streetPieces, streetsPbf, walkableWays } from '../../src/io/city/streetsLayer';
import { readStreets } from '../../src/io/osm';
import { cropGraph, walkingGraph } from '../../src/engine/streets/graph';
import { parseCity } from '../../src/plan/city';
import { parseScenario } from '../../src/plan/parseScenario';
import { cityRef, defaultScenario } from '../../src/plan/scenario';
import { zipSync } from 'fflate';
import { geoKeysFor, writeGeoTiff } from '../../src/io/raster/write';
import { trioCity } from './trio';

const TRIO = new URL('../../fixtures/cities/trio/', import.meta.url).pathname;
const bytesOf = (files: Record<string, unknown>) => Object.fromEntries(Object.entries(files).map(([name, value]) => [name, new TextEncoder().encode(JSON.stringify(value))]));

async function problemsOf(work: Promise<unknown>): Promise<string[]> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PackageProblems) return [...error.problems];
    return [error instanceof Error ? error.message : String(error)];
  }
  throw new Error('expected the package to be refused');
}

describe('the city package (siting-city/1)', () => {
  test('the Almaty demo is the first hosted package, and reading it as a package gives the city the demo always was', async () => {
    expect(await hostedCities(folderSource(new URL('../../public/data/', import.meta.url).pathname))).toEqual(['almaty']);
    const manifest = parseManifest(JSON.parse(readFileSync(new URL('../../public/data/almaty/manifest.json', import.meta.url), 'utf8')));
    expect(manifest.name).toEqual({ en: 'Almaty', ru: 'Алматы', kk: 'Алматы' });
    const packaged = parseCity(await packageCityFiles(new URL('../../public/data/almaty/', import.meta.url).pathname));
    const demo = parseCity(demoCityFiles());
    expect(packaged.districts.map((d) => [d.id, d.population])).toEqual(demo.districts.map((d) => [d.id, d.population]));
    expect(packaged.demand.count).toBe(2030);
    expect(Array.from(packaged.demand.residents)).toEqual(Array.from(demo.demand.residents));
    expect(packaged.schools.count).toBe(demo.schools.count);
    expect(packaged.streets!.edgeFrom.length).toBe(demo.streets!.edgeFrom.length);
  });

  test('a package without district or id on its points gets both from where the points lie, and districts their population', async () => {
    const { files } = await readCityPackage(folderSource(TRIO), 'trio');
    const city = parseCity(files);
    expect(city.districts.map((d) => d.id)).toEqual(['north', 'centre', 'south']);
    const trio = trioCity().files['population.geojson'] as { features: { geometry: { coordinates: number[] }; properties: { pop: number } }[] };
    // Every point by its y: north above 1 km, south below -1 km.
    trio.features.forEach((feature, k) => {
      const lat = feature.geometry.coordinates[1];
      const expected = lat > 42.32 + 1000 / 111_320 ? 'north' : lat < 42.32 - 1000 / 111_320 ? 'south' : 'centre';
      expect(city.districts[city.demand.district[k]].id).toBe(expected);
    });
    const total = trio.features.reduce((sum, f) => sum + f.properties.pop, 0);
    expect(city.districts.reduce((sum, d) => sum + d.population, 0)).toBeCloseTo(total, 0);
    expect(city.schools.count).toBe(2);
    expect(city.health.count).toBe(1);
  });

  test('a package whose population is a GeoTIFF is summed within its districts with the manifest\'s parameters', async () => {
    const files = trioCity().files as Record<string, any>;
    files['manifest.json'] = { ...files['manifest.json'], layers: { ...files['manifest.json'].layers, population: 'population.tif' }, raster: { cellMetres: 500, childShare: 0.2, householdShare: 0.25 } };
    const bytes = bytesOf(files);
    // 5 residents per 3-arc-second pixel over the whole city and beyond.
    const step = 3 / 3600;
    bytes['population.tif'] = new Uint8Array(writeGeoTiff({ width: 240, height: 240, values: new Float32Array(240 * 240).fill(5), origin: [69.59 - 120 * step, 42.32 + 120 * step], pixelSize: [step, step], geoKeys: geoKeysFor('EPSG:4326') }));
    const city = parseCity((await readCityPackage(memorySource(bytes), 'trio')).files);
    const residents = city.demand.residents.reduce((a, b) => a + b, 0);
    const children = city.demand.children.reduce((a, b) => a + b, 0);
    // 47 km² of districts; a pixel is 92.8 m x 68.5 m at 42.32 N.
    const pixelArea = (step * 111_320) * (step * 111_320 * Math.cos((42.32 * Math.PI) / 180));
    expect(residents).toBeCloseTo((5 * 47e6) / pixelArea, -2);
    expect(children / residents).toBeCloseTo(0.2, 3);
    expect(city.districts.map((d) => d.id)).toEqual(['north', 'centre', 'south']);
  });

  test('a manifest that would be misread is refused by field', () => {
    const good = trioCity().files['manifest.json'] as Record<string, unknown>;
    const bad = (change: Record<string, unknown>) => () => parseManifest({ ...good, ...change });
    expect(bad({ format: 'siting-city/2' })).toThrow(/format.*"siting-city\/2".*siting-city\/1/);
    expect(bad({ id: 'Шымкент' })).toThrow(/id.*not a city id/);
    expect(bad({ layers: { population: 'population.geojson' } })).toThrow(/layers\.districts: missing/);
    expect(bad({ layers: { districts: '../secret.geojson', population: 'p.geojson' } })).toThrow(/layers\.districts.*not a file name inside the package/);
    expect(bad({ name: { en: 'X', ru: 'X' } })).toThrow(/name\.kk/);
    expect(bad({ colour: 'red' })).toThrow(/colour/);
  });

  test('files that disagree are refused with every problem named by file and record, and nothing is returned', async () => {
    const files = trioCity().files;
    const population = structuredClone(files['population.geojson']) as { features: { geometry: { coordinates: number[] } | null; properties: Record<string, unknown> }[] };
    population.features[3].geometry!.coordinates = [70.5, 42.32]; // far east of the city
    population.features[7].geometry!.coordinates = [70.6, 42.32];
    population.features[9].properties.pop = -5;
    const schools = structuredClone(files['schools.geojson']) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
    schools.features[1].geometry = null;
    schools.features[0].properties.district = 'west';
    const problems = await problemsOf(readCityPackage(memorySource(bytesOf({ ...files, 'population.geojson': population, 'schools.geojson': schools })), 'trio'));
    expect(problems).toContain(`population.geojson: 2 of ${population.features.length} points lie outside every district (features 3, 7)`);
    expect(problems).toContain('population.geojson, features[9].properties.pop: -5 is not a non-negative number');
    expect(problems).toContain('schools.geojson, features[1]: has no point coordinates (no geometry)');
    expect(problems).toContain('schools.geojson, features[0].properties.district: "west" is not a district of districts.geojson');
  });

  test('a layer the manifest names but the package lacks, and a layer that is not JSON, are both named', async () => {
    const files = bytesOf(trioCity().files);
    delete files['health.geojson'];
    files['schools.geojson'] = new TextEncoder().encode('{ not json');
    expect(await problemsOf(readCityPackage(memorySource(files), 'trio'))).toEqual(['schools.geojson: is not valid JSON', 'health.geojson: named in manifest.json (layers.health) but not in the package']);
  });

  test('districts: a point instead of a polygon, a missing name and a repeated id are all named', () => {
    const districts = structuredClone(trioCity().files['districts.geojson']) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
    districts.features[0].geometry = { type: 'Point', coordinates: [69.59, 42.32] };
    delete districts.features[1].properties.name_ru;
    districts.features[2].properties.id = 'centre';
    expect(() => normaliseLayers({ districts, population: trioCity().files['population.geojson'] }, {})).toThrow(PackageProblems);
    try {
      normaliseLayers({ districts, population: trioCity().files['population.geojson'] }, {});
    } catch (error) {
      expect((error as PackageProblems).problems).toEqual([
        'districts.geojson, features[0]: expected a Polygon or MultiPolygon, found "Point"',
        'districts.geojson, features[1].properties.name_ru: expected text, found nothing',
        'districts.geojson, features[2].properties.id: "centre" names two districts',
      ]);
    }
  });

  test('boundaries saved in a projected system (metres) are refused by feature and position, not misread', () => {
    const districts = structuredClone(trioCity().files['districts.geojson']) as { features: { geometry: { coordinates: number[][][] } }[] };
    districts.features[1].geometry.coordinates = [[[584000, 4686000], [590000, 4686000], [590000, 4688000], [584000, 4686000]]];
    expect(() => normaliseLayers({ districts, population: trioCity().files['population.geojson'] }, {})).toThrow(
      'districts.geojson, features[1].geometry: [584000, 4686000] is not a longitude/latitude pair: the file seems to be in a projected system (metres) (boundaries are longitude/latitude, WGS 84)',
    );
  });

  test('a package zipped and unzipped (also from a folder inside the zip) reads the same', async () => {
    const files = bytesOf(trioCity().files);
    const round = unzipPackage('trio.city.zip', zipPackage(files));
    expect(Object.keys(round).sort()).toEqual(Object.keys(files).sort());
    const foldered = unzipPackage('trio.zip', zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`trio/${name}`, bytes]))));
    const a = parseCity((await readCityPackage(memorySource(round), 'a')).files);
    const b = parseCity((await readCityPackage(memorySource(foldered), 'b')).files);
    expect(Array.from(a.demand.district)).toEqual(Array.from(b.demand.district));
    expect(() => unzipPackage('notes.zip', zipSync({ 'readme.txt': new Uint8Array([65]) }))).toThrow('notes.zip: has no manifest.json: not a city package');
    expect(() => unzipPackage('city.zip', new TextEncoder().encode('hello'))).toThrow('city.zip: is not a zip file');
  });

  test('street ways cut to a box and written as an OSM extract read back as the extract\'s walking graph cut to that box, with their tags and date', () => {
    const ways = readStreets('streets.osm.pbf', readFileSync(new URL('../../public/data/almaty/streets.osm.pbf', import.meta.url)));
    const whole = walkingGraph(ways, 'streets.osm.pbf');
    // The city's middle: ways crossing the box's edge are cut there.
    const box = [76.85, 43.2, 76.98, 43.28] as const;
    const graph = cropGraph(whole, box);
    const pieces = streetPieces(ways, box);
    const written = readStreets('streets.osm.pbf', streetsPbf(ways, pieces));
    const again = walkingGraph(written, 'streets.osm.pbf');
    expect(again.source.newest).toBe(whole.source.newest);
    expect(again.edgeFrom.length).toBe(graph.edgeFrom.length);
    expect(again.lon.length).toBe(graph.lon.length);
    const length = (g: typeof graph) => {
      let sum = 0;
      for (let e = 0; e < g.edgeFrom.length; e++) sum += Math.hypot(g.lon[g.edgeFrom[e]] - g.lon[g.edgeTo[e]], g.lat[g.edgeFrom[e]] - g.lat[g.edgeTo[e]]);
      return sum;
    };
    expect(length(again)).toBeCloseTo(length(graph), 6);
    const kinds = (g: typeof graph) => Array.from(g.edgeKind).reduce((counts, kind) => ((counts[kind] = (counts[kind] ?? 0) + 1), counts), {} as Record<number, number>);
    expect(kinds(again)).toEqual(kinds(graph));
    // Every piece is a way with its own tags.
    expect(written.tags).toEqual(Array.from(pieces.way, (w) => ways.tags[w]));
    expect(walkableWays(ways, pieces)).toBeLessThanOrEqual(again.source.walkableWays);
  });
});

describe('a scenario refers to its city', () => {
  test('phases and fairness work on another city: its districts grow at the manifest\'s rates and each keeps its minimum share', async () => {
    const base = parseScenario(JSON.parse(readFileSync(`${TRIO}scenario.json`, 'utf8')));
    const scenario = {
      ...base,
      phases: { ...base.phases, enabled: true, yearBudgets: [5.2e9, 5.2e9, 5.2e9], typeYearBudgets: { school: [5.2e9, 5.2e9, 5.2e9], polyclinic: [0, 0, 0], container: [0, 0, 0] }, growth: { north: 0.02, centre: 0.02, south: 0.02 } },
      fairness: { enabled: true, minShare: 0.05, perDistrict: {} },
    };
    const city = parseCity(await scenarioCityFiles(scenario, `${TRIO}scenario.json`));
    const report = await solveScenario(scenario, 'highs', 60, 0, await scenarioCityFiles(scenario, `${TRIO}scenario.json`));
    expect(report.status).toBe('optimal');
    expect(report.sites).toHaveLength(3);
    expect(city.districts.map((d) => d.id)).toEqual(['north', 'centre', 'south']);
  });

  test('data: the demo, a package by id, or a folder relative to the scenario file; anything else is refused by name', () => {
    expect(cityRef('demo:almaty')).toEqual({ kind: 'city', id: 'almaty' });
    expect(cityRef('city:shymkent')).toEqual({ kind: 'city', id: 'shymkent' });
    expect(cityRef('../shymkent/')).toEqual({ kind: 'path', path: '../shymkent/' });
    expect(cityRef('./')).toEqual({ kind: 'path', path: './' });
    for (const data of ['https://example.org/city/', '/etc/', 'C:/cities/', 'city:Шымкент', 'demo:astana', '']) {
      expect(() => parseScenario({ ...defaultScenario(), data }), data).toThrow(/data: .* is not a city/);
    }
    expect(parseScenario({ ...defaultScenario(), data: 'city:trio' }).data).toBe('city:trio');
  });

  test('the command line solves a scenario on a package folder next to it, and a city it does not host is named', async () => {
    const scenario = parseScenario(JSON.parse(readFileSync(`${TRIO}scenario.json`, 'utf8')));
    const files = await scenarioCityFiles(scenario, `${TRIO}scenario.json`);
    const report = await solveScenario(scenario, 'highs', 60, 0, files);
    expect(report.status).toBe('optimal');
    expect(report.sites).toHaveLength(3);
    await expect(scenarioCityFiles({ ...scenario, data: 'city:trio' })).rejects.toThrow(/"city:trio": no such city among the hosted ones .*"city:almaty"/);
    await expect(scenarioCityFiles({ ...scenario, data: '../nowhere/' }, `${TRIO}scenario.json`)).rejects.toThrow(/nowhere: has no manifest.json/);
  });
});
