import type { Polygon, Position } from 'geojson';
import { InputError, fail, show } from '../engine/instance/errors';
import { array, integer, number, object, onlyKeys, optionalString } from '../engine/instance/fields';
import { cityCells, type CellSize } from './cells';
import { districtOf, parseCity, type CityData, type CityFiles } from './city';
import { withImports, type ImportedData } from './imported';
import { LIMITS } from './limits';
import { PointIndex } from './spatial';
import { cityTransit, hasTransit, type TransitSettings } from './transit';

/**
 * New housing estates a scenario adds (issue 20). Growth rates per district
 * cannot place a new estate; an estate says where its people will live and
 * from which year. Either a point or a polygon; either residents, or
 * apartments times persons per apartment.
 */
export interface HousingEstate {
  readonly id: string;
  readonly name?: string;
  /** [lon, lat]. Exactly one of point and polygon. */
  readonly point?: readonly [number, number];
  /** GeoJSON Polygon coordinates: the outer ring, then any holes, each closed. */
  readonly polygon?: Polygon['coordinates'];
  /** Exactly one of residents and apartments. */
  readonly residents?: number;
  readonly apartments?: number;
  /** Only with apartments; DEFAULT_PERSONS_PER_APARTMENT when absent. */
  readonly personsPerApartment?: number;
  /** The year the estate is completed and lived in; absent: at once. */
  readonly year?: number;
}

/**
 * Persons per apartment when an estate does not say: the project's household
 * size, 3.3 persons (docs DOMAIN.md, "households (about 3.3 persons)"; the
 * demo's population data derives households as residents / 3.3 and calls it
 * an assumption, not a published figure). One apartment is one household.
 */
export const DEFAULT_PERSONS_PER_APARTMENT = 3.3;

/** An estate's polygon may cover at most this many cells of a population grid. */
export const MAX_ESTATE_CELLS = 100_000;

/** Overlaps smaller than this part of a cell are not counted (the rest of the estate takes their people). */
const SLIVER = 0.01;

const KEYS = ['id', 'name', 'point', 'polygon', 'residents', 'apartments', 'personsPerApartment', 'year'];

/** Validates a list of estates; a bad one is named by its path (`housing[2].year`) and value. Ids are unique. */
export function parseHousing(json: unknown, field = 'housing'): HousingEstate[] {
  const seen = new Map<string, number>();
  return array(json, field).map((entry, k): HousingEstate => {
    const at = `${field}[${k}]`;
    const estate = object(entry, at);
    onlyKeys(estate, at, KEYS);
    const id = optionalString(estate.id, `${at}.id`);
    if (!id) fail(`${at}.id`, 'missing (give each estate an id)');
    if (seen.has(id)) fail(`${at}.id`, `${show(id)} is also the id of ${field}[${seen.get(id)}]`);
    seen.set(id, k);
    const name = optionalString(estate.name, `${at}.name`);
    if (estate.point !== undefined && estate.polygon !== undefined) fail(at, 'has both a point and a polygon (give one)');
    if (estate.point === undefined && estate.polygon === undefined) fail(`${at}.point`, 'missing (give a point [lon, lat] or a polygon)');
    if (estate.residents !== undefined && estate.apartments !== undefined) fail(at, 'has both residents and apartments (give one)');
    if (estate.residents === undefined && estate.apartments === undefined) fail(`${at}.residents`, 'missing (give residents, or apartments)');
    if (estate.personsPerApartment !== undefined && estate.apartments === undefined) fail(`${at}.personsPerApartment`, 'is given without apartments');
    const result: {
      -readonly [K in keyof HousingEstate]: HousingEstate[K];
    } = { id };
    if (name !== undefined) result.name = name;
    if (estate.point !== undefined) result.point = position(estate.point, `${at}.point`);
    else result.polygon = polygon(estate.polygon, `${at}.polygon`);
    if (estate.residents !== undefined) result.residents = number(estate.residents, `${at}.residents`, { min: 0, what: 'a number of residents' });
    else {
      result.apartments = integer(estate.apartments, `${at}.apartments`, { min: 0, what: 'a number of apartments' });
      if (estate.personsPerApartment !== undefined) {
        const persons = number(estate.personsPerApartment, `${at}.personsPerApartment`, { min: 0, max: 20, what: 'persons per apartment' });
        if (persons === 0) fail(`${at}.personsPerApartment`, '0 is not a number of persons per apartment (give more than 0)');
        result.personsPerApartment = persons;
      }
    }
    if (estate.year !== undefined) result.year = integer(estate.year, `${at}.year`, { ...LIMITS.startYear, what: 'a year' });
    return result;
  });
}

