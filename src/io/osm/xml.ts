import { InputError } from '../../engine/instance/errors';
import type { ReadProgress, WayTags } from '../../engine/streets/ways';
import { assemble, idLookup, resolveIds, type StreetsRead } from './assemble';
import { NODE, WAY, type ExtractCollector, type ExtractParts } from './collect';
import { Float64Column, Int32Column } from './columns';
import { throttle } from './progress';
import { TagReader, WANTED_KEYS } from './tags';

/*
 * OSM XML (.osm) read by a small scanner over the text rather than
 * DOMParser, which web workers lack (and which would build a tree of the
 * whole file). Only what streets need is looked at: <bounds>, <node id lat
 * lon timestamp>, <way> with its <nd ref> and <tag k v>; relations, node
 * tags and everything else are stepped over, unless an extract collector
 * asks for node tags and <relation> with its <member type ref role>.
 */

export function readOsmXml(text: string, onProgress?: ReadProgress): StreetsRead {
  return readXml(text, onProgress, null).streets;
}

/**
 * The streets and, given a collector, facilities and boundaries. Relations
 * come after the ways, so for an extract every way's node ids are kept (an
 * XML file is a tenth of a PBF's size for the same area: it is small).
 */
export function readXml(text: string, onProgress: ReadProgress | undefined, collector: ExtractCollector | null): { streets: StreetsRead; extract: ExtractParts | null } {
  const report = throttle(onProgress);
  const wanted = collector === null ? WANTED_KEYS : collector.keys;
  // For an extract: every way's id and node ids (allRefs[allStart[k]] .. allRefs[allStart[k + 1] - 1]).
  const allIds = new Float64Column(collector === null ? 0 : 1024);
  const allStart = new Int32Column(collector === null ? 0 : 1024);
  const allRefs = new Float64Column(collector === null ? 0 : 4096);
  allStart.push(0);
  /** The node or relation being read, for an extract (between <node> and </node>, <relation> and </relation>). */
  let node: { id: number; lonE7: number; latE7: number } | null = null;
  let relation: { id: number; types: number[]; ids: number[]; roles: string[] } | null = null;
  const scan = new Scanner(text);
  const nodeIds = new Float64Column(Math.ceil(text.length / 100));
  const latE7 = new Int32Column(Math.ceil(text.length / 100));
  const lonE7 = new Int32Column(Math.ceil(text.length / 100));
  const wayStart = new Int32Column(1024);
  wayStart.push(0);
  const refs = new Float64Column(4096);
  const tags: WayTags[] = [];
  const tagReader = new TagReader();
  const found = new Map<string, string>();
  let notStreets = 0;
  let newest = '';
  let bbox: [number, number, number, number] | null = null;
  /** The way being read (between <way> and </way>), or null. */
  let way: { id: string; first: number; deleted: boolean } | null = null;
  let root = false;
  let closed = false;
  const step = Math.max(1, Math.floor(text.length / 100));
  let nextReport = step;

  for (let element = scan.next(); element !== null; element = scan.next()) {
    if (scan.pos >= nextReport) {
      report(scan.pos / text.length);
      nextReport = scan.pos + step;
    }
    const { name, closing } = element;
    if (!root) {
      if (closing || name !== 'osm') {
        throw new InputError('', `is XML but not OpenStreetMap data: its root element is <${name}>, not <osm>`);
      }
      root = true;
      if (element.selfClosing) closed = true;
      continue;
    }
    if (closing) {
      if (name === 'way' && way !== null) {
        const read = way.deleted ? null : tagReader.read(found);
        if (collector !== null && !way.deleted) {
          const wayRefs = refs.data.subarray(way.first, refs.length);
          const numericId = Number(way.id);
          if (collector.wantsWay(found)) collector.way(numericId, found, wayRefs);
          allIds.push(numericId);
          for (let i = 0; i < wayRefs.length; i++) allRefs.push(wayRefs[i]);
          allStart.push(allRefs.length);
        }
        if (read === null) {
          if (!way.deleted) notStreets++;
          refs.length = way.first;
        } else {
          tags.push(read);
          wayStart.push(refs.length);
        }
        way = null;
      } else if (name === 'node' && node !== null) {
        if (found.size > 0) collector!.node(node.id, node.lonE7, node.latE7, found);
        node = null;
      } else if (name === 'relation' && relation !== null) {
        if (found.size > 0) collector!.relation(relation.id, found, relation.types, relation.ids, (m) => relation!.roles[m]);
        relation = null;
      } else if (name === 'osm') {
        closed = true;
        break;
      }
      continue;
    }
    const attr = scan.attributes;
    if (name === 'nd') {
      if (way === null) continue;
      const ref = attr.get('ref');
      const id = ref === undefined ? NaN : Number(ref);
      if (!Number.isFinite(id)) throw new InputError(`way[id=${way.id}].nd.ref`, `${ref === undefined ? 'is missing' : `${JSON.stringify(ref)} is not a node id`} (line ${scan.line()})`);
      refs.push(id);
    } else if (name === 'tag') {
      if (way === null && node === null && relation === null) continue;
      const key = attr.get('k');
      if (key !== undefined && wanted.has(key)) found.set(key, attr.get('v') ?? '');
    } else if (name === 'member') {
      if (relation === null) continue;
      const type = attr.get('type');
      const ref = Number(attr.get('ref'));
      if (!Number.isFinite(ref)) throw new InputError(`relation[id=${relation.id}].member.ref`, `${JSON.stringify(attr.get('ref') ?? null)} is not an id (line ${scan.line()})`);
      relation.types.push(type === 'node' ? NODE : type === 'way' ? WAY : 2);
      relation.ids.push(ref);
      relation.roles.push(attr.get('role') ?? '');
    } else if (name === 'relation') {
      if (collector === null || element.selfClosing || attr.get('action') === 'delete' || attr.get('visible') === 'false') continue;
      const id = Number(attr.get('id'));
      if (!Number.isFinite(id)) throw new InputError('relation.id', `${JSON.stringify(attr.get('id') ?? null)} is not an id (line ${scan.line()})`);
      relation = { id, types: [], ids: [], roles: [] };
      found.clear();
    } else if (name === 'node') {
      // JOSM marks deleted objects with action="delete"; history files mark them visible="false".
      if (attr.get('action') === 'delete' || attr.get('visible') === 'false') continue;
      const id = attr.get('id') ?? '';
      const field = `node[id=${id}]`;
      const numericId = Number(id);
      if (id === '' || !Number.isFinite(numericId)) throw new InputError(`${field}.id`, `${id === '' ? 'is missing' : 'is not a number'} (line ${scan.line()})`);
      const lat = degreesE7(attr.get('lat'), 90, `${field}.lat`, scan);
      const lon = degreesE7(attr.get('lon'), 180, `${field}.lon`, scan);
      nodeIds.push(numericId);
      latE7.push(lat);
      lonE7.push(lon);
      newest = later(newest, attr.get('timestamp'));
      if (collector !== null && !element.selfClosing) {
        node = { id: numericId, lonE7: lon, latE7: lat };
        found.clear();
      }
    } else if (name === 'way') {
      const deleted = attr.get('action') === 'delete' || attr.get('visible') === 'false';
      if (!deleted) newest = later(newest, attr.get('timestamp'));
      if (element.selfClosing) {
        if (!deleted) notStreets++;
        continue;
      }
      way = { id: attr.get('id') ?? '?', first: refs.length, deleted };
      found.clear();
    } else if (name === 'bounds') {
      const b = ['minlon', 'minlat', 'maxlon', 'maxlat'].map((k) => Number(attr.get(k)));
      if (b.every(Number.isFinite)) bbox = [b[0], b[1], b[2], b[3]];
    }
  }
  if (!root) throw new InputError('', 'is not OpenStreetMap XML: it has no <osm> element');
  if (!closed) throw new InputError('', `is truncated: it ends before </osm> (line ${scan.line()})`);
  report(1);
  const find = idLookup(nodeIds.view());
  const ways = resolveIds({ wayStart: wayStart.view(), refs: refs.view(), tags }, nodeIds.view(), find);
  const streets = assemble(ways, { lon: lonE7.data, lat: latE7.data, scale: 1e7 }, { newest: /^\d{4}-\d\d-\d\d/.test(newest) ? newest.slice(0, 10) : null, bbox, notStreets });
  if (collector === null) return { streets, extract: null };
  const needed = new Set(collector.neededWays());
  const members = new Map<number, Float64Array>();
  for (let k = 0; k < allIds.length; k++) {
    const id = allIds.data[k];
    if (needed.has(id)) members.set(id, allRefs.data.slice(allStart.data[k], allStart.data[k + 1]));
  }
  return { streets, extract: collector.finish(find, lonE7.data, latE7.data, members) };
}

