/**
 * Writes a synthetic OpenStreetMap `.osm.pbf` of a street grid, the size of a
 * real city extract, for the benchmarks: blocks of 8,000 dense nodes, then
 * blocks of 2,000 ways (`highway=residential`, every tenth a `footway`), zlib
 * compressed, as osmium writes them. The readers' tests write their own
 * small files with the same framing (frame, deltas, concat).
 */
import { PbfWriter as Pbf } from 'pbf';
import { concat, deltas, denseBlock, e7, frame, headerBlock, relationBlock, wayBlock, type OsmData, type OsmMember, type OsmNode, type OsmRelation, type OsmWay, type Tags } from '../src/io/osm/write';

export * from '../src/io/osm/write';

/** A side x side grid of nodes `spacing` degrees apart from (lon0, lat0), a way along every row and column. */
export function gridPbf(side: number, lon0: number, lat0: number, spacing: number): Uint8Array {
  // Positions jitter by up to a fifth of the spacing, as real nodes do (a perfect grid compresses to nothing).
  let state = 12345;
  const jitter = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return (state / 0x7fffffff - 0.5) * 0.4 * spacing;
  };
  const parts: Uint8Array[] = [];
  const header = new Pbf();
  header.writeStringField(4, 'OsmSchema-V0.6');
  header.writeStringField(4, 'DenseNodes');
  parts.push(...frame('OSMHeader', header.finish()));
  const count = side * side;
  const time = Date.parse('2026-10-01T00:00:00Z') / 1000;
  for (let first = 0; first < count; first += 8000) {
    const ids = Array.from({ length: Math.min(8000, count - first) }, (_, k) => first + k + 1);
    const block = new Pbf();
    block.writeMessage(1, (_: null, pbf) => pbf.writeBytesField(1, new Uint8Array(0)), null);
    block.writeMessage(
      2,
      (_: null, group) =>
        group.writeMessage(
          2,
          (__: null, dense) => {
            dense.writePackedSVarint(1, deltas(ids));
            dense.writeMessage(5, (___: null, info) => info.writePackedSVarint(2, deltas(ids.map(() => time))), null);
            dense.writePackedSVarint(8, deltas(ids.map((id) => Math.round((lat0 + Math.floor((id - 1) / side) * spacing + jitter()) * 1e7))));
            dense.writePackedSVarint(9, deltas(ids.map((id) => Math.round((lon0 + ((id - 1) % side) * spacing * 1.37 + jitter()) * 1e7))));
          },
          null,
        ),
      null,
    );
    parts.push(...frame('OSMData', block.finish()));
  }
  const ways: number[][] = [];
  for (let r = 0; r < side; r++) ways.push(Array.from({ length: side }, (_, c) => r * side + c + 1));
  for (let c = 0; c < side; c++) ways.push(Array.from({ length: side }, (_, r) => r * side + c + 1));
  for (let first = 0; first < ways.length; first += 2000) {
    const block = new Pbf();
    const strings = ['', 'highway', 'residential', 'footway'];
    block.writeMessage(1, (s: string[], pbf) => s.forEach((x) => pbf.writeBytesField(1, new TextEncoder().encode(x))), strings);
    block.writeMessage(
      2,
      (_: null, group) =>
        ways.slice(first, first + 2000).forEach((refs, k) =>
          group.writeMessage(
            3,
            (__: null, way) => {
              way.writeVarintField(1, first + k + 1);
              way.writePackedVarint(2, [1]);
              way.writePackedVarint(3, [(first + k) % 10 === 0 ? 3 : 2]);
              way.writePackedSVarint(8, deltas(refs));
            },
            null,
          ),
        ),
      null,
    );
    parts.push(...frame('OSMData', block.finish()));
  }
  return concat(parts);
}

// ---------------------------------------------------------------------------
// Any OSM data (nodes, ways and relations with tags), as PBF or XML, for the
// extract reader's tests and benchmark.

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tagsXml = (tags: Tags | undefined) =>
  Object.entries(tags ?? {})
    .map(([k, v]) => `    <tag k="${escapeXml(k)}" v="${escapeXml(v)}"/>\n`)
    .join('');