/** The people an estate brings. */
export function estateResidents(estate: HousingEstate): number {
  return estate.residents ?? (estate.apartments ?? 0) * (estate.personsPerApartment ?? DEFAULT_PERSONS_PER_APARTMENT);
}

function position(value: unknown, field: string): [number, number] {
  const list = array(value, field);
  if (list.length !== 2) fail(field, `${show(value)} is not a [longitude, latitude] pair`);
  return [
    number(list[0], `${field}[0]`, { min: -180, max: 180, what: 'a longitude' }),
    number(list[1], `${field}[1]`, { min: -90, max: 90, what: 'a latitude' }),
  ];
}

function polygon(value: unknown, field: string): Position[][] {
  const rings = array(value, field);
  if (rings.length === 0) fail(field, 'has no rings (give the outer ring, then any holes)');
  const result = rings.map((ring, r) => {
    const at = `${field}[${r}]`;
    const positions = array(ring, at);
    // RFC 7946 3.1.6: a ring is closed and has at least four positions.
    if (positions.length < 4) fail(at, `has ${positions.length} positions; a ring needs at least 4, the last repeating the first`);
    const points = positions.map((p, k) => position(p, `${at}[${k}]`));
    const first = points[0];
    const last = points[points.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) fail(at, `is not closed: it starts at ${show(first)} but ends at ${show(last)}`);
    return points;
  });
  if (ringArea(result[0], (p) => p[0], (p) => p[1]) === 0) fail(`${field}[0]`, 'encloses no area');
  return result;
}

/** Where the estates' people live, and from when. */
export interface HousingDemand {
  /**
   * The city with a demand point appended for every place an estate covers
   * that no demand point held (empty land: new districts). Appended points
   * come after the city's own, have no people of their own (residents,
   * children and households 0) and lie on the population grid where there is
   * one (a cell's centre), so cells.ts infers the same grid. The same object
   * when nothing was appended.
   */
  readonly city: CityData;
  /**
   * Per period (one per year of `years`; one without phases), per demand point
   * of `city`: the people the estates add in that period. Periods where no
   * estate starts share the previous period's arrays: read them, never write.
   */
  readonly added: { readonly residents: readonly Float64Array[]; readonly children: readonly Float64Array[]; readonly households: readonly Float64Array[] };
  /** Per estate, in order: what it adds, from which period (null: after the plan's last year, so never) and where (points of `city`, with each one's share). */
  readonly estates: readonly EstatePlacement[];
}

export interface EstatePlacement {
  readonly id: string;
  readonly residents: number;
  readonly children: number;
  readonly households: number;
  readonly period: number | null;
  readonly points: readonly number[];
  readonly shares: readonly number[];
}

/**
 * How estates add demand. `years` are the plan's years (one per phase), or
 * null without phases: then every estate counts at once. An estate adds
 * nothing before its year and all of it from the first period whose year is
 * its year or later; an estate without a year counts from the first period.
 * Children and households are the city's own ratios to residents (its
 * totals), except that an estate given in apartments brings one household
 * per apartment.
 *
 * Where its people live:
 * - On a population grid (cells.ts infers one): a point estate goes to the
 *   cell holding it; a polygon is spread over the cells it overlaps in
 *   proportion to the overlapping area. A cell with no demand point (empty
 *   land) gets a new one at its centre.
 * - On scattered points (no grid): a point estate is a new demand point where
 *   it stands; a polygon is shared equally by the demand points inside it, or
 *   is one new point inside it (its centroid where that lies inside) when
 *   none is.
 * A new point belongs to the district holding it, else to the estate's. An
 * estate outside every district (its point, or a point inside its polygon)
 * is refused with its field.
 */
