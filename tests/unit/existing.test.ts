import { describe, expect, it } from 'vitest';
import { applyImport } from '../../src/io/import/applyImport';
import { parseCity } from '../../src/plan/city';
import { withImports } from '../../src/plan/imported';
import { buildPlanProblem } from '../../src/plan/problem';
import { forEachPiece } from '../../src/engine/planner/rows';
import { parseScenario } from '../../src/plan/parseScenario';
import { coverageRadius, defaultScenario, type Scenario } from '../../src/plan/scenario';
import { solvePlan } from '../../src/plan/solvePlan';
import { nodeSolver } from '../../src/solvers/node';
import { demoCity, demoFiles } from './city';

const files = demoFiles();
const demo = demoCity();

/**
 * Populated cells (300+ households), as existing container sites: every other
 * one with its own capacity (20), the rest with none (the scenario's 330).
 * `cells`: the demand point each stands on.
 */
function containerCsv(count: number): string {
  return containerSites(count).csv;
}

function containerSites(count: number): { csv: string; cells: number[]; capacity: number[] } {
  const rows = ['type,lat,lon,capacity'];
  const cells: number[] = [];
  const capacity: number[] = [];
  for (let i = 0; i < demo.demand.count && rows.length <= count; i++) {
    if (demo.demand.households[i] < 300) continue;
    const own = rows.length % 2 === 1;
    rows.push(`container,${demo.demand.lat[i]},${demo.demand.lon[i]},${own ? 20 : ''}`);
    cells.push(i);
    capacity.push(own ? 20 : 330);
  }
  return { csv: rows.join('\n'), cells, capacity };
}

function containersOnly(scenario: Scenario): Scenario {
  const facilities = Object.fromEntries(Object.entries(scenario.facilities).map(([t, s]) => [t, { ...s, enabled: t === 'container', budget: t === 'container' ? 20 * s.unitCost : s.budget }])) as Scenario['facilities'];
  return { ...scenario, facilities };
}

describe('existing container sites', () => {
  it('are imported with their capacity or the scenario default, and survive the scenario file', () => {
    const outcome = applyImport('containers.csv', containerCsv(10), 'existing', defaultScenario(), files);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const containers = outcome.change!.imported!.containers!;
    expect(containers).toHaveLength(10);
    expect(containers.map((c) => c.capacity).slice(0, 2)).toEqual([20, null]);
    // The demo has no container sites: nothing is replaced.
    expect(outcome.existing).toEqual({ imported: { container: 10 }, replaced: {} });
    const scenario = { ...defaultScenario(), imported: outcome.change!.imported };
    expect(parseScenario(JSON.parse(JSON.stringify(scenario))).imported).toEqual(scenario.imported);
  });

  it('serve households before the plan, within their capacities, and the KPIs count the unserved apart', async () => {
    const sites = containerSites(40);
    const outcome = applyImport('containers.csv', sites.csv, 'existing', defaultScenario(), files);
    if (!outcome.ok) throw new Error(outcome.problems.join('; '));
    const scenario = containersOnly({ ...defaultScenario(), imported: outcome.change!.imported });
    const city = parseCity(withImports(files, scenario.imported));
    expect(city.containers.count).toBe(40);
    expect(Number.isNaN(city.containers.capacity[1])).toBe(true);
    const result = await solvePlan(city, scenario, nodeSolver('highs'));
    expect(result.status).toBe('optimal');
    const container = result.kpis!.types[0];
    // Each site serves its own 500 m cell alone, and of it only the part within the 100 m norm (cells are areas,
    // src/plan/cells.ts: about pi x 100^2 / 500^2 = 12.6% of it), up to its capacity.
    const type = buildPlanProblem(city, scenario).types[0];
    const within = sites.cells.map((i, k) => {
      let share = 0;
      forEachPiece(type, i, (part, reach) => reach.includes(k) && (share += part));
      return share;
    });
    const mean = within.reduce((a, b) => a + b, 0) / within.length;
    expect(mean).toBeGreaterThan(0.11);
    expect(mean).toBeLessThan(0.14);
    // At least each site's own cell up to its capacity; at most, per site, its capacity or all it reaches (a few cells lie closer than 500 m).
    const own = sites.cells.reduce((sum, i, k) => sum + Math.min(sites.capacity[k], within[k] * demo.demand.households[i]), 0);
    const reach = new Float64Array(sites.cells.length);
    for (let i = 0; i < city.demand.count; i++) forEachPiece(type, i, (part, sitesOf) => sitesOf.forEach((j) => j < reach.length && (reach[j] += part * city.demand.households[i])));
    const most = sites.capacity.reduce((sum, capacity, k) => sum + Math.min(capacity, reach[k]), 0);
    expect(container.coveredBefore).toBeGreaterThanOrEqual(own - 1e-6);
    expect(container.coveredBefore).toBeLessThanOrEqual(most + 1e-6);
    // The sites with their own capacity (20) are full: capacities bind.
    expect(own).toBeLessThan(sites.cells.reduce((sum, i, k) => sum + within[k] * demo.demand.households[i], 0) - 100);
    expect(container.covered).toBeGreaterThan(container.coveredBefore);
    expect(container.unserved).toBeCloseTo(container.demand - container.covered, 6);
    expect(container.worstServedDistance).toBeLessThanOrEqual(coverageRadius(scenario, 'container') + 1e-6);
    expect(container.worstDistance).toBeGreaterThan(container.worstServedDistance);

    const without = await solvePlan(demo, containersOnly(defaultScenario()), nodeSolver('highs'));
    expect(without.kpis!.types[0].coveredBefore).toBe(0);
  });
});

