import { MipBuilder, type Mip } from '../engine/mip/mip';
import type { PlanProblem, TypeProblem } from './problem';
import type { FacilityType, Scenario } from './scenario';

/**
 * The integer program of a multi-type plan. Every type has its own demand,
 * sites and pairs; the types meet in the budget (shared) and the objective:
 *
 * - maxCoverage: the sum over types of the covered share of demand, in
 *   percentage points (each type counts equally; with one type this is simply
 *   the people covered). Capacitated types assign people to sites within the
 *   norm (flows with sum_j f_ij <= w_i and sum_i f_ij <= Q_j x_j); others cover
 *   a demand point when any open site is within the norm (y_i in [0, 1]).
 *   The strong linking rows f_ij <= w_i x_j were measured on the Almaty demo:
 *   3.5 times slower for polyclinics and slower for container sites, barely
 *   faster for schools, so they are left out.
 * - minCost: the cheapest plan covering at least the target share of every
 *   type's demand (the budget does not apply).
 * - minTravel / minWorst: every person goes to the nearest open facility;
 *   the sum over types of the average (or the worst) distance, within the
 *   budget. Capacity is not used by these two.
 */
export interface PlanModel {
  readonly mip: Mip;
  decode(values: Float64Array): PlanSolution;
}

export interface PlanSolution {
  /** Per type: new facilities at each site (existing sites 0). */
  readonly counts: Map<FacilityType, Int32Array>;
  /** Per type and demand point: people served within the norm by the plan's assignment. */
  readonly served: Map<FacilityType, Float64Array>;
  /** Per type and site: people the site serves. */
  readonly load: Map<FacilityType, Float64Array>;
}

/** Why a plan cannot exist, as a message key and its values, for the app's catalogue to phrase. */
export type Reason =
  | { readonly key: 'noTypes' }
  | { readonly key: 'requiredOverBudget'; readonly type: FacilityType; readonly cost: number; readonly budget: number }
  | { readonly key: 'travelNeedsExisting'; readonly type: FacilityType }
  | { readonly key: 'targetUnreachable'; readonly type: FacilityType; readonly best: number; readonly target: number }
  | { readonly key: 'solverProved' };

export interface Infeasible {
  readonly reasons: Reason[];
}

const coverageObjective = (scenario: Scenario) => scenario.objective === 'maxCoverage' || scenario.objective === 'minCost';

export interface PlanModelOptions {
  /**
   * Per type, people each demand point must at least be served (capacitated
   * coverage only). With the sites fixed and the baseline's service as the
   * floor, the flows become a canonical assignment: augmenting from the
   * baseline flow never takes service from anyone, so the total stays optimal
   * while no district appears to lose what it had.
   */
  readonly minServed?: Map<FacilityType, Float64Array>;
}

export function buildPlanModel(problem: PlanProblem, scenario: Scenario, options: PlanModelOptions = {}): PlanModel | Infeasible {
  const reasons = precheck(problem, scenario);
  if (reasons.length > 0) return { reasons };
  const builder = new MipBuilder(scenario.objective === 'maxCoverage' ? 'max' : 'min');
  const parts = problem.types.map((type) =>
    coverageObjective(scenario) ? coveragePart(builder, type, scenario, options.minServed?.get(type.type)) : travelPart(builder, type, scenario),
  );

  if (scenario.objective !== 'minCost') {
    const spend = (types: number[]) => {
      const columns: number[] = [];
      const costs: number[] = [];
      for (const t of types) parts[t].open.forEach((column, j) => column >= 0 && (columns.push(column), costs.push(problem.types[t].cost[j])));
      return { columns, costs };
    };
    if (scenario.budgetMode === 'shared') {
      const { columns, costs } = spend(problem.types.map((_, t) => t));
      builder.addRow(-Infinity, scenario.budget, columns, costs);
    } else {
      problem.types.forEach((type, t) => {
        const { columns, costs } = spend([t]);
        builder.addRow(-Infinity, scenario.facilities[type.type].budget, columns, costs);
      });
    }
  }
  const mip = builder.build();
  return {
    mip,
    decode: (values) => {
      const counts = new Map<FacilityType, Int32Array>();
      const served = new Map<FacilityType, Float64Array>();
      const load = new Map<FacilityType, Float64Array>();
      problem.types.forEach((type, t) => {
        const count = new Int32Array(type.siteCount);
        parts[t].open.forEach((column, j) => column >= 0 && (count[j] = Math.round(values[column])));
        counts.set(type.type, count);
        const { served: s, load: l } = parts[t].readService(values, count);
        served.set(type.type, s);
        load.set(type.type, l);
      });
      return { counts, served, load };
    },
  };
}

