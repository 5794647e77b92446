import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PbfWriter } from 'pbf';
import { InputError } from '../../src/engine/instance/errors';
import type { StreetWays } from '../../src/engine/streets/ways';
import { describeStreets, detectFormat, readOsmPbf, readOsmXml, readStreetGeoJson, readStreets } from '../../src/io/osm';
import { decodeEntities } from '../../src/io/osm/xml';
import { concat, deltas, frame } from '../../scripts/osmPbfWriter';

const DEMO = new Uint8Array(readFileSync(new URL('../../public/data/almaty/streets.osm.pbf', import.meta.url)));

/** tiny-osmpbf, an independent reader (object per element), as the reference for the demo file. */
interface TinyElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  nodes?: number[];
  tags: Record<string, string>;
}
const tinyOsmPbf = createRequire(import.meta.url)('tiny-osmpbf') as (bytes: Uint8Array) => { elements: TinyElement[] };

/** Each way as its list of [lon, lat]. */
function wayCoordinates(streets: StreetWays): number[][][] {
  const ways: number[][][] = [];
  for (let k = 0; k + 1 < streets.wayStart.length; k++) {
    const way: number[][] = [];
    for (let i = streets.wayStart[k]; i < streets.wayStart[k + 1]; i++) way.push([streets.lon[streets.wayNodes[i]], streets.lat[streets.wayNodes[i]]]);
    ways.push(way);
  }
  return ways;
}

function thrown(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but the read succeeded');
}

