import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/engine/seededRandom';
import { sitesCsv, SITE_COLUMNS } from '../../src/io/export/csv';
import { planToGeoJson } from '../../src/io/export/geojson';
import { legendRows } from '../../src/io/export/image/legend';
import { decodeShare, encodeShare, sharedPlanOf } from '../../src/io/link/shareLink';
import { extensionLines } from '../../src/cli/summary';
import { generateCandidates } from '../../src/plan/candidates';
import { parseCity, type CityData } from '../../src/plan/city';
import { parseScenario } from '../../src/plan/parseScenario';
import { buildPlanProblem } from '../../src/plan/problem';
import { defaultScenario, type FacilityType, type Scenario } from '../../src/plan/scenario';
import { PRESETS } from '../../src/plan/presets';

const DEFAULT_EXTENSIONS = { school: PRESETS.school.settings.extension, polyclinic: PRESETS.polyclinic.settings.extension };
import { solvePlan, type PlanResult } from '../../src/plan/solvePlan';
import { nodeSolver } from '../../src/solvers/node';
import { demoCity } from './city';

const LON0 = 71.43;
const LAT0 = 51.13;
const dLon = 1 / (111_320 * Math.cos((LAT0 * Math.PI) / 180));
const dLat = 1 / 111_320;
const at = (x: number, y: number): [number, number] => [LON0 + x * dLon, LAT0 + y * dLat];

interface Spec {
  /** Demand points: x, y (metres), children. */
  demand: [number, number, number][];
  /** Existing state schools: x, y, capacity. */
  schools: [number, number, number][];
  /** Existing polyclinics (hospitals): x, y. */
  clinics?: [number, number][];
}

/** A one-district city in projected metres around (0, 0), the district a 20 km square. */
function smallCity(spec: Spec): CityData {
  const point = (x: number, y: number, properties: Record<string, unknown>): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(x, y) }, properties });
  const square = [at(-10_000, -10_000), at(10_000, -10_000), at(10_000, 10_000), at(-10_000, 10_000), at(-10_000, -10_000)];
  return parseCity({
    districts: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square] }, properties: { id: 'd', name_en: 'D', name_ru: 'Д', name_kk: 'Д', population: 1 } }] },
    // A point at the origin keeps the projection's centre there (parseCity centres it on the population).
    population: { type: 'FeatureCollection', features: spec.demand.map(([x, y, children], k) => point(x, y, { id: `p${k}`, district: 'd', pop: children * 5, pop_6_17: children, households: 1 })) },
    schools: { type: 'FeatureCollection', features: spec.schools.map(([x, y, capacity], k) => point(x, y, { id: `s${k}`, name: `School ${k + 1}`, district: 'd', kind: 'state', capacity })) },
    health: { type: 'FeatureCollection', features: (spec.clinics ?? []).map(([x, y], k) => point(x, y, { id: `h${k}`, name: `Clinic ${k + 1}`, district: 'd' })) },
    exclusions: { type: 'FeatureCollection', features: [] },
  });
}

/** Schools only, straight-line norm of `radius` metres, capacitated coverage, the given budget and extension. */
function schoolScenario(budget: number, extension: { places: number; cost: number } | null, radius = 1500, spacing = 1000): Scenario {
  const base = defaultScenario();
  const off = (type: FacilityType) => ({ ...base.facilities[type], enabled: false });
  return {
    ...base,
    routing: 'straight',
    gap: 0,
    facilities: {
      school: {
        ...base.facilities.school,
        normKind: 'distance',
        normMetres: radius,
        candidateSpacing: spacing,
        budget,
        extension: extension ? { enabled: true, ...extension } : DEFAULT_EXTENSIONS.school,
      },
      polyclinic: off('polyclinic'),
      container: off('container'),
    },
  };
}

