import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { buildCityPackage, osmLayers, type BuildInput } from '../../src/io/city/build';
import { PackageProblems } from '../../src/io/city/layers';
import { extraLayers, parseManifest } from '../../src/io/city/manifest';
import { memorySource, readCityPackage } from '../../src/io/city/package';
import { unzipPackage, zipPackage } from '../../src/io/city/zip';
import { readCityExtract } from '../../src/io/osm';
import { extractKeys } from '../../src/io/osm/collect';
import { DEFAULT_OSM_LAYERS, RuleProblems, layersOf, parseLayerRules, parseOsmLayers } from '../../src/io/osm/rules';
import { parseCity } from '../../src/plan/city';
import { osmPbf, osmXml, type OsmData } from '../../scripts/osmPbfWriter';
import { trioCity, trioOsm } from './trio';

const tags = (record: Record<string, string>) => new Map(Object.entries(record));

function problems(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof RuleProblems || error instanceof PackageProblems) return [...error.problems];
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('tag rules of the facility layers', () => {
  it('reads key=value|value, key=* and key!=value|value, one a line or separated by ;', () => {
    const { rules } = parseLayerRules('mixed', ' amenity = kindergarten|school ;\nshop=*\n\n healthcare!=no|pharmacy ');
    expect(rules.map((rule) => [rule.key, rule.values && [...rule.values], rule.except])).toEqual([
      ['amenity', ['kindergarten', 'school'], false],
      ['shop', null, false],
      ['healthcare', ['no', 'pharmacy'], true],
    ]);
    const layers = [parseLayerRules('mixed', 'amenity=kindergarten|school; shop=*; healthcare!=no|pharmacy')];
    expect(layersOf(layers, tags({ amenity: 'kindergarten' }))).toEqual(['mixed']);
    expect(layersOf(layers, tags({ shop: 'bakery' }))).toEqual(['mixed']);
    expect(layersOf(layers, tags({ healthcare: 'dentist' }))).toEqual(['mixed']);
    expect(layersOf(layers, tags({ healthcare: 'pharmacy' }))).toEqual([]);
    expect(layersOf(layers, tags({ amenity: 'Kindergarten', shop: '' }))).toEqual([]); // values as OpenStreetMap writes them; an empty value is no value
  });

  it('the defaults: the three layers of before, kindergartens, pharmacies and sports grounds', () => {
    expect(Object.keys(DEFAULT_OSM_LAYERS)).toEqual(['schools', 'health', 'containers', 'kindergartens', 'pharmacies', 'sports']);
    const layers = parseOsmLayers();
    const of = (record: Record<string, string>) => layersOf(layers, tags(record));
    expect(of({ amenity: 'school' })).toEqual(['schools']);
    expect(of({ amenity: 'hospital' })).toEqual(['health']);
    expect(of({ healthcare: 'centre' })).toEqual(['health']);
    for (const healthcare of ['no', 'pharmacy', 'alternative', 'blood_donation', 'laboratory', 'sample_collection']) expect(of({ healthcare })).toEqual([]);
    expect(of({ amenity: 'recycling' })).toEqual(['containers']);
    expect(of({ amenity: 'kindergarten' })).toEqual(['kindergartens']);
    expect(of({ amenity: 'pharmacy', healthcare: 'pharmacy' })).toEqual(['pharmacies']);
    expect(of({ leisure: 'pitch' })).toEqual(['sports']);
    expect(of({ leisure: 'sports_centre' })).toEqual(['sports']);
    // An object matching several layers goes to each.
    expect(of({ amenity: 'school', leisure: 'pitch' })).toEqual(['schools', 'sports']);
    expect(of({ leisure: 'park' })).toEqual([]);
  });

  it('refuses a text that is not rules, or a bad layer name, naming the layer and the text, every one at once', () => {
    expect(
      problems(() =>
        parseOsmLayers({
          kindergartens: 'amenity kindergarten',
          pharmacies: 'amenity=',
          sports: 'leisure=pitch|*',
          clinics: '=clinic',
          empty: ' ; ',
          both: 'amenity=school=yes',
          Shops: 'shop=*',
          streets: 'highway=*',
        }, ['districts', 'population', 'exclusions', 'streets']),
      ),
    ).toEqual([
      'layer "kindergartens": "amenity kindergarten" is not a tag rule (key=value, key=value|value, key=* or key!=value)',
      'layer "pharmacies": "amenity=" is not a tag rule: a value is missing (values are separated by |)',
      'layer "sports": "leisure=pitch|*" is not a tag rule: * stands alone (key=*)',
      'layer "clinics": "=clinic" is not a tag rule: the key is missing',
      'layer "empty": has no tag rule (write key=value, e.g. amenity=kindergarten)',
      'layer "both": "amenity=school=yes" is not a tag rule: one rule has one = (write several rules one a line or separated by ;)',
      'layer "Shops": is not a layer name (a lower-case latin letter, then letters, digits or _, up to 32)',
      'layer "streets": is the name of a city layer that does not hold facilities',
    ]);
    // New city refuses them the same way, as the package's problems.
    expect(problems(() => osmLayers({ kindergartens: 'amenity kindergarten', districts: 'boundary=administrative' }))).toEqual([
      'layer "kindergartens": "amenity kindergarten" is not a tag rule (key=value, key=value|value, key=* or key!=value)',
      'layer "districts": is the name of a city layer that does not hold facilities',
    ]);
    expect(problems(() => osmLayers({ ['a'.repeat(33)]: 'amenity=school' }))[0]).toMatch(/is not a layer name/);
  });
});

