import { cflBound, type CflBound, type CflBoundOptions, type CflProblem } from './cflBound';
import { SiteState } from './siteState';

/**
 * Branch and bound on the sites of capacitated location, with the Lagrangian
 * bound (warm-started from the parent's multipliers, fixing as it goes) at
 * every node, as for the p-median: it branches on the free site the
 * subproblem wants most, closed first. It looks only for plans better than
 * the incumbent; when the search ends, there is none. A node whose sites are
 * all decided is judged by `evaluate` (the transportation LP of its sites).
 * When the time runs out first, the bound is the least of the open nodes'.
 */
export interface CflBranchResult<Plan> {
  readonly plan: Plan;
  readonly proven: boolean;
  readonly bound: number;
  readonly nodes: number;
}

const NODE: CflBoundOptions = { iterations: 60, keepIncumbent: false };

interface Node {
  readonly state: Uint8Array;
  readonly multipliers: Float64Array;
  readonly bound: number;
}

export async function branchCfl<Plan extends { cost: number; open: Uint8Array }>(
  problem: CflProblem,
  incumbent: Plan,
  root: CflBound,
  evaluate: (open: Uint8Array) => Promise<Plan | null>,
  deadline: number,
): Promise<CflBranchResult<Plan>> {
  let best = incumbent;
  const cutoff = () => best.cost * (1 - 1e-9);
  const stack: Node[] = [{ state: root.state, multipliers: root.multipliers, bound: root.bound }];
  let nodes = 0;
  while (stack.length > 0) {
    if (performance.now() > deadline) {
      return { plan: best, proven: false, bound: Math.min(best.cost, ...stack.map((node) => node.bound)), nodes };
    }
    const node = stack.pop()!;
    if (node.bound >= cutoff()) continue;
    nodes++;
    const here = cflBound({ ...problem, state: node.state }, best, deadline, { ...NODE, multipliers: node.multipliers });
    if (here.bound >= cutoff()) continue;
    const site = branchSite(here);
    if (site < 0) {
      // Every site decided: the node is one plan, judged exactly.
      const open = Uint8Array.from(here.state, (state) => (state === SiteState.Open ? 1 : 0));
      const plan = await evaluate(open);
      if (plan && plan.cost < best.cost) best = plan;
      continue;
    }
    const child = (state: SiteState): Node => {
      const states = here.state.slice();
      states[site] = state;
      return { state: states, multipliers: here.multipliers, bound: Math.max(here.bound, node.bound) };
    };
    stack.push(child(SiteState.Open), child(SiteState.Closed));
  }
  return { plan: best, proven: true, bound: best.cost, nodes };
}

/** The free site the subproblem opens (wholly or in part) that it wants most, else any free site; -1 when none is left. */
function branchSite(bound: CflBound): number {
  let wanted = -1;
  for (const j of bound.ranking) {
    if (bound.state[j] !== SiteState.Free) continue;
    if (bound.levels[j] > 0) return j;
    if (wanted < 0) wanted = j;
  }
  return wanted;
}
