import { InputError } from '../../engine/instance/errors';
import { decodeStoredPlan, encodeStoredPlan } from '../../io/link/storedPlan';
import type { SharedPlan } from '../../io/link/shareLink';
import { parseScenario } from '../../plan/parseScenario';
import { defaultScenario, type FacilitySettings, type FacilityType, type Scenario } from '../../plan/scenario';
import { dropLegacy, lastFailure, loadStored, saveChanges, unreadableLegacy, type StoredEntry } from './storage';

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

  /** Why the last save failed, while it has not succeeded since (shown at once, with the scenario file to download). */
  saveError = $state<string | null>(null);
  /** The entries as last written, by id: only what differs is written again. */
  private persisted = new Map<string, SavedScenario>();
  /** Saves run one after another, the first after the restore. */
  private queue: Promise<void>;

  /** The demo scenario's name in the planner's language when it is created. */
  private readonly demoName: () => string;

  constructor(demoName: () => string = () => defaultScenario().name) {
    this.demoName = demoName;
    this.scenarios = [{ id: newId(), scenario: defaultScenario(demoName()), plan: null }];
    this.activeId = this.scenarios[0].id;
    this.queue = this.restore();
  }

  /**
   * Brings back the last visit's scenarios. The notice says "restored" only
   * when scenarios were read back, and says when the last save had failed,
   * so a planner never trusts a copy that is not there.
   */
  private async restore(): Promise<void> {
    const untouched = this.scenarios;
    const stored = await loadStored();
    const failedAt = lastFailure();
    if (stored.found === 'unreadable') {
      this.notice = { key: 'app.storedInvalid', values: { detail: stored.detail } };
      return;
    }
    if (stored.found === false) {
      if (failedAt) this.notice = { key: 'app.lastSaveFailed', values: { time: shortTime(failedAt) } };
      return;
    }
    let restored: SavedScenario[];
    try {
      restored = stored.entries.map((entry, k) => readEntry(entry, k));
    } catch (error) {
      const detail = error instanceof InputError ? error.message : String(error);
      if (stored.legacy) unreadableLegacy(JSON.stringify({ v: 1, active: stored.active, scenarios: stored.entries }), detail);
      this.notice = { key: 'app.storedInvalid', values: { detail } };
      return;
    }
    if (restored.length === 0) return;
    if (!stored.legacy) for (const entry of restored) this.persisted.set(entry.id, entry);
    // Whatever was opened meanwhile (a shared link) stays, after the restored scenarios.
    const opened = this.scenarios === untouched ? [] : this.scenarios;
    const active = opened.length > 0 ? this.activeId : restored.some((s) => s.id === stored.active) ? String(stored.active) : restored[0].id;
    this.scenarios = [...restored, ...opened];
    this.activeId = active;
    if (failedAt) this.notice = { key: 'app.restoredBeforeFailure', values: { saved: shortTime(stored.savedAt ?? failedAt), time: shortTime(failedAt) } };
    else if (opened.length === 0) this.notice = { key: 'app.restored' };
    if (stored.legacy || opened.length > 0) {
      // Moved into IndexedDB once; the old copy goes only when the new one is written.
      this.save();
      if (stored.legacy) void this.queue.then(() => this.saveError === null && dropLegacy());
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

  /** Saves at once (in order, after the restore); a failure is shown, never swallowed. */
  private save(): void {
    const scenarios = this.scenarios;
    const active = this.activeId;
    // After the next frame: copying a scenario with tens of thousands of imported points takes a while,
    // and the plan or the edit that caused the save should be on the screen first.
    this.queue = this.queue.then(() => nextFrame()).then(() => this.persist(scenarios, active));
  }

  private async persist(scenarios: readonly SavedScenario[], active: string): Promise<void> {
    const ids = new Set(scenarios.map((s) => s.id));
    const changed = scenarios.filter((s) => this.persisted.get(s.id) !== s);
    const outcome = await saveChanges({
      active,
      order: scenarios.map((s) => s.id),
      // A snapshot: IndexedDB clones structurally, and a reactive proxy that slipped into a scenario cannot be cloned.
      put: changed.map((s): StoredEntry => $state.snapshot({ id: s.id, scenario: s.scenario, plan: s.plan && encodeStoredPlan(s.plan) })),
      removed: [...this.persisted.keys()].filter((id) => !ids.has(id)),
    });
    if (!outcome.ok) {
      this.saveError = outcome.detail;
      return;
    }
    this.persisted = new Map(scenarios.map((s) => [s.id, s]));
    this.saveError = null;
  }
}

/** Resolves after the browser has had a chance to paint (at once where there is no frame to wait for). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : resolve()));
}

function readEntry(entry: unknown, k: number): SavedScenario {
  const { id, scenario, plan } = (entry ?? {}) as { id?: unknown; scenario?: unknown; plan?: unknown };
  try {
    return { id: typeof id === 'string' ? id : newId(), scenario: parseScenario(scenario), plan: decodeStoredPlan(plan) };
  } catch (error) {
    throw error instanceof InputError ? new InputError(`scenarios[${k}].${error.field}`, error.detail) : error;
  }
}

/** A time of day (and the date when it is not today) for a notice. */
function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

function newId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
