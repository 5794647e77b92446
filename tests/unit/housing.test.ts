import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/instance/errors';
import { cityCells } from '../../src/plan/cells';
import { parseCity, type CityData } from '../../src/plan/city';
import { buildPlanProblem } from '../../src/plan/problem';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { DEFAULT_PERSONS_PER_APARTMENT, estateResidents, parseHousing, plusHousing, withHousing, type HousingEstate } from '../../src/plan/housing';

/**
 * A city of two districts side by side: "old" holds a 10 x 10 population
 * grid of 100 m cells; "new", east of it, is empty land (no demand point).
 */
const LON0 = 76.9;
const LAT0 = 43.25;
// 100 m in degrees at 43.25°N.
const D_LAT = 100 / 111_100.6;
const D_LON = 100 / 81_181.9;
const SIDE = 10;
const YEARS = [2026, 2027, 2028, 2029, 2030];

/** Degrees of a point given in cells from the grid's first point. */
function at(a: number, b: number): [number, number] {
  return [LON0 + a * D_LON, LAT0 + b * D_LAT];
}

function box(a0: number, b0: number, a1: number, b1: number): [number, number][] {
  return [at(a0, b0), at(a1, b0), at(a1, b1), at(a0, b1), at(a0, b0)];
}

function district(id: string, ring: [number, number][]) {
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id, name_kk: id, name_ru: id, name_en: id, population: 1 } };
}

function city(grid = true): CityData {
  const features = [];
  for (let a = 0; a < SIDE; a++) {
    for (let b = 0; b < SIDE; b++) {
      // Scattered points: the same count, jittered off any lattice.
      const [lon, lat] = grid ? at(a, b) : at(a + ((a * 7 + b * 3) % 5) / 7, b + ((a * 5 + b * 11) % 7) / 9);
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id: `c${a}_${b}`, district: 'old', pop: 300, pop_6_17: 60, households: 100 } });
    }
  }
  const empty = { type: 'FeatureCollection', features: [] };
  return parseCity({
    districts: { type: 'FeatureCollection', features: [district('old', box(-0.5, -0.5, SIDE - 0.5, SIDE - 0.5)), district('new', box(SIDE - 0.5, -0.5, SIDE + 19.5, SIDE - 0.5))] },
    population: { type: 'FeatureCollection', features },
    schools: empty,
    health: empty,
    exclusions: empty,
  });
}

const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);

