import { InputError } from '../../engine/instance/errors';
import type { SolveStatus } from '../../engine/mip/solver';
import { parseScenario } from '../../plan/parseScenario';
import { DEMO_DATA, TYPE_ID, defaultScenario, type FacilityType, type Scenario } from '../../plan/scenario';
import type { CityNames } from '../city/types';
import type { PlanResult } from '../../plan/solvePlan';
import { CURVE_POINTS, type BudgetCurve, type CurvePoint, type CurveTarget } from '../../plan/curve';
import { fromBase64Url, isBase64Url, toBase64Url } from './base64url';
import { deflate, inflate } from './deflate';
import { diff, merge } from './diff';

/**
 * The share link: a scenario and its solved plan in the URL fragment, as
 * versioned JSON, deflated and base64url-encoded. The scenario travels as its
 * difference from the demo defaults and the plan as candidate indices (sites
 * are regenerated from the scenario), so a demo plan stays a short link.
 * One codec, used by the full app and the embed view.
 */
export const LINK_VERSION = 1;
const PREFIX = `s${LINK_VERSION}.`;
const MAX_UNPACKED = 4 * 1024 * 1024;

/** How the plan was solved: the result's own summary fields. */
type PlanSummary = Pick<PlanResult, 'status' | 'solver' | 'objective' | 'bound' | 'gap' | 'seconds'>;

export interface SharedPlan extends PlanSummary {
  /** Per type: [candidate index, number of facilities, year index] entries, ascending by index then year. */
  readonly open: Partial<Record<FacilityType, [number, number, number][]>>;
}

export interface SharePayload {
  readonly scenario: Scenario;
  readonly plan: SharedPlan | null;
  /** The city's names, so that an app without that city can say which one the link needs. */
  readonly city?: CityNames;
  /** A budget-coverage curve of the scenario, its points without their plans (`open` is empty). */
  readonly curve?: BudgetCurve;
}

export type Decoded =
  | { ok: true; payload: SharePayload }
  | { ok: false; problem: 'damaged' | 'future' | 'invalid'; detail: string; reason?: LinkFault };

/**
 * What is wrong with a link, as a key of the app's catalogue (`share.fault.*`,
 * its values in `values`), so that the planner reads it in the page's language;
 * `detail` says the same in English (an invalid scenario's field and value only there).
 */
export type LinkFault =
  | { key: 'empty' | 'characters' | 'truncated' }
  | { key: 'newer'; values: { format: string; reads: number } }
  | { key: 'version'; values: { version: string } };

/** The fragment (without '#') for a payload. */
export async function encodeShare(payload: SharePayload): Promise<string> {
  const wire = {
    v: LINK_VERSION,
    // Routing always travels: a link without it was made before streets, and opens with straight lines.
    s: scenarioDiff(payload.scenario),
    p: payload.plan && encodePlan(payload.plan),
    ...(payload.city ? { c: payload.city } : {}),
    ...(payload.curve ? { k: encodeCurve(payload.curve) } : {}),
  };
  const bytes = await deflate(new TextEncoder().encode(JSON.stringify(wire)));
  return PREFIX + toBase64Url(bytes);
}