interface Part {
  /** Column of the count of new facilities at each site, or -1. */
  readonly open: Int32Array;
  readService(values: Float64Array, counts: Int32Array): { served: Float64Array; load: Float64Array };
}

function openColumns(builder: MipBuilder, type: TypeProblem, cost: (j: number) => number): Int32Array {
  const open = new Int32Array(type.siteCount).fill(-1);
  for (let j = type.existingCount; j < type.siteCount; j++) {
    if (type.maxCount[j] === 0) continue;
    open[j] = builder.addColumn(cost(j), type.minCount[j], type.maxCount[j], true);
  }
  return open;
}

function coveragePart(builder: MipBuilder, type: TypeProblem, scenario: Scenario, minServed: Float64Array | undefined): Part {
  const minimiseCost = scenario.objective === 'minCost';
  const open = openColumns(builder, type, (j) => (minimiseCost ? type.cost[j] : 0));
  const perPerson = minimiseCost ? 0 : 100 / Math.max(type.total, 1e-9);
  const capacitated = scenario.facilities[type.type].capacitated;
  const coveredColumns: number[] = [];
  const coveredWeights: number[] = [];
  // flow[k]: people of the pair's demand point served by its site (capacitated only)
  const flow = new Int32Array(type.pairSite.length).fill(-1);
  const covered = new Int32Array(type.weights.length).fill(-1);
  let alreadyCovered = 0;

  if (capacitated) {
    const siteFlows: number[][] = Array.from({ length: type.siteCount }, () => []);
    for (let i = 0; i < type.weights.length; i++) {
      const w = type.weights[i];
      if (w <= 0) continue;
      const row: number[] = [];
      for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
        const j = type.pairSite[k];
        if (j >= type.existingCount && open[j] < 0) continue;
        flow[k] = builder.continuous(perPerson, 0, w);
        row.push(flow[k]);
        siteFlows[j].push(flow[k]);
        coveredColumns.push(flow[k]);
        coveredWeights.push(1);
      }
      // The floor sits a hair below the baseline so that solver round-off in it cannot make this LP infeasible.
      if (row.length > 0) builder.addRow(minServed ? Math.max(0, Math.min(minServed[i], w) - 1e-6) : -Infinity, w, row, 1);
    }
    for (let j = 0; j < type.siteCount; j++) {
      if (siteFlows[j].length === 0) continue;
      if (j < type.existingCount) builder.addRow(-Infinity, type.capacity[j], siteFlows[j], 1);
      else builder.addRow(-Infinity, 0, [...siteFlows[j], open[j]], [...siteFlows[j].map(() => 1), -type.capacity[j]]);
    }
  } else {
    for (let i = 0; i < type.weights.length; i++) {
      const w = type.weights[i];
      if (w <= 0) continue;
      const sites: number[] = [];
      let byExisting = false;
      for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
        const j = type.pairSite[k];
        if (j < type.existingCount) byExisting = true;
        else if (open[j] >= 0) sites.push(open[j]);
      }
      if (byExisting) {
        alreadyCovered += w;
        builder.addToOffset(perPerson * w);
        continue;
      }
      if (sites.length === 0) continue;
      covered[i] = builder.continuous(perPerson * w, 0, 1);
      builder.addRow(-Infinity, 0, [covered[i], ...sites], [1, ...sites.map(() => -1)]);
      coveredColumns.push(covered[i]);
      coveredWeights.push(w);
    }
  }
  if (minimiseCost) {
    const need = scenario.targetShare * type.total - alreadyCovered;
    if (need > 0) builder.addRow(need, Infinity, coveredColumns, coveredWeights);
  }

  return {
    open,
    readService: (values, counts) => {
      const served = new Float64Array(type.weights.length);
      const load = new Float64Array(type.siteCount);
      for (let i = 0; i < type.weights.length; i++) {
        const w = type.weights[i];
        if (w <= 0) continue;
        if (capacitated) {
          for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
            if (flow[k] < 0) continue;
            const people = Math.max(0, values[flow[k]]);
            served[i] += people;
            load[type.pairSite[k]] += people;
          }
        } else {
          // Without capacity a demand point is served by its nearest open site within the norm.
          let nearest = -1;
          let best = Infinity;
          for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
            const j = type.pairSite[k];
            if ((j < type.existingCount || counts[j] > 0) && type.pairDistance[k] < best) {
              best = type.pairDistance[k];
              nearest = j;
            }
          }
          if (nearest >= 0) {
            served[i] = w;
            load[nearest] += w;
          }
        }
      }
      return { served, load };
    },
  };
}