/** A coordinate attribute in 1e-7 degrees (OSM's precision, as in the PBF reader), refused when missing or off the globe. */
function degreesE7(value: string | undefined, limit: number, field: string, scan: Scanner): number {
  if (value === undefined) throw new InputError(field, `is missing (line ${scan.line()})`);
  const degrees = value.trim() === '' ? NaN : Number(value);
  if (!(Math.abs(degrees) <= limit)) throw new InputError(field, `${JSON.stringify(value)} is not a coordinate within ±${limit}° (line ${scan.line()})`);
  return Math.round(degrees * 1e7);
}

/** OSM timestamps are ISO 8601 in UTC ("2012-05-01T08:30:00Z"), so the later one is the larger string. */
function later(newest: string, timestamp: string | undefined): string {
  return timestamp !== undefined && timestamp > newest ? timestamp : newest;
}

interface Element {
  name: string;
  closing: boolean;
  selfClosing: boolean;
}

/**
 * Steps from tag to tag: skips the XML declaration, comments, DOCTYPE and
 * CDATA, and for each start tag collects its attributes (entities decoded).
 */
export class Scanner {
  pos = 0;
  readonly attributes = new Map<string, string>();
  private readonly element: Element = { name: '', closing: false, selfClosing: false };

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  /** The next start or end tag, or null at the end of the text. The returned object is reused. */
  next(): Element | null {
    const text = this.text;
    for (;;) {
      const lt = text.indexOf('<', this.pos);
      if (lt < 0) {
        this.pos = text.length;
        return null;
      }
      const c = text.charCodeAt(lt + 1);
      if (c === 63 /* ? */) this.pos = this.after('?>', lt);
      else if (c === 33 /* ! */) {
        if (text.startsWith('<!--', lt)) this.pos = this.after('-->', lt);
        else if (text.startsWith('<![CDATA[', lt)) this.pos = this.after(']]>', lt);
        else this.pos = this.after('>', lt);
      } else return this.tag(lt);
    }
  }