/** Max flow (people served) from demand to open sites within the radius: augmenting paths on a tiny graph. */
function maxServed(weights: number[], capacities: number[], reaches: (i: number, j: number) => boolean): number {
  const m = weights.length;
  const n = capacities.length;
  const size = m + n + 2;
  const source = m + n;
  const sink = m + n + 1;
  const cap = Array.from({ length: size }, () => new Float64Array(size));
  for (let i = 0; i < m; i++) cap[source][i] = weights[i];
  for (let j = 0; j < n; j++) cap[m + j][sink] = capacities[j];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (reaches(i, j)) cap[i][m + j] = Infinity;
  let total = 0;
  for (;;) {
    const parent = new Int32Array(size).fill(-1);
    parent[source] = source;
    const queue = [source];
    while (queue.length > 0 && parent[sink] < 0) {
      const u = queue.shift()!;
      for (let v = 0; v < size; v++) if (parent[v] < 0 && cap[u][v] > 1e-12) (parent[v] = u), queue.push(v);
    }
    if (parent[sink] < 0) return total;
    let push = Infinity;
    for (let v = sink; v !== source; v = parent[v]) push = Math.min(push, cap[parent[v]][v]);
    for (let v = sink; v !== source; v = parent[v]) {
      cap[parent[v]][v] -= push;
      cap[v][parent[v]] += push;
    }
    total += push;
  }
}

/**
 * The best coverage by enumeration: every subset of the new sites and of the
 * extensions within the budget. An extension is counted as more capacity at
 * the existing school (not as a site of its own, as the model has it), so the
 * two formulations check each other.
 */
function bruteForce(city: CityData, scenario: Scenario): number {
  return enumerate(city, scenario).reduce((best, plan) => (plan.cost <= scenario.facilities.school.budget + 1e-6 ? Math.max(best, plan.served) : best), 0);
}

/** The least cost of covering the target share by enumeration (null: no plan covers it). */
function bruteForceCost(city: CityData, scenario: Scenario): number | null {
  const need = scenario.targetShare * city.demand.children.reduce((a, b) => a + b, 0) - 1e-6;
  return enumerate(city, scenario).reduce<number | null>((best, plan) => (plan.served >= need && (best === null || plan.cost < best) ? plan.cost : best), null);
}

/** Every subset of the new sites and extensions, with its cost and the people it serves. */
function enumerate(city: CityData, scenario: Scenario): { cost: number; served: number }[] {
  const settings = scenario.facilities.school;
  const grid = generateCandidates(city, { ...scenario, facilities: { ...scenario.facilities, school: { ...settings, extension: DEFAULT_EXTENSIONS.school } } });
  const weights = Array.from(city.demand.children);
  const existing = city.schools.count;
  const options = [...grid.map((c) => ({ cost: settings.unitCost, site: -1, x: c.x, y: c.y })), ...Array.from({ length: existing }, (_, j) => ({ cost: settings.extension.cost, site: j, x: 0, y: 0 }))];
  const plans: { cost: number; served: number }[] = [];
  for (let mask = 0; mask < 1 << options.length; mask++) {
    let cost = 0;
    const capacities = Array.from(city.schools.capacity);
    const xs = Array.from(city.schools.x);
    const ys = Array.from(city.schools.y);
    options.forEach((option, k) => {
      if (!(mask & (1 << k))) return;
      cost += option.cost;
      if (option.site >= 0) capacities[option.site] += settings.extension.places;
      else capacities.push(settings.capacity), xs.push(option.x), ys.push(option.y);
    });
    plans.push({ cost, served: maxServed(weights, capacities, (i, j) => Math.hypot(xs[j] - city.demand.x[i], ys[j] - city.demand.y[i]) <= settings.normMetres) });
  }
  return plans;
}

const highs = nodeSolver('highs');
const covered = (result: PlanResult) => result.kpis!.types[0].covered;

/** Two clusters 6 km apart, each with 400 children around an existing school of 100 places. */
function twoClusters(): CityData {
  const demand: [number, number, number][] = [];
  for (const cx of [-3000, 3000]) for (const [dx, dy] of [[0, 0], [100, 0], [0, 100], [-100, -100]]) demand.push([cx + dx, dy, 100]);
  return smallCity({ demand, schools: [[-3000, 100, 100], [3000, 100, 100]] });
}