describe('parseHousing', () => {
  it('reads points, polygons, residents and apartments', () => {
    const estates = parseHousing([
      { id: 'a', name: 'Alatau City', point: at(3, 3), residents: 5000, year: 2028 },
      { id: 'b', polygon: [box(1, 1, 3, 2)], apartments: 1000, personsPerApartment: 2.8 },
      { id: 'c', point: at(1, 1), apartments: 100 },
    ]);
    expect(estates[0]).toEqual({ id: 'a', name: 'Alatau City', point: at(3, 3), residents: 5000, year: 2028 });
    expect(estates.map(estateResidents)).toEqual([5000, 2800, 100 * DEFAULT_PERSONS_PER_APARTMENT]);
    expect(DEFAULT_PERSONS_PER_APARTMENT).toBe(3.3);
  });

  it.each([
    [{ id: 'x', point: [76.9, 43.2], residents: 10, year: 2027.5 }, 'housing[2].year: 2027.5 is not a whole number'],
    [{ id: 'x', point: [76.9, 43.2], residents: 10, year: 1850 }, 'housing[2].year: 1850 is below 2000 (a year must be >= 2000)'],
    [{ id: 'a', point: [76.9, 43.2], residents: 10 }, 'housing[2].id: "a" is also the id of housing[0]'],
    [{ point: [76.9, 43.2], residents: 10 }, 'housing[2].id: missing'],
    [{ id: 'x', residents: 10 }, 'housing[2].point: missing (give a point [lon, lat] or a polygon)'],
    [{ id: 'x', point: [76.9, 43.2], polygon: [box(0, 0, 1, 1)], residents: 10 }, 'housing[2]: has both a point and a polygon'],
    [{ id: 'x', point: [76.9, 43.2] }, 'housing[2].residents: missing (give residents, or apartments)'],
    [{ id: 'x', point: [76.9, 43.2], residents: 10, apartments: 3 }, 'housing[2]: has both residents and apartments'],
    [{ id: 'x', point: [76.9, 43.2], residents: -10 }, 'housing[2].residents: -10 is negative'],
    [{ id: 'x', point: [76.9, 43.2], apartments: 12.5 }, 'housing[2].apartments: 12.5 is not a whole number'],
    [{ id: 'x', point: [76.9, 43.2], apartments: 12, personsPerApartment: 0 }, 'housing[2].personsPerApartment: 0 is not a number of persons per apartment'],
    [{ id: 'x', point: [76.9, 43.2], residents: 10, personsPerApartment: 3 }, 'housing[2].personsPerApartment: is given without apartments'],
    [{ id: 'x', point: [76.9, 95], residents: 10 }, 'housing[2].point[1]: 95 is above 90'],
    [{ id: 'x', point: [76.9], residents: 10 }, 'housing[2].point: [76.9] is not a [longitude, latitude] pair'],
    [{ id: 'x', polygon: [[at(0, 0), at(1, 0), at(1, 1), at(0, 1)]], residents: 10 }, 'housing[2].polygon[0]: is not closed'],
    [{ id: 'x', polygon: [[at(0, 0), at(1, 0), at(0, 0)]], residents: 10 }, 'housing[2].polygon[0]: has 3 positions'],
    [{ id: 'x', polygon: [[at(0, 0), at(1, 0), at(2, 0), at(0, 0)]], residents: 10 }, 'housing[2].polygon[0]: encloses no area'],
    [{ id: 'x', point: [76.9, 43.2], residents: 10, floors: 9 }, 'housing[2].floors: is not a field of housing[2]'],
    ['x', 'housing[2]: expected an object, found "x"'],
  ])('refuses %j naming the field and value', (bad, text) => {
    const list = [{ id: 'a', point: [76.9, 43.2], residents: 1 }, { id: 'b', point: [76.9, 43.2], residents: 1 }, bad];
    expect(() => parseHousing(list)).toThrow(InputError);
    expect(() => parseHousing(list)).toThrow(text);
  });

  it('refuses a value that is not a list, under the field it was given', () => {
    expect(() => parseHousing({ id: 'a' }, 'scenario.housing')).toThrow('scenario.housing: expected a list, found {"id":"a"}');
  });
});