describe('existing facilities replace a layer, and say which', () => {
  it('counts what is imported by type and what it replaces: the demo layer, then the earlier import', () => {
    const csv = ['name,type,lat,lon,capacity', 'School 1,school,43.25,76.91,900', 'School 2,school,43.26,76.93,1200', 'Clinic,polyclinic,43.24,76.9,'].join('\n');
    const first = applyImport('schools.csv', csv, 'existing', defaultScenario(), files);
    if (!first.ok) throw new Error(first.problems.join('; '));
    expect(first.count).toBe(3);
    // The demo's private schools are part of its school layer: they leave the map with it, and are counted.
    expect(first.existing).toEqual({ imported: { school: 2, polyclinic: 1 }, replaced: { school: { count: demo.schools.count, demo: true, privateSchools: demo.privateSchools.count }, polyclinic: { count: demo.health.count, demo: true } } });
    expect(demo.schools.count).toBe(237);
    expect(demo.privateSchools.count).toBe(152);
    expect(parseCity(withImports(files, first.change!.imported)).privateSchools.count).toBe(0);
    const again = applyImport('more.csv', csv.split('\n').slice(0, 2).join('\n'), 'existing', { ...defaultScenario(), imported: first.change!.imported }, files);
    if (!again.ok) throw new Error(again.problems.join('; '));
    expect(again.existing).toEqual({ imported: { school: 1 }, replaced: { school: { count: 2, demo: false } } });
    // The polyclinics imported before stay.
    expect(again.change!.imported!.polyclinics).toHaveLength(1);
  });
});

describe('imported records outside the city', () => {
  it('are refused with the record and its coordinates as a message key, and nothing changes', () => {
    const csv = ['name,type,lat,lon,capacity', 'Inside,school,43.25,76.91,900', 'Far away,school,51.13,71.43,900'].join('\n');
    const outcome = applyImport('schools.csv', csv, 'existing', defaultScenario(), files);
    expect(outcome).toEqual({ ok: false, problems: [{ file: 'schools.csv', record: 2, message: { key: 'outsideCity', values: { lon: 71.43, lat: 51.13 } } }] });
  });
});
