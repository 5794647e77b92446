import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/engine/seededRandom';
import { applyImport } from '../../src/io/import/applyImport';
import { sitesCsv } from '../../src/io/export/csv';
import { readPlots, plotCandidates } from '../../src/io/import/plots';
import { decodeShare, encodeShare } from '../../src/io/link/shareLink';
import { inflate } from '../../src/io/link/deflate';
import { fromBase64Url } from '../../src/io/link/base64url';
import { generateCandidates } from '../../src/plan/candidates';
import { parseCity, type CityData, type CityFiles } from '../../src/plan/city';
import { housingCity } from '../../src/plan/housing';
import { withImports } from '../../src/plan/imported';
import { parseScenario } from '../../src/plan/parseScenario';
import { PRESETS, typeSpecs } from '../../src/plan/presets';
import { buildPlanProblem } from '../../src/plan/problem';
import { defaultScenario, type FacilitySettings, type Scenario } from '../../src/plan/scenario';
import { solvePlan } from '../../src/plan/solvePlan';
import { withoutType, withType } from '../../src/plan/typeEdits';
import { nodeSolver } from '../../src/solvers/node';

const LON0 = 71.43;
const LAT0 = 51.13;
const dLon = 1 / (111_320 * Math.cos((LAT0 * Math.PI) / 180));
const dLat = 1 / 111_320;
const at = (x: number, y: number): [number, number] => [LON0 + x * dLon, LAT0 + y * dLat];
const point = (x: number, y: number, properties: Record<string, unknown>): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(x, y) }, properties });
const collection = (features: Feature[]) => ({ type: 'FeatureCollection', features });

/** A one-district city: demand points [x, y, residents] on a 500 m lattice around (0, 0), with children and households as shares. */
function cityFiles(demand: [number, number, number][], extra: Record<string, unknown> = {}, layers?: Record<string, unknown>): CityFiles {
  const square = [at(-20_000, -20_000), at(20_000, -20_000), at(20_000, 20_000), at(-20_000, 20_000), at(-20_000, -20_000)];
  return {
    districts: collection([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square] }, properties: { id: 'd', name_en: 'D', name_ru: 'Д', name_kk: 'Д', population: 1 } }]),
    population: collection(demand.map(([x, y, residents], k) => point(x, y, { id: `p${k}`, district: 'd', pop: residents, pop_6_17: Math.round(residents * 0.2), households: Math.round(residents / 3), ...extra }))),
    schools: collection([point(0, 0, { id: 's0', name: 'School', district: 'd', kind: 'state', capacity: 300 })]),
    health: collection([]),
    exclusions: collection([]),
    ...(layers ? { layers } : {}),
  };
}

function randomDemand(seed: number, count: number): [number, number, number][] {
  const random = seededRandom(seed);
  const cells = new Set<string>();
  const demand: [number, number, number][] = [[0, 0, 100]];
  cells.add('0,0');
  while (demand.length < count) {
    const x = Math.round((random() - 0.5) * 16) * 500;
    const y = Math.round((random() - 0.5) * 16) * 500;
    if (cells.has(`${x},${y}`)) continue;
    cells.add(`${x},${y}`);
    demand.push([x, y, 50 + Math.round(random() * 900)]);
  }
  return demand;
}

/** Only the given types, straight lines, no gap. */
function scenarioWith(facilities: Record<string, FacilitySettings>, change: Partial<Scenario> = {}): Scenario {
  const base = defaultScenario();
  const years = base.phases.yearBudgets.length;
  return {
    ...base,
    routing: 'straight',
    gap: 0,
    timeLimit: 30,
    facilities,
    phases: { ...base.phases, typeYearBudgets: Object.fromEntries(Object.entries(facilities).map(([id, s]) => [id, Array.from({ length: years }, () => s.budget / years)])) },
    ...change,
  };
}

