/**
 * The planner's problem as the engine sees it: several facility types, each
 * with its own demand (per year), sites (existing ones first, then
 * candidates), norm and capacities, meeting in budgets and the objective.
 * `src/plan` translates a scenario into this; nothing here knows about
 * scenarios, cities or the app.
 */
export type PlannerObjective = 'maxCoverage' | 'minCost' | 'minTravel' | 'minWorst' | 'maxAll';

/** Coverage objectives count people served within the norm; the others measure trips to the nearest facility. */
export function coversDemand(objective: PlannerObjective): boolean {
  return objective === 'maxCoverage' || objective === 'minCost' || objective === 'maxAll';
}

/** Objectives the planner maximises (the others it minimises). */
export function maximises(objective: PlannerObjective): boolean {
  return objective === 'maxCoverage' || objective === 'maxAll';
}

export interface PlannerType {
  /** Coverage objectives: sites serve at most their capacity (people are assigned within the norm). */
  readonly capacitated: boolean;
  /** The norm, in the same units as the pair distances. */
  readonly radius: number;
  /** Demand per point in every year of the plan (one entry without phases). */
  readonly weightsByPeriod: readonly Float64Array[];
  readonly totalByPeriod: readonly number[];
  /** District of every demand point (an index below `districtCount`). */
  readonly district: Uint8Array;
  readonly districtCount: number;
  /** Fairness: the covered share each district must keep in every year; null without fairness. */
  readonly districtShares: Float64Array | null;
  /** Sites 0..existingCount-1 are built (free, always open); the rest are candidates. */
  readonly existingCount: number;
  readonly siteCount: number;
  /** People one facility at the site serves (existing: its own capacity). */
  readonly capacity: Float64Array;
  /** Cost of one new facility at the site; 0 for existing ones. */
  readonly cost: Float64Array;
  /** Bounds on the new facilities at each site over the whole plan (existing sites: 0..0). */
  readonly minCount: Int32Array;
  readonly maxCount: Int32Array;
  /**
   * CSR by demand point: the sites it may use, ascending, and how far they
   * are. Coverage: the sites within the norm. Travel: the nearest existing
   * site and every candidate nearer than it (exact for the nearest-facility
   * objectives, and sparse).
   */
  readonly pairStart: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairDistance: Float64Array;
  /**
   * Coverage objectives, cells as areas (src/plan/cells.ts): demand point i's
   * people split into pieces start[i]..start[i+1]-1, each with its share of
   * the point's people and the sites that reach the whole piece within the
   * norm (CSR siteStart/site, ascending, among the point's pairs; a point's
   * pairs are then the sites that reach some piece, and their distance is the
   * point's own, which may exceed the norm). Pieces no site reaches are left
   * out, so a point's shares may sum to less than 1. A point without pieces
   * (start[i] === start[i+1]) is one piece: its pairs. Absent: no point is split.
   */
  readonly pieces?: Pieces | null;
  /**
   * Only for names in an exported model (src/plan's TypeProblem has them): the
   * type's name, the candidates after the existing sites (by id), and the
   * districts' ids.
   */
  readonly type?: string;
  readonly candidates?: readonly { readonly id: string }[];
  readonly districtIds?: readonly string[];
}

export interface Pieces {
  readonly start: Int32Array;
  readonly share: Float64Array;
  readonly siteStart: Int32Array;
  readonly site: Int32Array;
}

/** Types that share one budget; the budget of every year (cumulative with carry-over). */
export interface BudgetGroup {
  readonly types: readonly number[];
  readonly perPeriod: readonly number[];
}

export interface PlannerInstance {
  readonly objective: PlannerObjective;
  readonly periods: number;
  readonly carryOver: boolean;
  /** minCost: the share of every type's demand to cover in every year. */
  readonly targetShare: number;
  readonly types: readonly PlannerType[];
  /** Budgets (unused by minCost); every type is in exactly one group. */
  readonly budgets: readonly BudgetGroup[];
  /** maxAll only (absent for the other objectives): see AllEssential. */
  readonly all?: AllEssential;
}

/**
 * The "every essential type" objective (maxAll, src/engine/planner/allEssential.ts):
 * maximise the residents, summed over the years, who are served by every
 * essential type. Point i is the same city cell for every type.
 */
export interface AllEssential {
  /** Indices into `types` of the essential types (at least one, no repeats). */
  readonly essential: readonly number[];
  /** Residents per demand point in every year (one array per period, as long as the types' weights). */
  readonly weightsByPeriod: readonly Float64Array[];
}

/**
 * A plan, per type: facilities opened at each site in each year (index
 * j * periods + t), their totals per site, and for every year the people
 * served at each demand point and by each site.
 */
export interface PlannerPlan {
  readonly opened: Int32Array[];
  readonly counts: Int32Array[];
  readonly served: Float64Array[][];
  readonly load: Float64Array[][];
}

/** Why a plan cannot exist, as a key and values (type and district as indices) for the caller to phrase. */
export type PlannerReason =
  | { readonly key: 'noTypes' }
  | { readonly key: 'requiredOverBudget'; readonly type: number; readonly cost: number; readonly budget: number }
  | { readonly key: 'travelNeedsExisting'; readonly type: number }
  | { readonly key: 'targetUnreachable'; readonly type: number; readonly best: number; readonly target: number }
  | { readonly key: 'districtShort'; readonly type: number; readonly district: number; readonly best: number; readonly required: number; readonly period: number }
  /**
   * Together, within the budget, the districts cannot all keep their minimums:
   * the most a plan (found, so checked) gives all of them is `scale` times
   * their minimums (proven the most when `proven`); `district` of `type`, in
   * year `period`, holds the others back, with `best` of its demand covered
   * against `required`.
   */
  | { readonly key: 'fairnessShort'; readonly type: number; readonly district: number; readonly period: number; readonly required: number; readonly best: number; readonly scale: number; readonly proven: boolean }
  /** The districts' minimums of `type` cannot all be kept within the budget, and which district holds the others back was not found in time. */
  | { readonly key: 'fairnessUnknown'; readonly type: number }
  | { readonly key: 'solverProved' };

/** The instance restricted to some of its types (and the budget groups among them). */
export function subInstance(instance: PlannerInstance, types: readonly number[]): PlannerInstance {
  const position = new Map(types.map((k, n) => [k, n]));
  return {
    ...instance,
    ...(instance.all && { all: { ...instance.all, essential: instance.all.essential.filter((k) => position.has(k)).map((k) => position.get(k)!) } }),
    types: types.map((k) => instance.types[k]),
    budgets: instance.budgets
      .filter((group) => group.types.some((k) => position.has(k)))
      .map((group) => ({ ...group, types: group.types.filter((k) => position.has(k)).map((k) => position.get(k)!) })),
  };
}

/** What each budget group may spend over the whole plan. */
export function groupTotal(group: BudgetGroup): number {
  return group.perPeriod.reduce((a, b) => a + b, 0);
}

/** Budget available up to year t for a group: its year's own, or everything so far with carry-over. */
export function allowedBy(instance: PlannerInstance, group: BudgetGroup, t: number): number {
  if (!instance.carryOver) return group.perPeriod[t];
  let total = 0;
  for (let s = 0; s <= t; s++) total += group.perPeriod[s];
  return total;
}
