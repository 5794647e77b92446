import { describe, expect, it } from 'vitest';
import type { SharedPlan } from '../../src/io/link/shareLink';
import type { BudgetCurve } from '../../src/plan/curve';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { changeFrom, current, fromRecord, planState, toRecord, withScenario, type SavedScenario } from '../../src/app/state/saved';

const solved = defaultScenario();
const plan: SharedPlan = { status: 'optimal', solver: 'highs', objective: 123.5, bound: 123.5, gap: 0, seconds: 7.25, open: { school: [[3, 1, 0], [9, 2, 0]] } };
const curve: BudgetCurve = {
  target: 'school',
  fullBudget: 2e10,
  saturation: 1e10,
  points: [
    { budget: 0, spent: 0, covered: 10, demand: 100, share: 0.1, bound: 0.1, gap: 0, status: 'optimal', open: {} },
    { budget: 1e10, spent: 1e10, covered: 90, demand: 100, share: 0.9, bound: 0.9, gap: 0, status: 'optimal', open: { school: [[2, 1]] } },
  ],
};
const entry: SavedScenario = { id: 'a', scenario: solved, plan: { value: plan, scenario: solved }, curve: { value: curve, scenario: solved } };
const withBudget = (scenario: Scenario, budget: number): Scenario => ({ ...scenario, facilities: { ...scenario.facilities, school: { ...scenario.facilities.school, budget } } });
const newId = () => 'fresh';

describe('a saved plan stays with the scenario it solves', () => {
  it('a rename, or phases ticked and unticked, keeps it current; an edit makes it stale and its undo current again', () => {
    const renamed = withScenario(entry, { ...solved, name: 'Renamed' });
    expect(planState(renamed)).toBe('solved');
    expect(current(renamed.curve, renamed.scenario)).toBe(curve);

    const ticked = withScenario(entry, { ...solved, phases: { ...solved.phases, enabled: true } });
    expect(planState(ticked)).toBe('stale');
    expect(planState(withScenario(ticked, { ...ticked.scenario, phases: { ...ticked.scenario.phases, enabled: false } }))).toBe('solved');

    const edited = withScenario(entry, withBudget(solved, 1));
    expect(planState(edited)).toBe('stale');
    expect(edited.plan?.value).toBe(plan);
    const undone = withScenario(edited, withBudget(edited.scenario, solved.facilities.school.budget));
    expect(planState(undone)).toBe('solved');
    expect(current(undone.plan, undone.scenario)).toBe(plan);
  });

  it('a curve is shown while the scenario asks the same question, and again after an edit is undone', () => {
    expect(current(withScenario(entry, { ...solved, name: 'Renamed' }).curve, { ...solved, name: 'Renamed' })).toBe(curve);
    const edited = withScenario(entry, withBudget(solved, 1));
    expect(current(edited.curve, edited.scenario)).toBeNull();
    expect(current(withScenario(edited, solved).curve, solved)).toBe(curve);
  });
});

describe('saved records', () => {
  it('a renamed, solved scenario is saved with the name it was solved under only, and reads back solved, with its status, bound and gap', () => {
    const renamed = withScenario(entry, { ...solved, name: 'Renamed' });
    const record = toRecord(renamed);
    expect(record.planFor).toEqual({ set: { name: solved.name }, unset: [] });
    const back = fromRecord(structuredClone(record), 0, newId);
    expect(back.id).toBe('a');
    expect(back.scenario.name).toBe('Renamed');
    expect(planState(back)).toBe('solved');
    expect(back.plan?.value).toEqual(plan);
    expect(back.plan?.scenario.name).toBe(solved.name);
  });

  it('a stale plan reads back stale, with the scenario it solved', () => {
    const edited = withScenario({ ...entry, curve: null }, withBudget(solved, 1));
    const back = fromRecord(structuredClone(toRecord(edited)), 0, newId);
    expect(planState(back)).toBe('stale');
    expect(back.plan?.scenario.facilities.school.budget).toBe(solved.facilities.school.budget);
    expect(back.scenario.facilities.school.budget).toBe(1);
  });

  it('a plan solved before an import was undone reads back without the import', () => {
    const imported: Scenario = { ...solved, imported: { schools: [] } as unknown as Scenario['imported'] };
    const change = changeFrom(imported, solved);
    expect(change?.unset).toEqual(['imported']);
  });

  it('the same scenario adds nothing to the record, and reads back as the same object', () => {
    const record = toRecord({ ...entry, curve: null });
    expect(record.planFor).toBeUndefined();
    expect(record.curve).toBeUndefined();
    const back = fromRecord(structuredClone(record), 0, newId);
    expect(back.plan?.scenario).toBe(back.scenario);
  });

  it('the plan\'s result is kept with it (shown at once on reopening); a damaged one is left out, the plan kept', () => {
    const result = { status: 'optimal', sites: [], served: { school: new Float64Array([1, 2]) }, kpis: { coveredShare: 0.5 }, reasons: [] };
    const kept = { ...entry, plan: { ...entry.plan!, result } } as unknown as SavedScenario;
    const back = fromRecord(structuredClone(toRecord(kept)), 0, newId);
    expect(back.plan?.result).toEqual(result);
    const damaged = fromRecord({ ...toRecord(kept), result: { sites: 'many' } }, 0, newId);
    expect(damaged.plan?.result).toBeUndefined();
    expect(planState(damaged)).toBe('solved');
  });

  it('a curve is kept with its points\' plans', () => {
    const back = fromRecord(structuredClone(toRecord(entry)), 0, newId);
    expect(back.curve?.value.points.map((point) => point.open)).toEqual([{}, { school: [[2, 1]] }]);
    expect(back.curve?.value.saturation).toBe(1e10);
    expect(current(back.curve, back.scenario)).not.toBeNull();
  });

  it('a record of an earlier version (no planFor, no curve) reads its plan as solving its scenario', () => {
    const old = { id: 'b', scenario: structuredClone(solved), plan: toRecord(entry).plan };
    const back = fromRecord(old, 0, newId);
    expect(planState(back)).toBe('solved');
    expect(back.curve).toBeNull();
  });

  it('a damaged plan scenario is named by its field; a damaged curve is dropped and the scenario still opens', () => {
    const record = { ...toRecord(entry), planFor: { set: { objective: 'cheapest' }, unset: [] } };
    expect(() => fromRecord(record, 2, newId)).toThrow(/scenarios\[2\]\.planFor\.objective/);
    const back = fromRecord({ ...toRecord(entry), curve: { k: { t: 'bridges' }, open: [] } }, 0, newId);
    expect(back.curve).toBeNull();
    expect(planState(back)).toBe('solved');
  });
});