const school = (change: Partial<FacilitySettings> = {}): FacilitySettings => ({ ...PRESETS.school.settings, normKind: 'distance', normMetres: 1200, capacity: 800, candidateSpacing: 1000, budget: 3 * PRESETS.school.settings.unitCost, ...change });

async function solve(city: CityData, scenario: Scenario) {
  return solvePlan(city, scenario, nodeSolver('highs'), { brief: true });
}

describe('facility types are data', () => {
  it('a scenario file from before types were data opens and saves back unchanged, its types resolved from the presets', () => {
    const old = JSON.parse(JSON.stringify(defaultScenario()));
    expect(Object.keys(old.facilities.school)).not.toContain('label');
    const parsed = parseScenario(old);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(old);
    const specs = typeSpecs(parsed.facilities);
    expect(specs.get('school')).toMatchObject({ demand: { of: 'children' }, existing: 'schools', sites: 'grid', extendable: true });
    expect(specs.get('container')).toMatchObject({ demand: { of: 'households' }, existing: 'containers', sites: 'cells', extendable: false });
  });

  it('refuses a type of its own without a label or demand, a bad id and a bad demand, naming the field', () => {
    const base = JSON.parse(JSON.stringify(defaultScenario()));
    const own = { ...base.facilities.school };
    expect(() => parseScenario({ ...base, facilities: { ...base.facilities, pharmacy: own } })).toThrow(/facilities\.pharmacy\.label: missing/);
    expect(() => parseScenario({ ...base, facilities: { ...base.facilities, pharmacy: { ...own, label: { en: 'Pharmacy', ru: 'Аптека', kk: 'Дәріхана' } } } })).toThrow(/facilities\.pharmacy\.demand: missing/);
    expect(() => parseScenario({ ...base, facilities: { ...base.facilities, 'Pharmacy!': own } })).toThrow(/is not a type id/);
    expect(() => parseScenario({ ...base, facilities: { ...base.facilities, school: { ...own, demand: { of: 'pensioners' } } } })).toThrow(/facilities\.school\.demand\.of: "pensioners" is not one of residents, children, households/);
    expect(() => parseScenario({ ...base, facilities: { ...base.facilities, school: { ...own, demand: { of: 'children', share: 1.5 } } } })).toThrow(/facilities\.school\.demand\.share/);
    expect(() => parseScenario({ ...base, facilities: {} })).toThrow(/facilities: has no facility type/);
  });

  it('a planner\'s type defined like a preset reproduces the preset\'s optimum, sites and all', async () => {
    const city = parseCity(cityFiles(randomDemand(7, 40)));
    const preset = await solve(city, scenarioWith({ school: school() }));
    const own = await solve(city, scenarioWith({ gymnasium: school({ label: { en: 'Gymnasium', ru: 'Гимназия', kk: 'Гимназия' }, demand: { of: 'children' }, existing: 'schools' }) }));
    expect(preset.status).toBe('optimal');
    expect(own.status).toBe('optimal');
    expect(own.objective).toBe(preset.objective);
    expect(own.sites.map((s) => s.id.replace('gymnasium:', 'school:')).sort()).toEqual(preset.sites.map((s) => s.id).sort());
  });

  it('a type on the population cells, like the container sites, reproduces their optimum', async () => {
    const city = parseCity(cityFiles(randomDemand(11, 30)));
    const container = { ...PRESETS.container.settings, normMetres: 600, capacity: 120, budget: 6 * PRESETS.container.settings.unitCost };
    const preset = await solve(city, scenarioWith({ container }));
    const own = await solve(city, scenarioWith({ bins: { ...container, label: { en: 'Bins', ru: 'Урны', kk: 'Урналар' }, demand: { of: 'households' }, existing: null, sites: 'cells' } }));
    expect(preset.status).toBe('optimal');
    expect(own.objective).toBe(preset.objective);
  });

  it('halving a type\'s demand share and its capacity together gives the same covered share', async () => {
    const city = parseCity(cityFiles(randomDemand(3, 36)));
    const label = { en: 'Library', ru: 'Библиотека', kk: 'Кітапхана' };
    const whole = await solve(city, scenarioWith({ library: school({ label, demand: { of: 'residents' }, existing: null, capacity: 1500 }) }));
    const half = await solve(city, scenarioWith({ library: school({ label, demand: { of: 'residents', share: 0.5 }, existing: null, capacity: 750 }) }));
    expect(whole.status).toBe('optimal');
    expect(half.status).toBe('optimal');
    expect(half.kpis!.types[0].share).toBeCloseTo(whole.kpis!.types[0].share, 9);
    expect(half.kpis!.types[0].covered).toBeCloseTo(whole.kpis!.types[0].covered / 2, 6);
  });

  it('the kindergarten counts children 1-6 where the population gives them, and 11% of residents where it does not', () => {
    const demand = randomDemand(5, 10);
    const withBand = parseCity(cityFiles(demand, { children_1_6: 42 }));
    const without = parseCity(cityFiles(demand));
    const scenario = scenarioWith({ kindergarten: { ...PRESETS.kindergarten.settings } });
    expect([...buildPlanProblem(withBand, scenario).types[0].weights]).toEqual(demand.map(() => 42));
    const shares = buildPlanProblem(without, scenario).types[0].weights;
    demand.forEach(([, , residents], i) => expect(shares[i]).toBeCloseTo(residents * 0.11, 9));
  });

  it('a type takes its existing facilities from the layer it names, and an import of them fills that layer', () => {
    const files = cityFiles(randomDemand(9, 12), {}, { kindergartens: collection([point(500, 0, { id: 'k1', name: 'Балапан', district: 'd', capacity: 140 })]) });
    const city = parseCity(files);
    const scenario = scenarioWith({ kindergarten: { ...PRESETS.kindergarten.settings, normKind: 'distance', normMetres: 800 } });
    const problem = buildPlanProblem(city, scenario);
    expect(problem.types[0].existingCount).toBe(1);
    expect(problem.types[0].capacity[0]).toBe(140);
    const csv = 'type,lat,lon,name,capacity\nдетский сад,' + at(1000, 1000)[1] + ',' + at(1000, 1000)[0] + ',Айгөлек,200\nKindergarten,' + at(-1000, 0)[1] + ',' + at(-1000, 0)[0] + ',Күншуақ,90\n';
    const outcome = applyImport('kindergartens.csv', csv, 'existing', scenario, files);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.existing).toEqual({ imported: { kindergarten: 2 }, replaced: { kindergarten: { count: 1, demo: true } } });
    const imported = { ...scenario, imported: outcome.change!.imported };
    const after = buildPlanProblem(parseCity(withImports(files, imported.imported)), imported);
    expect(after.types[0].existingCount).toBe(2);
    expect([...after.types[0].capacity.subarray(0, 2)]).toEqual([200, 90]);
  });

  it('an import naming a type the scenario does not have is refused with its row', () => {
    const files = cityFiles(randomDemand(9, 12));
    const scenario = scenarioWith({ school: school() });
    const outcome = applyImport('x.csv', 'type,lat,lon\npharmacy,' + at(0, 0)[1] + ',' + at(0, 0)[0] + '\n', 'existing', scenario, files);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(JSON.stringify(outcome.problems[0])).toContain('"pharmacy"');
  });

  it('adding and removing types: a removed type takes its budgets, added sites and their roles with it; links carry the change', async () => {
    let scenario = defaultScenario();
    scenario = withType(scenario, { preset: 'kindergarten' }).scenario;
    const own = withType(scenario, { label: { en: 'Sports ground', ru: 'Спортплощадка', kk: 'Спорт алаңы' } });
    expect(own.id).toBe('sports_ground');
    scenario = { ...own.scenario, candidates: { added: [{ id: 'polyclinic:added:1', type: 'polyclinic', lon: 76.9, lat: 43.2 }], required: ['polyclinic:3:4', 'school:1:1'], forbidden: ['extend:polyclinic:7'] } };
    scenario = withoutType(scenario, 'polyclinic');
    expect(Object.keys(scenario.facilities)).toEqual(['school', 'container', 'kindergarten', 'sports_ground']);
    expect(Object.keys(scenario.phases.typeYearBudgets)).toEqual(['school', 'container', 'kindergarten', 'sports_ground']);
    expect(scenario.candidates).toEqual({ added: [], required: ['school:1:1'], forbidden: [] });
    expect(parseScenario(JSON.parse(JSON.stringify(scenario)))).toEqual(scenario);
    const decoded = await decodeShare(await encodeShare({ scenario, plan: null }));
    expect(decoded.ok && decoded.payload.scenario).toEqual(scenario);
    // The demo as it is still travels as a short link with no type in it.
    const demo = await encodeShare({ scenario: defaultScenario(), plan: null });
    const wire = JSON.parse(new TextDecoder().decode(await inflate(fromBase64Url(demo.slice(3))!, 1e6)));
    expect(wire.s).toEqual({ routing: 'streets' });
  });

  it('plots with their own prices: the optimum equals the best affordable set found by trying every one', async () => {
    const random = seededRandom(21);
    for (let round = 0; round < 4; round++) {
      const demand = randomDemand(100 + round, 25);
      const files = cityFiles(demand);
      const city = parseCity(files);
      const csv = ['lon,lat,cost,name', ...Array.from({ length: 7 }, (_, k) => {
        const [lon, lat] = at(Math.round((random() - 0.5) * 7000), Math.round((random() - 0.5) * 7000));
        return `${lon},${lat},${Math.round(1 + random() * 9) * 1e8},Plot ${k + 1}`;
      })].join('\n');
      const read = readPlots('plots.csv', csv);
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      const added = plotCandidates(read.plots, 'library', []);
      const budget = 1.2e9;
      const label = { en: 'Library', ru: 'Библиотека', kk: 'Кітапхана' };
      const scenario = scenarioWith({ library: { ...school({ label, demand: { of: 'residents' }, existing: null, capacitated: false, candidateSpacing: 0, budget }), unitCost: 5e9 } }, { candidates: { added, required: [], forbidden: [] } });
      const result = await solve(city, scenario);
      // Every subset of plots within budget; coverage counted directly from straight distances.
      const candidates = generateCandidates(city, scenario);
      expect(candidates.length).toBe(7);
      let best = 0;
      for (let mask = 0; mask < 1 << 7; mask++) {
        const chosen = candidates.filter((_, k) => mask & (1 << k));
        if (chosen.reduce((sum, c) => sum + added.find((a) => a.id === c.id)!.cost!, 0) > budget) continue;
        let covered = 0;
        for (let i = 0; i < city.demand.count; i++) if (chosen.some((c) => Math.hypot(c.x - city.demand.x[i], c.y - city.demand.y[i]) <= 1200)) covered += city.demand.residents[i];
        best = Math.max(best, covered);
      }
      expect(result.status).toBe('optimal');
      expect(result.kpis!.types[0].covered).toBeCloseTo(best, 6);
      expect(result.kpis!.totalCost).toBeLessThanOrEqual(budget);
      // The sites CSV names the type in three languages and each plot by its name.
      const rows = sitesCsv(result, city, null, scenario.facilities).split('\r\n');
      expect(rows[0].endsWith('type_name_en,type_name_ru,type_name_kk,name')).toBe(true);
      for (const site of result.sites) expect(rows.some((row) => row.startsWith(`${site.id},`) && row.endsWith(`,Library,Библиотека,Кітапхана,${added.find((a) => a.id === site.id)!.name}`))).toBe(true);
    }
  });

  it('a housing estate adds its residents from its year, and the plan serves them', async () => {
    const demand = randomDemand(13, 20);
    const base = parseCity(cityFiles(demand));
    const estate = { id: 'north', name: 'North', point: at(6000, 6000) as [number, number], residents: 5000, year: 2028 };
    const scenario = scenarioWith({ library: school({ label: { en: 'Library', ru: 'Библиотека', kk: 'Кітапхана' }, demand: { of: 'residents' }, existing: null }) }, {
      housing: [estate],
      phases: { ...defaultScenario().phases, enabled: true, startYear: 2026, yearBudgets: [1, 1, 1], typeYearBudgets: { library: [5e9, 5e9, 5e9] }, growth: {} },
    });
    expect(() => buildPlanProblem(base, scenario)).toThrow(/housingCity/);
    const city = housingCity(base, scenario.housing);
    expect(city.demand.count).toBe(base.demand.count + 1);
    const problem = buildPlanProblem(city, scenario);
    const totals = problem.types[0].totalByPeriod;
    expect(totals[1] - totals[0]).toBe(0);
    expect(totals[2] - totals[1]).toBeCloseTo(5000, 6);
    expect(problem.residentsByPeriod[2][base.demand.count]).toBe(5000);
    const result = await solve(city, scenario);
    expect(result.kpis!.years[2].byType[0].demand).toBeCloseTo(totals[2], 6);
    expect(result.kpis!.housing).toEqual({ estates: 1, residents: 5000 });
    // Without phases the estate counts at once.
    const atOnce = buildPlanProblem(city, { ...scenario, phases: { ...scenario.phases, enabled: false } });
    expect(atOnce.types[0].total - problem.types[0].total).toBeCloseTo(5000, 6);
  });
});

