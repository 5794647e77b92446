/**
 * The optimum of a small instance by enumerating every plan: independent of
 * the MIP models, so a test comparing the two can catch a wrong constraint.
 */
export interface SmallProblem {
  type: 'lscp' | 'mclp' | 'pmedian' | 'pcenter' | 'cfl';
  /** distance[i][j] */
  distance: number[][];
  weights: number[];
  costs: number[];
  radius: number;
  p: number | null;
  budget: number | null;
  existing: number[];
  required: number[];
  forbidden: number[];
  periods?: number[];
  carryOver?: boolean;
  weightsByPeriod?: number[][];
  groups?: string[];
  minGroupCoverage?: number;
}

/** Best objective, or null when no plan is feasible. */
export function bruteForce(problem: SmallProblem): number | null {
  const n = problem.costs.length;
  const periodCount = problem.periods?.length ?? 1;
  const free = [...Array(n).keys()].filter((j) => !problem.existing.includes(j) && !problem.forbidden.includes(j));
  // opensIn[j]: period in which site j opens (Infinity: never); existing sites are open from the start.
  const opensIn = new Array<number>(n).fill(Infinity);
  for (const j of problem.existing) opensIn[j] = 0;
  let best: number | null = null;
  const better = (value: number) => (best === null || (problem.type === 'mclp' ? value > best : value < best) ? value : best);
  const visit = (k: number) => {
    if (k === free.length) {
      const value = evaluate(problem, opensIn, periodCount);
      if (value !== null) best = better(value);
      return;
    }
    const j = free[k];
    for (let t = problem.required.includes(j) ? 0 : -1; t < periodCount; t++) {
      opensIn[j] = t < 0 ? Infinity : t;
      visit(k + 1);
    }
    opensIn[j] = Infinity;
  };
  visit(0);
  return best;
}

function evaluate(problem: SmallProblem, opensIn: number[], periodCount: number): number | null {
  const n = problem.costs.length;
  const isNew = (j: number) => Number.isFinite(opensIn[j]) && !problem.existing.includes(j);
  const newSites = [...Array(n).keys()].filter(isNew);
  const open = [...Array(n).keys()].filter((j) => Number.isFinite(opensIn[j]));
  if (problem.p !== null && (problem.type === 'mclp' ? newSites.length > problem.p : newSites.length !== problem.p)) return null;
  const spend = (t: number) => newSites.filter((j) => opensIn[j] === t).reduce((sum, j) => sum + problem.costs[j], 0);
  if (problem.periods) {
    let spent = 0;
    let allowed = 0;
    for (let t = 0; t < periodCount; t++) {
      spent = problem.carryOver ? spent + spend(t) : spend(t);
      allowed = problem.carryOver ? allowed + problem.periods[t] : problem.periods[t];
      if (spent > allowed + 1e-9) return null;
    }
  } else if (problem.budget !== null && spend(0) > problem.budget + 1e-9) return null;

  const m = problem.weights.length;
  const d = problem.distance;
  switch (problem.type) {
    case 'lscp': {
      for (let i = 0; i < m; i++) if (!open.some((j) => d[i][j] <= problem.radius)) return null;
      return newSites.reduce((sum, j) => sum + problem.costs[j], 0);
    }
    case 'mclp': {
      let total = 0;
      const coveredByGroup = new Map<string, number[]>();
      const totalByGroup = new Map<string, number[]>();
      for (let t = 0; t < periodCount; t++) {
        const weights = problem.weightsByPeriod?.[t] ?? problem.weights;
        for (let i = 0; i < m; i++) {
          const covered = open.some((j) => opensIn[j] <= t && d[i][j] <= problem.radius);
          if (covered) total += weights[i];
          const group = problem.groups?.[i] ?? '';
          const c = coveredByGroup.get(group) ?? new Array(periodCount).fill(0);
          const w = totalByGroup.get(group) ?? new Array(periodCount).fill(0);
          if (covered) c[t] += weights[i];
          w[t] += weights[i];
          coveredByGroup.set(group, c);
          totalByGroup.set(group, w);
        }
      }
      if (problem.minGroupCoverage !== undefined) {
        for (const [group, totals] of totalByGroup) {
          for (let t = 0; t < periodCount; t++) if (coveredByGroup.get(group)![t] < problem.minGroupCoverage * totals[t] - 1e-9) return null;
        }
      }
      return total;
    }
    case 'pmedian':
    case 'pcenter':
    case 'cfl': {
      let sum = problem.type === 'cfl' ? newSites.reduce((s, j) => s + problem.costs[j], 0) : 0;
      let worst = 0;
      for (let i = 0; i < m; i++) {
        const nearest = Math.min(...open.map((j) => d[i][j]));
        if (!Number.isFinite(nearest)) return null;
        sum += problem.type === 'pmedian' ? problem.weights[i] * nearest : nearest;
        worst = Math.max(worst, nearest);
      }
      return problem.type === 'pcenter' ? worst : sum;
    }
  }
}
