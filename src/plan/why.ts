import { maximises as engineMaximises } from '../engine/planner/instance';
import { relativeGap, type MipSolver, type SolveStatus } from '../engine/mip/solver';
import type { PartRunner } from '../engine/planner/solve';
import type { Candidate } from './candidates';
import type { CityData } from './city';
import { coverageObjective, enabledTypes, type FacilityType, type Scenario } from './scenario';
import { solvePlan, type PlannedSite, type PlanResult } from './solvePlan';

/**
 * "Why this plan, not another": what forbidding one of the plan's new sites
 * costs, and which sites every near-optimal plan needs.
 *
 * Forbidding a site is solving the planner's own scenario again with the
 * site's id added to `candidates.forbidden` (every facility there goes: a
 * container cell opened several times, or a site opened in a later year,
 * counts as one site). A site the planner required is forbidden just the
 * same, its requirement lifted: the answer is what the requirement costs or
 * gains.
 */
export interface WithoutSite {
  readonly siteId: string;
  readonly status: SolveStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  /** base objective minus this (for max; the other way for min objectives): what forbidding the site costs, in the objective's units; and in people covered for coverage objectives */
  readonly loss: number | null;
  readonly lossPeople: number | null;
  /** the replacement plan's new sites that were not in the base plan, and base sites it drops */
  readonly added: readonly string[];
  readonly dropped: readonly string[];
  /** The added sites where they stand (in the order of `added`), so that they are named by place, not by id. */
  readonly addedSites: readonly AddedSite[];
}

/** A site of the replacement plan: its type, kind, district and position (and, for an extension, the facility it extends). */
export type AddedSite = Pick<PlannedSite, 'id' | 'type' | 'kind' | 'district' | 'lat' | 'lon' | 'extendsName'>;

/**
 * `core`: every plan within the tolerance of the optimum opens the site
 * (proven: the best plan without it, by the solver's bound, falls short);
 * `interchangeable`: a plan within the tolerance without it was found;
 * `undecided`: the solves ended (time limit) before either was shown.
 */
export type Robustness = 'core' | 'interchangeable' | 'undecided';

export interface WhyOptions {
  readonly runPart?: PartRunner;
  /** The scenario's candidates, when the caller has them (they do not depend on what is forbidden). */
  readonly candidates?: Candidate[];
}

/** The base plan's new sites, one id per site (a site opened in several years, or several times, once). */
export function newSiteIds(base: Pick<PlanResult, 'sites'>): string[] {
  return [...new Set(base.sites.map((site) => site.id))];
}

/** The scenario with one site forbidden (and no longer required). */
export function forbidding(scenario: Scenario, siteId: string): Scenario {
  const { candidates } = scenario;
  return {
    ...scenario,
    candidates: {
      ...candidates,
      required: candidates.required.filter((id) => id !== siteId),
      forbidden: candidates.forbidden.includes(siteId) ? candidates.forbidden : [...candidates.forbidden, siteId],
    },
  };
}

const maximises = (scenario: Scenario) => engineMaximises(scenario.objective);

/** People (or households) the plan covers in its last year, summed over its types. */
function peopleCovered(result: PlanResult): number | null {
  return result.kpis ? result.kpis.types.reduce((sum, type) => sum + type.covered, 0) : null;
}

/**
 * The best plan without `siteId`, and what it costs against `base`.
 *
 * Where the scenario's types are independent (a budget per type, or the
 * least-cost objective: the engine solves each type as its own part) and the
 * base plan is proven optimal (gap 0), only the site's type is solved again: the
 * other types' parts cannot change, so the plan without the site is theirs
 * with the type's new part, and the difference is the type's alone (on the
 * demo, a school's question no longer waits for the 555 container cells).
 */
export async function withoutSite(city: CityData, scenario: Scenario, solver: MipSolver, base: PlanResult, siteId: string, options: WhyOptions = {}): Promise<WithoutSite> {
  const site = base.sites.find((s) => s.id === siteId);
  const types = enabledTypes(scenario);
  // Every essential type counts together under maxAll: no type is a question of its own.
  const independent = scenario.objective !== 'maxAll' && (scenario.budgetMode === 'perType' || scenario.objective === 'minCost');
  // Proven at gap 0, each part's optimum is one number, whichever solve found it.
  const proven = base.status === 'optimal' && scenario.gap === 0 && base.objective !== null && base.bound !== null;
  if (site && independent && types.length > 1 && proven) {
    const alone = onlyType(scenario, site.type);
    const baseType = await typePart(city, alone, solver, base, site.type, options);
    if (baseType.status === 'optimal' && baseType.objective !== null) {
      const result = await solvePlan(city, forbidding(alone, siteId), solver, { runPart: options.runPart, candidates: options.candidates });
      // The other types' parts, unchanged: the base's objective and bound without this type's.
      const others = { objective: base.objective! - baseType.objective, bound: base.bound! - baseType.objective };
      const bound = provenBound(result, scenario);
      const objective = result.objective === null ? null : others.objective + result.objective;
      const whole = bound === null ? null : others.bound + bound;
      return compare(scenario, base, baseType, result, { objective, bound: whole, gap: result.gap === 0 ? 0 : relativeGap(objective, whole) });
    }
  }
  const result = await solvePlan(city, forbidding(scenario, siteId), solver, { runPart: options.runPart, candidates: options.candidates });
  return compare(scenario, base, base, result, { objective: result.objective, bound: provenBound(result, scenario), gap: result.gap });

  /** `whole`: the plan without the site, all types together; `basePart` and `result`: the solved part (or the whole plan). */
  function compare(scenario: Scenario, base: PlanResult, basePart: PlanResult, result: PlanResult, whole: Pick<WithoutSite, 'objective' | 'bound' | 'gap'>): WithoutSite {
    const max = maximises(scenario);
    const loss = whole.objective !== null && base.objective !== null ? (max ? base.objective - whole.objective : whole.objective - base.objective) : null;
    const coverage = coverageObjective(scenario);
    const before = peopleCovered(basePart);
    const after = peopleCovered(result);
    const lossPeople = coverage && before !== null && after !== null ? before - after : null;
    const baseIds = new Set(newSiteIds(basePart));
    const ids = newSiteIds(result);
    const replacement = new Set(ids);
    const added = result.objective === null ? [] : ids.filter((id) => !baseIds.has(id));
    const placeOf = new Map(result.sites.map((site) => [site.id, site]));
    return {
      siteId,
      status: result.status,
      objective: whole.objective,
      bound: whole.bound,
      gap: whole.gap,
      loss,
      lossPeople,
      added,
      addedSites: added.map((id) => {
        const { type, kind, district, lat, lon, extendsName } = placeOf.get(id)!;
        return { id, type, kind, district, lat, lon, ...(extendsName !== undefined && { extendsName }) };
      }),
      dropped: result.objective === null ? [] : [...baseIds].filter((id) => !replacement.has(id)),
    };
  }
}

