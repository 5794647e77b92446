/**
 * Adding, removing and renaming a scenario's facility types: pure functions
 * of the scenario, so that the app's store, a test and a script make the same
 * change. A type is removed with everything that names it (its yearly
 * budgets, its planner-added sites and their roles), so nothing dangles.
 */
import { PRESETS, blankType, presetSettings } from './presets';
import { TYPE_ID, spread, type FacilitySettings, type FacilityType, type Scenario, type TypeLabel } from './scenario';

/** At most this many types in one scenario (the parser refuses more). */
export const MAX_TYPES = 12;

/** An id for a new type from its English name ("Sports ground" -> "sports_ground"), free in the scenario. */
export function newTypeId(scenario: Pick<Scenario, 'facilities'>, label: TypeLabel): FacilityType {
  const base =
    label.en
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 28) || 'type';
  let id = base;
  for (let n = 2; id in scenario.facilities || !TYPE_ID.test(id); n++) id = `${base}_${n}`.slice(-32).replace(/^[^a-z]+/, 't');
  return id;
}

/** The scenario with one more type: a preset by its id, or a blank type with the planner's name. */
export function withType(scenario: Scenario, add: { preset: FacilityType } | { label: TypeLabel }): { scenario: Scenario; id: FacilityType } {
  if (Object.keys(scenario.facilities).length >= MAX_TYPES) throw new Error(`a scenario has at most ${MAX_TYPES} types`);
  let id: FacilityType;
  let settings: FacilitySettings;
  if ('preset' in add) {
    if (!PRESETS[add.preset]) throw new Error(`no preset "${add.preset}"`);
    if (add.preset in scenario.facilities) throw new Error(`the scenario already has ${add.preset}`);
    id = add.preset;
    settings = presetSettings(id);
  } else {
    id = newTypeId(scenario, add.label);
    // Its existing facilities are a layer of its own name, filled by an import or a city built with it.
    settings = { ...blankType(add.label), existing: id };
  }
  const years = scenario.phases.yearBudgets.length;
  return {
    id,
    scenario: {
      ...scenario,
      facilities: { ...scenario.facilities, [id]: settings },
      phases: { ...scenario.phases, typeYearBudgets: { ...scenario.phases.typeYearBudgets, [id]: spread(settings.budget, years) } },
    },
  };
}

/** The scenario without a type, its yearly budgets, its added sites and the roles of its sites; the last type stays. */
export function withoutType(scenario: Scenario, id: FacilityType): Scenario {
  if (!(id in scenario.facilities)) return scenario;
  if (Object.keys(scenario.facilities).length <= 1) throw new Error('a scenario keeps at least one type');
  const drop = <T>(record: Readonly<Record<string, T>>) => Object.fromEntries(Object.entries(record).filter(([key]) => key !== id));
  const ofType = (candidate: string) => candidate.startsWith(`${id}:`) || candidate.startsWith(`extend:${id}:`);
  return {
    ...scenario,
    facilities: drop(scenario.facilities),
    phases: { ...scenario.phases, typeYearBudgets: drop(scenario.phases.typeYearBudgets) },
    candidates: {
      added: scenario.candidates.added.filter((candidate) => candidate.type !== id),
      required: scenario.candidates.required.filter((candidate) => !ofType(candidate)),
      forbidden: scenario.candidates.forbidden.filter((candidate) => !ofType(candidate)),
    },
  };
}

/** The scenario with a type's name in the three languages (a preset renamed keeps its id, so its plans and links still fit). */
export function renamedType(scenario: Scenario, id: FacilityType, label: TypeLabel): Scenario {
  return { ...scenario, facilities: { ...scenario.facilities, [id]: { ...scenario.facilities[id], label } } };
}