export function withHousing(city: CityData, estates: readonly HousingEstate[], years: readonly number[] | null, field = 'housing'): HousingDemand {
  const { demand, projection } = city;
  const periods = years === null ? 1 : years.length;
  let residentsTotal = 0;
  let childrenTotal = 0;
  let householdsTotal = 0;
  for (let i = 0; i < demand.count; i++) {
    residentsTotal += demand.residents[i];
    childrenTotal += demand.children[i];
    householdsTotal += demand.households[i];
  }
  // A city without residents has no ratios of its own: the project's planning defaults (src/io/import/attributes.ts).
  const childShare = residentsTotal > 0 ? childrenTotal / residentsTotal : 0.17;
  const householdShare = residentsTotal > 0 ? householdsTotal / residentsTotal : 1 / DEFAULT_PERSONS_PER_APARTMENT;

  const cells = cityCells(city);
  const index = new PointIndex(demand.x, demand.y);
  const appended = new Appended(cells, demand.count, demand.ids);
  const placements = estates.map((estate, k): EstatePlacement => {
    const at = `${field}[${k}]`;
    const residents = estateResidents(estate);
    const period = estate.year === undefined || years === null ? 0 : years.findIndex((year) => year >= estate.year!);
    const counted = period >= 0 && periods > 0;
    const shape = estate.polygon ? projected(estate.polygon, projection) : null;
    const inside = shape ? interiorPoint(shape) : [projection.x(...estate.point!), projection.y(...estate.point!)];
    const lon = projection.lon(inside[0], inside[1]);
    const lat = projection.lat(inside[0], inside[1]);
    const home = districtOf(city, lon, lat);
    if (home < 0) throw new InputError(estate.polygon ? `${at}.polygon` : `${at}.point`, `${estate.polygon ? 'a point inside it, ' : ''}[${round(lon)}, ${round(lat)}], lies outside the city's districts`);
    const where = counted ? place(inside, shape, home, estate, at) : { points: [], shares: [] };
    return {
      id: estate.id,
      residents,
      children: residents * childShare,
      households: estate.apartments !== undefined ? estate.apartments : residents * householdShare,
      period: counted ? period : null,
      ...where,
    };
  });

  function place(inside: number[], shape: number[][][] | null, home: number, estate: HousingEstate, at: string): { points: number[]; shares: number[] } {
    const name = estate.name ?? '';
    const cellAt = (x: number, y: number): number => {
      const own = index.within(x, y, Math.min(cells!.x, cells!.y) / 4);
      if (own.length > 0) return own[0];
      return appended.find(x, y) ?? appended.add(x, y, `housing:${estate.id}`, name, home);
    };
    if (cells && !shape) {
      // The cell holding the point: on a rectangular lattice, the nearest point's cell when it has one.
      const [x, y] = inside;
      const near = index.nearest(x, y);
      if (near.index >= 0 && Math.abs(demand.x[near.index] - x) <= cells.x / 2 && Math.abs(demand.y[near.index] - y) <= cells.y / 2) return { points: [near.index], shares: [1] };
      const [cx, cy] = near.index >= 0 ? snap(demand.x[near.index], demand.y[near.index], x, y, cells) : [x, y];
      return { points: [cellAt(cx, cy)], shares: [1] };
    }
    if (cells && shape) {
      const near = index.nearest(inside[0], inside[1]);
      const [ax, ay] = near.index >= 0 ? [demand.x[near.index], demand.y[near.index]] : inside;
      const overlaps = cellOverlaps(shape, ax, ay, cells, at);
      const total = overlaps.reduce((sum, o) => sum + o.area, 0);
      if (!(total > 0)) {
        const [cx, cy] = snap(ax, ay, inside[0], inside[1], cells);
        return { points: [cellAt(cx, cy)], shares: [1] };
      }
      const points: number[] = [];
      const shares: number[] = [];
      for (const o of overlaps) {
        points.push(cellAt(o.x, o.y));
        shares.push(o.area / total);
      }
      return { points, shares };
    }
    if (shape) {
      const found = pointsInside(shape, index);
      if (found.length > 0) return { points: found, shares: found.map(() => 1 / found.length) };
    }
    // A point the city already has here (this estate's, appended when the city was prepared) is its home.
    const here = shape ? [] : index.within(inside[0], inside[1], 1);
    if (here.length > 0) return { points: [here[0]], shares: [1] };
    return { points: [appended.add(inside[0], inside[1], `housing:${estate.id}`, name, home)], shares: [1] };
  }

  const grown = appended.count === 0 ? city : appendPoints(city, appended);
  const n = grown.demand.count;
  const added = { residents: [] as Float64Array[], children: [] as Float64Array[], households: [] as Float64Array[] };
  for (let t = 0; t < periods; t++) {
    const starting = placements.filter((p) => p.period === t);
    if (t > 0 && starting.length === 0) {
      added.residents.push(added.residents[t - 1]);
      added.children.push(added.children[t - 1]);
      added.households.push(added.households[t - 1]);
      continue;
    }
    const residents = t > 0 ? Float64Array.from(added.residents[t - 1]) : new Float64Array(n);
    const children = t > 0 ? Float64Array.from(added.children[t - 1]) : new Float64Array(n);
    const households = t > 0 ? Float64Array.from(added.households[t - 1]) : new Float64Array(n);
    for (const p of starting) {
      p.points.forEach((i, m) => {
        residents[i] += p.residents * p.shares[m];
        children[i] += p.children * p.shares[m];
        households[i] += p.households * p.shares[m];
      });
    }
    added.residents.push(residents);
    added.children.push(children);
    added.households.push(households);
  }
  return { city: grown, added, estates: placements };
}

