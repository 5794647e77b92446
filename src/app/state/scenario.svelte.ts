import { InputError } from '../../engine/instance/errors';
import { parseScenario } from '../../plan/parseScenario';
import { defaultScenario, type FacilitySettings, type FacilityType, type Scenario } from '../../plan/scenario';

const STORAGE_KEY = 'siting-planner/scenario';

export type Notice = { key: string; values?: Record<string, string>; undo?: Scenario };

/**
 * The working scenario. It is replaced, never mutated, so every change is one
 * assignment, and it is saved in the browser at once: a reload brings it back.
 */
export class ScenarioStore {
  current = $state.raw<Scenario>(defaultScenario());
  notice = $state<Notice | null>(null);

  constructor() {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(STORAGE_KEY);
    } catch {
      return;
    }
    if (stored === null) return;
    try {
      this.current = parseScenario(JSON.parse(stored));
      this.notice = { key: 'app.restored' };
    } catch (error) {
      const detail = error instanceof InputError ? error.message : 'not valid JSON';
      this.notice = { key: 'app.storedInvalid', values: { detail } };
    }
  }

  update(change: Partial<Scenario>): void {
    this.current = { ...this.current, ...change };
    this.save();
  }

  updateFacility(type: FacilityType, change: Partial<FacilitySettings>): void {
    this.update({ facilities: { ...this.current.facilities, [type]: { ...this.current.facilities[type], ...change } } });
  }

  updateCandidates(change: Partial<Scenario['candidates']>): void {
    this.update({ candidates: { ...this.current.candidates, ...change } });
  }

  /** Cycles a candidate through normal -> required -> forbidden -> normal. */
  setCandidateRole(id: string, role: 'normal' | 'required' | 'forbidden'): void {
    const { required, forbidden } = this.current.candidates;
    this.updateCandidates({
      required: role === 'required' ? [...required.filter((x) => x !== id), id] : required.filter((x) => x !== id),
      forbidden: role === 'forbidden' ? [...forbidden.filter((x) => x !== id), id] : forbidden.filter((x) => x !== id),
    });
  }

  /** One click back to the demo; the scenario it replaces stays one click away (Undo). */
  reset(): void {
    const previous = this.current;
    this.current = defaultScenario();
    this.notice = { key: 'app.resetDone', undo: previous };
    this.save();
  }

  undo(): void {
    if (!this.notice?.undo) return;
    this.current = this.notice.undo;
    this.notice = null;
    this.save();
  }

  private save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.current));
    } catch {
      // Storage full or disabled: the scenario still lives for this visit.
    }
  }
}
