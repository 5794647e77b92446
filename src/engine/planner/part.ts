/**
 * What a part of the planner's problem is given and answers (plain data and
 * callbacks, so that a worker thread can run it), and the small rules every
 * part runner shares: the tighter of two bounds, a bound no better than its
 * plan, and the first plan as the solver's start. A leaf of the planner:
 * solve.ts, parts.ts, allEssential.ts and explain.ts import it, it imports
 * none of them.
 */
import type { Mip } from '../mip/mip';
import type { MipProgress, SolveStatus } from '../mip/solver';
import type { GreedyPlan } from './greedy';
import { maximises, type PlannerInstance, type PlannerPlan, type PlannerReason } from './instance';
import type { PlannerModel } from './model';
import type { prepare } from './prepare';
import type { DemandRows } from './rows';

export interface PlanUpdate {
  readonly plan: PlannerPlan;
  /** What existing facilities serve alone, for the plan's "before" figures. */
  readonly before: PlannerPlan;
  readonly objective: number;
  readonly bound: number | null;
  readonly seconds: number;
}

export interface PlannerResult {
  readonly status: SolveStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly plan: PlannerPlan | null;
  /** What existing facilities serve alone (null when no plan was looked for). */
  readonly before: PlannerPlan | null;
  readonly reasons: PlannerReason[];
  readonly message?: string;
  readonly seconds: number;
  /** The stages among equals (secondStage.ts) that were proven, and whether all that apply were; absent where none ran. */
  readonly equals?: { readonly proven: number; readonly complete: boolean };
}

/** Options a part gets (plain data and callbacks, so that a worker can run it). */
export interface PartOptions {
  readonly timeLimit: number;
  /**
   * The same limit as a wall-clock time (Date.now() milliseconds), for a part
   * run elsewhere: a worker that takes a second to start must not count its
   * seconds from then.
   */
  readonly deadline?: number;
  readonly relativeGap: number;
  readonly fixedOpen?: readonly Int32Array[];
  /** A known plan to start from (PlannerOptions.start, the part's types only). */
  readonly start?: readonly Int32Array[];
  /** Build the model with names and hand it to `onModel` (the export). */
  readonly names?: boolean;
  /**
   * The part as the caller prepared it (its rows, what existing facilities
   * serve, its first plan): a thread need not prepare it again.
   */
  readonly prepared?: Prepared;
  /** PlannerOptions.equals and equalsSeconds. */
  readonly equals?: boolean;
  readonly equalsSeconds?: number;
}

export type Prepared = ReturnType<typeof prepare>;

export interface PartCallbacks {
  readonly onProgress?: (progress: MipProgress) => void;
  readonly onPlan?: (update: PlanUpdate) => void;
  /** The part's integer program as it goes to the solver (with `names`). */
  readonly onModel?: (mip: Mip) => void;
}

/** `first`: the part's first plan, already shown, to answer with if the part gives nothing better in time. */
export type PartRunner = (part: PlannerInstance, options: PartOptions, callbacks: PartCallbacks, first?: PlanUpdate | null) => Promise<PlannerResult>;

/** The tighter of two proven bounds (the lower when maximising); either may be unknown. */
export function tighter(objective: PlannerInstance['objective'], a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return maximises(objective) ? Math.min(a, b) : Math.max(a, b);
}

/** A bound never better than the plan it bounds (rounding aside, it cannot be). */
export function safeBound(objective: PlannerInstance['objective'], bound: number, planObjective: number): number {
  return maximises(objective) ? Math.max(bound, planObjective) : Math.min(bound, planObjective);
}

/** The first plan as column values for the solver. */
export function startValues(instance: PlannerInstance, model: PlannerModel, rows: DemandRows[], first: GreedyPlan): Float64Array {
  const values = new Float64Array(model.mip.numCols);
  const { periods } = instance;
  instance.types.forEach((type, k) => {
    model.open[k].forEach((column, index) => column >= 0 && (values[column] = first.opened[k][index]));
    for (let t = 0; t < periods; t++) {
      if (model.flow[k][t] && first.flows[k]) {
        const flows = first.flows[k]![t];
        model.flow[k][t].forEach((column, p) => column >= 0 && (values[column] = flows[p]));
      }
      if (model.cover[k][t] && first.covered[k]) model.cover[k][t].forEach((column, r) => column >= 0 && (values[column] = first.covered[k]![t][r]));
      if (model.assign[k][t]) {
        let worst = 0;
        for (let r = 0; r < rows[k].count; r++) {
          // Travel rows are single demand points: each goes to its nearest open site.
          let best = -1;
          for (let p = rows[k].start[r]; p < rows[k].start[r + 1]; p++) {
            if (model.assign[k][t][p] < 0) continue;
            if (best < 0 || rows[k].distance[p] < rows[k].distance[best]) best = p;
          }
          if (best < 0) continue;
          values[model.assign[k][t][best]] = 1;
          if (rows[k].weights[t][r] > 0) worst = Math.max(worst, rows[k].distance[best]);
        }
        if (model.worst[k][t] >= 0) values[model.worst[k][t]] = worst;
      }
    }
  });
  return values;
}
