import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { formatMessage } from '../../src/app/i18n/message';
import { withNote } from '../../src/app/i18n/names';
import { bestSoFar } from '../../src/app/components/bestSoFar';
import { enabledTypes } from '../../src/plan/scenario';
import { ru } from '../../src/app/i18n/ru';
import { packageCityFiles } from '../../src/cli/scenarioJob';
import { parseCity, type CityData } from '../../src/plan/city';
import { parseScenario } from '../../src/plan/parseScenario';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { solvePlan } from '../../src/plan/solvePlan';
import { withoutSite } from '../../src/plan/why';
import { explainInfeasible } from '../../src/engine/planner/explain';
import type { MipSolver } from '../../src/engine/mip/solver';
import { buildPlanProblem, plannerInstance } from '../../src/plan/problem';
import { districtsCsv, sitesCsv } from '../../src/io/export/csv';
import { nodeSolver } from '../../src/solvers/node';
import { demoCity } from './city';

/** What the solve says to a planner (issue 24, items 14, 18, 19, 21). */
const root = new URL('../../', import.meta.url).pathname;
const highs = nodeSolver('highs');
let trioCity: CityData;
let trio: Scenario;

beforeAll(async () => {
  trioCity = parseCity(await packageCityFiles(join(root, 'fixtures/cities/trio/')));
  trio = parseScenario(JSON.parse(readFileSync(join(root, 'fixtures/cities/trio/scenario.json'), 'utf8')));
});

/** Only `type` switched on, with a budget of `count` facilities. */
function only(scenario: Scenario, type: keyof Scenario['facilities'], count: number, change: Partial<Scenario['facilities'][typeof type]> = {}): Scenario {
  const facilities = Object.fromEntries(
    Object.entries(scenario.facilities).map(([t, f]) => [t, t === type ? { ...f, enabled: true, budget: count * f.unitCost, ...change } : { ...f, enabled: false }]),
  ) as unknown as Scenario['facilities'];
  return { ...scenario, facilities };
}

describe('19: distances among those served', () => {
  it('container sites under a 100 m norm: the average among those served is within the norm, apart from the average over everyone', async () => {
    const demo = demoCity();
    const result = await solvePlan(demo, only(defaultScenario(), 'container', 20), highs);
    const container = result.kpis!.types[0];
    expect(container.unserved).toBeGreaterThan(0);
    expect(container.averageServedDistance).toBeGreaterThanOrEqual(0);
    expect(container.averageServedDistance).toBeLessThanOrEqual(container.worstServedDistance + 1e-9);
    // The average over everyone counts the unserved's long walks: it is not what a served household walks.
    expect(container.averageDistance).toBeGreaterThan(container.worstServedDistance);
  }, 60_000);
});

describe('18: why this plan names the sites it moves to by place', () => {
  it('withoutSite gives every added site with its district and coordinates', async () => {
    const scenario = only(trio, 'school', 2, { candidateSpacing: 1500, capacitated: false });
    const base = await solvePlan(trioCity, scenario, highs);
    expect(base.sites.length).toBeGreaterThan(0);
    const answer = await withoutSite(trioCity, scenario, highs, base, base.sites[0].id);
    expect(answer.added.length).toBeGreaterThan(0);
    expect(answer.addedSites.map((site) => site.id)).toEqual(answer.added);
    for (const site of answer.addedSites) {
      expect(site.type).toBe('school');
      expect(site.district).toBeGreaterThanOrEqual(0);
      expect(site.district).toBeLessThan(trioCity.districts.length);
      expect(Math.abs(site.lat)).toBeGreaterThan(1);
      expect(Math.abs(site.lon)).toBeGreaterThan(1);
    }
  }, 30_000);
});

describe('14: fairness that cannot be met names its type and district, once, and offers a minimum that solves', () => {
  const fair = (scenario: Scenario, minShare: number): Scenario => ({ ...scenario, fairness: { enabled: true, minShare, perDistrict: {} } });

  it('a budget too small for every district at once: the district holding the others back, and a checked minimum', async () => {
    const scenario = fair(only(trio, 'school', 2, { candidateSpacing: 1500, capacitated: false }), 0.9);
    const result = await solvePlan(trioCity, scenario, highs);
    expect(result.status).toBe('infeasible');
    const texts = result.reasons.map((reason) => JSON.stringify(reason));
    expect(new Set(texts).size).toBe(texts.length);
    const short = result.reasons.find((reason) => reason.key === 'fairnessShort');
    expect(short, texts.join('\n')).toBeDefined();
    if (short?.key !== 'fairnessShort') return;
    expect(short.type).toBe('school');
    expect(trioCity.districts[short.district]).toBeDefined();
    expect(short.scale).toBeGreaterThan(0);
    expect(short.scale).toBeLessThan(1);
    expect(short.best).toBeLessThan(short.required);
    // The offered minimum (as the results card rounds it) has a plan.
    const offered = Math.floor(short.scale * 0.9 * 1000) / 1000;
    const again = await solvePlan(trioCity, fair(scenario, offered), highs);
    expect(['optimal', 'timeout']).toContain(again.status);
    expect(again.objective).not.toBeNull();
  }, 60_000);
});