/** The same data as OSM XML. */
export function osmXml(data: OsmData): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="osmPbfWriter">\n';
  for (const n of data.nodes) {
    const head = `  <node id="${n.id}" lat="${(e7(n.lat) / 1e7).toFixed(7)}" lon="${(e7(n.lon) / 1e7).toFixed(7)}"`;
    out += n.tags === undefined ? `${head}/>\n` : `${head}>\n${tagsXml(n.tags)}  </node>\n`;
  }
  for (const w of data.ways) out += `  <way id="${w.id}">\n${w.refs.map((r) => `    <nd ref="${r}"/>\n`).join('')}${tagsXml(w.tags)}  </way>\n`;
  for (const r of data.relations) {
    out += `  <relation id="${r.id}">\n${r.members.map((m) => `    <member type="${m.type}" ref="${m.ref}" role="${escapeXml(m.role)}"/>\n`).join('')}${tagsXml(r.tags)}  </relation>\n`;
  }
  return `${out}</osm>\n`;
}

/**
 * A synthetic city extract for the extract benchmark: a side x side street
 * grid (as gridPbf), a building in every block (4 nodes, building and address
 * tags, every 200th a school or a clinic), `pois` tagged nodes (schools,
 * clinics, pharmacies, recycling, shops, cafes, ...), node metadata as
 * osmium writes it, and 21 administrative relations (the city, 4 districts,
 * 16 sub-districts, one with a hole) whose member ways, split every 200
 * nodes and alternately reversed, are spread one to a way block, as a real
 * extract scatters them.
 */
