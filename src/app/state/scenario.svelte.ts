import type { TransitSettings } from '../../plan/transit';
import { InputError } from '../../engine/instance/errors';
import type { SharedPlan } from '../../io/link/shareLink';
import type { PlanResult } from '../../plan/solvePlan';
import type { BudgetCurve } from '../../plan/curve';
import { sameProblem } from '../../plan/sameProblem';
import { defaultScenario, type FacilitySettings, type FacilityType, type Scenario, type TypeLabel } from '../../plan/scenario';
import { renamedType, withType, withoutType } from '../../plan/typeEdits';
import type { HousingEstate } from '../../plan/housing';
import { fromRecord, toRecord, withScenario, type KeptPlan, type SavedScenario } from './saved';
import { dropLegacy, lastFailure, loadStored, saveChanges, unreadableLegacy } from './storage';

export type { SavedScenario } from './saved';

export type Notice = { key: string; values?: Record<string, string>; undo?: Scenario };

/** Where tabs of the app tell each other which scenarios they saved. */
const CHANNEL = 'siting-planner/saves';

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
    this.scenarios = [{ id: newId(), scenario: defaultScenario(demoName()), plan: null, curve: null }];
    this.activeId = this.scenarios[0].id;
    this.queue = this.restore().finally(() => (this.restored = true));
    this.listen();
  }

  /** True once the last visit's scenarios are read back: before that, nothing may be written over them. */
  private restored = false;
  /** Each write is numbered: a write that finishes after a later one does not count as the latest. */
  private saves = 0;
  /** Saves asked for, and of those, how many a finished write covers: a flush writes only when some are waiting. */
  private requested = 0;
  private written = 0;
  private channel: BroadcastChannel | null = null;
  /** This tab, as the other tabs hear of it. */
  private readonly tab = newId();

  /**
   * Another tab that saves a scenario this tab also holds would be overwritten
   * by this tab's next save of it, without a word: the planner is told at once.
   */
  private listen(): void {
    if (typeof BroadcastChannel !== 'function') return;
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = (event: MessageEvent<{ tab?: string; ids?: string[] }>) => {
      const { tab, ids } = event.data ?? {};
      if (tab === this.tab || !Array.isArray(ids)) return;
      const touched = this.scenarios.filter((s) => ids.includes(s.id));
      if (touched.length === 0) return;
      const names = touched.map((s) => s.scenario.name).join(', ');
      this.notice = { key: 'app.changedElsewhere', values: { name: names } };
    };
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
      restored = stored.entries.map((entry, k) => fromRecord(entry, k, newId));
    } catch (error) {
      const detail = error instanceof InputError ? error.message : String(error);
      if (stored.legacy) unreadableLegacy(JSON.stringify({ v: 1, active: stored.active, scenarios: stored.entries }), detail);
      this.notice = { key: 'app.storedInvalid', values: { detail } };
      return;
    }
    if (restored.length === 0) return;
    if (!stored.legacy) for (const entry of restored) this.persisted.set(entry.id, entry);
    // Whatever was opened meanwhile (a shared link) stays, after the restored scenarios; the demo
    // scenario the page started with does not (it stood in for the restored ones).
    const opened = this.scenarios.filter((entry) => !untouched.includes(entry));
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
    this.replace(this.active.id, { ...this.current, ...change });
  }

  updateFacility(type: FacilityType, change: Partial<FacilitySettings>): void {
    this.update({ facilities: { ...this.current.facilities, [type]: { ...this.current.facilities[type], ...change } } });
  }

  /** Adds a preset, or a blank type of the planner's with its name; returns its id. */
  addType(add: Parameters<typeof withType>[1]): FacilityType {
    const { scenario, id } = withType(this.current, add);
    this.replace(this.active.id, scenario);
    return id;
  }

  removeType(id: FacilityType): void {
    this.replace(this.active.id, withoutType(this.current, id));
  }

  renameType(id: FacilityType, label: TypeLabel): void {
    this.replace(this.active.id, renamedType(this.current, id, label));
  }

  /** The scenario's planned housing estates; none leaves the field out, as files without it have. */
  setHousing(estates: readonly HousingEstate[]): void {
    const { housing: _, ...rest } = this.current;
    this.replace(this.active.id, estates.length > 0 ? { ...rest, housing: estates } : rest);
  }

  /** The scenario's public transport (src/plan/transit.ts); undefined: none, and the field goes. */
  setTransit(transit: TransitSettings | undefined): void {
    const { transit: _, ...rest } = this.current;
    this.replace(this.active.id, transit ? { ...rest, transit } : rest);
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

  /**
   * Records the plan solved for an entry's scenario (`scenario`: as it was
   * solved). Edited meanwhile, the entry keeps it as stale: undoing the edit
   * makes it current again.
   */
  attachPlan(id: string, scenario: Scenario, plan: SharedPlan, result?: PlanResult): void {
    this.change(id, (s) => ({ ...s, plan: { value: plan, scenario, ...(result ? { result } : {}) } }));
  }

  /** Keeps the result evaluated for an entry's plan (while the entry still holds that plan), so that it reopens at once. */
  keepResult(id: string, plan: KeptPlan, result: PlanResult): void {
    this.change(id, (s) => (s.plan === plan ? { ...s, plan: { ...plan, result } } : s));
  }

  /** Records a curve computed for a scenario, with the entry that holds it (or the active one, renamed meanwhile). */
  attachCurve(scenario: Scenario, curve: BudgetCurve): void {
    const owner = this.scenarios.find((s) => s.scenario === scenario) ?? (sameProblem(this.current, scenario) ? this.active : undefined);
    if (owner) this.change(owner.id, (s) => ({ ...s, curve: { value: curve, scenario } }));
  }

  select(id: string): void {
    if (this.scenarios.some((s) => s.id === id)) {
      this.activeId = id;
      this.save();
    }
  }

  /** Adds a scenario (a copy, or one opened from a link or a file) and makes it the active one. */
  add(scenario: Scenario, plan: SharedPlan | null = null, curve: BudgetCurve | null = null): void {
    this.push({ id: newId(), scenario, plan: plan && { value: plan, scenario }, curve: curve && { value: curve, scenario } });
  }

  /** A copy keeps the plan and the curve (with what they were made for). */
  duplicate(copyName: string): void {
    this.push({ ...withScenario(this.active, { ...this.current, name: copyName }), id: newId() });
  }

  private push(entry: SavedScenario): void {
    this.scenarios = [...this.scenarios, entry];
    this.activeId = entry.id;
    this.save();
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
    this.replace(this.active.id, defaultScenario(this.demoName()));
    this.notice = { key: 'app.resetDone', undo: previous };
  }

  undo(): void {
    if (!this.notice?.undo) return;
    this.replace(this.active.id, this.notice.undo);
    this.notice = null;
  }

  /** A new scenario for an entry: its plan stays with what it solved (stale after an edit, current again after its undo). */
  private replace(id: string, scenario: Scenario): void {
    this.change(id, (s) => withScenario(s, scenario));
  }

  private change(id: string, edit: (entry: SavedScenario) => SavedScenario): void {
    if (!this.scenarios.some((s) => s.id === id)) return;
    this.scenarios = this.scenarios.map((s) => (s.id === id ? edit(s) : s));
    this.save();
  }

  /** Saves soon (in order, after the restore); a failure is shown, never swallowed. */
  private save(): void {
    this.requested++;
    // After the next frame: copying a scenario with tens of thousands of imported points takes a while,
    // and the plan or the edit that caused the save should be on the screen first.
    this.queue = this.queue.then(() => nextFrame()).then(() => this.persist());
  }

  /**
   * Saves now, without waiting for a frame: the page is being hidden or
   * closed (pagehide, visibilitychange), and an edit made just before must
   * not be lost. Nothing is written before the last visit's scenarios are read.
   */
  flush(): void {
    if (this.restored && this.written < this.requested) void this.persist();
  }

  private lastOrder = '';
  private lastActive = '';

  /** Writes what changed since the last save: the state as it is when the write starts, so an older save never lands last. */
  private async persist(): Promise<void> {
    const scenarios = this.scenarios;
    const active = this.activeId;
    const order = scenarios.map((s) => s.id);
    const ids = new Set(order);
    const changed = scenarios.filter((s) => this.persisted.get(s.id) !== s);
    const removed = [...this.persisted.keys()].filter((id) => !ids.has(id));
    if (changed.length === 0 && removed.length === 0 && order.join() === this.lastOrder && active === this.lastActive && this.saveError === null) {
      this.written = this.requested;
      return;
    }
    const save = ++this.saves;
    const covers = this.requested;
    const written = saveChanges({
      active,
      order,
      // A snapshot: IndexedDB clones structurally, and a reactive proxy that slipped into a scenario cannot be cloned.
      put: changed.map((s) => $state.snapshot(toRecord(s))),
      removed,
    });
    // Said as the write starts: a page being closed may not live to see it end.
    if (changed.length > 0) this.channel?.postMessage({ tab: this.tab, ids: changed.map((s) => s.id) });
    const outcome = await written;
    if (save !== this.saves) return;
    if (!outcome.ok) {
      this.saveError = outcome.detail;
      return;
    }
    this.persisted = new Map(scenarios.map((s) => [s.id, s]));
    this.written = Math.max(this.written, covers);
    this.lastOrder = order.join();
    this.lastActive = active;
    this.saveError = null;
  }
}

/** Resolves after the browser has had a chance to paint (at once where there is no frame to wait for). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : resolve()));
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
