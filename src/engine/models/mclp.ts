import { coveringSites, type Coverage } from '../distance/coverage';
import type { SitingInstance } from '../instance/types';
import { lagrangianBound } from '../heuristics/coverBound';
import { greedyCover } from '../heuristics/coverGreedy';
import { MipBuilder } from '../mip/mip';
import { Role, amount, infeasible, percent, isWhole, siteCost, siteRoles, type BuiltModel, type Infeasible, type ScheduledSite } from './model';
import { coverName } from './coverRows';

/**
 * Maximal covering within a count limit and/or a budget. With periods, a site
 * opens in one period and covers from then on, each period has its budget
 * (or a cumulative one with carry-over), and the objective sums the weight
 * covered in every period. With groups, every group keeps a minimum covered
 * share in every period.
 *
 * Coverage variables are continuous in [0, 1]: at an optimum they take 0/1
 * values anyway, and GLPK solves the model far faster that way.
 */
export function buildMclp(instance: SitingInstance, cover: Coverage, heuristicSeconds = 1): BuiltModel | Infeasible {
  const { model, demand } = instance;
  const periods = model.periods ?? [{ label: '1', budget: model.budget ?? Infinity }];
  const periodCount = periods.length;
  const weightIn = (t: number) => demand.weightsByPeriod?.[t] ?? demand.weights;
  const roles = siteRoles(instance);

  const reasons = precheck(instance, roles, cover, periodCount, weightIn);
  if (reasons.length > 0) return infeasible(...reasons);

  const builder = new MipBuilder('max');
  // open[j * periodCount + t]: site j opens in period t.
  const open = new Int32Array(instance.sites.count * periodCount).fill(-1);
  const openable: number[] = [];
  for (let j = 0; j < instance.sites.count; j++) {
    if (roles[j] !== Role.Candidate && roles[j] !== Role.Required) continue;
    openable.push(j);
    for (let t = 0; t < periodCount; t++) {
      open[j * periodCount + t] = builder.binary(0);
      builder.nameColumn(open[j * periodCount + t], periodCount > 1 ? `open_s${j}_t${t}` : `open_s${j}`);
    }
    const once = periodColumns(open, j, periodCount);
    if (periodCount > 1 || roles[j] === Role.Required) builder.nameRow(builder.addRow(roles[j] === Role.Required ? 1 : 0, 1, once, 1), `once_s${j}`);
  }

  // Demand points sharing a group and a set of open-able sites share a row.
  const rows = new Map<string, { sites: number[]; group: string; weight: Float64Array; demand: number[] }>();
  const existingCovered = new Map<string, Float64Array>();
  for (let i = 0; i < demand.count; i++) {
    const sites: number[] = [];
    let byExisting = false;
    for (const j of coveringSites(cover, i)) {
      if (roles[j] === Role.Existing) byExisting = true;
      else if (roles[j] !== Role.Forbidden) sites.push(j);
    }
    const group = demand.groups?.[i] ?? '';
    if (byExisting) {
      const covered = existingCovered.get(group) ?? new Float64Array(periodCount);
      for (let t = 0; t < periodCount; t++) covered[t] += weightIn(t)[i];
      existingCovered.set(group, covered);
      continue;
    }
    if (sites.length === 0) continue;
    const key = `${group}|${sites.join(',')}`;
    const row = rows.get(key) ?? { sites, group, weight: new Float64Array(periodCount), demand: [] };
    for (let t = 0; t < periodCount; t++) row.weight[t] += weightIn(t)[i];
    row.demand.push(i);
    rows.set(key, row);
  }
  for (const covered of existingCovered.values()) for (let t = 0; t < periodCount; t++) builder.addToOffset(covered[t]);

  // covered weight terms per group and period, for the fairness rows
  const groupTerms = new Map<string, { columns: number[]; weights: number[] }[]>();
  const startRows: { sites: number[]; weight: number; y: number }[] = [];
  for (const row of rows.values()) {
    for (let t = 0; t < periodCount; t++) {
      if (row.weight[t] === 0 && model.minGroupCoverage === null) continue;
      const y = builder.continuous(row.weight[t], 0, 1);
      const name = builder.naming ? coverName(row.demand) + (periodCount > 1 ? `_t${t}` : '') : '';
      startRows.push({ sites: row.sites, weight: row.weight[t], y });
      const columns = [y];
      const values = [1];
      for (const j of row.sites) for (let s = 0; s <= t; s++) columns.push(open[j * periodCount + s]), values.push(-1);
      builder.nameColumn(y, name);
      builder.nameRow(builder.addRow(-Infinity, 0, columns, values), name);
      if (model.minGroupCoverage !== null) {
        const terms = groupTerms.get(row.group) ?? Array.from({ length: periodCount }, () => ({ columns: [], weights: [] }));
        terms[t].columns.push(y);
        terms[t].weights.push(row.weight[t]);
        groupTerms.set(row.group, terms);
      }
    }
  }

  for (let t = 0; t < periodCount; t++) {
    const upTo = model.carryOver ? t : null;
    const columns: number[] = [];
    const costs: number[] = [];
    for (const j of openable) {
      for (let s = upTo === null ? t : 0; s <= t; s++) {
        columns.push(open[j * periodCount + s]);
        costs.push(siteCost(instance, j));
      }
    }
    const budget = model.carryOver ? periods.slice(0, t + 1).reduce((sum, period) => sum + period.budget, 0) : periods[t].budget;
    if (Number.isFinite(budget)) builder.nameRow(builder.addRow(-Infinity, budget, columns, costs), periodCount > 1 ? `budget_t${t}` : 'budget');
  }
  if (model.p !== null) builder.nameRow(builder.addRow(-Infinity, model.p, openable.flatMap((j) => periodColumns(open, j, periodCount)), 1), 'p_count');

  if (model.minGroupCoverage !== null && demand.groups) {
    for (const [group, totals] of groupTotals(instance, periodCount, weightIn)) {
      const terms = groupTerms.get(group);
      for (let t = 0; t < periodCount; t++) {
        const need = model.minGroupCoverage * totals[t] - (existingCovered.get(group)?.[t] ?? 0);
        if (need <= 0) continue;
        builder.nameRow(builder.addRow(need, Infinity, terms?.[t].columns ?? [], terms?.[t].weights ?? []), `share_${group}${periodCount > 1 ? `_t${t}` : ''}`);
      }
    }
  }

  const weightsWhole = isWhole(demand.weights) && (demand.weightsByPeriod ?? []).every(isWhole);
  const mip = builder.build();
  // A greedy plan is always feasible in one period without group shares: the solver starts from it.
  const first = periodCount === 1 && model.minGroupCoverage === null ? greedyStart(instance, roles, startRows, open, mip.numCols, heuristicSeconds) : undefined;
  return {
    mip,
    start: first?.values,
    bound: first && mip.offset + first.bound,
    integralObjective: weightsWhole,
    decode: (values) => {
      const schedule: ScheduledSite[] = [];
      for (const j of openable) {
        for (let t = 0; t < periodCount; t++) if (values[open[j * periodCount + t]] > 0.5) schedule.push({ site: j, period: t });
      }
      const opened = schedule.map((entry) => entry.site).sort((a, b) => a - b);
      return {
        open: opened,
        schedule: model.periods ? schedule : undefined,
        objective: coveredWeight(instance, cover, roles, schedule, periodCount, weightIn),
      };
    },
  };
}

