import type { DistanceTable } from '../distance/table';
import { cutoffFor, medianBound, sortedCosts, type MedianBound } from '../heuristics/medianBound';
import { branchMedian } from '../heuristics/medianBranch';
import { searchMedian, type MedianPlan, type MedianProblem } from '../heuristics/medianSearch';
import { SiteState } from '../heuristics/siteState';
import type { SitingInstance } from '../instance/types';
import { Role, siteRoles, withFixedSites } from './model';

/**
 * The uncapacitated p-median made small before the MIP sees it: a plan from
 * greedy and interchange, a Lagrangian bound, the sites that bound fixes open
 * or closed, a better plan searched in what is left, and again while the plan
 * improves. What comes back is the same instance with the fixed sites made
 * required or forbidden (often all of them: then the plan is proven optimal
 * before any MIP), the plan as a start, and the bound.
 */
export interface FixedMedian {
  /** The instance with every fixed site required or forbidden; its optimum is the original's. */
  readonly instance: SitingInstance;
  /** New sites of the best plan found (it is a plan of the reduced instance too). */
  readonly plan: number[];
  /** A proven lower bound on the original's optimum. */
  readonly bound: number;
  /** True when the bound meets the plan: nothing is left for the MIP to decide. */
  readonly proven: boolean;
}

const ROUNDS = 3;

export function fixMedian(instance: SitingInstance, table: DistanceTable, p: number, integral: boolean, seconds: number): FixedMedian | null {
  const deadline = performance.now() + seconds * 1000;
  let problem = medianProblem(instance, table, p);
  let incumbent = searchMedian(problem, [], deadline, 0);
  if (incumbent.cost >= problem.penalty) return null;
  const lists = sortedCosts(problem);
  let bound = -Infinity;
  let proven = false;
  let root: MedianBound | null = null;
  for (let round = 0; round < ROUNDS && !proven && performance.now() < deadline; round++) {
    const relaxed = medianBound(problem, lists, incumbent, integral, deadline);
    root = relaxed;
    bound = Math.max(bound, relaxed.bound);
    problem = { ...problem, state: relaxed.state, count: relaxed.count };
    proven = closes(bound, incumbent, integral);
    if (proven) break;
    const searched = searchMedian(problem, [incumbent.open, relaxed.choice], deadline);
    if (searched.cost >= incumbent.cost - 1e-9 * Math.abs(incumbent.cost)) break;
    incumbent = searched;
    proven = closes(bound, incumbent, integral);
  }
  if (!proven && root) {
    const searched = branchMedian(problem, lists, incumbent, root, integral, deadline);
    incumbent = searched.plan;
    bound = Math.max(bound, searched.bound);
    proven = searched.proven;
  }
  // A plan better than the incumbent keeps every fixing, and the incumbent keeps them too.
  const roles = siteRoles(instance);
  const reduced = withFixedSites(instance, (j) => (proven ? (incumbent.open[j] ? SiteState.Open : SiteState.Closed) : problem.state[j]));
  const plan: number[] = [];
  for (let j = 0; j < instance.sites.count; j++) if (incumbent.open[j] && roles[j] !== Role.Existing) plan.push(j);
  return {
    instance: reduced,
    plan,
    bound: Math.min(bound, incumbent.cost),
    proven,
  };
}

/** The bound meets the plan: no plan is better (for whole-number costs, by one or more). */
function closes(bound: number, incumbent: MedianPlan, integral: boolean): boolean {
  return bound >= cutoffFor(incumbent.cost, integral);
}

export function medianProblem(instance: SitingInstance, table: DistanceTable, p: number): MedianProblem {
  const { demand, sites } = instance;
  const m = demand.count;
  const n = sites.count;
  const cost = new Float64Array(m * n);
  let penalty = 1;
  for (let i = 0; i < m; i++) {
    let farthest = 0;
    for (let j = 0; j < n; j++) {
      const d = table.values[i * n + j];
      if (Number.isFinite(d)) farthest = Math.max(farthest, demand.weights[i] * d);
    }
    penalty += farthest;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const d = table.values[i * n + j];
      cost[j * m + i] = Number.isFinite(d) ? demand.weights[i] * d : penalty;
    }
  }
  const roles = siteRoles(instance);
  const state = Uint8Array.from(roles, (role) =>
    role === Role.Existing ? SiteState.Existing : role === Role.Required ? SiteState.Open : role === Role.Forbidden ? SiteState.Closed : SiteState.Free,
  );
  return { demandCount: m, siteCount: n, cost, penalty, state, count: p - instance.sites.required.length };
}
