import type { MultiPolygon, Polygon, Position } from 'geojson';
import { Float64Column } from './columns';
import { DEFAULT_OSM_LAYERS, layersOf, parseOsmLayers, ruleKeys, type LayerRules } from './rules';
import { WANTED_KEYS } from './tags';

/*
 * What a city extract holds besides its streets: existing facilities (nodes,
 * ways, multipolygon relations) and administrative boundaries (relations
 * assembled from their member ways). The PBF and XML readers feed this
 * collector the wanted tags of each object as they meet it, and it builds the
 * facilities (each object in the layers whose tag rules it matches,
 * src/io/osm/rules.ts) and boundaries once the node table is complete.
 */

export interface OsmFacility {
  /** The layers whose tag rules the object matches (src/io/osm/rules.ts), in the rules' order. */
  readonly layers: readonly string[];
  readonly lon: number;
  readonly lat: number;
  readonly name: string;
  /** "node/123", "way/45" or "relation/7". */
  readonly osmId: string;
  readonly capacity: number | null;
}

export interface OsmBoundary {
  /** "relation/123". */
  readonly osmId: string;
  /** admin_level: 2 country, 4 region, 6 district, 8-10 city and its parts (varies by country). */
  readonly level: number;
  readonly names: { readonly name: string; readonly ru: string; readonly kk: string; readonly en: string };
  /** Outer rings counterclockwise, holes clockwise (RFC 7946). */
  readonly geometry: Polygon | MultiPolygon;
}

/** Keys decoded for an extract whatever its rules (names, capacity, boundaries), besides the streets' routing keys and the rules' keys. */
export const EXTRACT_ONLY_KEYS = ['name', 'name:ru', 'name:kk', 'name:en', 'capacity', 'boundary', 'admin_level', 'type'] as const;

/** Every key an extract reader decodes through the string table under these rules: any other tag is stepped over unread. */
export function extractKeys(layers: readonly LayerRules[]): ReadonlySet<string> {
  return new Set<string>([...WANTED_KEYS, ...EXTRACT_ONLY_KEYS, ...ruleKeys(layers)]);
}

/** The display name: name, else name:ru, name:kk, name:en, else "". */
export function nameOf(tags: ReadonlyMap<string, string>): string {
  for (const key of ['name', 'name:ru', 'name:kk', 'name:en']) {
    const value = tags.get(key)?.trim();
    if (value) return value;
  }
  return '';
}

/** A capacity tag that is a plain non-negative number ("600", " 1200 ", "35.5"); "approx 600" and "600;700" are not. */
export function capacityOf(tags: ReadonlyMap<string, string>): number | null {
  const value = tags.get('capacity')?.trim();
  return value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : null;
}

/** Relation member types, as PBF numbers them (Relation.MemberType). */
export const NODE = 0;
export const WAY = 1;

interface Pending {
  readonly layers: readonly string[];
  readonly name: string;
  readonly osmId: string;
  readonly capacity: number | null;
}

interface PendingBoundary {
  readonly id: number;
  readonly level: number;
  readonly names: OsmBoundary['names'];
  readonly outer: number[];
  readonly inner: number[];
}

export interface ExtractParts {
  readonly facilities: OsmFacility[];
  readonly boundaries: OsmBoundary[];
  readonly notes: ExtractNote[];
}

/** Why a boundary relation could not be made a polygon. */
export type BoundaryProblem = 'noOuter' | 'membersCut' | 'nodesCut' | 'ringOpen' | 'ringShort' | 'innerOutside';

/**
 * What the reader left out, as data (the app words it in the planner's
 * language; extractNoteText in English for the command line and tests):
 * facilities none of whose nodes are in the file, and boundary relations
 * that could not be built (`count`: member ways not in the file).
 */
export type ExtractNote =
  | { readonly kind: 'facilitiesCut'; readonly count: number }
  | { readonly kind: 'boundary'; readonly relation: number; readonly name: string; readonly level: number; readonly problem: BoundaryProblem; readonly count: number };

const PROBLEM_TEXT: Record<BoundaryProblem, string> = {
  noOuter: 'has no outer member ways',
  membersCut: 'has {count} member way(s) not in the file (the extract cuts it)',
  nodesCut: 'has member ways whose nodes are not in the file (the extract cuts it)',
  ringOpen: 'has a ring that cannot be closed (its member ways do not join end to end)',
  ringShort: 'has a ring of fewer than three distinct nodes',
  innerOutside: 'has an inner ring outside all its outer rings',
};

/** A note in English: "boundary relation 704 (Cut) has 1 member way(s) not in the file (the extract cuts it), left out". */
export function extractNoteText(note: ExtractNote): string {
  if (note.kind === 'facilitiesCut') return `${note.count} facilit${note.count === 1 ? 'y has' : 'ies have'} none of their nodes in the file (cut off by the extract), left out`;
  return `boundary relation ${note.relation}${note.name ? ` (${note.name})` : ''} ${PROBLEM_TEXT[note.problem].replace('{count}', String(note.count))}, left out`;
}

