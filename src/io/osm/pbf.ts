import { PbfReader } from 'pbf';
import { unzlibSync } from 'fflate';
import { InputError } from '../../engine/instance/errors';
import type { ReadProgress, WayTags } from '../../engine/streets/ways';
import { assemble, idLookup, resolveIds, type StreetsRead } from './assemble';
import type { ExtractCollector, ExtractParts } from './collect';
import { Float64Column, Int32Column } from './columns';
import { isoDate, throttle } from './progress';
import { TagReader, WANTED_KEYS } from './tags';

/*
 * The .osm.pbf format (fileformat.proto, osmformat.proto): a sequence of
 * [4-byte big-endian length][BlobHeader{type, datasize}][Blob{raw | raw_size
 * + zlib_data | ...}]. The first blob is an "OSMHeader" (HeaderBlock: bbox,
 * required_features); the others are "OSMData" (PrimitiveBlock: string table,
 * granularity, offsets, groups of Nodes, DenseNodes, Ways or Relations).
 *
 * Decoded field by field with pbf's low-level reader, straight into typed
 * columns: no object is made per node or per way, so a 100 MB extract
 * (about 12 million nodes) needs about 16 bytes per node (id as a double,
 * lat and lon as 32-bit integers in 1e-7 degrees) besides the file itself
 * and one decompressed block at a time.
 */

/** Features this reader understands; a file that requires any other is refused rather than misread. */
const SUPPORTED_FEATURES = ['OsmSchema-V0.6', 'DenseNodes'];
/** The format's own limits (fileformat.proto): a BlobHeader under 64 KiB, a Blob under 32 MiB. */
const MAX_BLOB_HEADER = 64 * 1024;
const MAX_BLOB = 32 * 1024 * 1024;
/** Blob fields other than raw (1), raw_size (2) and zlib_data (3), each a compression this reader lacks. */
const OTHER_COMPRESSION: Record<number, string> = { 4: 'LZMA', 5: 'bzip2', 6: 'LZ4', 7: 'Zstandard' };
const BYTES = 2; // protobuf wire type of length-delimited fields

export function readOsmPbf(bytes: Uint8Array, onProgress?: ReadProgress): StreetsRead {
  return readPbf(bytes, onProgress, null).streets;
}

/**
 * The streets and, given a collector, the facilities and boundaries. Those
 * need the node ids of the boundaries' member ways, known only once the
 * relations (stored after the ways) are read: rather than keep every way's
 * node ids (as many as the nodes, twice the memory of the streets' own), a
 * second pass inflates again only the blocks whose way ids can hold a
 * member (ways are sorted by id, so each block covers a range).
 */
export function readPbf(bytes: Uint8Array, onProgress: ReadProgress | undefined, collector: ExtractCollector | null): { streets: StreetsRead; extract: ExtractParts | null } {
  const report = throttle(onProgress);
  // With a collector the first pass is 90% of the progress (the second re-reads a few blocks at most).
  const share = collector === null ? 1 : 0.9;
  if (bytes.length === 0) throw new InputError('', 'is empty');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new PbfData(bytes.length, collector);
  /** Per data blob holding ways: start, end, lowest and highest way id, blob index. */
  const wayBlocks: number[] = [];
  let bbox: [number, number, number, number] | null = null;
  let sawHeader = false;
  let pos = 0;
  for (let index = 0; pos < bytes.length; index++) {
    const field = `blob[${index}]`;
    const first = index === 0;
    if (bytes.length - pos < 4) throw truncated(field, bytes.length);
    const headerSize = view.getUint32(pos);
    if (headerSize === 0 || headerSize > MAX_BLOB_HEADER) {
      if (first) throw notPbf(`its first 4 bytes give a block header of ${headerSize} bytes`);
      throw new InputError(field, `is damaged: its header length is ${headerSize} bytes (at byte ${pos})`);
    }
    const start = pos + 4 + headerSize;
    if (start > bytes.length) throw first ? notPbf('it is shorter than its first block header') : truncated(field, bytes.length);
    const header = guard(field, first, () => readBlobHeader(bytes.subarray(pos + 4, start)));
    if (first && header.type !== 'OSMHeader') throw notPbf(`its first block is ${JSON.stringify(header.type.slice(0, 20))}, not "OSMHeader"`);
    const end = start + header.datasize;
    if (end > bytes.length) throw truncated(field, bytes.length);
    // Unknown blob types are skipped, as the format asks of readers; so their compression does not matter.
    if (header.type === 'OSMHeader' || header.type === 'OSMData') {
      const block = guard(field, first, () => blobContent(bytes.subarray(start, end), field));
      if (header.type === 'OSMHeader') {
        const read = guard(field, first, () => readHeaderBlock(block));
        checkFeatures(read.required);
        bbox = read.bbox ?? bbox;
        sawHeader = true;
      } else {
        if (!sawHeader) throw new InputError(field, 'holds data before the file header (OSMHeader)');
        guard(field, false, () => data.readPrimitiveBlock(block, field));
        if (collector !== null && data.blockWays > 0) wayBlocks.push(start, end, data.blockMinWay, data.blockMaxWay, index);
      }
    }
    pos = end;
    report((pos / bytes.length) * share);
  }
  const nodeIds = data.nodeIds.view();
  const find = idLookup(nodeIds);
  const ways = resolveIds(data.waysById(), nodeIds, find);
  const streets = assemble(
    ways,
    { lon: data.lonE7.data, lat: data.latE7.data, scale: 1e7 },
    { newest: isoDate(data.newestMs), bbox, notStreets: data.notStreets },
  );
  if (collector === null) return { streets, extract: null };
  const members = memberWays(bytes, wayBlocks, collector.neededWays(), (f) => report(share + (1 - share) * f));
  report(1);
  return { streets, extract: collector.finish(find, data.lonE7.data, data.latE7.data, members) };
}

