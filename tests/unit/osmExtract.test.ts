import { describe, it, expect } from 'vitest';
import { gzipSync, zipSync } from 'fflate';
import { area, booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../../src/engine/instance/errors';
import { readCityExtract, readStreets, type CityExtract } from '../../src/io/osm';
import { extractNoteText, joinRings } from '../../src/io/osm/collect';
import { osmPbf, osmXml, type OsmData, type OsmNode, type OsmWay } from '../../scripts/osmPbfWriter';

// ---------------------------------------------------------------------------
// A small city: a street cross, facilities as nodes, ways and a multipolygon,
// and administrative boundaries (one with a hole and ways in both directions,
// one in two parts, one that cannot be closed, one cut by the extract).

const node = (id: number, lon: number, lat: number, tags?: Record<string, string>): OsmNode => ({ id, lon, lat, tags });
const way = (id: number, refs: number[], tags?: Record<string, string>): OsmWay => ({ id, refs, tags });

const LON = 76.9;
const LAT = 43.2;
const NODES: OsmNode[] = [
  // Streets.
  node(1, LON, LAT),
  node(2, LON + 0.01, LAT),
  node(3, LON + 0.02, LAT),
  node(4, LON + 0.01, LAT - 0.01),
  node(5, LON + 0.01, LAT + 0.01),
  // Facility nodes: the classification rules and the name fallback.
  node(201, LON + 0.001, LAT + 0.001, { amenity: 'school', name: 'School 1', 'name:ru': 'Школа 1', capacity: '600' }),
  node(202, LON + 0.002, LAT + 0.001, { amenity: 'clinic', 'name:ru': 'Поликлиника', 'name:en': 'Polyclinic' }),
  node(203, LON + 0.003, LAT + 0.001, { amenity: 'doctors', 'name:kk': 'Дәрігер', 'name:en': 'Doctor' }),
  node(204, LON + 0.004, LAT + 0.001, { amenity: 'hospital', 'name:en': 'City hospital', capacity: 'approx 300' }),
  node(205, LON + 0.005, LAT + 0.001, { healthcare: 'centre', capacity: ' 120 ' }),
  node(206, LON + 0.006, LAT + 0.001, { amenity: 'pharmacy', healthcare: 'pharmacy', name: 'Pharmacy' }),
  node(207, LON + 0.007, LAT + 0.001, { amenity: 'recycling', name: 'Glass' }),
  node(208, LON + 0.008, LAT + 0.001, { amenity: 'waste_disposal' }),
  node(209, LON + 0.009, LAT + 0.001, { healthcare: 'no', amenity: 'cafe' }),
  node(210, LON + 0.01, LAT + 0.001, { shop: 'bakery', name: 'Bakery' }),
  node(211, LON + 0.011, LAT + 0.001, { amenity: 'pharmacy' }),
  node(212, LON + 0.012, LAT + 0.001, { name: '  ', 'name:ru': 'Врач & Ко <1>', healthcare: 'doctor' }),
  // A school building (closed way), a clinic as an open way, a hospital multipolygon's outline.
  node(401, LON + 0.03, LAT + 0.03),
  node(402, LON + 0.032, LAT + 0.03),
  node(403, LON + 0.032, LAT + 0.031),
  node(404, LON + 0.03, LAT + 0.031),
  node(405, LON + 0.04, LAT + 0.04),
  node(406, LON + 0.042, LAT + 0.044),
  node(407, LON + 0.05, LAT + 0.05),
  node(408, LON + 0.052, LAT + 0.05),
  node(409, LON + 0.052, LAT + 0.052),
  // District 701: a 0.1° square A-B-C-D with a midpoint M on A-B, and a square hole H1..H4.
  node(501, LON, LAT), // A (shares the street node's position, not its id)
  node(502, LON + 0.05, LAT), // M
  node(503, LON + 0.1, LAT), // B
  node(504, LON + 0.1, LAT + 0.1), // C
  node(505, LON, LAT + 0.1), // D
  node(511, LON + 0.04, LAT + 0.04),
  node(512, LON + 0.06, LAT + 0.04),
  node(513, LON + 0.06, LAT + 0.06),
  node(514, LON + 0.04, LAT + 0.06),
  // Region 702: two triangles.
  node(521, LON + 1, LAT),
  node(522, LON + 1.1, LAT),
  node(523, LON + 1, LAT + 0.1),
  node(531, LON + 2, LAT),
  node(532, LON + 2.1, LAT),
  node(533, LON + 2, LAT + 0.1),
  // 703: an open line.
  node(541, LON + 3, LAT),
  node(542, LON + 3.1, LAT),
  node(543, LON + 3.1, LAT + 0.1),
];

const WAYS: OsmWay[] = [
  way(11, [1, 2, 3], { highway: 'residential', name: 'Abay' }),
  way(12, [4, 2, 5], { highway: 'footway' }),
  way(301, [401, 402, 403, 404, 401], { amenity: 'school', building: 'school', name: 'School 2' }),
  way(302, [405, 406], { amenity: 'clinic' }),
  way(303, [407, 408, 409, 407]),
  // District 701: A-M-B, then D-C (against the ring), then A-D (against it too), and the hole.
  way(601, [501, 502, 503]),
  way(602, [505, 504]),
  way(603, [501, 505]),
  way(604, [503, 504]),
  way(605, [511, 512, 513, 514, 511]),
  way(621, [521, 522, 523, 521]),
  way(631, [531, 532, 533, 531]),
  way(641, [541, 542, 543]),
  way(651, [531, 532]),
];

const admin = (level: string, tags: Record<string, string> = {}) => ({ type: 'boundary', boundary: 'administrative', admin_level: level, ...tags });
const outer = (ref: number) => ({ type: 'way' as const, ref, role: 'outer' });
const DATA: OsmData = {
  nodes: NODES,
  ways: WAYS,
  relations: [
    { id: 801, members: [outer(303)], tags: { type: 'multipolygon', amenity: 'hospital', name: 'Hospital 2' } },
    {
      id: 701,
      members: [outer(601), { type: 'way', ref: 605, role: 'inner' }, outer(602), { type: 'node', ref: 502, role: 'admin_centre' }, { type: 'way', ref: 604, role: '' }, outer(603)],
      tags: admin('8', { name: 'District', 'name:ru': 'Район', 'name:kk': 'Аудан', 'name:en': 'District EN' }),
    },
    { id: 702, members: [outer(621), outer(631), { type: 'relation', ref: 701, role: 'subarea' }], tags: admin('4', { 'name:en': 'Region' }) },
    { id: 703, members: [outer(641)], tags: admin('9', { name: 'Open' }) },
    { id: 704, members: [outer(651), outer(999)], tags: admin('9', { name: 'Cut' }) },
    { id: 705, members: [outer(621)], tags: { type: 'boundary', boundary: 'administrative', name: 'No level' } },
    { id: 706, members: [outer(621)], tags: { type: 'multipolygon', landuse: 'residential' } },
  ],
};

const fromPbf = readCityExtract('city.osm.pbf', osmPbf(DATA, { blockSize: 3 }));

describe('readCityExtract: facilities', () => {
  it('classifies schools, health and containers; pharmacies, healthcare=no and other tags are not facilities', () => {
    // The three layers of before, as their default tag rules give them (pharmacies are now a layer of their own).
    const three = fromPbf.facilities.filter((f) => f.layers.some((layer) => ['schools', 'health', 'containers'].includes(layer)));
    const byId = new Map(three.map((f) => [f.osmId, f]));
    expect(byId.get('node/201')?.layers).toEqual(['schools']);
    expect(byId.get('node/202')?.layers).toEqual(['health']);
    expect(byId.get('node/203')?.layers).toEqual(['health']);
    expect(byId.get('node/204')?.layers).toEqual(['health']);
    expect(byId.get('node/205')?.layers).toEqual(['health']);
    expect(byId.get('node/212')?.layers).toEqual(['health']);
    expect(byId.get('node/207')?.layers).toEqual(['containers']);
    expect(byId.get('node/208')?.layers).toEqual(['containers']);
    for (const id of ['node/206', 'node/209', 'node/210', 'node/211']) expect(byId.has(id)).toBe(false);
    expect(three.map((f) => f.osmId)).toEqual([
      'node/201', 'node/202', 'node/203', 'node/204', 'node/205', 'node/207', 'node/208', 'node/212', 'way/301', 'way/302', 'relation/801',
    ]);
  });

  it('takes name, then name:ru, name:kk, name:en; capacity only when numeric', () => {
    const byId = new Map(fromPbf.facilities.map((f) => [f.osmId, f]));
    expect(byId.get('node/201')).toMatchObject({ name: 'School 1', capacity: 600 });
    expect(byId.get('node/202')).toMatchObject({ name: 'Поликлиника', capacity: null });
    expect(byId.get('node/203')?.name).toBe('Дәрігер');
    expect(byId.get('node/204')).toMatchObject({ name: 'City hospital', capacity: null });
    expect(byId.get('node/205')).toMatchObject({ name: '', capacity: 120 });
    expect(byId.get('node/212')?.name).toBe('Врач & Ко <1>'); // a blank name falls through
    expect(byId.get('node/201')?.lon).toBe(76.901);
    expect(byId.get('node/201')?.lat).toBe(43.201);
  });

  it("places a way at its nodes' centroid (a closed way's repeated node counted once), a multipolygon at its outline's", () => {
    const byId = new Map(fromPbf.facilities.map((f) => [f.osmId, f]));
    expect(byId.get('way/301')).toMatchObject({ layers: ['schools'], name: 'School 2' });
    expect(byId.get('way/301')!.lon).toBeCloseTo(LON + 0.031, 9);
    expect(byId.get('way/301')!.lat).toBeCloseTo(LAT + 0.0305, 9);
    expect(byId.get('way/302')!.lon).toBeCloseTo(LON + 0.041, 9);
    expect(byId.get('way/302')!.lat).toBeCloseTo(LAT + 0.042, 9);
    expect(byId.get('relation/801')).toMatchObject({ layers: ['health'], name: 'Hospital 2' });
    expect(byId.get('relation/801')!.lon).toBeCloseTo(LON + 0.05 + 0.004 / 3, 9);
    expect(byId.get('relation/801')!.lat).toBeCloseTo(LAT + 0.05 + 0.002 / 3, 9);
  });
});

describe('readCityExtract: boundaries', () => {
  const byId = new Map(fromPbf.boundaries.map((b) => [b.osmId, b]));

  it('joins member ways in either direction into an outer ring with its hole', () => {
    const district = byId.get('relation/701')!;
    expect(district.level).toBe(8);
    expect(district.names).toEqual({ name: 'District', ru: 'Район', kk: 'Аудан', en: 'District EN' });
    expect(district.geometry.type).toBe('Polygon');
    const polygon = district.geometry as Polygon;
    expect(polygon.coordinates.length).toBe(2);
    expect(polygon.coordinates[0].length).toBe(6); // A M B C D A
    const square = (x0: number, y0: number, d: number): Polygon => ({
      type: 'Polygon',
      coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]],
    });
    const expected = area(square(LON, LAT, 0.1)) - area(square(LON + 0.04, LAT + 0.04, 0.02));
    expect(area(polygon)).toBeCloseTo(expected, -2); // to 100 m² of 88 km²
    expect(booleanPointInPolygon(point([LON + 0.05, LAT + 0.05]), polygon)).toBe(false); // in the hole
    expect(booleanPointInPolygon(point([LON + 0.02, LAT + 0.05]), polygon)).toBe(true);
    expect(booleanPointInPolygon(point([LON + 0.12, LAT + 0.05]), polygon)).toBe(false);
  });

  it('orients outer rings counterclockwise and holes clockwise (RFC 7946)', () => {
    const [ring, hole] = (byId.get('relation/701')!.geometry as Polygon).coordinates;
    const signed = (r: number[][]) => r.slice(1).reduce((s, p, i) => s + r[i][0] * p[1] - p[0] * r[i][1], 0);
    expect(signed(ring)).toBeGreaterThan(0);
    expect(signed(hole)).toBeLessThan(0);
  });

  it('makes a MultiPolygon of several outer rings, with the names that exist', () => {
    const region = byId.get('relation/702')!;
    expect(region.level).toBe(4);
    expect(region.names).toEqual({ name: '', ru: '', kk: '', en: 'Region' });
    expect(region.geometry.type).toBe('MultiPolygon');
    expect((region.geometry as MultiPolygon).coordinates.length).toBe(2);
  });

  it('leaves out, with a note, a relation whose ring cannot be closed or whose ways are not in the file; the rest is read', () => {
    expect([...byId.keys()]).toEqual(['relation/701', 'relation/702']);
    expect(fromPbf.notes.map(extractNoteText)).toEqual([
      expect.stringMatching(/boundary relation 703 \(Open\).*cannot be closed/),
      'boundary relation 704 (Cut) has 1 member way(s) not in the file (the extract cuts it), left out',
    ]);
    expect(fromPbf.notes).toContainEqual({ kind: 'boundary', relation: 704, name: 'Cut', level: expect.any(Number), problem: 'membersCut', count: 1 });
    expect(fromPbf.notes.length).toBe(2);
  });

  it('joinRings refuses an unclosed chain and closes a ring from pieces in any order and direction', () => {
    expect(joinRings([[1, 2, 3]])).toMatch(/cannot be closed/);
    expect(joinRings([[3, 4], [1, 2], [1, 4], [3, 2]])).toEqual([[3, 4, 1, 2, 3]]);
    expect(joinRings([[1, 2, 3, 1], [5, 6], [6, 7, 5]])).toEqual([[1, 2, 3, 1], [5, 6, 7, 5]]);
  });
});

