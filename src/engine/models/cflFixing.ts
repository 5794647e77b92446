import type { DistanceTable } from '../distance/table';
import { cflBound, type CflBound, type CflProblem } from '../heuristics/cflBound';
import { branchCfl } from '../heuristics/cflBranch';
import { SiteState } from '../heuristics/siteState';
import type { SitingInstance } from '../instance/types';
import { MipBuilder } from '../mip/mip';
import type { MipSolver } from '../mip/solver';
import { Role, siteCost, siteRoles, withFixedSites } from './model';

/**
 * Capacitated facility location (split assignment) made small before the MIP
 * sees it: the Lagrangian bound's recent choices of sites, each given its
 * flows by a transportation LP (plans), drop/add/swap moves from the best,
 * the bound again with that plan as the target, fixing the sites it decides,
 * and again while the plan improves. What comes
 * back is the instance with the fixed sites made required or forbidden (its
 * optimum is the original's: the plan is kept in it), the plan with its
 * flows, and the bound.
 */
export interface FixedCfl {
  readonly instance: SitingInstance;
  readonly open: Uint8Array;
  /** x[j * demandCount + i]: the share of i served from j in the plan. */
  readonly flows: Float64Array;
  readonly cost: number;
  readonly bound: number;
}

const ROUNDS = 3;

export interface CflPlan {
  readonly cost: number;
  readonly open: Uint8Array;
  readonly flows: Float64Array;
}

export async function fixCfl(instance: SitingInstance, table: DistanceTable, solver: MipSolver, seconds: number): Promise<FixedCfl | null> {
  const deadline = performance.now() + seconds * 1000;
  let problem = cflProblem(instance, table);
  const tried = new Set<string>();
  // The best plan among the bound's recent choices of sites, each given its cheapest flows.
  const bestOf = async (choices: Uint8Array[], incumbent: CflPlan | null): Promise<CflPlan | null> => {
    let best = incumbent;
    for (const choice of choices) {
      const key = choice.join('');
      if (tried.has(key) || performance.now() > deadline) continue;
      tried.add(key);
      const plan = await transport(problem, choice, solver, deadline);
      if (plan && (!best || plan.cost < best.cost * (1 - 1e-9))) best = plan;
    }
    return best;
  };
  const first = cflBound(problem, null, deadline, { iterations: 300, keepIncumbent: true });
  const found = await bestOf(first.choices, null);
  if (!found) return null;
  let plan: CflPlan = found;
  let bound = first.bound;
  let root: CflBound | null = null;
  for (let round = 0; round < ROUNDS && performance.now() < deadline; round++) {
    const relaxed = cflBound(problem, plan, deadline);
    root = relaxed;
    bound = Math.max(bound, relaxed.bound);
    problem = { ...problem, state: relaxed.state };
    if (bound >= plan.cost * (1 - 1e-9)) break;
    // A plan at the fewest sites that hold the demand can be cheaper with a few more: try adding the most attractive.
    const added = [1, 2, 3, 4].map((extra) => {
      const more = relaxed.choices[0].slice();
      for (const j of relaxed.ranking.filter((j) => !more[j]).slice(0, extra)) more[j] = 1;
      return more;
    });
    let better: CflPlan = (await bestOf([...relaxed.choices, ...added], plan))!;
    better = await localSearch(problem, better, relaxed.ranking, solver, deadline);
    if (better === plan) break;
    plan = better;
  }
  let proven = bound >= plan.cost * (1 - 1e-9);
  if (!proven && root) {
    const search = await branchCfl(problem, plan, root, (open) => transport(problem, open, solver, deadline), deadline);
    plan = search.plan;
    bound = Math.max(bound, search.bound);
    proven = search.proven;
  }
  // Proven, every site is fixed as the plan has it: the MIP left is the plan's transportation LP.
  const reduced = withFixedSites(instance, (j) => (proven ? (plan.open[j] ? SiteState.Open : SiteState.Closed) : problem.state[j]));
  return { instance: reduced, open: plan.open, flows: plan.flows, cost: plan.cost, bound: Math.min(bound, plan.cost) };
}

/**
 * Drop, add and swap moves on the plan's sites, each judged by its
 * transportation LP (a few hundredths of a second on 1000 x 10), the first
 * that pays taken; sites to add come from the bound's ranking.
 */