describe('the demo PBF (Almaty, 2012)', () => {
  const progress: number[] = [];
  const streets = readOsmPbf(DEMO, (f) => progress.push(f));

  it('matches tiny-osmpbf way by way: same streets, same node coordinates to 1e-7 degrees', () => {
    const elements = tinyOsmPbf(DEMO).elements;
    const nodes = new Map<number, [number, number]>();
    for (const e of elements) if (e.type === 'node') nodes.set(e.id, [e.lon!, e.lat!]);
    expect(nodes.size).toBe(75_288);
    const highways = elements.filter((e) => e.type === 'way' && e.tags.highway !== undefined);
    expect(elements.filter((e) => e.type === 'way').length).toBe(13_282);
    expect(highways.length).toBe(4_279);
    // The same rule as the reader: nodes outside the extract dropped, ways left with under 2 nodes dropped.
    const expected = highways
      .map((w) => ({ highway: w.tags.highway, coordinates: w.nodes!.filter((id) => nodes.has(id)).map((id) => nodes.get(id)!) }))
      .filter((w) => w.coordinates.length >= 2);
    const got = wayCoordinates(streets);
    expect(got.length).toBe(expected.length);
    expect(streets.tags.map((t) => t.highway)).toEqual(expected.map((w) => w.highway));
    let worst = 0;
    got.forEach((way, k) => {
      expect(way.length).toBe(expected[k].coordinates.length);
      way.forEach(([x, y], i) => {
        worst = Math.max(worst, Math.abs(x - expected[k].coordinates[i][0]), Math.abs(y - expected[k].coordinates[i][1]));
      });
    });
    expect(worst).toBeLessThan(1e-7);
    const missing = highways.reduce((n, w) => n + w.nodes!.filter((id) => !nodes.has(id)).length, 0);
    expect(streets.skipped.missingNodes).toBe(missing);
    expect(streets.skipped.notStreets).toBe(13_282 - 4_279);
  });

  it('keeps all 4,279 highway ways and only the nodes they use, numbered 0..n-1', () => {
    expect(streets.tags.length + streets.skipped.shortWays).toBe(4_279);
    expect(streets.wayStart.length).toBe(streets.tags.length + 1);
    expect(streets.wayStart[streets.tags.length]).toBe(streets.wayNodes.length);
    const used = new Set(streets.wayNodes);
    expect(used.size).toBe(streets.lon.length);
    expect(Math.min(...used)).toBe(0);
    expect(Math.max(...used)).toBe(streets.lon.length - 1);
    expect(streets.lon.length).toBeLessThan(75_288);
    expect(streets.tags.every((t) => typeof t.highway === 'string')).toBe(true);
  });

  it('reads the header bbox and the newest timestamp', () => {
    const [west, south, east, north] = streets.bbox!;
    expect(west).toBeCloseTo(76.575, 2);
    expect(south).toBeCloseTo(43.057, 2);
    expect(east).toBeCloseTo(77.223, 2);
    expect(north).toBeCloseTo(43.549, 2);
    expect(streets.newest).toMatch(/^2012-\d\d-\d\d$/);
  });

  it('reports progress as a rising fraction, at most ~100 times, ending at 1', () => {
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThanOrEqual(101);
    expect(progress.every((f, i) => i === 0 || f > progress[i - 1])).toBe(true);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('is found by content and described', () => {
    expect(detectFormat(DEMO)).toBe('pbf');
    const read = readStreets('streets.osm.pbf', DEMO);
    expect(read.tags.length).toBe(streets.tags.length);
    const summary = describeStreets(read);
    expect(summary.ways).toBe(streets.tags.length);
    expect(summary.nodes).toBe(streets.lon.length);
    // Almaty's streets in the 2012 extract: hundreds of km, not metres or millions.
    expect(summary.km).toBeGreaterThan(300);
    expect(summary.km).toBeLessThan(10_000);
  });
});

// ---------------------------------------------------------------------------
// One small street network, written as OSM XML, GeoJSON and PBF.

interface Node {
  id: number;
  lon: number;
  lat: number;
}
interface Way {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}

const NODES: Node[] = [
  { id: 101, lon: 76.9450001, lat: 43.2380001 },
  { id: 102, lon: 76.9460002, lat: 43.2381234 },
  { id: 103, lon: 76.9471111, lat: 43.2392222 },
  { id: 104, lon: 76.9480123, lat: 43.2379876 },
  { id: 105, lon: 76.9455555, lat: 43.2370001 },
  { id: 106, lon: 76.9499999, lat: 43.2400001 },
  { id: 107, lon: 76.95, lat: 43.241 }, // used only by the building
];
const WAYS: Way[] = [
  { id: 1, refs: [101, 102, 103], tags: { highway: 'residential', name: 'Абая & Co', maxspeed: '40', sidewalk: 'both' } },
  { id: 2, refs: [103, 104], tags: { highway: 'footway', foot: 'designated', 'sidewalk:left': 'separate', surface: 'asphalt' } },
  { id: 3, refs: [106, 107, 106], tags: { building: 'yes' } },
  // Node 999 is outside the extract: dropped, counted, and the way kept with its other nodes.
  { id: 4, refs: [105, 999, 101], tags: { highway: 'service', access: 'delivery;customers', oneway: 'yes' } },
  { id: 5, refs: [104, 106], tags: { highway: 'primary', bridge: 'yes', 'sidewalk:right': 'no', 'sidewalk:left': 'yes' } },
];
const TIMESTAMP = '2023-04-05T06:07:08Z';
const BBOX: [number, number, number, number] = [76.94, 43.23, 76.96, 43.25];

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function toXml(nodes: Node[], ways: Way[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">', `  <bounds minlat="${BBOX[1]}" minlon="${BBOX[0]}" maxlat="${BBOX[3]}" maxlon="${BBOX[2]}"/>`];
  lines.push('  <!-- a comment with <node> inside must be stepped over -->');
  for (const n of nodes) lines.push(`  <node id="${n.id}" visible="true" version="1" timestamp="${TIMESTAMP}" lat="${n.lat}" lon="${n.lon}"/>`);
  for (const w of ways) {
    lines.push(`  <way id="${w.id}" version="1" timestamp="2020-01-01T00:00:00Z">`);
    for (const r of w.refs) lines.push(`    <nd ref="${r}"/>`);
    for (const [k, v] of Object.entries(w.tags)) lines.push(`    <tag k="${escapeXml(k)}" v='${escapeXml(v)}'/>`);
    lines.push('  </way>');
  }
  lines.push('  <relation id="9"><member type="way" ref="1" role=""/><tag k="type" v="route"/></relation>', '</osm>', '');
  return lines.join('\n');
}

function toGeoJson(nodes: Node[], ways: Way[]): unknown {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const features: unknown[] = ways.map((w) => ({
    type: 'Feature',
    properties: { ...w.tags, timestamp: TIMESTAMP },
    geometry: { type: 'LineString', coordinates: w.refs.filter((r) => byId.has(r)).map((r) => [byId.get(r)!.lon, byId.get(r)!.lat]) },
  }));
  features.push({ type: 'Feature', properties: { amenity: 'school' }, geometry: { type: 'Point', coordinates: [76.945, 43.238] } });
  return { type: 'FeatureCollection', bbox: BBOX, features };
}

// A minimal .osm.pbf writer on pbf's PbfWriter: one header blob, one data block (dense nodes, then ways), zlib by default.
interface PbfOptions {
  compression?: 'zlib' | 'raw' | 'zstd';
  required?: string[];
  bbox?: boolean;
}

function toPbf(nodes: Node[], ways: Way[], options: PbfOptions = {}): Uint8Array {
  const header = new PbfWriter();
  if (options.bbox !== false) {
    header.writeMessage(
      1,
      (b: [number, number, number, number], pbf) => {
        pbf.writeSVarintField(1, Math.round(b[0] * 1e9));
        pbf.writeSVarintField(2, Math.round(b[2] * 1e9));
        pbf.writeSVarintField(3, Math.round(b[3] * 1e9));
        pbf.writeSVarintField(4, Math.round(b[1] * 1e9));
      },
      BBOX,
    );
  }
  for (const feature of options.required ?? ['OsmSchema-V0.6', 'DenseNodes']) header.writeStringField(4, feature);
  header.writeStringField(16, 'osm.test.ts');

  // The string table (field 1) comes first in a block, so it is filled before the ways are written.
  const strings = [''];
  const index = (s: string): number => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const wayKeys = ways.map((w) => Object.keys(w.tags).map(index));
  const wayVals = ways.map((w) => Object.values(w.tags).map(index));
  const time = Date.parse(TIMESTAMP) / 1000;
  const block = new PbfWriter();
  block.writeMessage(1, (s: string[], pbf) => s.forEach((x) => pbf.writeBytesField(1, new TextEncoder().encode(x))), strings);
  block.writeMessage(
    2,
    (_: null, group) =>
      group.writeMessage(
        2,
        (__: null, dense) => {
          dense.writePackedSVarint(1, deltas(nodes.map((n) => n.id)));
          dense.writeMessage(
            5,
            (___: null, info) => {
              info.writePackedVarint(1, nodes.map(() => 1));
              // The newest node is the last one, at TIMESTAMP; the ways are older (2020).
              info.writePackedSVarint(2, deltas(nodes.map((_n, i) => time - 3600 * (nodes.length - 1 - i))));
            },
            null,
          );
          dense.writePackedSVarint(8, deltas(nodes.map((n) => Math.round(n.lat * 1e7))));
          dense.writePackedSVarint(9, deltas(nodes.map((n) => Math.round(n.lon * 1e7))));
        },
        null,
      ),
    null,
  );
  block.writeMessage(
    2,
    (_: null, group) => {
      ways.forEach((w, k) =>
        group.writeMessage(
          3,
          (__: null, way) => {
            way.writeVarintField(1, w.id);
            way.writePackedVarint(2, wayKeys[k]);
            way.writePackedVarint(3, wayVals[k]);
            way.writeMessage(4, (___: null, info) => info.writeVarintField(2, Date.parse('2020-01-01T00:00:00Z') / 1000), null);
            way.writePackedSVarint(8, deltas(w.refs));
          },
          null,
        ),
      );
    },
    null,
  );
  block.writeVarintField(17, 100);
  block.writeVarintField(18, 1000);
  const blockBytes = block.finish();
  const parts = [...frame('OSMHeader', header.finish()), ...frame('OSMData', blockBytes, options.compression)];
  return concat(parts);
}


describe('the same streets as OSM XML, GeoJSON and PBF', () => {
  const xml = readOsmXml(toXml(NODES, WAYS));
  const geojson = readStreetGeoJson(toGeoJson(NODES, WAYS), 'streets.geojson');
  const pbf = readOsmPbf(toPbf(NODES, WAYS));

  it('reads the expected streets from XML', () => {
    expect(xml.tags).toEqual([
      { highway: 'residential', maxspeed: '40', sidewalk: 'both' },
      { highway: 'footway', foot: 'designated', sidewalk: 'separate' },
      { highway: 'service', access: 'delivery;customers', oneway: 'yes' },
      { highway: 'primary', bridge: 'yes', sidewalk: 'yes' },
    ]);
    const at = (id: number): number[] => {
      const n = NODES.find((x) => x.id === id)!;
      return [n.lon, n.lat];
    };
    expect(wayCoordinates(xml)).toEqual([[at(101), at(102), at(103)], [at(103), at(104)], [at(105), at(101)], [at(104), at(106)]]);
    // Nodes 101..106 are used, 107 (the building's) is not; shared nodes are one node.
    expect(xml.lon.length).toBe(6);
    expect(Array.from(xml.wayStart)).toEqual([0, 3, 5, 7, 9]);
    expect(Array.from(xml.wayNodes)).toEqual([0, 1, 2, 2, 3, 4, 0, 3, 5]);
    expect(xml.skipped).toEqual({ missingNodes: 1, shortWays: 0, notStreets: 1 });
    expect(xml.newest).toBe('2023-04-05');
    expect(xml.bbox).toEqual(BBOX);
  });

  it('gives identical StreetWays from all three formats', () => {
    for (const other of [geojson, pbf]) {
      expect(Array.from(other.lon)).toEqual(Array.from(xml.lon));
      expect(Array.from(other.lat)).toEqual(Array.from(xml.lat));
      expect(Array.from(other.wayStart)).toEqual(Array.from(xml.wayStart));
      expect(Array.from(other.wayNodes)).toEqual(Array.from(xml.wayNodes));
      expect(other.tags).toEqual(xml.tags);
      expect(other.newest).toBe('2023-04-05');
      expect(other.bbox).toEqual(BBOX);
    }
    expect(pbf.skipped).toEqual(xml.skipped);
    // GeoJSON has no node ids (so nothing is missing) but skips the building and the school point.
    expect(geojson.skipped).toEqual({ missingNodes: 0, shortWays: 0, notStreets: 2 });
  });

  it('finds each format by content, whatever the file name', () => {
    const xmlBytes = new TextEncoder().encode(`\ufeff  ${toXml(NODES, WAYS)}`);
    const jsonBytes = new TextEncoder().encode(JSON.stringify(toGeoJson(NODES, WAYS)));
    expect(readStreets('a.bin', xmlBytes).wayNodes).toEqual(xml.wayNodes);
    expect(readStreets('b.bin', jsonBytes).wayNodes).toEqual(xml.wayNodes);
    expect(readStreets('c.bin', toPbf(NODES, WAYS)).wayNodes).toEqual(xml.wayNodes);
  });

  it('reads uncompressed PBF blocks, nodes out of id order, and computes the bbox when the header has none', () => {
    const shuffled = [NODES[4], NODES[0], NODES[6], NODES[2], NODES[1], NODES[5], NODES[3]];
    const read = readOsmPbf(toPbf(shuffled, WAYS, { compression: 'raw', bbox: false }));
    expect(wayCoordinates(read)).toEqual(wayCoordinates(xml));
    const used = NODES.filter((n) => n.id !== 107);
    expect(read.bbox).toEqual([Math.min(...used.map((n) => n.lon)), Math.min(...used.map((n) => n.lat)), Math.max(...used.map((n) => n.lon)), Math.max(...used.map((n) => n.lat))]);
  });

  it('decodes XML entities in attribute values', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#X43; &unknown;')).toBe('a & b <c> "d" \'e\' ABC &unknown;');
    // escapeXml writes "&" as "&amp;"; the numeric reference is put back by hand.
    const text = toXml(NODES, [{ id: 1, refs: [101, 102], tags: { highway: 'a&b', access: '&#x79;es' } }]).replace('&amp;#x79;', '&#x79;');
    expect(readOsmXml(text).tags).toEqual([{ highway: 'a&b', access: 'yes' }]);
  });
});

describe('bad input is refused with a message naming file and field', () => {
  it('a truncated PBF', () => {
    const error = thrown(() => readStreets('almaty.osm.pbf', DEMO.subarray(0, 400_000)));
    expect(error.file).toBe('almaty.osm.pbf');
    expect(error.field).toMatch(/^blob\[\d+\]$/);
    expect(error.message).toMatch(/^almaty\.osm\.pbf: blob\[\d+\]: .*truncated/);
  });

  it('random bytes', () => {
    let seed = 12345;
    const random = new Uint8Array(2000).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    expect(detectFormat(random)).toBe('unknown');
    expect(thrown(() => readStreets('noise.osm.pbf', random)).message).toBe(
      'noise.osm.pbf: is neither OpenStreetMap data (.osm.pbf or .osm XML) nor GeoJSON: its first bytes are none of theirs',
    );
    expect(thrown(() => readOsmPbf(random)).message).toMatch(/^is not an OpenStreetMap PBF file/);
  });

  it('a PBF compressed with Zstandard, or requiring a feature the reader lacks', () => {
    expect(thrown(() => readStreets('z.osm.pbf', toPbf(NODES, WAYS, { compression: 'zstd' }))).message).toMatch(/^z\.osm\.pbf: blob\[1\]: is compressed with Zstandard/);
    const history = thrown(() => readStreets('h.osh.pbf', toPbf(NODES, WAYS, { required: ['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation'] })));
    expect(history.field).toBe('OSMHeader.required_features');
    expect(history.detail).toMatch(/"HistoricalInformation", which this reader does not support/);
  });

  it('a PBF without streets, and one whose only street has its nodes outside the file', () => {
    expect(thrown(() => readOsmPbf(toPbf(NODES, [WAYS[2]]))).message).toBe('has no streets: none of its 1 ways has a highway tag');
    const cut = thrown(() => readStreets('cut.osm.pbf', toPbf(NODES, [{ id: 8, refs: [101, 998, 999], tags: { highway: 'path' } }])));
    expect(cut.message).toMatch(/^cut\.osm\.pbf: no street is left: all 1 ways with a highway tag refer to nodes that are not in the file \(2 missing/);
  });

  it('XML that is not OSM, truncated, or has a node without lat', () => {
    expect(thrown(() => readStreets('track.gpx', new TextEncoder().encode('<?xml version="1.0"?>\n<gpx version="1.1"><trk/></gpx>'))).message).toBe(
      'track.gpx: is XML but not OpenStreetMap data: its root element is <gpx>, not <osm>',
    );
    const text = toXml(NODES, WAYS);
    expect(thrown(() => readOsmXml(text.slice(0, text.indexOf('</osm>')))).message).toMatch(/^is truncated: it ends before <\/osm>/);
    expect(thrown(() => readOsmXml(text.slice(0, text.indexOf('<tag k="foot"') + 8))).message).toMatch(/^is truncated: it ends inside a tag \(line \d+\)/);
    const noLat = thrown(() => readOsmXml(text.replace(`lat="${NODES[2].lat}" `, '')));
    expect(noLat.field).toBe('node[id=103].lat');
    expect(noLat.detail).toMatch(/^is missing \(line \d+\)/);
    expect(thrown(() => readOsmXml(toXml(NODES, [{ id: 8, refs: [998, 999], tags: { highway: 'path' } }]))).message).toMatch(/^no street is left/);
  });

  it('GeoJSON with Point features only, or a bad line', () => {
    const points = { type: 'FeatureCollection', features: [1, 2].map((i) => ({ type: 'Feature', properties: { highway: 'bus_stop' }, geometry: { type: 'Point', coordinates: [76.9 + i / 100, 43.2] } })) };
    const error = thrown(() => readStreets('stops.geojson', new TextEncoder().encode(JSON.stringify(points))));
    expect(error.message).toBe('stops.geojson: has no streets: none of its 2 features is a LineString or MultiLineString with a highway property');
    const bad = toGeoJson(NODES, WAYS) as { features: { geometry: { coordinates: unknown[] } }[] };
    bad.features[1].geometry.coordinates[1] = [76.9, 'north'];
    const badLine = thrown(() => readStreetGeoJson(bad, 'streets.geojson'));
    expect(badLine.file).toBe('streets.geojson');
    expect(badLine.field).toBe('features[1].geometry.coordinates[1]');
    expect(badLine.detail).toBe('[76.9,"north"] is not a [lon, lat] position in degrees');
    expect(thrown(() => readStreetGeoJson({ type: 'Feature' }, 'x.geojson')).message).toBe('x.geojson: type: is "Feature", expected "FeatureCollection" (of street lines)');
  });
});
