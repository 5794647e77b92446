import { InputError } from '../../engine/instance/errors';
import { decodeCurve, encodeCurve, type SharedPlan } from '../../io/link/shareLink';
import { decodeStoredPlan, encodeStoredPlan } from '../../io/link/storedPlan';
import type { BudgetCurve, CurvePoint } from '../../plan/curve';
import { parseScenario } from '../../plan/parseScenario';
import type { PlanResult } from '../../plan/solvePlan';
import { deepEqual, sameProblem } from '../../plan/sameProblem';
import { TYPE_ID, type FacilityType, type Scenario } from '../../plan/scenario';

/**
 * Work kept with the scenario it was done for: a plan, a curve. The scenario
 * may change afterwards; the work stays, current while the scenario asks the
 * same question (a rename, an edit and its undo), stale otherwise.
 */
export interface Kept<T> {
  readonly value: T;
  readonly scenario: Scenario;
}

/**
 * A plan as kept: its sites (what is evaluated again), and what they were
 * found to achieve (flows, KPIs), so that a reopened plan is on the screen at
 * once, before its sites are evaluated again on the city as it is now.
 */
export interface KeptPlan extends Kept<SharedPlan> {
  readonly result?: PlanResult;
}

/** A scenario the planner keeps, with the plan last solved and the curve last computed for it. */
export interface SavedScenario {
  readonly id: string;
  readonly scenario: Scenario;
  readonly plan: KeptPlan | null;
  readonly curve: Kept<BudgetCurve> | null;
}

/** The kept work, when it still answers the entry's scenario. */
export function current<T>(kept: Kept<T> | null, scenario: Scenario): T | null {
  return kept && sameProblem(kept.scenario, scenario) ? kept.value : null;
}

/** Whether the entry's plan is current, stale (solved for the scenario before an edit), or missing. */
export function planState(entry: SavedScenario): 'solved' | 'stale' | 'none' {
  return entry.plan === null ? 'none' : current(entry.plan, entry.scenario) ? 'solved' : 'stale';
}

/**
 * The entry with its scenario changed: the plan and the curve stay with the
 * scenario they were made for, shown while the scenario asks the same
 * question, and current again when an edit is undone.
 */
export function withScenario(entry: SavedScenario, scenario: Scenario): SavedScenario {
  return { ...entry, scenario };
}

/**
 * How an entry is kept in IndexedDB. `plan` keeps the link's compact form (as
 * before); the scenario a plan or curve was made for is kept as the top-level
 * fields where it differs from the entry's scenario (absent: the same), so a
 * renamed scenario with 70,000 imported sites is not stored twice.
 */
export interface StoredRecord {
  readonly id: string;
  readonly scenario: unknown;
  readonly plan: unknown;
  readonly planFor?: ScenarioChange;
  /** The plan's result as last computed (a structured clone); absent in older records. */
  readonly result?: unknown;
  readonly curve?: { readonly k: unknown; readonly open: unknown };
  readonly curveFor?: ScenarioChange;
}

/** Fields of a scenario set to other values, and fields it lacks. */
export interface ScenarioChange {
  readonly set: Record<string, unknown>;
  readonly unset: string[];
}

export function toRecord(entry: SavedScenario): StoredRecord {
  const planFor = entry.plan && changeFrom(entry.scenario, entry.plan.scenario);
  const curveFor = entry.curve && changeFrom(entry.scenario, entry.curve.scenario);
  return {
    id: entry.id,
    scenario: entry.scenario,
    plan: entry.plan && encodeStoredPlan(entry.plan.value),
    ...(planFor ? { planFor } : {}),
    ...(entry.plan?.result ? { result: entry.plan.result } : {}),
    ...(entry.curve ? { curve: { k: encodeCurve(entry.curve.value), open: entry.curve.value.points.map((point) => point.open) } } : {}),
    ...(curveFor ? { curveFor } : {}),
  };
}