/** Reads a fragment; every way it can be wrong is a value, never an exception. */
export async function decodeShare(fragment: string): Promise<Decoded> {
  const text = fragment.replace(/^#/, '');
  const version = /^s(\d+)\./.exec(text);
  if (!version) return { ok: false, problem: 'damaged', detail: 'the link has no plan in it', reason: { key: 'empty' } };
  if (Number(version[1]) > LINK_VERSION) {
    const values = { format: version[1], reads: LINK_VERSION };
    return { ok: false, problem: 'future', detail: `the link was made by a newer version (format ${values.format}; this app reads ${values.reads})`, reason: { key: 'newer', values } };
  }
  const body = text.slice(version[0].length);
  if (!isBase64Url(body)) return { ok: false, problem: 'damaged', detail: 'the link contains characters that cannot be part of it', reason: { key: 'characters' } };
  // A link cut short can end at a length no encoding has: that is a truncation, not a stray character.
  const bytes = fromBase64Url(body);
  if (!bytes) return { ok: false, problem: 'damaged', detail: 'the link is truncated or damaged', reason: { key: 'truncated' } };
  let wire: { v?: unknown; s?: unknown; p?: unknown; c?: unknown; k?: unknown };
  try {
    wire = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await inflate(bytes, MAX_UNPACKED)));
  } catch {
    return { ok: false, problem: 'damaged', detail: 'the link is truncated or damaged', reason: { key: 'truncated' } };
  }
  if (typeof wire !== 'object' || wire === null || wire.v !== LINK_VERSION) {
    const version = String(JSON.stringify(wire?.v));
    return { ok: false, problem: typeof wire?.v === 'number' && wire.v > LINK_VERSION ? 'future' : 'damaged', detail: `unexpected link version ${version}`, reason: { key: 'version', values: { version } } };
  }
  try {
    const data = typeof wire.s === 'object' && wire.s !== null && typeof (wire.s as { data?: unknown }).data === 'string' ? (wire.s as { data: string }).data : DEMO_DATA;
    const scenario = parseScenario(withoutRemoved(merge({ ...linkBase(data), routing: 'straight' } as never, wire.s)));
    const plan = wire.p === null || wire.p === undefined ? null : decodePlan(wire.p);
    const city = cityNames(wire.c);
    const curve = wire.k === undefined ? null : decodeCurve(wire.k);
    return { ok: true, payload: { scenario, plan, ...(city ? { city } : {}), ...(curve ? { curve } : {}) } };
  } catch (error) {
    return { ok: false, problem: 'invalid', detail: error instanceof InputError ? error.message : String(error) };
  }
}

/**
 * The scenario as its difference from the link's base. Routing always
 * travels: a link without it was made before streets, and opens with straight
 * lines. A type of the base the scenario does not have travels as null (a
 * difference cannot say "removed" otherwise), in its facilities and yearly budgets.
 */
function scenarioDiff(scenario: Scenario): object {
  const base = linkBase(scenario.data);
  const changes = (diff(scenario as never, base as never) ?? {}) as { facilities?: Record<string, unknown>; phases?: { typeYearBudgets?: Record<string, unknown> } };
  const removed = Object.keys(base.facilities).filter((type) => !(type in scenario.facilities));
  if (removed.length > 0) {
    changes.facilities = { ...changes.facilities, ...Object.fromEntries(removed.map((type) => [type, null])) };
    changes.phases = { ...changes.phases, typeYearBudgets: { ...changes.phases?.typeYearBudgets, ...Object.fromEntries(removed.map((type) => [type, null])) } };
  }
  return { ...changes, routing: scenario.routing };
}

/** A merged link scenario with the types it removed (null) taken out. */
function withoutRemoved(merged: unknown): unknown {
  const scenario = merged as { facilities?: unknown; phases?: { typeYearBudgets?: unknown } };
  const drop = (value: unknown) => (typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) : value);
  if (typeof scenario !== 'object' || scenario === null) return merged;
  return {
    ...scenario,
    facilities: drop(scenario.facilities),
    ...(typeof scenario.phases === 'object' && scenario.phases !== null ? { phases: { ...scenario.phases, typeYearBudgets: drop(scenario.phases.typeYearBudgets) } } : {}),
  };
}

/**
 * What a link's scenario is the difference from: the demo defaults, except
 * that another city's districts have their own growth rates, which must not
 * be merged with Almaty's.
 */
function linkBase(data: string): Scenario {
  const base = defaultScenario();
  return data === DEMO_DATA ? base : { ...base, phases: { ...base.phases, growth: {} } };
}