/** The scenario with only one type switched on. */
function onlyType(scenario: Scenario, type: FacilityType): Scenario {
  const facilities = Object.fromEntries(Object.entries(scenario.facilities).map(([t, settings]) => [t, { ...settings, enabled: t === type }])) as unknown as Scenario['facilities'];
  return { ...scenario, facilities };
}

/** Per base plan, each type's part solved alone (once: robustCore asks for it once per site). */
const typeParts = new WeakMap<PlanResult, Map<FacilityType, Promise<PlanResult>>>();

function typePart(city: CityData, alone: Scenario, solver: MipSolver, base: PlanResult, type: FacilityType, options: WhyOptions): Promise<PlanResult> {
  let parts = typeParts.get(base);
  if (!parts) typeParts.set(base, (parts = new Map()));
  let part = parts.get(type);
  if (!part) {
    part = solvePlan(city, alone, solver, { runPart: options.runPart, candidates: options.candidates });
    parts.set(type, part);
  }
  return part;
}

/** The solve's proven bound on its optimum (an optimal solve at gap 0 is its own bound); null when none is known. */
function provenBound(result: Pick<PlanResult, 'status' | 'objective' | 'bound'>, scenario: Scenario): number | null {
  if (result.bound !== null) return result.bound;
  return result.status === 'optimal' && scenario.gap === 0 ? result.objective : null;
}

/**
 * How a site stands, from the base solve and the solve without it. With z*
 * the (unknown) optimum, a plan is within the tolerance when its objective is
 * at least (1 - tol) z* (maximising; at most (1 + tol) z* minimising). z* lies
 * between the base plan's objective and its bound, so the site is `core` when
 * the bound without it misses (1 - tol) times the base objective (or no plan
 * exists without it), and `interchangeable` when the plan found without it
 * reaches (1 - tol) times the base's bound. Anything else is not decided.
 */
export function robustness(scenario: Scenario, base: Pick<PlanResult, 'status' | 'objective' | 'bound'>, without: Pick<WithoutSite, 'status' | 'objective' | 'bound'>, tolerance = 0.01): Robustness {
  if (base.objective === null) return 'undecided';
  if (without.status === 'infeasible') return 'core';
  const max = maximises(scenario);
  const low = base.objective;
  const high = provenBound(base, scenario);
  // Within the tolerance of an optimum `o`: at least o - tol |o| (max), at most o + tol |o| (min); a hair of round-off either way.
  const threshold = (o: number) => (max ? o - tolerance * Math.abs(o) : o + tolerance * Math.abs(o));
  const eps = (o: number) => 1e-9 * Math.max(1, Math.abs(o));
  if (without.bound !== null) {
    // Even the best conceivable plan without the site falls outside the tolerance of the smallest possible optimum.
    const edge = threshold(low);
    if (max ? without.bound < edge - eps(edge) : without.bound > edge + eps(edge)) return 'core';
  }
  if (without.objective !== null && high !== null) {
    const edge = threshold(high);
    if (max ? without.objective >= edge - eps(edge) : without.objective <= edge + eps(edge)) return 'interchangeable';
  }
  return 'undecided';
}

/**
 * Every new site of the base plan, forbidden in turn: its loss and whether it
 * belongs to the robust core (every plan within `tolerance`, 1% by default,
 * of the optimum opens it) or could be swapped for others. A site the
 * planner required is in every feasible plan of the scenario, so `core` by
 * definition; its solve without it still says what the requirement costs.
 */
export async function robustCore(
  city: CityData,
  scenario: Scenario,
  solver: MipSolver,
  base: PlanResult,
  options: WhyOptions & { tolerance?: number; onSite?: (result: WithoutSite & { robustness: Robustness }, index: number, of: number) => void } = {},
): Promise<Array<WithoutSite & { robustness: Robustness }>> {
  const ids = newSiteIds(base);
  const required = new Set(scenario.candidates.required);
  const results: Array<WithoutSite & { robustness: Robustness }> = [];
  for (const [index, id] of ids.entries()) {
    const without = await withoutSite(city, scenario, solver, base, id, options);
    const entry = { ...without, robustness: required.has(id) ? ('core' as const) : robustness(scenario, base, without, options.tolerance) };
    results.push(entry);
    options.onSite?.(entry, index, ids.length);
  }
  return results;
}