describe('14: when the solver finds no fairest plan in time', () => {
  const fair = (budget: number) => ({ ...only(trio, 'school', budget, { candidateSpacing: 1500, capacitated: false }), fairness: { enabled: true, minShare: 0.9, perDistrict: {} } });
  const instanceOf = (scenario: Scenario) => plannerInstance(buildPlanProblem(trioCity, scenario), scenario);
  // A solver out of time: no plan, no bound.
  const outOfTime = { name: 'highs', solve: async () => ({ status: 'timeout', objective: null, bound: null, values: null, seconds: 0 }) } as unknown as MipSolver;

  it('the greedy plan the solve starts from is checked already: its district and scale, not proven the closest', async () => {
    const [reason] = await explainInfeasible(instanceOf(fair(2)), outOfTime, 0.1, 0.1);
    expect(reason.key).toBe('fairnessShort');
    if (reason.key !== 'fairnessShort') return;
    expect(reason.proven).toBe(false);
    expect(reason.scale).toBeGreaterThan(0);
    // The offered minimum has a plan.
    const again = await solvePlan(trioCity, { ...fair(2), fairness: { enabled: true, minShare: Math.floor(reason.scale * 0.9 * 1000) / 1000, perDistrict: {} } }, highs);
    expect(again.objective).not.toBeNull();
  });

  it('nothing found: one type with minimums and no required site names its type; with a required site nothing is claimed', async () => {
    const instance = instanceOf(fair(2));
    // No site may open: the greedy keeps nothing anywhere beyond what exists.
    const closed = { ...instance, types: [{ ...instance.types[0], maxCount: new Int32Array(instance.types[0].siteCount) }] };
    expect(await explainInfeasible(closed, outOfTime, 0.1, 0.1)).toEqual([{ key: 'fairnessUnknown', type: 0 }]);
    const required = { ...closed, types: [{ ...closed.types[0], minCount: Int32Array.from(closed.types[0].minCount, (_, j) => (j === closed.types[0].existingCount ? 1 : 0)) }] };
    expect(await explainInfeasible(required, outOfTime, 0.1, 0.1)).toEqual([{ key: 'solverProved' }]);
  });
});

describe('21: small things', () => {
  it('a name that ends in brackets takes the note inside them: "Алматы (демо, по ссылке)", not "Алматы (демо) (по ссылке)"', () => {
    expect(withNote('Алматы (демо)', ru.share.sharedName)).toBe('Алматы (демо, по ссылке)');
    expect(withNote('Алматы (демо)', ru.scenarios.copyOf)).toBe('Алматы (демо, копия)');
    expect(withNote('Almaty demo', en.share.sharedName)).toBe('Almaty demo (shared)');
    expect(withNote('Plan (a) b', en.scenarios.copyOf)).toBe('Plan (a) b (copy)');
  });

  it('the fairness minimum\'s label does not repeat the unit its field shows', () => {
    for (const catalogue of [en, ru, kk]) for (const label of [catalogue.fairness.minShare, catalogue.fairness.perDistrict]) expect(label).not.toContain('%');
  });
});

describe('21: the progress line says what its number is', () => {
  /** The English catalogue with plain formatters, as the app's I18n gives them. */
  const english = {
    t: (path: string, values: Record<string, string | number> = {}) => {
      const template = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], en) as string;
      return formatMessage(template, values, { plural: new Intl.PluralRules('en'), number: (n) => String(n) });
    },
    percent: (share: number) => `${(share * 100).toFixed(1)}%`,
    tenge: (amount: number) => `${amount} ₸`,
    distance: (metres: number) => `${Math.round(metres)} m`,
  };

  it('coverage: the mean covered share of the types, not their sum in points', () => {
    const scenario = defaultScenario();
    const types = enabledTypes(scenario).length;
    expect(types).toBe(3);
    const text = bestSoFar(english, scenario, 169.25);
    expect(text).toBe('best plan so far: 56.4% covered on average');
    expect(text).not.toContain('169');
    expect(bestSoFar(english, { ...scenario, objective: 'minCost' }, 5e9)).toBe('cheapest plan so far: 5000000000 ₸');
    expect(bestSoFar(english, { ...scenario, objective: 'minTravel' }, 1500)).toBe('best plan so far: average distance 500 m');
  });
});

describe('21: the CSV exports give district names in every language, under English headers that programs read', () => {
  it('the earlier columns keep their places; each row has the district in Kazakh, Russian and English', async () => {
    const demo = demoCity();
    const result = await solvePlan(demo, only(defaultScenario(), 'school', 2), highs);
    const lines = (csv: string) => csv.trim().split('\r\n').map((line) => line.split(','));
    const districts = lines(districtsCsv(result, demo));
    expect(districts[0].slice(0, 8)).toEqual(['district', 'district_name_ru', 'type', 'demand', 'covered_before', 'covered_after', 'share_before', 'share_after']);
    const kkColumn = districts[0].indexOf('district_name_kk');
    const enColumn = districts[0].indexOf('district_name_en');
    expect(kkColumn).toBeGreaterThan(7);
    expect(enColumn).toBeGreaterThan(7);
    const first = demo.districts.find((d) => d.id === districts[1][0])!;
    expect([districts[1][1], districts[1][kkColumn], districts[1][enColumn]]).toEqual([first.names.ru, first.names.kk, first.names.en]);

    const sites = lines(sitesCsv(result, demo));
    expect(sites[0].slice(0, 15)).toEqual(['id', 'type', 'district', 'lon', 'lat', 'count', 'cost_tenge', 'capacity', 'people_served', 'newly_reached', 'required', 'opening_year', 'kind', 'extends', 'extends_name']);
    const site = demo.districts.find((d) => d.id === sites[1][2])!;
    for (const lang of ['kk', 'ru', 'en'] as const) expect(sites[1][sites[0].indexOf(`district_name_${lang}`)]).toBe(site.names[lang]);
  }, 60_000);
});