describe('most residents reaching every essential type, from a scenario', () => {
  it('equals the best plan found by trying every one, and the KPI counts what the objective counts', async () => {
    for (let round = 0; round < 3; round++) {
      const demand = randomDemand(300 + round, 18);
      const city = parseCity(cityFiles(demand));
      const own = (en: string, change: Partial<FacilitySettings>): FacilitySettings => school({ label: { en, ru: en, kk: en }, demand: { of: 'residents' }, existing: null, capacitated: false, candidateSpacing: 2500, normMetres: 1500, unitCost: 1e9, budget: 2e9, ...change });
      const scenario = scenarioWith({ library: own('Library', {}), pharmacy: own('Pharmacy', { candidateSpacing: 3000, normMetres: 2000, budget: 1e9 }) }, { objective: 'maxAll' });
      const result = await solve(city, scenario);
      expect(result.status).toBe('optimal');
      // Every plan within the budgets: two libraries and one pharmacy at most.
      const candidates = generateCandidates(city, scenario);
      const libraries = candidates.filter((c) => c.type === 'library');
      const pharmacies = candidates.filter((c) => c.type === 'pharmacy');
      expect(libraries.length * pharmacies.length).toBeLessThan(400);
      const reached = (sites: typeof candidates, radius: number, i: number) => sites.some((c) => Math.hypot(c.x - city.demand.x[i], c.y - city.demand.y[i]) <= radius);
      let best = 0;
      const subsets = <T>(list: T[], most: number): T[][] => (most === 0 || list.length === 0 ? [[]] : [...subsets(list.slice(1), most), ...subsets(list.slice(1), most - 1).map((rest) => [list[0], ...rest])]);
      for (const l of subsets(libraries, 2)) {
        for (const p of subsets(pharmacies, 1)) {
          let people = 0;
          for (let i = 0; i < city.demand.count; i++) if (reached(l, 1500, i) && reached(p, 2000, i)) people += city.demand.residents[i];
          best = Math.max(best, people);
        }
      }
      expect(result.objective).toBeCloseTo(best, 6);
      expect(result.kpis!.everyService!.reached).toBeCloseTo(best, 6);
    }
  });
});
