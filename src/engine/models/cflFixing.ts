import type { DistanceTable } from '../distance/table';
import { CflState, cflBound, type CflProblem } from '../heuristics/cflBound';
import type { SitingInstance } from '../instance/types';
import { MipBuilder } from '../mip/mip';
import type { MipSolver } from '../mip/solver';
import { assignmentModel, openSites } from './assignment';
import { Role, siteCost, siteRoles } from './model';

/**
 * Capacitated facility location (split assignment) made small before the MIP
 * sees it: the Lagrangian bound's choice of sites, its flows by a
 * transportation LP (a plan), the bound again with that plan as the target,
 * fixing the sites it decides, and again while the plan improves. What comes
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

interface Plan {
  readonly cost: number;
  readonly open: Uint8Array;
  readonly flows: Float64Array;
}

export async function fixCfl(instance: SitingInstance, table: DistanceTable, solver: MipSolver, seconds: number): Promise<FixedCfl | null> {
  const deadline = performance.now() + seconds * 1000;
  let problem = cflProblem(instance, table);
  const tried = new Set<string>();
  // The best plan among the bound's recent choices of sites, each given its cheapest flows.
  const bestOf = async (choices: Uint8Array[], incumbent: Plan | null): Promise<Plan | null> => {
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
  const first = cflBound(problem, null, deadline, 300);
  const found = await bestOf(first.choices, null);
  if (!found) return null;
  let plan: Plan = found;
  let bound = first.bound;
  for (let round = 0; round < ROUNDS && performance.now() < deadline; round++) {
    const relaxed = cflBound(problem, plan, deadline);
    bound = Math.max(bound, relaxed.bound);
    problem = { ...problem, state: relaxed.state };
    if (bound >= plan.cost * (1 - 1e-9)) break;
    // A plan at the fewest sites that hold the demand can be cheaper with a few more: try adding the most attractive.
    const added = [1, 2, 3, 4].map((extra) => {
      const more = relaxed.choices[0].slice();
      for (const j of relaxed.ranking.filter((j) => !more[j]).slice(0, extra)) more[j] = 1;
      return more;
    });
    let better: Plan = (await bestOf([...relaxed.choices, ...added], plan))!;
    // The sites of every plan tried, together, as a small MIP (a kernel search): its best mix of them.
    better = (await kernel(instance, table, problem, better, tried, solver, deadline)) ?? better;
    if (better === plan) break;
    plan = better;
  }
  const roles = siteRoles(instance);
  const required: number[] = [];
  const forbidden: number[] = [];
  for (let j = 0; j < instance.sites.count; j++) {
    if (roles[j] === Role.Existing) continue;
    if (problem.state[j] === CflState.Open) required.push(j);
    else if (problem.state[j] === CflState.Closed) forbidden.push(j);
  }
  return { instance: { ...instance, sites: { ...instance.sites, required, forbidden } }, open: plan.open, flows: plan.flows, cost: plan.cost, bound: Math.min(bound, plan.cost) };
}

/** The best plan that opens only sites some tried plan opened, by the MIP within part of the time left. */
async function kernel(instance: SitingInstance, table: DistanceTable, problem: CflProblem, incumbent: Plan, tried: Set<string>, solver: MipSolver, deadline: number): Promise<Plan | null> {
  const { demandCount: m, siteCount: n } = problem;
  const used = new Uint8Array(n);
  for (const key of tried) for (let j = 0; j < n; j++) if (key[j] === '1' && problem.state[j] !== CflState.Closed) used[j] = 1;
  const roles = siteRoles(instance);
  const forbidden: number[] = [];
  for (let j = 0; j < n; j++) if (!used[j] && roles[j] !== Role.Existing && problem.state[j] !== CflState.Open) forbidden.push(j);
  const restricted: SitingInstance = { ...instance, sites: { ...instance.sites, forbidden } };
  const assignment = assignmentModel(restricted, table, { sense: 'min', openingCost: (j) => siteCost(instance, j), assignmentCost: (_i, _j, c) => c });
  const mip = assignment.builder.build();
  const start = new Float64Array(mip.numCols);
  assignment.openColumn.forEach((column, j) => column >= 0 && (start[column] = incumbent.open[j] || roles[j] === Role.Existing ? 1 : 0));
  for (let i = 0; i < m; i++) {
    for (let k = assignment.pairStart[i]; k < assignment.pairStart[i + 1]; k++) start[assignment.pairColumn[k]] = incumbent.flows[assignment.pairSite[k] * m + i];
  }
  const seconds = Math.min((deadline - performance.now()) / 2000, 5);
  if (seconds < 0.2) return null;
  const solution = await solver.solve(mip, { timeLimit: seconds, relativeGap: 0, initialSolution: start });
  if (!solution.values || solution.objective === null || solution.objective >= incumbent.cost * (1 - 1e-9)) return null;
  const open = new Uint8Array(n);
  for (const j of openSites(assignment, solution.values)) open[j] = 1;
  roles.forEach((role, j) => role === Role.Existing && (open[j] = 1));
  const flows = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let k = assignment.pairStart[i]; k < assignment.pairStart[i + 1]; k++) flows[assignment.pairSite[k] * m + i] = solution.values[assignment.pairColumn[k]];
  }
  return { cost: solution.objective, open, flows };
}

function cflProblem(instance: SitingInstance, table: DistanceTable): CflProblem {
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
    state: Uint8Array.from(roles, (role) => (role === Role.Forbidden ? CflState.Closed : role === Role.Candidate ? CflState.Free : CflState.Open)),
  };
}

/** The cheapest flows from the chosen sites (and those fixed open): a transportation LP. Null when they cannot hold the demand. */
async function transport(problem: CflProblem, chosen: Uint8Array, solver: MipSolver, deadline: number): Promise<Plan | null> {
  const { demandCount: m, siteCount: n, cost } = problem;
  const open = Uint8Array.from(chosen, (c, j) => (problem.state[j] === CflState.Open || (c && problem.state[j] !== CflState.Closed) ? 1 : 0));
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
    if (!open[j] || problem.state[j] === CflState.Open) continue;
    let load = 0;
    for (let i = 0; i < m; i++) load += flows[j * m + i];
    if (load <= 1e-9) (open[j] = 0), (fixed -= problem.fixedCost[j]);
  }
  return { cost: fixed + solution.objective!, open, flows };
}