/** The city's names from a link, when they are three short texts (anything else is ignored: they are only shown). */
function cityNames(value: unknown): CityNames | null {
  if (typeof value !== 'object' || value === null) return null;
  const names = value as Record<string, unknown>;
  const ok = (['en', 'ru', 'kk'] as const).every((language) => typeof names[language] === 'string' && (names[language] as string).length <= 100);
  return ok ? { en: names.en as string, ru: names.ru as string, kk: names.kk as string } : null;
}

/** Indices as deltas, counts only where a site holds more than one facility: small numbers compress well. */
export function encodePlan(plan: SharedPlan) {
  const open: Record<string, { d: number[]; c?: number[]; y?: number[] }> = {};
  for (const [type, entries] of Object.entries(plan.open)) {
    if (!entries) continue;
    // Steps between indices; a site opening in several years repeats its index (a step of 0).
    const d: number[] = [];
    let previous = -1;
    for (const [index] of entries) {
      d.push(index - previous);
      previous = index;
    }
    const counts = entries.map(([, count]) => count);
    const years = entries.map(([, , year]) => year);
    open[type] = { d, ...(counts.some((count) => count !== 1) ? { c: counts } : {}), ...(years.some((year) => year !== 0) ? { y: years } : {}) };
  }
  return { st: plan.status, sv: plan.solver, o: plan.objective, b: plan.bound, g: plan.gap, t: Math.round(plan.seconds * 100) / 100, x: open };
}

const STATUSES: SolveStatus[] = ['optimal', 'feasible', 'timeout', 'infeasible', 'error'];

export function decodePlan(value: unknown): SharedPlan {
  const wire = value as { st?: unknown; sv?: unknown; o?: unknown; b?: unknown; g?: unknown; t?: unknown; x?: unknown };
  if (typeof wire !== 'object' || wire === null) throw new InputError('plan', 'is not an object');
  if (!STATUSES.includes(wire.st as SolveStatus)) throw new InputError('plan.status', `${JSON.stringify(wire.st)} is not a status`);
  if (wire.sv !== 'highs' && wire.sv !== 'glpk') throw new InputError('plan.solver', `${JSON.stringify(wire.sv)} is not a solver`);
  const numberOrNull = (x: unknown, field: string) => {
    if (x === null) return null;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(`plan.${field}`, `${JSON.stringify(x)} is not a number`);
    return x;
  };
  const open: Partial<Record<FacilityType, [number, number, number][]>> = {};
  const types = (wire.x ?? {}) as Record<string, { d?: unknown; c?: unknown }>;
  if (typeof types !== 'object' || types === null) throw new InputError('plan.open', 'is not an object');
  for (const [type, entry] of Object.entries(types)) {
    if (!TYPE_ID.test(type)) throw new InputError(`plan.open.${type}`, 'is not a facility type');
    const { d: deltas, c: counts, y: years } = (entry ?? {}) as { d?: unknown; c?: unknown; y?: unknown };
    const parallel = (list: unknown) => list === undefined || (Array.isArray(list) && Array.isArray(deltas) && list.length === deltas.length);
    if (!Array.isArray(deltas) || !parallel(counts) || !parallel(years)) throw new InputError(`plan.open.${type}`, 'has no valid list of sites');
    let index = -1;
    open[type as FacilityType] = deltas.map((delta, k): [number, number, number] => {
      const count = counts ? (counts as unknown[])[k] : 1;
      const year = years ? (years as unknown[])[k] : 0;
      if (!Number.isInteger(delta) || (delta as number) < (k === 0 ? 1 : 0)) throw new InputError(`plan.open.${type}[${k}]`, `${JSON.stringify(delta)} is not a valid site step`);
      if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1000) throw new InputError(`plan.open.${type}[${k}]`, `${JSON.stringify(count)} is not a valid number of facilities`);
      if (!Number.isInteger(year) || (year as number) < 0 || (year as number) > 9) throw new InputError(`plan.open.${type}[${k}]`, `${JSON.stringify(year)} is not a valid year`);
      index += delta as number;
      return [index, count as number, year as number];
    });
  }
  const seconds = numberOrNull(wire.t, 'seconds');
  return {
    status: wire.st as SolveStatus,
    solver: wire.sv,
    objective: numberOrNull(wire.o, 'objective'),
    bound: numberOrNull(wire.b, 'bound'),
    gap: numberOrNull(wire.g, 'gap'),
    seconds: seconds ?? 0,
    open,
  };
}