describe('extensions of existing facilities', () => {
  it('the optimum equals brute force over new sites and extensions (capacitated coverage within the budget, and least cost)', async () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 6; trial++) {
      const demand: [number, number, number][] = [[0, 0, 0]];
      for (let i = 0; i < 7; i++) demand.push([Math.round(-2000 + 4000 * random()), Math.round(-2000 + 4000 * random()), Math.round(50 + 400 * random())]);
      const schools: [number, number, number][] = Array.from({ length: 3 }, () => [Math.round(-1800 + 3600 * random()), Math.round(-1800 + 3600 * random()), Math.round(50 + 250 * random())]);
      const city = smallCity({ demand, schools });
      const extension = { places: Math.round(100 + 300 * random()), cost: Math.round((0.6 + 2 * random()) * 1e9) };
      const scenario = { ...schoolScenario(Math.round((2 + 8 * random()) * 1e9), extension, 1200, 2000), name: `trial ${trial}` };
      const candidates = generateCandidates(city, scenario);
      expect(candidates.filter((c) => c.extends !== undefined)).toHaveLength(3);
      expect(candidates.length).toBeLessThanOrEqual(14);
      const result = await solvePlan(city, scenario, highs);
      expect(result.status).toBe('optimal');
      expect(covered(result)).toBeCloseTo(bruteForce(city, scenario), 4);
      // Every choice fits the budget, and no school is extended twice.
      expect(result.kpis!.totalCost).toBeLessThanOrEqual(scenario.facilities.school.budget + 1e-6);
      const extended = result.sites.filter((s) => s.kind === 'extension').map((s) => s.extends);
      expect(new Set(extended).size).toBe(extended.length);
      // The least-cost objective, the same sites: the cheapest mix that covers the target share.
      const least = { ...scenario, objective: 'minCost' as const, targetShare: 0.5 + 0.4 * random() };
      const cheapest = bruteForceCost(city, least);
      const plan = await solvePlan(city, least, highs);
      if (cheapest === null) expect(plan.status).toBe('infeasible');
      else expect(plan.kpis!.totalCost).toBeCloseTo(cheapest, -3);
    }
  });

  it('chooses extensions where they serve a person more cheaply than a new school, and a new school where it does', async () => {
    const city = twoClusters();
    // Two annexes of 300 places for 2.6 bn each: 600 children for the price of one school serving 300.
    const cheap = await solvePlan(city, schoolScenario(5.2e9, { places: 300, cost: 2.6e9 }), highs);
    expect(cheap.status).toBe('optimal');
    expect(cheap.sites.map((s) => s.kind)).toEqual(['extension', 'extension']);
    expect(covered(cheap)).toBeCloseTo(200 + 600, 6);
    const school = cheap.kpis!.types[0];
    expect([school.newSites, school.cost, school.newCapacity]).toEqual([0, 0, 0]);
    expect([school.extensions, school.extensionCost, school.extensionCapacity]).toEqual([2, 5.2e9, 600]);
    expect(cheap.kpis!.totalCost).toBe(5.2e9);
    expect(cheap.kpis!.sitesOpened).toBe(0);
    expect(cheap.kpis!.extensions).toBe(2);
    expect(cheap.sites.map((s) => s.extendsName).sort()).toEqual(['School 1', 'School 2']);
    expect(cheap.sites.map((s) => s.id).sort()).toEqual(['extend:school:s0', 'extend:school:s1']);

    // Annexes of 100 places for the same money: one new school serving 300 is better.
    const dear = await solvePlan(city, schoolScenario(5.2e9, { places: 100, cost: 2.6e9 }), highs);
    expect(dear.sites.map((s) => s.kind)).toEqual(['new']);
    expect(covered(dear)).toBeCloseTo(200 + 300, 6);
    expect(dear.kpis!.types[0].extensions).toBe(0);
    expect(dear.kpis!.types[0].newSites).toBe(1);
  });

  it('never opens an extension where capacity is not counted (it would serve no one new)', async () => {
    const city = twoClusters();
    const on = schoolScenario(20e9, { places: 300, cost: 0.1e9 });
    const uncapacitated = { ...on, facilities: { ...on.facilities, school: { ...on.facilities.school, capacitated: false } } };
    // Closed in the instance (a solver may otherwise open what gains nothing), still a candidate.
    const closed = (scenario: Scenario) => {
      const type = buildPlanProblem(city, scenario).types[0];
      return type.candidates.flatMap((c, k) => (c.extends === undefined ? [] : [type.maxCount[type.existingCount + k]]));
    };
    expect(closed(on)).toEqual([1, 1]);
    expect(closed(uncapacitated)).toEqual([0, 0]);
    expect(closed({ ...on, objective: 'minTravel' })).toEqual([0, 0]);
    const result = await solvePlan(city, uncapacitated, highs);
    expect(result.status).toBe('optimal');
    expect(result.sites.filter((s) => s.kind === 'extension')).toEqual([]);
    expect(result.kpis!.types[0].extensions).toBe(0);
    // Unless required: then it is opened as asked.
    const required = { ...uncapacitated, candidates: { ...uncapacitated.candidates, required: ['extend:school:s1'] } };
    expect((await solvePlan(city, required, highs)).sites.filter((s) => s.kind === 'extension').map((s) => s.id)).toEqual(['extend:school:s1']);
  });

  it('a scenario file without the field opens with extensions off and gives the same plan as before', async () => {
    const city = twoClusters();
    const scenario = schoolScenario(5.2e9, null);
    const old = JSON.parse(JSON.stringify(scenario));
    for (const type of Object.keys(old.facilities)) delete old.facilities[type].extension;
    const parsed = parseScenario(old);
    expect(parsed.facilities.school.extension).toEqual({ enabled: false, places: 300, cost: 1.3e9 });
    expect(parsed.facilities.polyclinic.extension).toEqual({ enabled: false, places: 6150, cost: 0.5e9 });
    expect(parsed).toEqual(scenario);
    const before = await solvePlan(city, scenario, highs);
    const after = await solvePlan(city, parsed, highs);
    expect(after.sites.map((s) => [s.id, s.kind])).toEqual(before.sites.map((s) => [s.id, s.kind]));
    expect(after.sites.every((s) => s.kind === 'new')).toBe(true);
    expect(after.objective).toBe(before.objective);
    // And with the field, it comes back as written.
    const on = schoolScenario(5.2e9, { places: 250, cost: 1e9 });
    expect(parseScenario(JSON.parse(JSON.stringify(on)))).toEqual(on);
  });

  it('refuses bad values, naming the field', () => {
    const withExtension = (type: FacilityType, extension: unknown) => {
      const json = JSON.parse(JSON.stringify(defaultScenario()));
      json.facilities[type].extension = extension;
      return () => parseScenario(json);
    };
    expect(withExtension('school', { enabled: true, places: -5, cost: 1e9 })).toThrow(/facilities\.school\.extension\.places/);
    expect(withExtension('school', { enabled: true, places: 300, cost: 'a lot' })).toThrow(/facilities\.school\.extension\.cost/);
    expect(withExtension('polyclinic', { enabled: 'yes', places: 300, cost: 1 })).toThrow(/facilities\.polyclinic\.extension\.enabled/);
    expect(withExtension('polyclinic', { enabled: true, places: 300, cost: 1, floors: 2 })).toThrow(/facilities\.polyclinic\.extension\.floors/);
    expect(withExtension('school', 300)).toThrow(/facilities\.school\.extension/);
    expect(withExtension('container', { enabled: true, places: 80, cost: 1e6 })).toThrow(/facilities\.container\.extension\.enabled.*cannot be extended/);
    expect(withExtension('container', { enabled: false, places: 80, cost: 1e6 })()).toBeTruthy();
  });

  it('appends extensions after every other candidate of their type, so old plans keep their indices', () => {
    const demo = demoCity();
    const base = defaultScenario();
    const scenario: Scenario = {
      ...base,
      facilities: { ...base.facilities, container: { ...base.facilities.container, enabled: false } },
      candidates: { ...base.candidates, added: [{ id: 'school:added:a', type: 'school', lon: 76.92, lat: 43.25 }] },
    };
    const on: Scenario = {
      ...scenario,
      facilities: {
        ...scenario.facilities,
        school: { ...scenario.facilities.school, extension: { ...DEFAULT_EXTENSIONS.school, enabled: true } },
        polyclinic: { ...scenario.facilities.polyclinic, extension: { ...DEFAULT_EXTENSIONS.polyclinic, enabled: true } },
      },
    };
    const before = buildPlanProblem(demo, scenario);
    const after = buildPlanProblem(demo, on);
    for (const [k, type] of before.types.entries()) {
      const ids = type.candidates.map((c) => c.id);
      const now = after.types[k].candidates;
      expect(now.slice(0, ids.length).map((c) => c.id)).toEqual(ids);
      expect(ids.at(-1)).toBe(type.type === 'school' ? 'school:added:a' : ids.at(-1));
      const extensions = now.slice(ids.length);
      const existing = type.type === 'school' ? demo.schools : demo.health;
      expect(extensions).toHaveLength(existing.count);
      expect(extensions.every((c, j) => c.extends === j && c.x === existing.x[j] && c.id === `extend:${type.type}:${existing.ids[j]}`)).toBe(true);
      // The extension's own capacity and cost reach the engine.
      const j = after.types[k].existingCount + ids.length;
      expect([after.types[k].capacity[j], after.types[k].cost[j]]).toEqual(type.type === 'school' ? [300, 1.3e9] : [6150, 0.5e9]);
    }
  });

  it('exports say which sites are extensions and of what; share links carry the setting', async () => {
    const city = twoClusters();
    const scenario = schoolScenario(7.8e9, { places: 200, cost: 2.6e9 });
    const result = await solvePlan(city, scenario, highs);
    // A new school in one cluster (all 400 children) and an annex in the other (300): 700, the only best plan.
    expect(result.sites.map((s) => s.kind).sort()).toEqual(['extension', 'new']);
    expect(covered(result)).toBeCloseTo(700, 6);
    const rows = sitesCsv(result, city).trim().split('\r\n').map((line) => line.split(','));
    const column = (name: string) => SITE_COLUMNS.indexOf(name as never);
    expect(rows[0]).toEqual([...SITE_COLUMNS]);
    const byKind = rows.slice(1).map((row) => [row[column('kind')], row[column('extends')], row[column('extends_name')]]);
    const extension = result.sites.find((s) => s.kind === 'extension')!;
    expect(byKind.filter(([kind]) => kind === 'extension')).toEqual([['extension', `s${extension.extends}`, `School ${extension.extends! + 1}`]]);
    expect(byKind.filter(([kind]) => kind === 'new')).toEqual([['new', '', '']]);
    const json = planToGeoJson(result, city, scenario);
    expect(json.features.map((f) => [f.properties.kind, f.properties.extends]).sort()).toEqual([['extension', `s${extension.extends}`], ['new', null]]);
    expect(json.plan.extensions).toBe(1);
    expect(json.plan.total_cost_tenge).toBe(7.8e9);

    // The link carries the setting and the plan (extensions by candidate index, after the others); the plan evaluated again is the same.
    const link = await encodeShare({ scenario, plan: sharedPlanOf(result) });
    const decoded = await decodeShare(link);
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(decoded.payload.scenario).toEqual(scenario);
    const again = await solvePlan(city, decoded.payload.scenario, highs, { fixed: decoded.payload.plan!.open });
    expect(again.sites.map((s) => [s.id, s.kind, s.extends])).toEqual(result.sites.map((s) => [s.id, s.kind, s.extends]));
    expect(again.kpis!.totalCost).toBe(result.kpis!.totalCost);
    const plain = await decodeShare(await encodeShare({ scenario: schoolScenario(7.8e9, null), plan: null }));
    expect(plain.ok && plain.payload.scenario.facilities.school.extension.enabled).toBe(false);
  });

  it('the PNG legend names extensions apart from new sites', async () => {
    const city = twoClusters();
    const result = await solvePlan(city, schoolScenario(5.2e9, { places: 300, cost: 2.6e9 }), highs);
    expect(result.sites.every((s) => s.kind === 'extension')).toBe(true);
    const labels = { coverage: 'Coverage', served: 's', partly: 'p', unserved: 'u', unsolved: 'x', exclusion: 'z', newSite: { school: 'new school', polyclinic: 'new polyclinic', container: 'new container' } };
    const rows = (extension?: Record<FacilityType, string>) => legendRows(result, 'school', { ...labels, extension }).map((row) => row.text);
    expect(rows({ school: 'school annex', polyclinic: 'polyclinic extension', container: '-' })).toEqual(['Coverage', 's', 'p', 'u', 'school annex', 'z']);
    expect(rows()).not.toContain('new school');
  });

  it('the command line summary lists extensions apart from new sites', () => {
    const lines = extensionLines([
      { id: 'school:1:2', type: 'school', count: 1 },
      { id: 'extend:school:s0', type: 'school', count: 1 },
      { id: 'extend:polyclinic:h1', type: 'polyclinic', count: 1 },
      { id: 'container:c1', type: 'container', count: 3 },
    ]);
    expect(lines).toEqual(['new sites  1 school, 3 container', 'extended   1 school, 1 polyclinic']);
  });
});