/** The second pass: the node ids of the needed ways (sorted ids), from the blocks whose id range holds one. */
function memberWays(bytes: Uint8Array, blocks: readonly number[], needed: Float64Array, progress: (fraction: number) => void): Map<number, Float64Array> {
  const members = new Map<number, Float64Array>();
  if (needed.length === 0) return members;
  for (let b = 0; b < blocks.length; b += 5) {
    const [start, end, min, max, index] = blocks.slice(b, b + 5);
    const at = lowerBound(needed, min);
    if (at < needed.length && needed[at] <= max) {
      const field = `blob[${index}]`;
      const block = guard(field, false, () => blobContent(bytes.subarray(start, end), field));
      guard(field, false, () => readMemberWays(block, needed, members));
    }
    progress((b + 5) / blocks.length);
  }
  return members;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Only the ways of a block (group field 3), only their id (1) and, for needed ones, their node ids (8). */
function readMemberWays(buf: Uint8Array, needed: Float64Array, members: Map<number, Float64Array>): void {
  const pbf = new PbfReader(buf);
  let tag: number;
  while ((tag = pbf.nextField())) {
    if (tag !== 2 || pbf.type !== BYTES) continue;
    const groupEnd = pbf.readVarint() + pbf.pos;
    while ((tag = pbf.nextField(groupEnd))) {
      if (tag !== 3) continue;
      const end = pbf.readVarint() + pbf.pos;
      let id = 0;
      let refs = -1;
      let refsType = BYTES;
      while ((tag = pbf.nextField(end))) {
        if (tag === 1) id = pbf.readVarint();
        else if (tag === 8 && refs < 0) {
          refs = pbf.pos;
          refsType = pbf.type;
          pbf.skip(refsType);
        }
      }
      expectEnd(pbf, end);
      const at = lowerBound(needed, id);
      if (refs >= 0 && at < needed.length && needed[at] === id) {
        pbf.pos = refs;
        pbf.type = refsType;
        const stop = pbf.readPackedEnd();
        const ids: number[] = [];
        let ref = 0;
        while (pbf.pos < stop) ids.push((ref += pbf.readSVarint()));
        members.set(id, Float64Array.from(ids));
        pbf.pos = end;
      }
    }
    expectEnd(pbf, groupEnd);
  }
  expectEnd(pbf, buf.length);
}

interface BlobHeader {
  type: string;
  datasize: number;
}

function readBlobHeader(buf: Uint8Array): BlobHeader {
  const pbf = new PbfReader(buf);
  const header: BlobHeader = { type: '', datasize: -1 };
  let tag: number;
  while ((tag = pbf.nextField())) {
    if (tag === 1) header.type = pbf.readString();
    else if (tag === 3) header.datasize = pbf.readVarint(true);
  }
  expectEnd(pbf, buf.length);
  if (!Number.isInteger(header.datasize) || header.datasize < 0 || header.datasize > MAX_BLOB) {
    throw new Error(`block size ${header.datasize} is outside 0..${MAX_BLOB}`);
  }
  return header;
}

/** A blob's content, inflated when zlib-compressed; other compressions are refused by name. */
function blobContent(buf: Uint8Array, field: string): Uint8Array {
  const pbf = new PbfReader(buf);
  let raw: Uint8Array | null = null;
  let zlib: Uint8Array | null = null;
  let rawSize = 0;
  let tag: number;
  while ((tag = pbf.nextField())) {
    if (tag === 1) raw = pbf.readBytes();
    else if (tag === 2) rawSize = pbf.readVarint(true);
    else if (tag === 3) zlib = pbf.readBytes();
    else if (OTHER_COMPRESSION[tag] !== undefined) {
      throw new InputError(field, `is compressed with ${OTHER_COMPRESSION[tag]}, which this reader does not read (save the file with zlib compression, the PBF default)`);
    }
  }
  expectEnd(pbf, buf.length);
  if (raw !== null) return raw;
  if (zlib === null) throw new Error('the block holds no data');
  if (rawSize < 0 || rawSize > MAX_BLOB) throw new Error(`uncompressed size ${rawSize} is outside 0..${MAX_BLOB}`);
  // With the announced size as the output buffer, fflate inflates without growing (and copying) its buffer.
  const out = rawSize > 0 ? unzlibSync(zlib, { out: new Uint8Array(rawSize) }) : unzlibSync(zlib);
  if (rawSize > 0 && out.length !== rawSize) throw new Error(`inflates to ${out.length} bytes, not the ${rawSize} announced`);
  return out;
}

interface HeaderBlock {
  bbox: [number, number, number, number] | null;
  required: string[];
}

function readHeaderBlock(buf: Uint8Array): HeaderBlock {
  const pbf = new PbfReader(buf);
  const header: HeaderBlock = { bbox: null, required: [] };
  let tag: number;
  while ((tag = pbf.nextField())) {
    if (tag === 1 && pbf.type === BYTES) {
      const end = pbf.readVarint() + pbf.pos;
      const side = [0, 0, 0, 0]; // left, right, top, bottom, in nanodegrees whatever the granularity
      let t: number;
      while ((t = pbf.nextField(end))) if (t >= 1 && t <= 4) side[t - 1] = pbf.readSVarint();
      expectEnd(pbf, end);
      header.bbox = [side[0] / 1e9, side[3] / 1e9, side[1] / 1e9, side[2] / 1e9];
    } else if (tag === 4) header.required.push(pbf.readString());
  }
  expectEnd(pbf, buf.length);
  return header;
}

function checkFeatures(required: readonly string[]): void {
  for (const feature of required) {
    if (SUPPORTED_FEATURES.includes(feature)) continue;
    const why = feature === 'HistoricalInformation' ? ' (a history file, with every past version of each object; use a current extract)' : '';
    throw new InputError(
      'OSMHeader.required_features',
      `the file requires ${JSON.stringify(feature)}, which this reader does not support${why}; it reads ${SUPPORTED_FEATURES.join(' and ')}`,
    );
  }
}

/**
 * What the data blocks hold, accumulated across blocks: every node (their
 * ids and coordinates; which ones the streets use is known only once the
 * ways, stored after the nodes, are read) and the street ways with their
 * node ids.
 */
class PbfData {
  readonly nodeIds: Float64Column;
  /** Coordinates in 1e-7 degrees: OSM's own precision, exact for the usual granularity of 100 nanodegrees. */
  readonly latE7: Int32Column;
  readonly lonE7: Int32Column;
  private readonly wayStart = new Int32Column(1024);
  private readonly refs: Float64Column;
  private readonly tags: WayTags[] = [];
  private readonly tagReader = new TagReader();
  notStreets = 0;
  newestMs = 0;
  /** The current block's ways: how many, and their lowest and highest id (for the extract's second pass). */
  blockWays = 0;
  blockMinWay = Infinity;
  blockMaxWay = -Infinity;

  // Per block: the string table as byte ranges, decoded only for the tags looked at (never user names).
  private buf: Uint8Array = new Uint8Array(0);
  private readonly stringStart = new Int32Column(4096);
  private readonly stringEnd = new Int32Column(4096);
  private strings: (string | undefined)[] = [];
  private readonly decoder = new TextDecoder('utf-8');
  /** Per string-table entry, for an extract: 0 not yet looked at, 1 a wanted key, 2 not. */
  private keyState = new Uint8Array(0);
  private granularity = 100;
  private latOffset = 0;
  private lonOffset = 0;
  private dateGranularity = 1000;
  // Scratch for one way's keys and values.
  private keys: number[] = [];
  private vals: number[] = [];
  private readonly found = new Map<string, string>();
  /** Which keys are decoded: the routing keys, or for an extract also those its tag rules and boundaries read. */
  private readonly wantedKeys: ReadonlySet<string>;

  constructor(
    fileSize: number,
    private readonly collector: ExtractCollector | null = null,
  ) {
    this.wantedKeys = collector === null ? WANTED_KEYS : collector.keys;
    // A PBF extract holds about 0.1 node per byte (the demo 0.10, a 100 MB city ~0.12): sizing the columns
    // from the file avoids most regrowth, each of which would briefly hold the old and the new array.
    const nodes = Math.ceil(fileSize / 8);
    this.nodeIds = new Float64Column(nodes);
    this.latE7 = new Int32Column(nodes);
    this.lonE7 = new Int32Column(nodes);
    this.refs = new Float64Column(Math.ceil(fileSize / 32));
    this.wayStart.push(0);
  }

  waysById(): { wayStart: Int32Array; refs: Float64Array; tags: readonly WayTags[] } {
    return { wayStart: this.wayStart.view(), refs: this.refs.view(), tags: this.tags };
  }

  readPrimitiveBlock(buf: Uint8Array, field: string): void {
    const pbf = new PbfReader(buf);
    this.buf = buf;
    this.granularity = 100;
    this.latOffset = 0;
    this.lonOffset = 0;
    this.dateGranularity = 1000;
    this.blockWays = 0;
    this.blockMinWay = Infinity;
    this.blockMaxWay = -Infinity;
    // Granularity and offsets (fields 17-20) come after the groups (field 2): note where the groups are, read them last.
    const groups: number[] = [];
    let table = -1;
    let tableEnd = -1;
    let tag: number;
    while ((tag = pbf.nextField())) {
      if ((tag === 1 || tag === 2) && pbf.type === BYTES) {
        const end = pbf.readVarint() + pbf.pos;
        if (tag === 1) {
          table = pbf.pos;
          tableEnd = end;
        } else groups.push(pbf.pos, end);
        pbf.pos = end;
      } else if (tag === 17) this.granularity = pbf.readVarint(true);
      else if (tag === 18) this.dateGranularity = pbf.readVarint(true);
      else if (tag === 19) this.latOffset = pbf.readVarint(true);
      else if (tag === 20) this.lonOffset = pbf.readVarint(true);
    }
    expectEnd(pbf, buf.length);
    this.readStringTable(pbf, table, tableEnd);
    for (let g = 0; g < groups.length; g += 2) {
      pbf.pos = groups[g];
      const end = groups[g + 1];
      while ((tag = pbf.nextField(end))) {
        if (tag === 1) this.readNode(pbf, field);
        else if (tag === 2) this.readDense(pbf, field);
        else if (tag === 3) this.readWay(pbf, field);
        else if (tag === 4 && this.collector !== null) this.readRelation(pbf, field);
        // Relations (4) play no part in a street graph, nor changesets (5) in anything here.
      }
      expectEnd(pbf, end);
    }
  }

  private readStringTable(pbf: PbfReader, start: number, end: number): void {
    this.stringStart.length = 0;
    this.stringEnd.length = 0;
    if (start >= 0) {
      pbf.pos = start;
      let tag: number;
      while ((tag = pbf.nextField(end))) {
        if (tag !== 1) continue;
        const length = pbf.readVarint();
        this.stringStart.push(pbf.pos);
        this.stringEnd.push(pbf.pos + length);
        pbf.pos += length;
      }
      expectEnd(pbf, end);
    }
    this.strings = new Array<string | undefined>(this.stringStart.length);
    if (this.collector !== null) this.keyState = new Uint8Array(this.stringStart.length);
  }

  private string(index: number, field: string): string {
    const known = this.strings[index];
    if (known !== undefined) return known;
    if (!(index >= 0 && index < this.stringStart.length)) {
      throw new InputError(field, `is damaged: string ${index} is not in its block's string table of ${this.stringStart.length}`);
    }
    const text = this.decoder.decode(this.buf.subarray(this.stringStart.data[index], this.stringEnd.data[index]));
    this.strings[index] = text;
    return text;
  }

  private latE7Of(value: number): number {
    return Math.round((this.latOffset + this.granularity * value) / 100);
  }

  private lonE7Of(value: number): number {
    return Math.round((this.lonOffset + this.granularity * value) / 100);
  }

  private addNode(i: number, id: number, lat: number, lon: number): void {
    // Out of range here would also wrap around in the 32-bit columns: refuse rather than place a node elsewhere.
    if (!(lat >= -900_000_000 && lat <= 900_000_000 && lon >= -1_800_000_000 && lon <= 1_800_000_000)) {
      throw new Error(`node ${id} lies outside the globe (lat ${lat / 1e7}, lon ${lon / 1e7})`);
    }
    this.nodeIds.put(i, id);
    this.latE7.put(i, lat);
    this.lonE7.put(i, lon);
  }

  private seen(timestamp: number): void {
    const ms = timestamp * this.dateGranularity;
    if (ms > this.newestMs) this.newestMs = ms;
  }

  /** A plain Node message (most writers use DenseNodes instead). */
  private readNode(pbf: PbfReader, field: string): void {
    const end = pbf.readVarint() + pbf.pos;
    let id = 0;
    let lat = 0;
    let lon = 0;
    const collector = this.collector;
    const keys = this.keys;
    const vals = this.vals;
    keys.length = 0;
    vals.length = 0;
    let tag: number;
    while ((tag = pbf.nextField(end))) {
      if (tag === 1) id = pbf.readSVarint();
      else if (tag === 4) this.readInfo(pbf);
      else if (tag === 8) lat = pbf.readSVarint();
      else if (tag === 9) lon = pbf.readSVarint();
      else if (collector !== null && tag === 2) pbf.readPackedVarint(keys);
      else if (collector !== null && tag === 3) pbf.readPackedVarint(vals);
    }
    expectEnd(pbf, end);
    const i = this.nodeIds.length;
    this.addNode(i, id, this.latE7Of(lat), this.lonE7Of(lon));
    this.nodeIds.length = this.latE7.length = this.lonE7.length = i + 1;
    if (collector !== null && keys.length > 0) {
      if (keys.length !== vals.length) throw new InputError(field, `is damaged: node ${id} has ${keys.length} tag keys but ${vals.length} values`);
      const found = this.found;
      found.clear();
      for (let j = 0; j < keys.length; j++) if (this.isWanted(keys[j], field)) found.set(this.string(keys[j], field), this.string(vals[j], field));
      if (found.size > 0) collector.node(id, this.lonE7.data[i], this.latE7.data[i], found);
    }
  }

  /** Whether string-table entry `index`, as a key, is one the reader decodes (cached per block: a key repeats on many objects). */
  private isWanted(index: number, field: string): boolean {
    let state = this.keyState[index];
    if (state === 0 || state === undefined) {
      state = this.wantedKeys.has(this.string(index, field)) ? 1 : 2;
      this.keyState[index] = state;
    }
    return state === 1;
  }

  /** Info.timestamp (field 2): not delta-coded, in date_granularity milliseconds. */
  private readInfo(pbf: PbfReader): void {
    const end = pbf.readVarint() + pbf.pos;
    let tag: number;
    while ((tag = pbf.nextField(end))) if (tag === 2) this.seen(pbf.readVarint(true));
    expectEnd(pbf, end);
  }

  /**
   * DenseNodes: columns of delta-coded ids (1), lats (8) and lons (9), each
   * written straight into the node columns from the block's first free row.
   */
  private readDense(pbf: PbfReader, field: string): void {
    const end = pbf.readVarint() + pbf.pos;
    const base = this.nodeIds.length;
    let ids = 0;
    let lats = 0;
    let lons = 0;
    let id = 0;
    let lat = 0;
    let lon = 0;
    let keysVals = -1;
    let keysValsType = BYTES;
    let tag: number;
    while ((tag = pbf.nextField(end))) {
      if (tag === 1) {
        const stop = pbf.readPackedEnd();
        while (pbf.pos < stop) {
          id += pbf.readSVarint();
          this.nodeIds.put(base + ids++, id);
        }
      } else if (tag === 8) {
        const stop = pbf.readPackedEnd();
        while (pbf.pos < stop) {
          lat += pbf.readSVarint();
          this.latE7.put(base + lats++, this.latE7Of(lat));
        }
      } else if (tag === 9) {
        const stop = pbf.readPackedEnd();
        while (pbf.pos < stop) {
          lon += pbf.readSVarint();
          this.lonE7.put(base + lons++, this.lonE7Of(lon));
        }
      } else if (tag === 5) this.readDenseInfo(pbf);
      else if (tag === 10 && this.collector !== null && keysVals < 0) {
        // keys_vals: node tags, not needed for streets; read below for an extract, once the ids and coordinates are in.
        keysVals = pbf.pos;
        keysValsType = pbf.type;
        pbf.skip(keysValsType);
      }
    }
    expectEnd(pbf, end);
    if (ids !== lats || ids !== lons) throw new InputError(field, `is damaged: its dense nodes have ${ids} ids but ${lats} latitudes and ${lons} longitudes`);
    for (let i = base; i < base + ids; i++) {
      const y = this.latE7.data[i];
      const x = this.lonE7.data[i];
      if (!(y >= -900_000_000 && y <= 900_000_000 && x >= -1_800_000_000 && x <= 1_800_000_000)) {
        throw new InputError(field, `is damaged: node ${this.nodeIds.data[i]} lies outside the globe`);
      }
    }
    this.nodeIds.length = this.latE7.length = this.lonE7.length = base + ids;
    if (keysVals >= 0) {
      pbf.pos = keysVals;
      pbf.type = keysValsType;
      this.readDenseTags(pbf, base, ids, field);
      pbf.pos = end;
    }
  }

  /** keys_vals: for each node in turn, key and value string indices, then a 0; a node with no tags is a lone 0. */
  private readDenseTags(pbf: PbfReader, base: number, count: number, field: string): void {
    const collector = this.collector!;
    const stop = pbf.readPackedEnd();
    const found = this.found;
    found.clear();
    let i = 0;
    while (pbf.pos < stop) {
      const key = pbf.readVarint();
      if (key === 0) {
        if (found.size > 0) {
          collector.node(this.nodeIds.data[base + i], this.lonE7.data[base + i], this.latE7.data[base + i], found);
          found.clear();
        }
        i++;
        continue;
      }
      if (i >= count || pbf.pos >= stop) throw new InputError(field, `is damaged: its dense nodes' tags overrun its ${count} nodes`);
      const value = pbf.readVarint();
      if (this.isWanted(key, field)) found.set(this.string(key, field), this.string(value, field));
    }
    if (pbf.pos !== stop) throw new InputError(field, 'is damaged: its dense nodes\' tags overrun their length');
  }

  /** DenseInfo.timestamp (field 2): delta-coded; only the newest matters here. */
  private readDenseInfo(pbf: PbfReader): void {
    const end = pbf.readVarint() + pbf.pos;
    let tag: number;
    while ((tag = pbf.nextField(end))) {
      if (tag !== 2) continue;
      const stop = pbf.readPackedEnd();
      let timestamp = 0;
      let newest = 0;
      while (pbf.pos < stop) {
        timestamp += pbf.readSVarint();
        if (timestamp > newest) newest = timestamp;
      }
      this.seen(newest);
    }
    expectEnd(pbf, end);
  }

  /**
   * A Way: its keys and values (string-table indices) are read first, and
   * its delta-coded node ids only when it turns out to be a street.
   */
  private readWay(pbf: PbfReader, field: string): void {
    const end = pbf.readVarint() + pbf.pos;
    const keys = this.keys;
    const vals = this.vals;
    keys.length = 0;
    vals.length = 0;
    let refs = -1;
    let refsType = BYTES;
    let id = 0;
    let tag: number;
    while ((tag = pbf.nextField(end))) {
      if (tag === 1) id = pbf.readVarint();
      else if (tag === 2) pbf.readPackedVarint(keys);
      else if (tag === 3) pbf.readPackedVarint(vals);
      else if (tag === 4) this.readInfo(pbf);
      else if (tag === 8 && refs < 0) {
        refs = pbf.pos; // the field's length prefix; decoded below if the way is a street
        refsType = pbf.type;
        pbf.skip(refsType);
      }
    }
    expectEnd(pbf, end);
    if (keys.length !== vals.length) throw new InputError(field, `is damaged: a way has ${keys.length} tag keys but ${vals.length} values`);
    this.blockWays++;
    if (id < this.blockMinWay) this.blockMinWay = id;
    if (id > this.blockMaxWay) this.blockMaxWay = id;
    const found = this.found;
    found.clear();
    const wanted = this.wantedKeys;
    for (let j = 0; j < keys.length; j++) {
      const key = this.string(keys[j], field);
      if (wanted.has(key)) found.set(key, this.string(vals[j], field));
    }
    const tags = this.tagReader.read(found);
    const collector = this.collector;
    const facility = collector !== null && collector.wantsWay(found);
    if (tags === null) {
      this.notStreets++;
      if (!facility) return;
    }
    const first = this.refs.length;
    if (refs >= 0) {
      pbf.pos = refs;
      pbf.type = refsType; // readPackedEnd also reads a lone unpacked value, by the field's wire type
      const stop = pbf.readPackedEnd();
      let id = 0;
      while (pbf.pos < stop) {
        id += pbf.readSVarint();
        this.refs.push(id);
      }
      pbf.pos = end;
    }
    if (facility) collector.way(id, found, this.refs.data.subarray(first, this.refs.length));
    if (tags === null) {
      this.refs.length = first; // a facility's outline, not a street
      return;
    }
    this.tags.push(tags);
    this.wayStart.push(this.refs.length);
  }

  /** A Relation, for an extract: its wanted tags, then its members (ids delta-coded, roles string indices) when the collector may keep it. */
  private readRelation(pbf: PbfReader, field: string): void {
    const end = pbf.readVarint() + pbf.pos;
    const keys = this.keys;
    const vals = this.vals;
    keys.length = 0;
    vals.length = 0;
    const roles: number[] = [];
    const memids: number[] = [];
    const types: number[] = [];
    let id = 0;
    let tag: number;
    while ((tag = pbf.nextField(end))) {
      if (tag === 1) id = pbf.readVarint();
      else if (tag === 2) pbf.readPackedVarint(keys);
      else if (tag === 3) pbf.readPackedVarint(vals);
      else if (tag === 8) pbf.readPackedVarint(roles);
      else if (tag === 9) pbf.readPackedSVarint(memids);
      else if (tag === 10) pbf.readPackedVarint(types);
    }
    expectEnd(pbf, end);
    if (keys.length !== vals.length) throw new InputError(field, `is damaged: relation ${id} has ${keys.length} tag keys but ${vals.length} values`);
    if (roles.length !== memids.length || types.length !== memids.length) {
      throw new InputError(field, `is damaged: relation ${id} has ${memids.length} member ids but ${roles.length} roles and ${types.length} types`);
    }
    const found = this.found;
    found.clear();
    for (let j = 0; j < keys.length; j++) if (this.isWanted(keys[j], field)) found.set(this.string(keys[j], field), this.string(vals[j], field));
    if (found.size === 0) return;
    for (let m = 1; m < memids.length; m++) memids[m] += memids[m - 1];
    this.collector!.relation(id, found, types, memids, (m) => this.string(roles[m], field));
  }
}

/** pbf reads past a message's end without complaint (undefined bytes become NaN): a damaged length shows up here. */
function expectEnd(pbf: PbfReader, end: number): void {
  if (pbf.pos !== end || end > pbf.buf.length) throw new Error(`a message overruns its length (at byte ${pbf.pos} of ${end})`);
}

/** Runs one block's decoding, turning the low-level reader's and the inflater's errors into a named InputError. */
function guard<T>(field: string, first: boolean, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    if (first) throw notPbf(`its first block cannot be decoded (${detail})`);
    throw new InputError(field, `is damaged (${detail})`);
  }
}

function notPbf(why: string): InputError {
  return new InputError('', `is not an OpenStreetMap PBF file: ${why}`);
}

function truncated(field: string, size: number): InputError {
  return new InputError(field, `the file ends inside this block after ${size} bytes: it is truncated (an interrupted download?)`);
}