describe('an OSM extract read into the layers', () => {
  const DATA: OsmData = {
    nodes: [
      { id: 1, lon: 76.9, lat: 43.2 },
      { id: 2, lon: 76.91, lat: 43.2 },
      { id: 11, lon: 76.901, lat: 43.201, tags: { amenity: 'kindergarten', name: 'Balapan', capacity: '120' } },
      { id: 12, lon: 76.902, lat: 43.201, tags: { amenity: 'pharmacy', healthcare: 'pharmacy', name: 'Dari' } },
      { id: 13, lon: 76.903, lat: 43.201, tags: { amenity: 'school', name: 'School 5' } },
      { id: 14, lon: 76.904, lat: 43.201, tags: { shop: 'bakery', name: 'Nan' } },
      { id: 21, lon: 76.92, lat: 43.22 },
      { id: 22, lon: 76.922, lat: 43.22 },
      { id: 23, lon: 76.922, lat: 43.222 },
      { id: 24, lon: 76.92, lat: 43.222 },
    ],
    ways: [
      { id: 101, refs: [1, 2], tags: { highway: 'residential' } },
      { id: 102, refs: [21, 22, 23, 24, 21], tags: { leisure: 'pitch', sport: 'soccer' } },
    ],
    relations: [],
  };

  it('a kindergarten node, a pharmacy and a leisure=pitch way each in its layer, from PBF and XML alike', () => {
    for (const [file, bytes] of [['city.osm.pbf', osmPbf(DATA)], ['city.osm', new TextEncoder().encode(osmXml(DATA))]] as const) {
      const { facilities } = readCityExtract(file, bytes);
      expect(facilities.map((f) => [f.osmId, f.layers])).toEqual([
        ['node/11', ['kindergartens']],
        ['node/12', ['pharmacies']],
        ['node/13', ['schools']],
        ['way/102', ['sports']],
      ]);
      expect(facilities[0]).toMatchObject({ name: 'Balapan', capacity: 120, lon: 76.901, lat: 43.201 });
      expect(facilities[3].lon).toBeCloseTo(76.921, 9);
      expect(facilities[3].lat).toBeCloseTo(43.221, 9);
    }
  });

  it("decodes the keys the rules name: a planner's shop=* layer finds the bakery, and without a rule on amenity no amenity is read", () => {
    const layers = parseOsmLayers({ bakeries: 'shop=bakery', pitches: 'leisure=pitch' });
    expect(extractKeys(layers).has('shop')).toBe(true);
    expect(extractKeys(layers).has('amenity')).toBe(false);
    expect(extractKeys(parseOsmLayers()).has('leisure')).toBe(true);
    const { facilities } = readCityExtract('city.osm.pbf', osmPbf(DATA), undefined, layers);
    expect(facilities.map((f) => [f.osmId, f.layers])).toEqual([
      ['node/14', ['bakeries']],
      ['way/102', ['pitches']],
    ]);
  });
});