export class ExtractCollector {
  /** The keys the readers decode: the streets', the extract's own and the rules'. */
  readonly keys: ReadonlySet<string>;
  private readonly nodeFacilities: OsmFacility[] = [];
  private readonly wayFacilities: { info: Pending; start: number; end: number }[] = [];
  private readonly wayRefs = new Float64Column(1024);
  private readonly relationFacilities: { info: Pending; outer: number[] }[] = [];
  private readonly boundaries: PendingBoundary[] = [];
  private readonly notes: ExtractNote[] = [];

  constructor(private readonly layers: readonly LayerRules[] = parseOsmLayers(DEFAULT_OSM_LAYERS)) {
    this.keys = extractKeys(layers);
  }

  private pending(tags: ReadonlyMap<string, string>, osmId: string): Pending | null {
    const layers = layersOf(this.layers, tags);
    return layers.length === 0 ? null : { layers, name: nameOf(tags), osmId, capacity: capacityOf(tags) };
  }

  /** A node with at least one wanted tag; coordinates in 1e-7 degrees. */
  node(id: number, lonE7: number, latE7: number, tags: ReadonlyMap<string, string>): void {
    const info = this.pending(tags, `node/${id}`);
    if (info !== null) this.nodeFacilities.push({ ...info, lon: lonE7 / 1e7, lat: latE7 / 1e7 });
  }

  /** Whether a way with these tags is a facility (so its node ids are needed, for its centroid). */
  wantsWay(tags: ReadonlyMap<string, string>): boolean {
    return layersOf(this.layers, tags).length > 0;
  }

  /** A way that wantsWay accepted, with its node ids. */
  way(id: number, tags: ReadonlyMap<string, string>, refs: ArrayLike<number>): void {
    const info = this.pending(tags, `way/${id}`);
    if (info === null) return;
    const start = this.wayRefs.length;
    for (let i = 0; i < refs.length; i++) this.wayRefs.push(refs[i]);
    this.wayFacilities.push({ info, start, end: this.wayRefs.length });
  }

  /** A relation: a boundary (boundary=administrative with an admin_level) or a facility multipolygon; anything else is ignored. */
  relation(id: number, tags: ReadonlyMap<string, string>, types: ArrayLike<number>, ids: ArrayLike<number>, role: (member: number) => string): void {
    const level = tags.get('admin_level')?.trim();
    const boundary = tags.get('boundary') === 'administrative' && level !== undefined && /^\d+$/.test(level);
    const info = tags.get('type') === 'multipolygon' ? this.pending(tags, `relation/${id}`) : null;
    if (!boundary && info === null) return;
    const outer: number[] = [];
    const inner: number[] = [];
    for (let m = 0; m < types.length; m++) {
      if (types[m] !== WAY) continue; // admin_centre and label nodes, subarea relations
      const r = role(m);
      if (r === 'outer' || r === '') outer.push(ids[m]);
      else if (r === 'inner') inner.push(ids[m]);
    }
    if (info !== null) this.relationFacilities.push({ info, outer });
    if (boundary) {
      const names = { name: tags.get('name') ?? '', ru: tags.get('name:ru') ?? '', kk: tags.get('name:kk') ?? '', en: tags.get('name:en') ?? '' };
      this.boundaries.push({ id, level: Number(level), names, outer, inner });
    }
  }

  /** The ids of the ways whose node ids finish() needs (members of the relations kept), sorted, without repeats. */
  neededWays(): Float64Array {
    const ids: number[] = [];
    for (const b of this.boundaries) ids.push(...b.outer, ...b.inner);
    for (const f of this.relationFacilities) ids.push(...f.outer);
    const sorted = Float64Array.from(ids).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
    return sorted.slice(0, n);
  }

