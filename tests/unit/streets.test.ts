import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { STREET_GRAPH_FORMAT, type StreetGraph } from '../../src/engine/streets/graph';
import type { Candidate } from '../../src/plan/candidates';
import { parseCity, type CityData } from '../../src/plan/city';
import { localProjection } from '../../src/plan/geo';
import { buildPlanProblem } from '../../src/plan/problem';
import { defaultScenario, walkMetres, type Scenario } from '../../src/plan/scenario';
import { solvePlan } from '../../src/plan/solvePlan';
import { nodeSolver } from '../../src/solvers/node';
import { bruteDistances, type PlainStreets } from '../engine/streetsBrute';
import { demoCity } from './city';

/**
 * A city made for the test: a river runs north-south between two banks 300 m
 * apart, one street along each bank, a few side streets, and a single bridge
 * 3 km to the south. Metres east and north of (77.0, 43.2).
 */
const ORIGIN = localProjection(77.0, 43.2);
const lonLat = (x: number, y: number): [number, number] => [ORIGIN.lon(x, y), ORIGIN.lat(x, y)];

function riverStreets(): PlainStreets {
  const x: number[] = [];
  const y: number[] = [];
  const edges: [number, number][] = [];
  const line = (points: [number, number][]) => {
    const first = x.length;
    for (const [px, py] of points) {
      x.push(px);
      y.push(py);
    }
    for (let k = first + 1; k < x.length; k++) edges.push([k - 1, k]);
    return first;
  };
  const along = (fixedX: number) => Array.from({ length: 17 }, (_, k): [number, number] => [fixedX, -3000 + 250 * k]);
  const west = line(along(0));
  const east = line(along(300));
  // The bridge joins the two banks' southern ends.
  edges.push([west, east]);
  // Side streets at y = 0 and y = 800 on both banks, joined to the bank streets' nodes.
  for (const [from, to, node] of [
    [-1000, 0, west + 12],
    [300, 1300, east + 12],
    [-1000, 0, west + 15],
    [300, 1300, east + 15],
  ] as const) {
    const yy = y[node];
    const first = line(Array.from({ length: 5 }, (_, k): [number, number] => [from + ((to - from) * k) / 4, yy]));
    edges.push(from < 300 ? [first + 4, node] : [node, first]);
  }
  return { x, y, edges };
}

const DEMAND: [number, number, number][] = [
  // x, y, children. The first child lives 20 m west of the west bank street (30 m north of a side street).
  [-20, 30, 40],
  [-400, 30, 55],
  [-800, -20, 70],
  [-350, 820, 35],
  [-900, 790, 60],
  [-30, -1500, 25],
  [320, 40, 50],
  [700, -25, 80],
  [1250, 10, 45],
  [650, 830, 65],
  [330, -2600, 30],
  [-120, -2900, 20],
];
const CANDIDATES: [number, number][] = [
  [320, 0],
  [-500, 0],
  [900, 800],
  [-600, 800],
  [150, -2950],
  [-10, -1200],
  [1100, -10],
];

function riverCity(existingSchools: [number, number][] = []): { city: CityData; streets: PlainStreets } {
  const streets = riverStreets();
  const ring = [lonLat(-1500, -3500), lonLat(1800, -3500), lonLat(1800, 1500), lonLat(-1500, 1500), lonLat(-1500, -3500)];
  const feature = (x: number, y: number, properties: object) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: lonLat(x, y) }, properties });
  const graph: StreetGraph = {
    format: STREET_GRAPH_FORMAT,
    lon: Float64Array.from(streets.x, (x, k) => lonLat(x, streets.y[k])[0]),
    lat: Float64Array.from(streets.x, (x, k) => lonLat(x, streets.y[k])[1]),
    edgeFrom: Int32Array.from(streets.edges, (e) => e[0]),
    edgeTo: Int32Array.from(streets.edges, (e) => e[1]),
    edgeKind: new Uint8Array(streets.edges.length),
    source: { name: 'river.osm', newest: null, bbox: null, ways: 1, walkableWays: 1 },
  };
  const city = parseCity({
    districts: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: 'banks', name_en: 'Banks', name_ru: 'Берега', name_kk: 'Жағалау', population: 1000 } }] },
    population: { type: 'FeatureCollection', features: DEMAND.map(([x, y, children], k) => feature(x, y, { id: `d${k}`, district: 'banks', pop: children * 5, pop_6_17: children, households: children })) },
    schools: { type: 'FeatureCollection', features: existingSchools.map(([x, y], k) => feature(x, y, { id: `s${k}`, name: `School ${k}`, district: 'banks', kind: 'state', capacity: 5000, students: 100 })) },
    health: { type: 'FeatureCollection', features: [] },
    exclusions: { type: 'FeatureCollection', features: [] },
    streets: graph,
  });
  // The street coordinates the engine sees, in the city's own projection (the brute force must measure the same plane).
  const projected: PlainStreets = { x: Array.from(graph.lon, (lon, k) => city.projection.x(lon, graph.lat[k])), y: Array.from(graph.lon, (lon, k) => city.projection.y(lon, graph.lat[k])), edges: streets.edges };
  return { city, streets: projected };
}