async function localSearch(problem: CflProblem, start: CflPlan, ranking: number[], solver: MipSolver, deadline: number): Promise<CflPlan> {
  const { siteCount: n, capacity, demand } = problem;
  const need = demand.reduce((a, b) => a + b, 0);
  let plan = start;
  const seen = new Set<string>([plan.open.join('')]);
  const tryOpen = async (open: Uint8Array): Promise<boolean> => {
    const key = open.join('');
    if (seen.has(key)) return false;
    seen.add(key);
    let held = 0;
    for (let j = 0; j < n; j++) if (open[j]) held += capacity[j];
    if (held < need - 1e-9) return false;
    const tried = await transport(problem, open, solver, deadline);
    if (!tried || tried.cost >= plan.cost * (1 - 1e-9)) return false;
    plan = tried;
    return true;
  };
  for (let improved = true; improved && performance.now() < deadline; ) {
    improved = false;
    const opened = [...plan.open.keys()].filter((j) => plan.open[j] && problem.state[j] === SiteState.Free);
    const closed = ranking.filter((j) => !plan.open[j] && problem.state[j] === SiteState.Free).slice(0, ADD_CANDIDATES);
    const moves: Uint8Array[] = [];
    for (const j of opened) moves.push(moved(plan.open, [], [j]));
    for (const k of closed) moves.push(moved(plan.open, [k], []));
    for (const k of closed.slice(0, SWAP_CANDIDATES)) for (const j of opened) moves.push(moved(plan.open, [k], [j]));
    for (const move of moves) {
      if (performance.now() > deadline) break;
      if (await tryOpen(move)) {
        improved = true;
        break;
      }
    }
  }
  return plan;
}

/** How many of the bound's most attractive closed sites are tried as additions, and as swaps. */
const ADD_CANDIDATES = 20;
const SWAP_CANDIDATES = 10;

function moved(open: Uint8Array, opening: number[], closing: number[]): Uint8Array {
  const result = open.slice();
  for (const j of opening) result[j] = 1;
  for (const j of closing) result[j] = 0;
  return result;
}

export function cflProblem(instance: SitingInstance, table: DistanceTable): CflProblem {
  const { demand, sites } = instance;
  const m = demand.count;
  const n = sites.count;
  const cost = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cost[j * m + i] = table.values[i * n + j];
  const roles = siteRoles(instance);
  return {
    demandCount: m,
    siteCount: n,
    cost,
    demand: demand.weights,
    capacity: sites.capacities!,
    fixedCost: Float64Array.from({ length: n }, (_, j) => (roles[j] === Role.Existing ? 0 : siteCost(instance, j))),
    state: Uint8Array.from(roles, (role) => (role === Role.Forbidden ? SiteState.Closed : role === Role.Candidate ? SiteState.Free : SiteState.Open)),
  };
}

/** The cheapest flows from the chosen sites (and those fixed open): a transportation LP. Null when they cannot hold the demand. */
export async function transport(problem: CflProblem, chosen: Uint8Array, solver: MipSolver, deadline: number): Promise<CflPlan | null> {
  const { demandCount: m, siteCount: n, cost } = problem;
  const open = Uint8Array.from(chosen, (c, j) => (problem.state[j] === SiteState.Open || (c && problem.state[j] !== SiteState.Closed) ? 1 : 0));
  const builder = new MipBuilder('min');
  const column = new Int32Array(m * n).fill(-1);
  let fixed = 0;
  for (let j = 0; j < n; j++) {
    if (!open[j]) continue;
    fixed += problem.fixedCost[j];
    for (let i = 0; i < m; i++) if (Number.isFinite(cost[j * m + i])) column[j * m + i] = builder.continuous(cost[j * m + i], 0, 1);
  }
  for (let i = 0; i < m; i++) {
    const columns: number[] = [];
    for (let j = 0; j < n; j++) if (column[j * m + i] >= 0) columns.push(column[j * m + i]);
    builder.addRow(1, 1, columns, 1);
  }
  for (let j = 0; j < n; j++) {
    if (!open[j]) continue;
    const columns: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < m; i++) if (column[j * m + i] >= 0) columns.push(column[j * m + i]), loads.push(problem.demand[i]);
    builder.addRow(-Infinity, problem.capacity[j], columns, loads);
  }
  const solution = await solver.solve(builder.build(), { timeLimit: Math.max((deadline - performance.now()) / 1000, 1), relativeGap: 0 });
  if (solution.status !== 'optimal' || !solution.values) return null;
  const flows = new Float64Array(m * n);
  for (let k = 0; k < column.length; k++) if (column[k] >= 0) flows[k] = solution.values[column[k]];
  // A chosen site the flows leave empty need not open.
  for (let j = 0; j < n; j++) {
    if (!open[j] || problem.state[j] === SiteState.Open) continue;
    let load = 0;
    for (let i = 0; i < m; i++) load += flows[j * m + i];
    if (load <= 1e-9) (open[j] = 0), (fixed -= problem.fixedCost[j]);
  }
  return { cost: fixed + solution.objective!, open, flows };
}
