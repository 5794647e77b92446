/**
 * Writes OpenStreetMap `.osm.pbf` files (fileformat.proto, osmformat.proto):
 * blocks of dense nodes, ways and relations, zlib compressed, as osmium
 * writes them. The app writes a built city's streets with it; the readers'
 * tests and the benchmarks write their files with it.
 */
import { zlibSync } from 'fflate';
import { PbfWriter as Pbf } from 'pbf';

/** One blob of the file: [4-byte length][BlobHeader][Blob], its content zlib-compressed (or raw, or tagged as Zstandard to test a refusal). */
export function frame(type: string, content: Uint8Array, compression: 'zlib' | 'raw' | 'zstd' = 'zlib'): Uint8Array[] {
  const blob = new Pbf();
  if (compression === 'raw') blob.writeBytesField(1, content);
  else {
    blob.writeVarintField(2, content.length);
    blob.writeBytesField(compression === 'zstd' ? 7 : 3, compression === 'zstd' ? content : zlibSync(content));
  }
  const blobBytes = blob.finish();
  const header = new Pbf();
  header.writeStringField(1, type);
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = header.finish();
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, headerBytes.length);
  return [size, headerBytes, blobBytes];
}

/** Delta coding, as dense nodes and way refs are stored. */
export function deltas(values: number[]): number[] {
  return values.map((v, i) => (i === 0 ? v : v - values[i - 1]));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type Tags = Readonly<Record<string, string>>;
export interface OsmNode {
  readonly id: number;
  readonly lon: number;
  readonly lat: number;
  readonly tags?: Tags;
}
export interface OsmWay {
  readonly id: number;
  readonly refs: readonly number[];
  readonly tags?: Tags;
  /** When it was last edited, seconds since 1970 (written as its Info). */
  readonly timestamp?: number;
}
export interface OsmMember {
  readonly type: 'node' | 'way' | 'relation';
  readonly ref: number;
  readonly role: string;
}
export interface OsmRelation {
  readonly id: number;
  readonly members: readonly OsmMember[];
  readonly tags?: Tags;
}
export interface OsmData {
  readonly nodes: readonly OsmNode[];
  readonly ways: readonly OsmWay[];
  readonly relations: readonly OsmRelation[];
}

/** A block's string table, entry 0 the empty string as the format asks. */
export class Strings {
  readonly list: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

const encoder = new TextEncoder();

/** A PrimitiveBlock of one group, written by `group` with a string table it fills. */
export function primitiveBlock(group: (pbf: Pbf, strings: Strings) => void): Uint8Array {
  const strings = new Strings();
  const body = new Pbf();
  body.writeMessage(2, (_: null, pbf) => group(pbf, strings), null);
  const groupBytes = body.finish();
  const block = new Pbf();
  block.writeMessage(1, (s: string[], pbf) => s.forEach((x) => pbf.writeBytesField(1, encoder.encode(x))), strings.list);
  const head = block.finish();
  const out = new Uint8Array(head.length + groupBytes.length);
  out.set(head);
  out.set(groupBytes, head.length);
  return out;
}

export const e7 = (degrees: number) => Math.round(degrees * 1e7);
const TIME = Date.parse('2026-10-01T00:00:00Z') / 1000;

/** DenseNodes (ids, coordinates, keys_vals when any node has tags; with `info`, versions, timestamps, changesets and users as osmium writes them). */
export function denseBlock(nodes: readonly OsmNode[], info = false): Uint8Array {
  return primitiveBlock((group, strings) =>
    group.writeMessage(
      2,
      (_: null, dense) => {
        dense.writePackedSVarint(1, deltas(nodes.map((n) => n.id)));
        if (info) {
          // Edits spread over ten years by some thousand mappers, as in a real city (metadata is much of a real file's size).
          const hash = (id: number, salt: number) => Math.imul(id ^ salt, 2654435761) >>> 0;
          const users = nodes.map((n) => hash(n.id, 7) % 3000);
          const sids = users.map((u) => strings.id(`mapper${u}`));
          dense.writeMessage(
            5,
            (__: null, pbf) => {
              pbf.writePackedVarint(1, nodes.map((n) => 1 + (hash(n.id, 1) % 9)));
              pbf.writePackedSVarint(2, deltas(nodes.map((n) => TIME - (hash(n.id, 2) % 3650) * 86400)));
              pbf.writePackedSVarint(3, deltas(nodes.map((n) => 1e7 + (hash(n.id, 3) % 1e8))));
              pbf.writePackedSVarint(4, deltas(users.map((u) => 1000 + u * 37)));
              pbf.writePackedSVarint(5, deltas(sids));
            },
            null,
          );
        }
        dense.writePackedSVarint(8, deltas(nodes.map((n) => e7(n.lat))));
        dense.writePackedSVarint(9, deltas(nodes.map((n) => e7(n.lon))));
        if (nodes.some((n) => n.tags !== undefined)) {
          const kv: number[] = [];
          for (const n of nodes) {
            for (const [k, v] of Object.entries(n.tags ?? {})) kv.push(strings.id(k), strings.id(v));
            kv.push(0);
          }
          dense.writePackedVarint(10, kv);
        }
      },
      null,
    ),
  );
}

/** Plain Node messages (few writers use them; the reader must still take their tags). */
export function plainNodeBlock(nodes: readonly OsmNode[]): Uint8Array {
  return primitiveBlock((group, strings) => {
    for (const n of nodes) {
      group.writeMessage(
        1,
        (_: null, pbf) => {
          pbf.writeSVarintField(1, n.id);
          const tags = Object.entries(n.tags ?? {});
          if (tags.length > 0) {
            pbf.writePackedVarint(2, tags.map(([k]) => strings.id(k)));
            pbf.writePackedVarint(3, tags.map(([, v]) => strings.id(v)));
          }
          pbf.writeSVarintField(8, e7(n.lat));
          pbf.writeSVarintField(9, e7(n.lon));
        },
        null,
      );
    }
  });
}

export function wayBlock(ways: readonly OsmWay[]): Uint8Array {
  return primitiveBlock((group, strings) => {
    for (const w of ways) {
      group.writeMessage(
        3,
        (_: null, pbf) => {
          pbf.writeVarintField(1, w.id);
          const tags = Object.entries(w.tags ?? {});
          if (tags.length > 0) {
            pbf.writePackedVarint(2, tags.map(([k]) => strings.id(k)));
            pbf.writePackedVarint(3, tags.map(([, v]) => strings.id(v)));
          }
          if (w.timestamp !== undefined) pbf.writeMessage(4, (_: null, info) => info.writeVarintField(2, w.timestamp!), null);
          pbf.writePackedSVarint(8, deltas(w.refs as number[]));
        },
        null,
      );
    }
  });
}

const MEMBER_TYPE = { node: 0, way: 1, relation: 2 } as const;

export function relationBlock(relations: readonly OsmRelation[]): Uint8Array {
  return primitiveBlock((group, strings) => {
    for (const r of relations) {
      group.writeMessage(
        4,
        (_: null, pbf) => {
          pbf.writeVarintField(1, r.id);
          const tags = Object.entries(r.tags ?? {});
          if (tags.length > 0) {
            pbf.writePackedVarint(2, tags.map(([k]) => strings.id(k)));
            pbf.writePackedVarint(3, tags.map(([, v]) => strings.id(v)));
          }
          pbf.writePackedVarint(8, r.members.map((m) => strings.id(m.role)));
          pbf.writePackedSVarint(9, deltas(r.members.map((m) => m.ref)));
          pbf.writePackedVarint(10, r.members.map((m) => MEMBER_TYPE[m.type]));
        },
        null,
      );
    }
  });
}

export function headerBlock(): Uint8Array {
  const header = new Pbf();
  header.writeStringField(4, 'OsmSchema-V0.6');
  header.writeStringField(4, 'DenseNodes');
  return header.finish();
}

/** A whole .osm.pbf: header, node blocks, way blocks, relation blocks, `blockSize` objects to a block. */
export function osmPbf(data: OsmData, options: { blockSize?: number; plainNodes?: boolean } = {}): Uint8Array {
  const size = options.blockSize ?? 8000;
  const parts = [...frame('OSMHeader', headerBlock())];
  for (let i = 0; i < data.nodes.length; i += size) {
    const nodes = data.nodes.slice(i, i + size);
    parts.push(...frame('OSMData', options.plainNodes ? plainNodeBlock(nodes) : denseBlock(nodes)));
  }
  for (let i = 0; i < data.ways.length; i += size) parts.push(...frame('OSMData', wayBlock(data.ways.slice(i, i + size))));
  for (let i = 0; i < data.relations.length; i += size) parts.push(...frame('OSMData', relationBlock(data.relations.slice(i, i + size))));
  return concat(parts);
}