function candidates(city: CityData): Candidate[] {
  return CANDIDATES.map(([x, y], k) => {
    const [lon, lat] = lonLat(x, y);
    return { id: `school:c${k}`, type: 'school', lon, lat, x: city.projection.x(lon, lat), y: city.projection.y(lon, lat), district: 0, maxCount: 1, addedByPlanner: false };
  });
}

function schoolsOnly(routing: Scenario['routing'], schools: number): Scenario {
  const base = defaultScenario();
  return {
    ...base,
    routing,
    facilities: {
      school: { ...base.facilities.school, capacitated: false, budget: schools * base.facilities.school.unitCost },
      polyclinic: { ...base.facilities.polyclinic, enabled: false },
      container: { ...base.facilities.container, enabled: false },
    },
  };
}

describe('access along streets: a river with one bridge far to the south', () => {
  const { city, streets } = riverCity();
  const sites = candidates(city);

  it('a school 300 m across the river covers the child with straight lines, not along streets', () => {
    const child = 0;
    const across = 0;
    for (const [routing, covers] of [
      ['straight', true],
      ['streets', false],
    ] as const) {
      const problem = buildPlanProblem(city, schoolsOnly(routing, 1), sites);
      const school = problem.types[0];
      const found = [...school.pairSite.subarray(school.pairStart[child], school.pairStart[child + 1])];
      expect(found.includes(school.existingCount + across)).toBe(covers);
    }
    // With connectors of at most 10 m, the child (20 m from the street) falls back to the straight line, and is covered again.
    const problem = buildPlanProblem(city, { ...schoolsOnly('streets', 1), maxConnector: 10 }, sites);
    const school = problem.types[0];
    expect([...school.pairSite.subarray(school.pairStart[child], school.pairStart[child + 1])]).toContain(school.existingCount + across);
  });

  it('the optimum along streets equals a brute force over the candidates on the small network', async () => {
    const scenario = schoolsOnly('streets', 2);
    const radius = walkMetres(scenario, 'school');
    const points = [...DEMAND.map((_, i) => ({ x: city.demand.x[i], y: city.demand.y[i] })), ...sites.map((site) => ({ x: site.x, y: site.y }))];
    const distance = bruteDistances(streets, points, 300, scenario.detourFactor);
    const covers = sites.map((_, j) => DEMAND.map((_, i) => distance[DEMAND.length + j][i] <= radius));
    let best = 0;
    for (let a = 0; a < sites.length; a++) {
      for (let b = a; b < sites.length; b++) {
        const covered = DEMAND.reduce((sum, [, , children], i) => sum + (covers[a][i] || covers[b][i] ? children : 0), 0);
        best = Math.max(best, covered);
      }
    }
    const total = DEMAND.reduce((sum, [, , children]) => sum + children, 0);
    const result = await solvePlan(city, scenario, nodeSolver('highs'), { candidates: sites });
    expect(result.status).toBe('optimal');
    expect(result.kpis!.types[0].covered).toBeCloseTo(best, 9);
    expect(result.objective!).toBeCloseTo((100 * best) / total, 6);
    // The straight line would promise more than the streets give here.
    const straight = await solvePlan(city, schoolsOnly('straight', 2), nodeSolver('highs'), { candidates: sites });
    expect(straight.kpis!.types[0].covered).toBeGreaterThan(best);
  });

  it('walking minutes per district count along streets: the child across the river is 20+ minutes from a school there', async () => {
    const scenario = schoolsOnly('streets', 1);
    const result = await solvePlan(city, scenario, nodeSolver('highs'), { candidates: sites, fixed: { school: [[0, 1, 0]] } });
    const bands = result.kpis!.types[0].minutes.total;
    // Nobody had a school before; after, the east bank's children near the school are within 5-15 minutes, the west bank's are not within 20.
    expect(bands.before).toEqual([0, 0, 0, 0]);
    const eastNear = 50 + 80 + 45 + 65;
    expect(bands.after[3]).toBeGreaterThanOrEqual(eastNear - 1e-9);
    expect(bands.after[3]).toBeLessThan(bands.demand);
  });
});