function travelPart(builder: MipBuilder, type: TypeProblem, scenario: Scenario): Part {
  const open = openColumns(builder, type, () => 0);
  const worst = scenario.objective === 'minWorst';
  const perPerson = 1 / Math.max(type.total, 1e-9);
  const worstColumn = worst ? builder.continuous(1, 0, Infinity) : -1;
  for (let i = 0; i < type.weights.length; i++) {
    const w = type.weights[i];
    if (w <= 0) continue;
    const row: number[] = [];
    const distances: number[] = [];
    for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
      const j = type.pairSite[k];
      if (j >= type.existingCount && open[j] < 0) continue;
      const assign = builder.continuous(worst ? 0 : perPerson * w * type.pairDistance[k], 0, 1);
      row.push(assign);
      distances.push(type.pairDistance[k]);
      if (j >= type.existingCount) builder.addRow(-Infinity, 0, [assign, open[j]], [1, -1]);
    }
    builder.addRow(1, 1, row, 1);
    if (worst) builder.addRow(-Infinity, 0, [...row, worstColumn], [...distances, -1]);
  }
  return {
    open,
    readService: (_values, counts) => {
      // Served = within the norm of the nearest open facility (capacity is not used by travel objectives).
      const served = new Float64Array(type.weights.length);
      const load = new Float64Array(type.siteCount);
      for (let i = 0; i < type.weights.length; i++) {
        let nearest = -1;
        let best = Infinity;
        for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
          const j = type.pairSite[k];
          if ((j < type.existingCount || counts[j] > 0) && type.pairDistance[k] < best) {
            best = type.pairDistance[k];
            nearest = j;
          }
        }
        if (nearest < 0) continue;
        load[nearest] += type.weights[i];
        if (best <= type.radius) served[i] = type.weights[i];
      }
      return { served, load };
    },
  };
}

function precheck(problem: PlanProblem, scenario: Scenario): Reason[] {
  const reasons: Reason[] = [];
  if (problem.types.length === 0) reasons.push({ key: 'noTypes' });
  for (const type of problem.types) {
    const cost = type.minCount.reduce((sum, count, j) => sum + count * type.cost[j], 0);
    const budget = scenario.budgetMode === 'shared' ? scenario.budget : scenario.facilities[type.type].budget;
    if (scenario.objective !== 'minCost' && cost > budget) reasons.push({ key: 'requiredOverBudget', type: type.type, cost, budget });
    if (!coverageObjective(scenario) && type.existingCount === 0) reasons.push({ key: 'travelNeedsExisting', type: type.type });
  }
  return reasons;
}
