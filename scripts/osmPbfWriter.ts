/**
 * Writes a synthetic OpenStreetMap `.osm.pbf` of a street grid, the size of a
 * real city extract, for the benchmarks: blocks of 8,000 dense nodes, then
 * blocks of 2,000 ways (`highway=residential`, every tenth a `footway`), zlib
 * compressed, as osmium writes them. The readers' tests write their own
 * small files with the same framing (frame, deltas, concat).
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