/**
 * An entry read back; a record of an earlier version (no planFor: its plan was
 * dropped at every edit, so it solves the scenario as saved) reads the same.
 * A damaged field is named (`scenarios[k].<field>`); a damaged curve is only
 * dropped (it is computed again in seconds, and the scenario must open).
 */
export function fromRecord(record: unknown, k: number, newId: () => string): SavedScenario {
  const { id, scenario: rawScenario, plan: rawPlan, planFor, result, curve: rawCurve, curveFor } = (record ?? {}) as Partial<StoredRecord>;
  try {
    const scenario = parseScenario(rawScenario);
    const value = decodeStoredPlan(rawPlan);
    const plan = value && { value, scenario: applyChange(scenario, planFor, 'planFor'), ...(looksLikeResult(result) ? { result } : {}) };
    return { id: typeof id === 'string' ? id : newId(), scenario, plan, curve: readCurve(scenario, rawCurve, curveFor) };
  } catch (error) {
    throw error instanceof InputError ? new InputError(`scenarios[${k}].${error.field}`, error.detail) : error;
  }
}

/** A kept result is only a head start (the plan's sites are evaluated again at once): one that is not whole is left out. */
function looksLikeResult(value: unknown): value is PlanResult {
  const r = value as Partial<PlanResult> | null;
  return typeof r === 'object' && r !== null && Array.isArray(r.sites) && typeof r.kpis === 'object' && r.kpis !== null && typeof r.served === 'object' && r.served !== null && Array.isArray(r.reasons) && typeof r.status === 'string';
}

function readCurve(scenario: Scenario, raw: StoredRecord['curve'], change: ScenarioChange | undefined): Kept<BudgetCurve> | null {
  if (raw === undefined || raw === null) return null;
  try {
    const curve = decodeCurve(raw.k);
    const open = raw.open;
    if (!Array.isArray(open) || open.length !== curve.points.length) return null;
    const points = curve.points.map((point, n): CurvePoint => ({ ...point, open: pointPlan(open[n]) }));
    return { value: { ...curve, points }, scenario: applyChange(scenario, change, 'curveFor') };
  } catch {
    return null;
  }
}

function pointPlan(value: unknown): CurvePoint['open'] {
  if (typeof value !== 'object' || value === null) throw new InputError('curve.open', 'is not an object');
  const open: Partial<Record<FacilityType, [number, number][]>> = {};
  for (const [type, entries] of Object.entries(value)) {
    const valid = TYPE_ID.test(type) && Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2 && e.every((x) => Number.isInteger(x) && x >= 0));
    if (!valid) throw new InputError(`curve.open.${type}`, 'is not a list of sites');
    open[type as FacilityType] = entries.map(([index, count]: [number, number]) => [index, count]);
  }
  return open;
}

/** The top-level fields where `other` differs from `base`, or null when they are the same scenario. */
export function changeFrom(base: Scenario, other: Scenario): ScenarioChange | null {
  if (base === other) return null;
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const a = base as unknown as Record<string, unknown>;
  const b = other as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] === b[key] || deepEqual(a[key], b[key])) continue;
    if (b[key] === undefined) unset.push(key);
    else set[key] = b[key];
  }
  return Object.keys(set).length === 0 && unset.length === 0 ? null : { set, unset };
}

/** `base` with a change laid over it, checked as any scenario is; no change: `base` itself. */
export function applyChange(base: Scenario, change: ScenarioChange | undefined, field: string): Scenario {
  if (change === undefined || change === null) return base;
  if (typeof change !== 'object' || typeof change.set !== 'object' || change.set === null || !Array.isArray(change.unset)) throw new InputError(field, 'is not a scenario change');
  const merged: Record<string, unknown> = { ...base, ...change.set };
  for (const key of change.unset) delete merged[key];
  try {
    return parseScenario(merged);
  } catch (error) {
    throw error instanceof InputError ? new InputError(`${field}.${error.field}`, error.detail) : error;
  }
}