/** The plan part of a link, from a solved result. */
export function sharedPlanOf(result: PlanSummary & { readonly sites: readonly Pick<PlanResult['sites'][number], 'type' | 'candidateIndex' | 'count' | 'period'>[] }): SharedPlan {
  const open: Partial<Record<FacilityType, [number, number, number][]>> = {};
  for (const site of result.sites) (open[site.type] ??= []).push([site.candidateIndex, site.count, site.period]);
  for (const entries of Object.values(open)) entries!.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  return { status: result.status, solver: result.solver, objective: result.objective, bound: result.bound, gap: result.gap, seconds: result.seconds, open };
}

/**
 * A curve as arrays: target, full budget, saturation, the full budget's
 * proven lower bound (b, optional) and per point [budget,
 * spent, covered, demand, share, bound, gap, status]; tenge whole, people to
 * a hundredth, shares to 1e-8. The plans stay behind (a point clicked in a
 * shared curve is solved again).
 */
export function encodeCurve(curve: BudgetCurve) {
  const r = (value: number | null, digits: number) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);
  return {
    t: curve.target,
    f: r(curve.fullBudget, 0),
    s: r(curve.saturation, 0),
    // The proven lower bound on the full budget (absent in links made before it existed: read as unknown).
    ...(curve.fullBudgetBound !== undefined && { b: r(curve.fullBudgetBound, 0) }),
    p: curve.points.map((point) => [r(point.budget, 0), r(point.spent, 0), r(point.covered, 2), r(point.demand, 2), r(point.share, 8), r(point.bound, 8), r(point.gap, 8), STATUSES.indexOf(point.status)]),
  };
}


export function decodeCurve(value: unknown): BudgetCurve {
  const wire = value as { t?: unknown; f?: unknown; s?: unknown; b?: unknown; p?: unknown };
  if (typeof wire !== 'object' || wire === null) throw new InputError('curve', 'is not an object');
  if (typeof wire.t !== 'string' || (wire.t !== 'all' && !TYPE_ID.test(wire.t))) throw new InputError('curve.target', `${JSON.stringify(wire.t)} is not a facility type or "all"`);
  const amount = (x: unknown, field: string, nullable = false): number | null => {
    if (x === null && nullable) return null;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new InputError(`curve.${field}`, `${JSON.stringify(x)} is not a number`);
    return x;
  };
  if (!Array.isArray(wire.p) || wire.p.length === 0 || wire.p.length > CURVE_POINTS.max) throw new InputError('curve.points', `must be a list of 1 to ${CURVE_POINTS.max} points`);
  const points = wire.p.map((entry: unknown, n): CurvePoint => {
    if (!Array.isArray(entry) || entry.length !== 8) throw new InputError(`curve.points[${n}]`, 'is not a curve point');
    const status = STATUSES[entry[7] as number];
    if (!Number.isInteger(entry[7]) || status === undefined) throw new InputError(`curve.points[${n}].status`, `${JSON.stringify(entry[7])} is not a status`);
    const field = (k: number, name: string, nullable = false) => amount(entry[k], `points[${n}].${name}`, nullable);
    return { budget: field(0, 'budget')!, spent: field(1, 'spent')!, covered: field(2, 'covered')!, demand: field(3, 'demand')!, share: field(4, 'share')!, bound: field(5, 'bound', true), gap: field(6, 'gap', true), status, open: {} };
  });
  return {
    target: wire.t as CurveTarget,
    points,
    fullBudget: amount(wire.f, 'fullBudget')!,
    ...(wire.b !== undefined && { fullBudgetBound: amount(wire.b, 'fullBudgetBound', true) }),
    saturation: amount(wire.s, 'saturation', true),
  };
}