export function cityPbf(side: number, pois: number, lon0 = 76.7, lat0 = 43.1, spacing = 0.0004): Uint8Array {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const jitter = () => (random() - 0.5) * 0.4 * spacing;
  const grid = side * side;
  const cells = (side - 1) * (side - 1);
  const poiFirst = grid + 4 * cells;
  const nodeCount = poiFirst + pois;
  const POI_TAGS: Tags[] = [
    { amenity: 'school', capacity: '900' },
    { amenity: 'clinic', 'name:ru': 'Поликлиника' },
    { amenity: 'pharmacy', healthcare: 'pharmacy' },
    { healthcare: 'centre' },
    { amenity: 'recycling', recycling_type: 'container' },
    { amenity: 'waste_disposal' },
    { shop: 'convenience', opening_hours: '24/7' },
    { amenity: 'doctors', 'name:kk': 'Дәрігер' },
    { amenity: 'cafe', cuisine: 'coffee_shop' },
    { amenity: 'hospital', 'name:en': 'Hospital' },
  ];
  const nodeAt = (id: number): OsmNode => {
    if (id <= grid) {
      const r = Math.floor((id - 1) / side);
      const c = (id - 1) % side;
      return { id, lat: lat0 + r * spacing + jitter(), lon: lon0 + c * spacing * 1.37 + jitter() };
    }
    if (id <= poiFirst) {
      const b = Math.floor((id - grid - 1) / 4);
      const corner = (id - grid - 1) % 4;
      const r = Math.floor(b / (side - 1)) + (corner >= 2 ? 0.75 : 0.25);
      const c = (b % (side - 1)) + (corner === 1 || corner === 2 ? 0.75 : 0.25);
      return { id, lat: lat0 + r * spacing + jitter() / 10, lon: lon0 + c * spacing * 1.37 + jitter() / 10 };
    }
    const k = id - poiFirst - 1;
    const tags = { ...POI_TAGS[k % POI_TAGS.length], name: `Place ${k}`, 'addr:housenumber': String(k % 150) };
    return { id, lat: lat0 + random() * (side - 1) * spacing, lon: lon0 + random() * (side - 1) * spacing * 1.37, tags };
  };
  const parts = [...frame('OSMHeader', headerBlock())];
  for (let first = 1; first <= nodeCount; first += 8000) {
    const nodes: OsmNode[] = [];
    for (let id = first; id < Math.min(first + 8000, nodeCount + 1); id++) nodes.push(nodeAt(id));
    parts.push(...frame('OSMData', denseBlock(nodes, true)));
  }

  // Administrative boundaries: rectangles of grid nodes, rings split into ways of 200 nodes.
  const gridId = (r: number, c: number) => r * side + c + 1;
  const ringIds = (r0: number, c0: number, r1: number, c1: number) => {
    const ids: number[] = [];
    for (let c = c0; c < c1; c++) ids.push(gridId(r0, c));
    for (let r = r0; r < r1; r++) ids.push(gridId(r, c1));
    for (let c = c1; c > c0; c--) ids.push(gridId(r1, c));
    for (let r = r1; r > r0; r--) ids.push(gridId(r, c0));
    ids.push(gridId(r0, c0));
    return ids;
  };
  const wayCount = 2 * side + cells;
  const boundaryWays: OsmWay[] = [];
  const relations: OsmRelation[] = [];
  const ringWays = (ring: number[], role: string): OsmMember[] => {
    const members: OsmMember[] = [];
    for (let i = 0; i + 1 < ring.length; i += 199) {
      const refs = ring.slice(i, i + 200);
      const id = wayCount + boundaryWays.length + 1;
      boundaryWays.push({ id, refs: boundaryWays.length % 2 === 0 ? refs : refs.reverse(), tags: { boundary: 'administrative' } });
      members.push({ type: 'way', ref: id, role });
    }
    return members;
  };
  const last = side - 1;
  const addArea = (level: number, r0: number, c0: number, r1: number, c1: number, name: string, hole = false) => {
    const members = ringWays(ringIds(r0, c0, r1, c1), 'outer');
    if (hole) {
      const h = Math.floor((r1 - r0) / 4);
      members.push(...ringWays(ringIds(r0 + h, c0 + h, r1 - h, c1 - h), 'inner'));
    }
    relations.push({ id: relations.length + 1, members, tags: { type: 'boundary', boundary: 'administrative', admin_level: String(level), name, 'name:en': name } });
  };
  addArea(4, 0, 0, last, last, 'City');
  const half = Math.floor(last / 2);
  for (const [r0, r1] of [[0, half], [half, last]]) for (const [c0, c1] of [[0, half], [half, last]]) addArea(6, r0, c0, r1, c1, `District ${relations.length}`, r0 === 0 && c0 === 0);
  const quarter = Math.floor(last / 4);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) addArea(9, i * quarter, j * quarter, (i + 1) * quarter, (j + 1) * quarter, `Area ${relations.length}`);

  const wayAt = (k: number): OsmWay => {
    if (k < side) return { id: k + 1, refs: Array.from({ length: side }, (_, c) => gridId(k, c)), tags: { highway: k % 10 === 0 ? 'footway' : 'residential', name: `Street ${k}` } };
    if (k < 2 * side) return { id: k + 1, refs: Array.from({ length: side }, (_, r) => gridId(r, k - side)), tags: { highway: 'residential', name: `Avenue ${k}` } };
    const b = k - 2 * side;
    const n = grid + 4 * b + 1;
    const tags: Record<string, string> = { building: 'yes', 'addr:street': `Street ${Math.floor(b / (side - 1))}`, 'addr:housenumber': String(b % 300) };
    if (b % 200 === 0) Object.assign(tags, { amenity: b % 400 === 0 ? 'school' : 'clinic', name: `Building ${b}` });
    return { id: k + 1, refs: [n, n + 1, n + 2, n + 3, n], tags };
  };
  for (let first = 0, block = 0; first < wayCount; first += 8000, block++) {
    const ways: OsmWay[] = [];
    for (let k = first; k < Math.min(first + 8000, wayCount); k++) ways.push(wayAt(k));
    if (block < boundaryWays.length) ways.push(boundaryWays[block]);
    parts.push(...frame('OSMData', wayBlock(ways)));
  }
  const blocks = Math.ceil(wayCount / 8000);
  if (boundaryWays.length > blocks) parts.push(...frame('OSMData', wayBlock(boundaryWays.slice(blocks))));
  parts.push(...frame('OSMData', relationBlock(relations)));
  return concat(parts);
}