  /** The line number of the current position, for messages (counted only when one is needed). */
  line(): number {
    let line = 1;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < this.pos; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  private after(end: string, from: number): number {
    const at = this.text.indexOf(end, from + 1);
    if (at < 0) throw this.truncated(from);
    return at + end.length;
  }

  private truncated(at: number): InputError {
    this.pos = at;
    return new InputError('', `is truncated: it ends inside a tag (line ${this.line()})`);
  }

  private tag(lt: number): Element {
    const text = this.text;
    const element = this.element;
    this.attributes.clear();
    let i = lt + 1;
    element.closing = text.charCodeAt(i) === 47; /* / */
    if (element.closing) i++;
    const nameStart = i;
    while (i < text.length && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 62 /* > */ && text.charCodeAt(i) !== 47) i++;
    element.name = text.slice(nameStart, i);
    element.selfClosing = false;
    for (;;) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) throw this.truncated(lt);
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) {
        this.pos = i + 1;
        return element;
      }
      if (c === 47 /* / */) {
        if (text.charCodeAt(i + 1) !== 62) throw this.malformed(lt);
        element.selfClosing = true;
        this.pos = i + 2;
        return element;
      }
      const keyStart = i;
      while (i < text.length && text.charCodeAt(i) !== 61 /* = */ && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 62) i++;
      const key = text.slice(keyStart, i);
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) throw this.truncated(lt);
      if (text.charCodeAt(i) !== 61) throw this.malformed(lt);
      i++;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") throw i >= text.length ? this.truncated(lt) : this.malformed(lt);
      const end = text.indexOf(quote, i + 1);
      if (end < 0) throw this.truncated(lt);
      this.attributes.set(key, decodeEntities(text.slice(i + 1, end)));
      i = end + 1;
    }
  }

  private malformed(at: number): InputError {
    this.pos = at;
    return new InputError('', `is not well-formed XML: a broken tag at line ${this.line()}`);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five named entities and numeric character references; anything else is left as written. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