/** A period's weights with the estates' people added: `base[t] + added[t]` per demand point (base may be the city's weights before points were appended). */
export function plusHousing(base: readonly Float64Array[], added: readonly Float64Array[]): Float64Array[] {
  return base.map((weights, t) => Float64Array.from(added[t], (extra, i) => (i < weights.length ? weights[i] : 0) + extra));
}

/** Demand points appended on empty land: positions in projected metres, found again by their cell. */
class Appended {
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly ids: string[] = [];
  readonly names: string[] = [];
  readonly district: number[] = [];
  private readonly buckets = new Map<string, number[]>();
  private readonly used: Set<string>;

  /** `offset`: the city's own point count (appended points' indices follow); `taken`: its ids. */
  constructor(
    private readonly cells: CellSize | null,
    private readonly offset: number,
    taken: readonly string[],
  ) {
    this.used = new Set(taken);
  }

  get count(): number {
    return this.x.length;
  }

  /** An appended point within a quarter cell of (x, y) (the same cell's centre). */
  find(x: number, y: number): number | undefined {
    if (!this.cells) return undefined;
    const { x: sx, y: sy } = this.cells;
    const bx = Math.floor(x / sx);
    const by = Math.floor(y / sy);
    for (let a = bx - 1; a <= bx + 1; a++) {
      for (let b = by - 1; b <= by + 1; b++) {
        for (const m of this.buckets.get(`${a},${b}`) ?? []) if (Math.hypot(this.x[m] - x, this.y[m] - y) <= Math.min(sx, sy) / 4) return this.offset + m;
      }
    }
    return undefined;
  }

  /** Appends a point and returns its index in the grown city. */
  add(x: number, y: number, id: string, name: string, district: number): number {
    const m = this.x.length;
    let unique = id;
    for (let n = 2; this.used.has(unique); n++) unique = `${id}:${n}`;
    this.used.add(unique);
    this.x.push(x);
    this.y.push(y);
    this.ids.push(unique);
    this.names.push(name);
    this.district.push(district);
    if (this.cells) {
      const key = `${Math.floor(x / this.cells.x)},${Math.floor(y / this.cells.y)}`;
      this.buckets.set(key, [...(this.buckets.get(key) ?? []), m]);
    }
    return this.offset + m;
  }
}