function periodColumns(open: Int32Array, site: number, periodCount: number): number[] {
  return Array.from(open.subarray(site * periodCount, (site + 1) * periodCount));
}

/** Total weight covered, summed over periods, by existing sites and the scheduled ones. */
function coveredWeight(
  instance: SitingInstance,
  cover: Coverage,
  roles: Uint8Array,
  schedule: ScheduledSite[],
  periodCount: number,
  weightIn: (t: number) => Float64Array,
): number {
  const opensIn = new Float64Array(instance.sites.count).fill(Infinity);
  for (let j = 0; j < roles.length; j++) if (roles[j] === Role.Existing) opensIn[j] = 0;
  for (const { site, period } of schedule) opensIn[site] = period;
  let total = 0;
  for (let i = 0; i < instance.demand.count; i++) {
    let first = Infinity;
    for (const j of coveringSites(cover, i)) first = Math.min(first, opensIn[j]);
    for (let t = first; t < periodCount; t++) total += weightIn(t)[i];
  }
  return total;
}

function groupTotals(instance: SitingInstance, periodCount: number, weightIn: (t: number) => Float64Array): Map<string, Float64Array> {
  const totals = new Map<string, Float64Array>();
  instance.demand.groups?.forEach((group, i) => {
    const total = totals.get(group) ?? new Float64Array(periodCount);
    for (let t = 0; t < periodCount; t++) total[t] += weightIn(t)[i];
    totals.set(group, total);
  });
  return totals;
}