describe('withHousing', () => {
  it('adds an estate in its year and not before', () => {
    const base = city();
    const [estate] = parseHousing([{ id: 'a', point: at(3, 4), residents: 5000, year: 2028 }]);
    const { city: grown, added, estates } = withHousing(base, [estate], YEARS);
    expect(grown).toBe(base);
    const cell = base.demand.ids.indexOf('c3_4');
    expect(estates[0]).toMatchObject({ period: 2, points: [cell], shares: [1] });
    expect(added.residents.map((period) => period[cell])).toEqual([0, 0, 5000, 5000, 5000]);
    expect(added.residents.map(sum)).toEqual([0, 0, 5000, 5000, 5000]);
    // The city's own ratios: 60 children and 100 households per 300 residents.
    expect(added.children[4][cell]).toBeCloseTo(1000, 9);
    expect(added.households[4][cell]).toBeCloseTo(5000 / 3, 9);
  });

  it('counts an estate of a year before the plan from its first year, one after it never, and every estate at once without phases', () => {
    const estates = parseHousing([
      { id: 'early', point: at(1, 1), residents: 100, year: 2020 },
      { id: 'late', point: at(2, 2), residents: 200, year: 2040 },
      { id: 'soon', point: at(3, 3), residents: 400 },
    ]);
    const phased = withHousing(city(), estates, YEARS);
    expect(phased.estates.map((e) => e.period)).toEqual([0, null, 0]);
    expect(phased.added.residents.map(sum)).toEqual([500, 500, 500, 500, 500]);
    const once = withHousing(city(), estates, null);
    expect(once.added.residents).toHaveLength(1);
    expect(sum(once.added.residents[0])).toBe(700);
  });

  it('brings apartments times persons, one household per apartment', () => {
    const estates = parseHousing([
      { id: 'a', point: at(5, 5), apartments: 1000, personsPerApartment: 2.5 },
      { id: 'b', point: at(6, 6), apartments: 1000 },
    ]);
    const { added, estates: placed } = withHousing(city(), estates, null);
    expect(placed.map((e) => e.residents)).toEqual([2500, 3300]);
    expect(placed.map((e) => e.households)).toEqual([1000, 1000]);
    expect(sum(added.residents[0])).toBeCloseTo(5800, 9);
    expect(sum(added.households[0])).toBeCloseTo(2000, 9);
  });

  it("spreads a polygon's residents over the cells it overlaps by area, conserving them", () => {
    const base = city();
    // From cell 2's middle to cell 5's east edge (3.5 cells) and over two cells north: 7 cells' area, halves at the west edge.
    const [estate] = parseHousing([{ id: 'p', polygon: [box(2, 2.5, 5.5, 4.5)], residents: 7000, year: 2027 }]);
    const { city: grown, added, estates } = withHousing(base, [estate], YEARS);
    expect(grown).toBe(base);
    expect(sum(added.residents[0])).toBe(0);
    for (const t of [1, 2, 3, 4]) expect(sum(added.residents[t])).toBeCloseTo(7000, 6);
    const share = (id: string) => added.residents[1][base.demand.ids.indexOf(id)];
    // Each whole cell holds 1,000 people (7,000 over 7 cells), the half cells of column 2 500; up to the grid's tiny departures from a lattice.
    expect(share('c3_3')).toBeCloseTo(1000, -1);
    expect(share('c5_4')).toBeCloseTo(1000, -1);
    expect(share('c2_3')).toBeCloseTo(500, -1);
    expect(share('c2_4')).toBeCloseTo(500, -1);
    expect(share('c3_2')).toBe(0);
    expect(share('c6_3')).toBe(0);
    expect(estates[0].points).toHaveLength(8);
    expect(estates[0].shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('leaves out the holes of a polygon', () => {
    const base = city();
    // Cells 2-6 by 2-6 (25 cells' area) around a park of cells 3-5 by 3-5 (9 cells): 16 cells of 100 people.
    const [estate] = parseHousing([{ id: 'ring', polygon: [box(1.5, 1.5, 6.5, 6.5), box(2.5, 2.5, 5.5, 5.5).reverse()], residents: 1600 }]);
    const { added } = withHousing(base, [estate], null);
    const at = (id: string) => added.residents[0][base.demand.ids.indexOf(id)];
    expect(sum(added.residents[0])).toBeCloseTo(1600, 6);
    expect(at('c2_2')).toBeCloseTo(100, -1);
    expect(at('c6_4')).toBeCloseTo(100, -1);
    expect(at('c4_4')).toBe(0);
  });

  it('counts an estate on empty land: a new demand point on the grid, in the district holding it', () => {
    const base = city();
    const [point, polygon] = parseHousing([
      { id: 'east', point: at(14.2, 3.1), residents: 2000, year: 2029 },
      // Six cells of empty land (columns 10-12, rows 6-7), plus a quarter of the old district's last column.
      { id: 'field', polygon: [box(SIDE - 0.75, 5.5, SIDE + 2.5, 7.5)], residents: 3250 },
    ]);
    const { city: grown, added, estates } = withHousing(base, [point, polygon], YEARS);
    const n = base.demand.count;
    expect(grown.demand.count).toBe(n + 1 + 6);
    expect(grown.demand.ids.slice(n)).toEqual(['housing:east', 'housing:field', 'housing:field:2', 'housing:field:3', 'housing:field:4', 'housing:field:5', 'housing:field:6']);
    // The new points have no people of their own: the estates' come per period.
    expect(grown.demand.residents.slice(n).every((r) => r === 0)).toBe(true);
    expect([...grown.demand.district.slice(n)].every((d) => grown.districts[d].id === 'new')).toBe(true);
    // The point estate's cell is the centre of grid cell (14, 3).
    expect(grown.demand.lon[n]).toBeCloseTo(at(14, 3)[0], 6);
    expect(grown.demand.lat[n]).toBeCloseTo(at(14, 3)[1], 6);
    expect(estates[0]).toMatchObject({ period: 3, points: [n], shares: [1] });
    expect(added.residents.map((period) => period[n])).toEqual([0, 0, 0, 2000, 2000]);
    expect(added.residents[0]).toHaveLength(n + 7);
    expect(sum(added.residents[0])).toBeCloseTo(3250, 6);
    expect(sum(added.residents[4])).toBeCloseTo(5250, 6);
    // 6.5 cells' area: each whole cell 500, the old column's quarter cells 125 each.
    expect(added.residents[0][base.demand.ids.indexOf('c9_6')]).toBeCloseTo(125, -1);
    expect(added.residents[0][n + 1]).toBeCloseTo(500, -1);
    // The grid is still the grid (cells.ts infers it from the points).
    const before = cityCells(base)!;
    const after = cityCells(grown)!;
    expect(after.x).toBeCloseTo(before.x, 6);
    expect(after.y).toBeCloseTo(before.y, 6);
    // The planner's model takes the grown city: container sites (a 100 m norm) split its 100 m cells, new ones too.
    const scenario = defaultScenario();
    const containers: Scenario = { ...scenario, facilities: { ...scenario.facilities, school: { ...scenario.facilities.school, enabled: false }, polyclinic: { ...scenario.facilities.polyclinic, enabled: false } } };
    const [problem] = buildPlanProblem(grown, containers).types;
    expect(problem.pairStart).toHaveLength(n + 8);
    expect(problem.pieces!.start).toHaveLength(n + 8);
    // Point estates landing in a cell already appended share it.
    const again = withHousing(base, parseHousing([{ id: 'x', point: at(14.2, 3.1), residents: 1 }, { id: 'y', point: at(13.8, 2.7), residents: 1 }]), null);
    expect(again.city.demand.count).toBe(n + 1);
    expect(sum(again.added.residents[0])).toBe(2);
  });

  it('refuses an estate outside every district, naming its field', () => {
    const estates = parseHousing([{ id: 'ok', point: at(1, 1), residents: 1 }, { id: 'far', point: at(-20, 3), residents: 10 }]);
    expect(() => withHousing(city(), estates, YEARS)).toThrow(/^housing\[1\]\.point: \[76\.87\d*, 43\.25\d*\], lies outside the city's districts$/);
    const polygons = parseHousing([{ id: 'far', polygon: [box(-20, 0, -18, 2)], residents: 10 }]);
    expect(() => withHousing(city(), polygons, YEARS, 'scenario.housing')).toThrow("scenario.housing[0].polygon: a point inside it, [");
  });

  it('on scattered points: a point estate is a new point where it stands; a polygon goes to the points inside it, or to a new one', () => {
    const base = city(false);
    expect(cityCells(base)).toBeNull();
    const estates = parseHousing([
      { id: 'a', point: at(3.3, 3.3), residents: 100 },
      { id: 'b', polygon: [box(1, 1, 4, 4)], residents: 900 },
      { id: 'c', polygon: [box(15, 1, 16, 2)], residents: 50 },
    ]);
    const { city: grown, added, estates: placed } = withHousing(base, estates, null);
    const n = base.demand.count;
    expect(grown.demand.count).toBe(n + 2);
    expect(grown.demand.lon[n]).toBeCloseTo(at(3.3, 3.3)[0], 9);
    const inside = placed[1].points;
    expect(inside.length).toBeGreaterThan(3);
    expect(inside.every((i) => i < n)).toBe(true);
    expect(placed[1].shares.every((s) => s === 1 / inside.length)).toBe(true);
    expect(placed[2].points).toEqual([n + 1]);
    expect(grown.demand.lon[n + 1]).toBeCloseTo(at(15.5, 1.5)[0], 6);
    expect(sum(added.residents[0])).toBeCloseTo(1050, 9);
  });

  it("adds to the planner's weights per period, base arrays shorter than the grown city's", () => {
    const base = [Float64Array.of(1, 2), Float64Array.of(3, 4)];
    expect(plusHousing(base, [Float64Array.of(0, 0, 5), Float64Array.of(1, 0, 5)])).toEqual([Float64Array.of(1, 2, 5), Float64Array.of(4, 4, 5)]);
  });

  it('leaves the city and the demand alone without estates', () => {
    const base = city();
    const none = withHousing(base, [] as HousingEstate[], YEARS);
    expect(none.city).toBe(base);
    expect(none.added.residents.map(sum)).toEqual([0, 0, 0, 0, 0]);
  });
});