function appendPoints(city: CityData, appended: Appended): CityData {
  const { demand, projection } = city;
  const lon = appended.x.map((x, m) => projection.lon(x, appended.y[m]));
  const lat = appended.x.map((x, m) => projection.lat(x, appended.y[m]));
  // The district of a new point: the one holding it, else its estate's.
  const district = appended.x.map((_, m) => {
    const own = districtOf(city, lon[m], lat[m]);
    return own >= 0 ? own : appended.district[m];
  });
  const zeros = new Float64Array(appended.count);
  const join = (a: Float64Array, b: ArrayLike<number>) => {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  const districts = new Uint8Array(demand.count + appended.count);
  districts.set(demand.district);
  districts.set(district, demand.count);
  return {
    ...city,
    demand: {
      count: demand.count + appended.count,
      ids: [...demand.ids, ...appended.ids],
      names: [...demand.names, ...appended.names],
      lon: join(demand.lon, lon),
      lat: join(demand.lat, lat),
      x: join(demand.x, appended.x),
      y: join(demand.y, appended.y),
      district: districts,
      residents: join(demand.residents, zeros),
      children: join(demand.children, zeros),
      households: join(demand.households, zeros),
      properties: Object.fromEntries(Object.entries(demand.properties).map(([name, values]) => [name, join(values, zeros)])),
    },
  };
}

/** The centre of the lattice cell holding (x, y), the lattice anchored at a grid point (ax, ay). */
function snap(ax: number, ay: number, x: number, y: number, cells: CellSize): [number, number] {
  return [ax + Math.round((x - ax) / cells.x) * cells.x, ay + Math.round((y - ay) / cells.y) * cells.y];
}

/** The lattice cells a polygon overlaps (anchored at a grid point) and the overlap's area, square metres. */
function cellOverlaps(shape: number[][][], ax: number, ay: number, cells: CellSize, field: string): { x: number; y: number; area: number }[] {
  const [minX, minY, maxX, maxY] = outerBox(shape);
  const { x: sx, y: sy } = cells;
  const i0 = Math.ceil((minX - ax) / sx - 0.5);
  const i1 = Math.floor((maxX - ax) / sx + 0.5);
  const j0 = Math.ceil((minY - ay) / sy - 0.5);
  const j1 = Math.floor((maxY - ay) / sy + 0.5);
  const count = (i1 - i0 + 1) * (j1 - j0 + 1);
  if (count > MAX_ESTATE_CELLS) fail(`${field}.polygon`, `spans ${count} cells of the population grid (at most ${MAX_ESTATE_CELLS}); give a smaller estate`);
  const result: { x: number; y: number; area: number }[] = [];
  for (let i = i0; i <= i1; i++) {
    for (let j = j0; j <= j1; j++) {
      const x = ax + i * sx;
      const y = ay + j * sy;
      const box = [x - sx / 2, y - sy / 2, x + sx / 2, y + sy / 2];
      let area = 0;
      shape.forEach((ring, r) => {
        const part = Math.abs(ringArea(clip(ring, box), (p) => p[0], (p) => p[1]));
        area += r === 0 ? part : -part;
      });
      // Slivers along the polygon's edges (where it follows cell edges that the lattice, projected, misses by centimetres) are dropped.
      if (area > SLIVER * sx * sy) result.push({ x, y, area });
    }
  }
  return result;
}

/** A ring clipped to a box [minX, minY, maxX, maxY] (Sutherland-Hodgman: exact for the area, since the box is convex). */
function clip(ring: number[][], box: number[]): number[][] {
  let points = ring;
  for (let side = 0; side < 4 && points.length > 0; side++) {
    const axis = side % 2;
    const limit = box[side];
    const keep = (p: number[]) => (side < 2 ? p[axis] >= limit : p[axis] <= limit);
    const out: number[][] = [];
    for (let k = 0; k < points.length; k++) {
      const a = points[k];
      const b = points[(k + 1) % points.length];
      if (keep(a)) out.push(a);
      if (keep(a) !== keep(b)) {
        const t = (limit - a[axis]) / (b[axis] - a[axis]);
        out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
      }
    }
    points = out;
  }
  return points;
}

/** The shoelace area of a ring (signed; closed or not). */
function ringArea<P>(ring: readonly P[], x: (p: P) => number, y: (p: P) => number): number {
  let sum = 0;
  for (let k = 0; k < ring.length; k++) {
    const a = ring[k];
    const b = ring[(k + 1) % ring.length];
    sum += x(a) * y(b) - x(b) * y(a);
  }
  return sum / 2;
}

function projected(rings: Polygon['coordinates'], projection: CityData['projection']): number[][][] {
  return rings.map((ring) => ring.map(([lon, lat]) => [projection.x(lon, lat), projection.y(lon, lat)]));
}

/** Whether (x, y) is inside the polygon (outer ring, not in a hole): even-odd over all rings. */
function insidePolygon(shape: number[][][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of shape) {
    for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
      const [xk, yk] = ring[k];
      const [xm, ym] = ring[m];
      if (yk > y !== ym > y && x < ((xm - xk) * (y - yk)) / (ym - yk) + xk) inside = !inside;
    }
  }
  return inside;
}