describe('a package with further point layers', () => {
  const bytesOf = (files: Record<string, unknown>) => Object.fromEntries(Object.entries(files).map(([name, value]) => [name, new TextEncoder().encode(JSON.stringify(value))]));
  const at = (lon: number, lat: number, properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties });
  /** The trio with kindergartens: one placed by where it lies, one naming its district, with an id and places. */
  function withKindergartens(features: unknown[] = [at(69.59, 42.345, { name: 'Balapan' }), at(69.59, 42.30, { id: 'k-7', name: 'Aigolek', district: 'south', capacity: 90 })]) {
    const files = trioCity().files as Record<string, any>;
    files['manifest.json'] = { ...files['manifest.json'], layers: { ...files['manifest.json'].layers, kindergartens: 'kindergartens.geojson' } };
    files['kindergartens.geojson'] = { type: 'FeatureCollection', features };
    return files;
  }

  it('are named in manifest.layers, read back checked into CityFiles.layers, and kept through a zip', async () => {
    const manifest = parseManifest(withKindergartens()['manifest.json']);
    expect(extraLayers(manifest)).toEqual([['kindergartens', 'kindergartens.geojson']]);
    const zipped = unzipPackage('trio.city.zip', zipPackage(bytesOf(withKindergartens())));
    expect(Object.keys(zipped)).toContain('kindergartens.geojson');
    const { files } = await readCityPackage(memorySource(zipped), 'trio');
    const kindergartens = files.layers?.kindergartens as FeatureCollection<Point>;
    expect(kindergartens.features.map((f) => f.properties)).toEqual([
      { id: 'kindergartens-0', name: 'Balapan', district: 'north' },
      { id: 'k-7', name: 'Aigolek', district: 'south', capacity: 90 },
    ]);
    // The layers of before are what they were; a package without further layers has no `layers`.
    expect(parseCity(files).schools.count).toBe(2);
    expect((await readCityPackage(memorySource(bytesOf(trioCity().files)), 'trio')).files.layers).toBeUndefined();
  });

  it('a bad layer is refused by file, feature and field; a bad layer name by field', async () => {
    const bad = withKindergartens([at(69.59, 42.345, { capacity: 'many' }), { type: 'Feature', geometry: null, properties: {} }, at(69.59, 42.30, { district: 'west' }), at(70.5, 42.32, {})]);
    let refused: string[] = [];
    await readCityPackage(memorySource(bytesOf(bad)), 'trio').catch((error: PackageProblems) => (refused = [...error.problems]));
    expect(refused).toEqual([
      'kindergartens.geojson, features[0].properties.capacity: "many" is not a non-negative number',
      'kindergartens.geojson, features[1]: has no point coordinates (no geometry)',
      'kindergartens.geojson, features[2].properties.district: "west" is not a district of districts.geojson',
      'kindergartens.geojson: 1 of 4 points lie outside every district (features 3)',
    ]);
    const manifest = trioCity().files['manifest.json'] as { layers: Record<string, string> };
    expect(() => parseManifest({ ...manifest, layers: { ...manifest.layers, 'Kinder-gartens': 'k.geojson' } })).toThrow(/layers\.Kinder-gartens: is not a layer name/);
    expect(() => parseManifest({ ...manifest, layers: { ...manifest.layers, kindergartens: '../k.geojson' } })).toThrow(/layers\.kindergartens: "\.\.\/k\.geojson" is not a file name inside the package/);
    const missing = bytesOf(withKindergartens());
    delete missing['kindergartens.geojson'];
    await expect(readCityPackage(memorySource(missing), 'trio')).rejects.toThrow('kindergartens.geojson: named in manifest.json (layers.kindergartens) but not in the package');
  });

  it('New city writes a layer per tag rule from the extract, with what lies outside the districts noted', async () => {
    const people = { type: 'FeatureCollection', features: [at(69.59, 42.345, { pop: 100, pop_6_17: 20, households: 30 })] };
    const input: BuildInput = {
      id: 'trio',
      name: { en: 'Trio', ru: 'Трио', kk: 'Трио' },
      attribution: 'Generated',
      boundaries: { from: 'osm', adminLevel: 9 },
      population: { file: { name: 'people.geojson', bytes: new TextEncoder().encode(JSON.stringify(people)) }, cellMetres: 250, childShare: 0.2, householdShare: 0.3 },
      facilities: { from: 'osm', layers: { schools: 'amenity=school', pharmacies: 'amenity=pharmacy', all_schools: 'amenity=school', kindergartens: 'amenity=kindergarten' } },
      extract: { name: 'trio.osm.pbf', read: readCityExtract('trio.osm.pbf', osmPbf(trioOsm()), undefined, osmLayers({ schools: 'amenity=school', pharmacies: 'amenity=pharmacy', all_schools: 'amenity=school', kindergartens: 'amenity=kindergarten' })) },
      streets: false,
      schoolCapacity: 900,
      growth: 0,
    };
    const { files, draft, layers } = await buildCityPackage(input);
    expect(draft.counts).toMatchObject({ schools: 2, health: 0, containers: 0, layers: { pharmacies: 1, all_schools: 2, kindergartens: 0 } });
    expect(draft.manifest.layers).toEqual({ districts: 'districts.geojson', population: 'population.geojson', schools: 'schools.geojson', pharmacies: 'pharmacies.geojson', all_schools: 'all_schools.geojson' });
    expect(draft.notes).toContainEqual({ key: 'leftOutLayer', values: { file: 'trio.osm.pbf', layer: 'all_schools', count: 1, total: 3 } });
    // A further layer's points carry no school's kind or assumed places.
    expect((layers.layers!.all_schools as FeatureCollection<Point>).features[0].properties).toEqual({ id: 'all_schools-0', name: 'School No. 1', osm_id: expect.stringMatching(/^node\//), district: 'north' });
    expect(Object.keys(files())).toContain('pharmacies.geojson');
  });
});