describe('readCityExtract: formats', () => {
  const strip = (e: CityExtract) => ({ facilities: e.facilities, boundaries: e.boundaries, notes: e.notes });

  it('gives the same facilities and boundaries from .osm XML, from plain PBF nodes and from one block per type', () => {
    const xml = readCityExtract('city.osm', new TextEncoder().encode(osmXml(DATA)));
    expect(strip(xml)).toEqual(strip(fromPbf));
    expect(strip(readCityExtract('city.osm.pbf', osmPbf(DATA, { plainNodes: true })))).toEqual(strip(fromPbf));
    expect(strip(readCityExtract('city.osm.pbf', osmPbf(DATA)))).toEqual(strip(fromPbf));
    expect(xml.streets).toEqual(fromPbf.streets);
  });

  it('reads a gzip download (.osm.gz) and a zip holding one extract as the extract itself; refuses bzip2 and a zip of two, saying what to do', () => {
    const xml = new TextEncoder().encode(osmXml(DATA));
    expect(strip(readCityExtract('city.osm.gz', gzipSync(xml)))).toEqual(strip(fromPbf));
    expect(strip(readCityExtract('city.zip', zipSync({ 'city.osm.pbf': osmPbf(DATA) })))).toEqual(strip(fromPbf));
    expect(readStreets('city.osm.gz', gzipSync(xml))).toEqual(fromPbf.streets);
    expect(() => readCityExtract('city.osm.bz2', new TextEncoder().encode('BZh91AY&SY'))).toThrow('city.osm.bz2: is bzip2-compressed, which this version cannot unpack: unpack it first, or download the .osm.pbf of the same area');
    expect(() => readCityExtract('two.zip', zipSync({ 'a.osm': xml, 'b.osm.pbf': osmPbf(DATA) }))).toThrow('two.zip: is a zip holding 2 .osm, .osm.pbf or GeoJSON files; it must hold exactly one');
  });

  it('gives the same streets as readStreets', () => {
    const bytes = osmPbf(DATA, { blockSize: 3 });
    expect(fromPbf.streets).toEqual(readStreets('city.osm.pbf', bytes));
    expect(fromPbf.streets.tags.length).toBe(2);
    expect(fromPbf.streets.skipped.notStreets).toBe(WAYS.length - 2);
  });

  it('reports progress rising to 1', () => {
    for (const bytes of [osmPbf(DATA, { blockSize: 3 }), new TextEncoder().encode(osmXml(DATA))]) {
      const progress: number[] = [];
      readCityExtract('city', bytes, (f) => progress.push(f));
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f > progress[i - 1]))).toBe(true);
      expect(progress[progress.length - 1]).toBe(1);
    }
  });

  it('refuses GeoJSON, naming the file', () => {
    const json = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [] }));
    let error: unknown;
    try {
      readCityExtract('streets.geojson', json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe('streets.geojson');
    expect((error as InputError).message).toMatch(/boundaries and facilities need an OSM extract \(\.osm\.pbf or \.osm\)/);
  });
});