/** A point inside the polygon: its area centroid where that is inside, else the middle of the widest span across it at the centroid's northing. */
function interiorPoint(shape: number[][][]): [number, number] {
  let area = 0;
  let cx = 0;
  let cy = 0;
  shape.forEach((ring, r) => {
    const a = ringArea(ring, (p) => p[0], (p) => p[1]);
    const sign = r === 0 ? Math.sign(a) : -Math.sign(a);
    let sx = 0;
    let sy = 0;
    for (let k = 0; k < ring.length; k++) {
      const p = ring[k];
      const q = ring[(k + 1) % ring.length];
      const cross = p[0] * q[1] - q[0] * p[1];
      sx += (p[0] + q[0]) * cross;
      sy += (p[1] + q[1]) * cross;
    }
    // Each ring's first moment, over 6; holes subtract.
    area += sign * a;
    cx += (sign * sx) / 6;
    cy += (sign * sy) / 6;
  });
  const centroid: [number, number] = area !== 0 ? [cx / area, cy / area] : [shape[0][0][0], shape[0][0][1]];
  if (insidePolygon(shape, ...centroid)) return centroid;
  const y = centroid[1];
  const crossings: number[] = [];
  for (const ring of shape) {
    for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
      const [xk, yk] = ring[k];
      const [xm, ym] = ring[m];
      if (yk > y !== ym > y) crossings.push(((xm - xk) * (y - yk)) / (ym - yk) + xk);
    }
  }
  crossings.sort((a, b) => a - b);
  let best: [number, number] = centroid;
  let width = -1;
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    if (crossings[k + 1] - crossings[k] > width) {
      width = crossings[k + 1] - crossings[k];
      best = [(crossings[k] + crossings[k + 1]) / 2, y];
    }
  }
  return best;
}

/** The bounding box of a polygon's outer ring: [minX, minY, maxX, maxY]. */
function outerBox(shape: number[][][]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of shape[0]) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/** Demand points inside a polygon. */
function pointsInside(shape: number[][][], index: PointIndex): number[] {
  const [minX, minY, maxX, maxY] = outerBox(shape);
  const radius = Math.hypot(maxX - minX, maxY - minY) / 2;
  return index
    .within((minX + maxX) / 2, (minY + maxY) / 2, radius)
    .filter((i) => insidePolygon(shape, index.x[i], index.y[i]))
    .sort((a, b) => a - b);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * The city a scenario plans on, with a demand point (of no people of its own)
 * wherever an estate stands on land the population layer leaves empty: the
 * map, the candidates and the plan then share one list of demand points.
 * Preparing twice changes nothing.
 */
export function housingCity(city: CityData, estates: readonly HousingEstate[] | undefined): CityData {
  return estates && estates.length > 0 ? withHousing(city, estates, null).city : city;
}

/**
 * The city a scenario plans on, from its package's layers: the scenario's imports laid over them, its estates'
 * points, and its public transport (the feed's day in `files.transitFeed`, and the drawn lines). The command
 * line's way; the app's worker keeps the steps apart to cache them.
 */
export function scenarioCity(files: CityFiles, scenario: { readonly imported?: ImportedData; readonly housing?: readonly HousingEstate[]; readonly transit?: TransitSettings; readonly detourFactor?: number }): CityData {
  const city = housingCity(parseCity(withImports(files, scenario.imported)), scenario.housing);
  if (!hasTransit(scenario.transit)) return city;
  if (scenario.transit.gtfs !== undefined && !files.transitFeed) throw new Error(`the scenario's GTFS feed ${JSON.stringify(scenario.transit.gtfs)} was not read with its city`);
  return { ...city, transit: cityTransit(city.projection, scenario.transit, files.transitFeed ?? null, scenario.detourFactor ?? 1.25) };
}