describe('access along streets on the Almaty demo (its 2012 network)', () => {
  it("every new school's service area contains exactly the demand points the model counts as reached by it", async () => {
    const city = demoCity();
    const base = defaultScenario();
    const scenario: Scenario = { ...base, facilities: { ...base.facilities, polyclinic: { ...base.facilities.polyclinic, enabled: false }, container: { ...base.facilities.container, enabled: false } } };
    expect(scenario.routing).toBe('streets');
    const result = await solvePlan(city, scenario, nodeSolver('highs'));
    expect(result.status).toBe('optimal');
    expect(result.access!.alongStreets).toEqual(['school']);
    expect(result.access!.source!.newest).toBe('2012-03-13');
    // The data README: 85% of residents live within 250 m of a mapped street; more than 300 m away, a few per cent.
    const offShare = result.access!.offStreetResidents / result.access!.residents;
    expect(offShare).toBeGreaterThan(0.01);
    expect(offShare).toBeLessThan(0.15);
    const problem = buildPlanProblem(city, scenario);
    const school = problem.types[0];
    const sites = result.sites.filter((site) => site.type === 'school');
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) {
      const j = school.existingCount + site.candidateIndex;
      const counted = new Set<number>();
      for (let i = 0; i < city.demand.count; i++) {
        for (let p = school.pairStart[i]; p < school.pairStart[i + 1]; p++) if (school.pairSite[p] === j && school.pairDistance[p] <= school.radius) counted.add(i);
      }
      const area = result.serviceAreas![site.id];
      const polygon = { type: 'Feature' as const, properties: {}, geometry: { type: 'MultiPolygon' as const, coordinates: area.cells.map((ring) => [ring]) } };
      const inside = new Set<number>();
      for (let i = 0; i < city.demand.count; i++) if (booleanPointInPolygon([city.demand.lon[i], city.demand.lat[i]], polygon)) inside.add(i);
      expect([...inside].sort((a, b) => a - b)).toEqual([...counted].sort((a, b) => a - b));
      expect(counted.size).toBeGreaterThan(0);
    }
    // Streets are drawn for the sites on the network (a site over 300 m from any street is measured by the straight line, and has none).
    expect(sites.filter((site) => result.serviceAreas![site.id].streets.length > 0).length).toBeGreaterThan(sites.length / 2);
  });
});

describe('travel along streets on the river city', () => {
  it('minimising the average walk: the plan and its average equal a brute force over the candidates', async () => {
    // One existing school on the east bank: the west bank walks over the bridge until a new school opens there.
    const { city, streets } = riverCity([[700, 800]]);
    const sites = candidates(city);
    const base = schoolsOnly('streets', 1);
    const scenario: Scenario = { ...base, objective: 'minTravel' };
    const points = [...DEMAND.map((_, i) => ({ x: city.demand.x[i], y: city.demand.y[i] })), { x: city.schools.x[0], y: city.schools.y[0] }, ...sites.map((site) => ({ x: site.x, y: site.y }))];
    const distance = bruteDistances(streets, points, 300, scenario.detourFactor);
    const existing = DEMAND.length;
    const total = DEMAND.reduce((sum, [, , children]) => sum + children, 0);
    const average = (open: number[]) => DEMAND.reduce((sum, [, , children], i) => sum + children * Math.min(...open.map((j) => distance[j][i])), 0) / total;
    const best = Math.min(average([existing]), ...sites.map((_, k) => average([existing, existing + 1 + k])));
    const result = await solvePlan(city, scenario, nodeSolver('highs'), { candidates: sites });
    expect(result.status).toBe('optimal');
    expect(result.kpis!.types[0].alongStreets).toBe(true);
    expect(result.kpis!.types[0].averageDistance).toBeCloseTo(best, 6);
    // Far better than walking over the bridge: the west bank gets its school.
    expect(best).toBeLessThan(average([existing]) - 500);
  });
});