  /**
   * Facilities and boundaries, given the node table (find: node id -> slot,
   * -1 when absent; coordinates by slot in 1e-7 degrees) and the node ids of
   * the ways neededWays() named (those absent from the file are missing).
   */
  finish(find: (id: number) => number, lonE7: ArrayLike<number>, latE7: ArrayLike<number>, members: ReadonlyMap<number, ArrayLike<number>>): ExtractParts {
    const facilities = this.nodeFacilities.slice();
    const refs = this.wayRefs.data;
    let noNodes = 0;
    const centroid = (info: Pending, ways: ArrayLike<number>[]): void => {
      // The mean of the way's distinct nodes (a closed way's last node repeats its first).
      const seen = new Set<number>();
      let x = 0;
      let y = 0;
      for (const way of ways) {
        for (let i = 0; i < way.length; i++) {
          const slot = find(way[i]);
          if (slot < 0 || seen.has(slot)) continue;
          seen.add(slot);
          x += lonE7[slot];
          y += latE7[slot];
        }
      }
      if (seen.size === 0) noNodes++;
      else facilities.push({ ...info, lon: x / seen.size / 1e7, lat: y / seen.size / 1e7 });
    };
    for (const f of this.wayFacilities) centroid(f.info, [refs.subarray(f.start, f.end)]);
    for (const f of this.relationFacilities) centroid(f.info, f.outer.map((id) => members.get(id)).filter((w) => w !== undefined));
    if (noNodes > 0) this.notes.push({ kind: 'facilitiesCut', count: noNodes });

    const boundaries: OsmBoundary[] = [];
    for (const b of this.boundaries) {
      const geometry = boundaryGeometry(b, find, lonE7, latE7, members);
      if ('problem' in geometry) this.notes.push({ kind: 'boundary', relation: b.id, name: b.names.name || b.names.en, level: b.level, problem: geometry.problem, count: geometry.count ?? 0 });
      else boundaries.push({ osmId: `relation/${b.id}`, level: b.level, names: b.names, geometry });
    }
    return { facilities, boundaries, notes: this.notes };
  }
}

/** A boundary's (Multi)Polygon, or why it cannot be built. */
function boundaryGeometry(
  b: PendingBoundary,
  find: (id: number) => number,
  lonE7: ArrayLike<number>,
  latE7: ArrayLike<number>,
  members: ReadonlyMap<number, ArrayLike<number>>,
): Polygon | MultiPolygon | { problem: BoundaryProblem; count?: number } {
  if (b.outer.length === 0) return { problem: 'noOuter' };
  const absent = [...b.outer, ...b.inner].filter((id) => !members.has(id)).length;
  if (absent > 0) return { problem: 'membersCut', count: absent };
  const toCoordinates = (ring: number[]): Position[] | null => {
    const out: Position[] = [];
    for (const id of ring) {
      const slot = find(id);
      if (slot < 0) return null;
      out.push([lonE7[slot] / 1e7, latE7[slot] / 1e7]);
    }
    return out;
  };
  const ringsOf = (ids: number[]): Position[][] | { problem: BoundaryProblem } => {
    const joined = joinRings(ids.map((id) => members.get(id)!));
    if (typeof joined === 'string') return { problem: joined === RING_OPEN ? 'ringOpen' : 'ringShort' };
    const rings: Position[][] = [];
    for (const ring of joined) {
      const coordinates = toCoordinates(ring);
      if (coordinates === null) return { problem: 'nodesCut' };
      rings.push(coordinates);
    }
    return rings;
  };
  const outers = ringsOf(b.outer);
  if ('problem' in outers) return outers;
  const inners = ringsOf(b.inner);
  if ('problem' in inners) return inners;
  const polygons: Position[][][] = outers.map((ring) => [orient(ring, true)]);
  for (const hole of inners) {
    const k = outers.length === 1 ? 0 : outers.findIndex((ring) => hole.some((point) => inRing(point, ring)));
    if (k < 0) return { problem: 'innerOutside' };
    polygons[k].push(orient(hole, false));
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

const RING_OPEN = PROBLEM_TEXT.ringOpen;

/**
 * Joins ways (lists of node ids) end to end, in either direction, into closed
 * rings of node ids (first = last). A way already closed is a ring by itself.
 * Returns why when some ring cannot be closed.
 */
export function joinRings(ways: ArrayLike<number>[]): number[][] | string {
  const usable = ways.filter((w) => w.length >= 2);
  const used = new Uint8Array(usable.length);
  // Ways by their end node ids, to find the next piece without scanning all (a country's border has thousands).
  const byEnd = new Map<number, number[]>();
  const index = (node: number, k: number) => {
    const list = byEnd.get(node);
    if (list === undefined) byEnd.set(node, [k]);
    else list.push(k);
  };
  usable.forEach((w, k) => {
    index(w[0], k);
    index(w[w.length - 1], k);
  });
  const rings: number[][] = [];
  for (let start = 0; start < usable.length; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const ring = Array.from(usable[start]);
    while (ring[0] !== ring[ring.length - 1]) {
      const last = ring[ring.length - 1];
      const next = byEnd.get(last)?.find((k) => !used[k]);
      if (next === undefined) return RING_OPEN;
      used[next] = 1;
      const w = usable[next];
      if (w[0] === last) for (let i = 1; i < w.length; i++) ring.push(w[i]);
      else for (let i = w.length - 2; i >= 0; i--) ring.push(w[i]);
    }
    if (ring.length < 4) return PROBLEM_TEXT.ringShort;
    rings.push(ring);
  }
  return rings;
}

/** Twice the signed area (shoelace, in degrees²): positive when counterclockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

function orient(ring: Position[], counterclockwise: boolean): Position[] {
  return signedArea(ring) > 0 === counterclockwise ? ring : ring.slice().reverse();
}

/** Even-odd ray casting. */
function inRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
