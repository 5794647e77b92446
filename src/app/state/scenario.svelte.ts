import { InputError } from '../../engine/instance/errors';
import { decodeStoredPlan, encodeStoredPlan } from '../../io/link/storedPlan';
import type { SharedPlan } from '../../io/link/shareLink';
import { parseScenario } from '../../plan/parseScenario';
import { defaultScenario, type FacilitySettings, type FacilityType, type Scenario } from '../../plan/scenario';

const STORAGE_KEY = 'siting-planner/scenarios';
const STORAGE_VERSION = 1;

export type Notice = { key: string; values?: Record<string, string>; undo?: Scenario };

/** A scenario the planner keeps, with the plan last solved for it (as compact site lists). */
export interface SavedScenario {
  readonly id: string;
  readonly scenario: Scenario;
  readonly plan: SharedPlan | null;
}

/**
 * The planner's scenarios, kept in the browser, and the one being edited.
 * Scenarios are replaced, never mutated, so every change is one assignment;
 * everything is saved at once, so a reload brings it all back.
 */
export class ScenarioStore {
  scenarios = $state.raw<SavedScenario[]>([]);
  activeId = $state<string>('');
  notice = $state<Notice | null>(null);

  /** The demo scenario's name in the planner's language when it is created. */
  private readonly demoName: () => string;

  constructor(demoName: () => string = () => defaultScenario().name) {
    this.demoName = demoName;
    this.scenarios = [{ id: newId(), scenario: defaultScenario(demoName()), plan: null }];
    this.activeId = this.scenarios[0].id;
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(STORAGE_KEY);
    } catch {
      return;
    }
    if (stored === null) return;
    try {
      const json = JSON.parse(stored);
      if (json?.v !== STORAGE_VERSION || !Array.isArray(json.scenarios) || json.scenarios.length === 0) throw new InputError('scenarios', 'not a saved scenario list');
      this.scenarios = json.scenarios.map((entry: { id?: unknown; scenario?: unknown; plan?: unknown }, k: number) => {
        try {
          return { id: typeof entry.id === 'string' ? entry.id : newId(), scenario: parseScenario(entry.scenario), plan: decodeStoredPlan(entry.plan) };
        } catch (error) {
          throw error instanceof InputError ? new InputError(`scenarios[${k}].${error.field}`, error.detail) : error;
        }
      });
      this.activeId = this.scenarios.some((s) => s.id === json.active) ? json.active : this.scenarios[0].id;
      this.notice = { key: 'app.restored' };
    } catch (error) {
      const detail = error instanceof InputError ? error.message : 'not valid JSON';
      this.notice = { key: 'app.storedInvalid', values: { detail } };
      // The unreadable copy is kept aside, not overwritten, so nothing is lost for good.
      try {
        localStorage.setItem(`${STORAGE_KEY}/unreadable`, stored);
      } catch {
        // Nothing more can be done without storage.
      }
    }
  }

  get active(): SavedScenario {
    return this.scenarios.find((s) => s.id === this.activeId) ?? this.scenarios[0];
  }

  get current(): Scenario {
    return this.active.scenario;
  }

  update(change: Partial<Scenario>): void {
    this.replace(this.active.id, { scenario: { ...this.current, ...change } });
  }

  updateFacility(type: FacilityType, change: Partial<FacilitySettings>): void {
    this.update({ facilities: { ...this.current.facilities, [type]: { ...this.current.facilities[type], ...change } } });
  }

  updateCandidates(change: Partial<Scenario['candidates']>): void {
    this.update({ candidates: { ...this.current.candidates, ...change } });
  }

  setCandidateRole(id: string, role: 'normal' | 'required' | 'forbidden'): void {
    const { required, forbidden } = this.current.candidates;
    this.updateCandidates({
      required: role === 'required' ? [...required.filter((x) => x !== id), id] : required.filter((x) => x !== id),
      forbidden: role === 'forbidden' ? [...forbidden.filter((x) => x !== id), id] : forbidden.filter((x) => x !== id),
    });
  }

  /** Records the plan solved for a scenario, if the scenario has not changed since. */
  attachPlan(scenario: Scenario, plan: SharedPlan): void {
    const owner = this.scenarios.find((s) => s.scenario === scenario);
    if (owner) this.replace(owner.id, { plan });
  }

  select(id: string): void {
    if (this.scenarios.some((s) => s.id === id)) {
      this.activeId = id;
      this.save();
    }
  }

  /** Adds a scenario (a copy, or one opened from a link or a file) and makes it the active one. */
  add(scenario: Scenario, plan: SharedPlan | null = null): void {
    const entry = { id: newId(), scenario, plan };
    this.scenarios = [...this.scenarios, entry];
    this.activeId = entry.id;
    this.save();
  }

  duplicate(copyName: string): void {
    this.add({ ...this.current, name: copyName }, this.active.plan);
  }

  rename(name: string): void {
    if (name.trim() !== '') this.update({ name: name.trim() });
  }

  remove(id: string): void {
    if (this.scenarios.length === 1) return;
    const index = this.scenarios.findIndex((s) => s.id === id);
    this.scenarios = this.scenarios.filter((s) => s.id !== id);
    if (this.activeId === id) this.activeId = this.scenarios[Math.max(0, index - 1)].id;
    this.save();
  }

  /** One click back to the demo; the scenario it replaces stays one click away (Undo). */
  reset(): void {
    const previous = this.current;
    this.replace(this.active.id, { scenario: defaultScenario(this.demoName()), plan: null });
    this.notice = { key: 'app.resetDone', undo: previous };
  }

  undo(): void {
    if (!this.notice?.undo) return;
    this.replace(this.active.id, { scenario: this.notice.undo, plan: null });
    this.notice = null;
  }

  private replace(id: string, change: Partial<SavedScenario>): void {
    this.scenarios = this.scenarios.map((s) => {
      if (s.id !== id) return s;
      // An edited scenario no longer matches its plan.
      const plan = change.plan !== undefined ? change.plan : change.scenario ? null : s.plan;
      return { ...s, ...change, plan };
    });
    this.save();
  }

  private save(): void {
    try {
      const scenarios = this.scenarios.map((s) => ({ id: s.id, scenario: s.scenario, plan: s.plan && encodeStoredPlan(s.plan) }));
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ v: STORAGE_VERSION, active: this.activeId, scenarios }));
    } catch {
      // Storage full or disabled: the scenarios still live for this visit.
    }
  }
}

function newId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