/** Causes of infeasibility visible without solving. */
function precheck(
  instance: SitingInstance,
  roles: Uint8Array,
  cover: Coverage,
  periodCount: number,
  weightIn: (t: number) => Float64Array,
): string[] {
  const { model, sites } = instance;
  const reasons: string[] = [];
  const requiredCost = sites.required.reduce((total, j) => total + siteCost(instance, j), 0);
  const totalBudget = model.periods ? model.periods.reduce((sum, period) => sum + period.budget, 0) : model.budget;
  if (totalBudget !== null && requiredCost > totalBudget) {
    reasons.push(`the required sites alone cost ${amount(requiredCost)}, over the ${amount(totalBudget)} budget`);
  }
  const share = model.minGroupCoverage;
  if (share !== null && instance.demand.groups) {
    // Even with every open-able site open from the first period, a group may stay below its share.
    const reachable = new Map<string, Float64Array>();
    for (let i = 0; i < instance.demand.count; i++) {
      const coverable = coveringSites(cover, i).some((j) => roles[j] !== Role.Forbidden);
      if (!coverable) continue;
      const group = instance.demand.groups[i];
      const weight = reachable.get(group) ?? new Float64Array(periodCount);
      for (let t = 0; t < periodCount; t++) weight[t] += weightIn(t)[i];
      reachable.set(group, weight);
    }
    for (const [group, totals] of groupTotals(instance, periodCount, weightIn)) {
      for (let t = 0; t < periodCount; t++) {
        const best = totals[t] === 0 ? 1 : (reachable.get(group)?.[t] ?? 0) / totals[t];
        if (best < share - 1e-12) {
          const when = model.periods ? ` in ${model.periods[t].label}` : '';
          reasons.push(
            `group ${group} can reach at most ${percent(best)} coverage${when} even with every candidate site open, ${percent(share - best)} short of the required ${percent(share)}`,
          );
          break;
        }
      }
    }
  }
  return reasons;
}

/** The heuristic's plan as column values, and a Lagrangian bound on the rows (without the constant offset). */
function greedyStart(instance: SitingInstance, roles: Uint8Array, rows: { sites: number[]; weight: number; y: number }[], open: Int32Array, columns: number, seconds: number): { values: Float64Array; bound: number } {
  const siteCount = instance.sites.count;
  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => (rowStart[r + 1] = rowStart[r] + row.sites.length));
  const rowSites = new Int32Array(rowStart[rows.length]);
  rows.forEach((row, r) => rowSites.set(row.sites, rowStart[r]));
  const problem = {
    siteCount,
    rowStart,
    rowSites,
    rowWeight: Float64Array.from(rows, (row) => row.weight),
    cost: Float64Array.from({ length: siteCount }, (_, j) => siteCost(instance, j)),
    allowed: Uint8Array.from(roles, (role) => (role === Role.Candidate || role === Role.Required ? 1 : 0)),
    required: instance.sites.required,
    p: instance.model.p,
    budget: instance.model.budget,
  };
  // The relaxation first (its bound, and its step plans as starting points), then the local search from the best plan.
  const quick = greedyCover(problem, 0);
  const relaxation = lagrangianBound(problem, quick.covered, seconds * 400);
  const plan = greedyCover(problem, seconds * 600, relaxation.plan ? [relaxation.plan] : []);
  const bound = relaxation.bound;
  const values = new Float64Array(columns);
  for (let j = 0; j < siteCount; j++) if (plan.open[j] && open[j] >= 0) values[open[j]] = 1;
  for (const row of rows) values[row.y] = row.sites.some((j) => plan.open[j]) ? 1 : 0;
  return { values, bound };
}
