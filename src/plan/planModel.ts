import { MipBuilder, type Mip } from '../engine/mip/mip';
import type { PlanProblem, TypeProblem } from './problem';
import { periodCount, type FacilityType, type Scenario } from './scenario';

/**
 * The integer program of a multi-type plan. Every type has its own demand,
 * sites and pairs; the types meet in the budget (shared) and the objective:
 *
 * - maxCoverage: the sum over types (and years) of the covered share of
 *   demand, in percentage points (each type counts equally; with one type and
 *   one year this is simply the people covered). Capacitated types assign
 *   people to sites within the norm (flows with sum_j f_ij <= w_i and
 *   sum_i f_ij <= Q_j x_j); others cover a demand point when any open site is
 *   within the norm (y_i in [0, 1]). The strong linking rows f_ij <= w_i x_j
 *   were measured on the Almaty demo: 3.5 times slower for polyclinics and
 *   slower for container sites, barely faster for schools, so they are left out.
 * - minCost: the cheapest plan covering at least the target share of every
 *   type's demand (in every year; the budget does not apply).
 * - minTravel / minWorst: every person goes to the nearest open facility;
 *   the sum over types of the average (or the worst) distance, within the
 *   budget. Capacity is not used by these two.
 *
 * With phases, x_jt is the number of facilities opened at site j in year t;
 * a site serves from its year on, every year has its demand (grown per
 * district) and its budget (or, with carry-over, the budget of the years so
 * far). With fairness, every district keeps its minimum covered share of
 * every type in every year.
 */
export interface PlanModel {
  readonly mip: Mip;
  decode(values: Float64Array): PlanSolution;
}

export interface PlanSolution {
  /** Per type: facilities opened at each site in each year, index j * years + t. */
  readonly opened: Map<FacilityType, Int32Array>;
  /** Per type: new facilities at each site over the whole plan. */
  readonly counts: Map<FacilityType, Int32Array>;
  /** Per type and year: people served at each demand point within the norm. */
  readonly served: Map<FacilityType, Float64Array[]>;
  /** Per type and year: people each site serves. */
  readonly load: Map<FacilityType, Float64Array[]>;
}

/** Why a plan cannot exist, as a message key and its values, for the app's catalogue to phrase. */
export type Reason =
  | { readonly key: 'noTypes' }
  | { readonly key: 'requiredOverBudget'; readonly type: FacilityType; readonly cost: number; readonly budget: number }
  | { readonly key: 'travelNeedsExisting'; readonly type: FacilityType }
  | { readonly key: 'targetUnreachable'; readonly type: FacilityType; readonly best: number; readonly target: number }
  | { readonly key: 'districtShort'; readonly type: FacilityType; readonly district: number; readonly best: number; readonly required: number; readonly period: number }
  | { readonly key: 'solverProved' };

export interface Infeasible {
  readonly reasons: Reason[];
}

export interface PlanModelOptions {
  /**
   * Per type, people each demand point must at least be served in each year
   * (capacitated coverage only). With the sites fixed and the baseline's
   * service as the floor, the flows become a canonical assignment: augmenting
   * from the baseline flow never takes service from anyone, so the total stays
   * optimal while no district appears to lose what it had.
   */
  readonly minServed?: Map<FacilityType, Float64Array[]>;
  /** Per type, facilities fixed at each site and year (index j * years + t): a plan to evaluate, not to find. */
  readonly fixedOpen?: Map<FacilityType, Int32Array>;
  /** Leave the fairness rows out (to evaluate a plan, or to find the best a district can reach). */
  readonly withoutFairness?: boolean;
}

export const coverageObjective = (scenario: Scenario) => scenario.objective === 'maxCoverage' || scenario.objective === 'minCost';

export function buildPlanModel(problem: PlanProblem, scenario: Scenario, options: PlanModelOptions = {}): PlanModel | Infeasible {
  const reasons = precheck(problem, scenario, options);
  if (reasons.length > 0) return { reasons };
  const years = periodCount(scenario);
  const builder = new MipBuilder(scenario.objective === 'maxCoverage' ? 'max' : 'min');
  const parts = problem.types.map((type) => {
    const open = openColumns(builder, type, years, scenario.objective === 'minCost', options.fixedOpen?.get(type.type));
    return coverageObjective(scenario)
      ? coveragePart(builder, type, scenario, open, years, options)
      : travelPart(builder, type, scenario, open, years);
  });
  if (scenario.objective !== 'minCost') budgetRows(builder, problem, scenario, parts, years);

  const mip = builder.build();
  return {
    mip,
    decode: (values) => {
      const opened = new Map<FacilityType, Int32Array>();
      const counts = new Map<FacilityType, Int32Array>();
      const served = new Map<FacilityType, Float64Array[]>();
      const load = new Map<FacilityType, Float64Array[]>();
      problem.types.forEach((type, k) => {
        const byYear = new Int32Array(type.siteCount * years);
        parts[k].open.forEach((column, index) => column >= 0 && (byYear[index] = Math.round(values[column])));
        const count = new Int32Array(type.siteCount);
        for (let j = 0; j < type.siteCount; j++) for (let t = 0; t < years; t++) count[j] += byYear[j * years + t];
        opened.set(type.type, byYear);
        counts.set(type.type, count);
        const service = parts[k].readService(values, byYear);
        served.set(type.type, service.served);
        load.set(type.type, service.load);
      });
      return { opened, counts, served, load };
    },
  };
}

interface Part {
  /** Column of x_jt (index j * years + t), or -1 where nothing can open. */
  readonly open: Int32Array;
  readService(values: Float64Array, opened: Int32Array): { served: Float64Array[]; load: Float64Array[] };
}

/** x_jt for every candidate and year; with several years, each site's total is bounded by its own row. */
function openColumns(builder: MipBuilder, type: TypeProblem, years: number, priced: boolean, fixed: Int32Array | undefined): Int32Array {
  const open = new Int32Array(type.siteCount * years).fill(-1);
  for (let j = type.existingCount; j < type.siteCount; j++) {
    const total = fixed ? Math.max(...Array.from({ length: years }, (_, t) => fixed[j * years + t])) : type.maxCount[j];
    if (total === 0 && !fixed) continue;
    for (let t = 0; t < years; t++) {
      const index = j * years + t;
      if (fixed) {
        if (fixed[index] > 0) open[index] = builder.addColumn(priced ? type.cost[j] : 0, fixed[index], fixed[index], true);
      } else if (years === 1) open[index] = builder.addColumn(priced ? type.cost[j] : 0, type.minCount[j], type.maxCount[j], true);
      else open[index] = builder.addColumn(priced ? type.cost[j] : 0, 0, type.maxCount[j], true);
    }
    if (!fixed && years > 1) {
      const columns = Array.from({ length: years }, (_, t) => open[j * years + t]);
      builder.addRow(type.minCount[j], type.maxCount[j], columns, 1);
    }
  }
  return open;
}

/** Columns of the facilities at site j that are open in year t (opened in t or before). */
function openBy(open: Int32Array, j: number, t: number, years: number): number[] {
  const columns: number[] = [];
  for (let s = 0; s <= t; s++) if (open[j * years + s] >= 0) columns.push(open[j * years + s]);
  return columns;
}

function coveragePart(builder: MipBuilder, type: TypeProblem, scenario: Scenario, open: Int32Array, years: number, options: PlanModelOptions): Part {
  const minimiseCost = scenario.objective === 'minCost';
  const capacitated = scenario.facilities[type.type].capacitated;
  const districts = type.districtIds.length;
  const flows: Int32Array[] = [];
  for (let t = 0; t < years; t++) {
    const weights = type.weightsByPeriod[t];
    const perPerson = minimiseCost ? 0 : 100 / Math.max(type.totalByPeriod[t], 1e-9);
    const minServed = options.minServed?.get(type.type)?.[t];
    // covered people of each district this year: columns, coefficients and a constant (existing coverage)
    const byDistrict = Array.from({ length: districts }, () => ({ columns: [] as number[], weights: [] as number[], constant: 0 }));
    const flow = new Int32Array(type.pairSite.length).fill(-1);
    const cover = new Int32Array(weights.length).fill(-1);
    if (capacitated) {
      const siteFlows: number[][] = Array.from({ length: type.siteCount }, () => []);
      for (let i = 0; i < weights.length; i++) {
        const w = weights[i];
        if (w <= 0) continue;
        const row: number[] = [];
        for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
          const j = type.pairSite[k];
          if (j >= type.existingCount && openBy(open, j, t, years).length === 0) continue;
          flow[k] = builder.continuous(perPerson, 0, w);
          row.push(flow[k]);
          siteFlows[j].push(flow[k]);
          byDistrict[type.district[i]].columns.push(flow[k]);
          byDistrict[type.district[i]].weights.push(1);
        }
        // The floor sits a hair below the baseline so that solver round-off in it cannot make this LP infeasible.
        if (row.length > 0) builder.addRow(minServed ? Math.max(0, Math.min(minServed[i], w) - 1e-6) : -Infinity, w, row, 1);
      }
      for (let j = 0; j < type.siteCount; j++) {
        if (siteFlows[j].length === 0) continue;
        if (j < type.existingCount) builder.addRow(-Infinity, type.capacity[j], siteFlows[j], 1);
        else {
          const opens = openBy(open, j, t, years);
          builder.addRow(-Infinity, 0, [...siteFlows[j], ...opens], [...siteFlows[j].map(() => 1), ...opens.map(() => -type.capacity[j])]);
        }
      }
    } else {
      for (let i = 0; i < weights.length; i++) {
        const w = weights[i];
        if (w <= 0) continue;
        const sites = new Set<number>();
        let byExisting = false;
        for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
          const j = type.pairSite[k];
          if (j < type.existingCount) byExisting = true;
          else for (const column of openBy(open, j, t, years)) sites.add(column);
        }
        if (byExisting) {
          builder.addToOffset(perPerson * w);
          byDistrict[type.district[i]].constant += w;
          continue;
        }
        if (sites.size === 0) continue;
        cover[i] = builder.continuous(perPerson * w, 0, 1);
        builder.addRow(-Infinity, 0, [cover[i], ...sites], [1, ...[...sites].map(() => -1)]);
        byDistrict[type.district[i]].columns.push(cover[i]);
        byDistrict[type.district[i]].weights.push(w);
      }
    }
    if (minimiseCost) {
      const columns = byDistrict.flatMap((d) => d.columns);
      const coefficients = byDistrict.flatMap((d) => d.weights);
      const need = scenario.targetShare * type.totalByPeriod[t] - byDistrict.reduce((sum, d) => sum + d.constant, 0);
      if (need > 0) builder.addRow(need, Infinity, columns, coefficients);
    }
    if (scenario.fairness.enabled && !options.withoutFairness) {
      const demandOf = districtDemand(type, t, districts);
      byDistrict.forEach((d, district) => {
        const need = districtShare(scenario, type, district) * demandOf[district] - d.constant;
        if (need > 1e-9) builder.addRow(need, Infinity, d.columns, d.weights);
      });
    }
    flows.push(flow);
  }

  return {
    open,
    readService: (values, opened) =>
      perYear(type, years, (t, weights, served, load) => {
        for (let i = 0; i < weights.length; i++) {
          if (weights[i] <= 0) continue;
          if (capacitated) {
            for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
              if (flows[t][k] < 0) continue;
              const people = Math.max(0, values[flows[t][k]]);
              served[i] += people;
              load[type.pairSite[k]] += people;
            }
          } else {
            // Without capacity a demand point is served by its nearest open site within the norm.
            const nearest = nearestOpen(type, i, opened, t, years);
            if (nearest >= 0) {
              served[i] = weights[i];
              load[nearest] += weights[i];
            }
          }
        }
      }),
  };
}

function travelPart(builder: MipBuilder, type: TypeProblem, scenario: Scenario, open: Int32Array, years: number): Part {
  const worst = scenario.objective === 'minWorst';
  for (let t = 0; t < years; t++) {
    const weights = type.weightsByPeriod[t];
    const perPerson = 1 / Math.max(type.totalByPeriod[t], 1e-9);
    const worstColumn = worst ? builder.continuous(1, 0, Infinity) : -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (w <= 0) continue;
      const row: number[] = [];
      const distances: number[] = [];
      for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
        const j = type.pairSite[k];
        const opens = j >= type.existingCount ? openBy(open, j, t, years) : [];
        if (j >= type.existingCount && opens.length === 0) continue;
        const assign = builder.continuous(worst ? 0 : perPerson * w * type.pairDistance[k], 0, 1);
        row.push(assign);
        distances.push(type.pairDistance[k]);
        if (j >= type.existingCount) builder.addRow(-Infinity, 0, [assign, ...opens], [1, ...opens.map(() => -1)]);
      }
      builder.addRow(1, 1, row, 1);
      if (worst) builder.addRow(-Infinity, 0, [...row, worstColumn], [...distances, -1]);
    }
  }
  return {
    open,
    // Served = within the norm of the nearest open facility (capacity is not used by travel objectives).
    readService: (_values, opened) =>
      perYear(type, years, (t, weights, served, load) => {
        for (let i = 0; i < weights.length; i++) {
          const nearest = nearestOpen(type, i, opened, t, years);
          if (nearest < 0) continue;
          load[nearest] += weights[i];
          if (distanceTo(type, i, nearest) <= type.radius) served[i] = weights[i];
        }
      }),
  };
}

/** Per-year arrays of people served at each demand point and by each site, filled year by year. */
function perYear(
  type: TypeProblem,
  years: number,
  fill: (t: number, weights: Float64Array, served: Float64Array, load: Float64Array) => void,
): { served: Float64Array[]; load: Float64Array[] } {
  const served: Float64Array[] = [];
  const load: Float64Array[] = [];
  for (let t = 0; t < years; t++) {
    const weights = type.weightsByPeriod[t];
    served.push(new Float64Array(weights.length));
    load.push(new Float64Array(type.siteCount));
    fill(t, weights, served[t], load[t]);
  }
  return { served, load };
}

export function nearestOpen(type: TypeProblem, i: number, opened: Int32Array, t: number, years: number): number {
  let nearest = -1;
  let best = Infinity;
  for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) {
    const j = type.pairSite[k];
    let isOpen = j < type.existingCount;
    for (let s = 0; s <= t && !isOpen; s++) isOpen = opened[j * years + s] > 0;
    if (isOpen && type.pairDistance[k] < best) {
      best = type.pairDistance[k];
      nearest = j;
    }
  }
  return nearest;
}

function distanceTo(type: TypeProblem, i: number, site: number): number {
  for (let k = type.pairStart[i]; k < type.pairStart[i + 1]; k++) if (type.pairSite[k] === site) return type.pairDistance[k];
  return Infinity;
}

/** Each year's budget row (per type or shared), or the cumulative one with carry-over. */
function budgetRows(builder: MipBuilder, problem: PlanProblem, scenario: Scenario, parts: Part[], years: number): void {
  const phased = scenario.phases.enabled;
  const groups = scenario.budgetMode === 'shared' ? [problem.types.map((_, k) => k)] : problem.types.map((_, k) => [k]);
  for (const group of groups) {
    const budgetOf = (t: number) =>
      scenario.budgetMode === 'shared'
        ? phased ? scenario.phases.yearBudgets[t] : scenario.budget
        : phased ? scenario.phases.typeYearBudgets[problem.types[group[0]].type][t] : scenario.facilities[problem.types[group[0]].type].budget;
    let allowed = 0;
    for (let t = 0; t < years; t++) {
      allowed = scenario.phases.carryOver ? allowed + budgetOf(t) : budgetOf(t);
      const columns: number[] = [];
      const costs: number[] = [];
      for (const k of group) {
        const type = problem.types[k];
        for (let j = type.existingCount; j < type.siteCount; j++) {
          for (let s = scenario.phases.carryOver ? 0 : t; s <= t; s++) {
            const column = parts[k].open[j * years + s];
            if (column >= 0) columns.push(column), costs.push(type.cost[j]);
          }
        }
      }
      builder.addRow(-Infinity, allowed, columns, costs);
    }
  }
}

export function districtShare(scenario: Scenario, type: TypeProblem, district: number): number {
  const id = type.districtIds[district];
  return id !== undefined && id in scenario.fairness.perDistrict ? scenario.fairness.perDistrict[id] : scenario.fairness.minShare;
}

export function districtDemand(type: TypeProblem, t: number, districts: number): number[] {
  const demand = new Array<number>(districts).fill(0);
  const weights = type.weightsByPeriod[t];
  for (let i = 0; i < weights.length; i++) demand[type.district[i]] += weights[i];
  return demand;
}

function precheck(problem: PlanProblem, scenario: Scenario, options: PlanModelOptions): Reason[] {
  const reasons: Reason[] = [];
  if (problem.types.length === 0) reasons.push({ key: 'noTypes' });
  if (options.fixedOpen) return reasons;
  for (const type of problem.types) {
    const cost = type.minCount.reduce((sum, count, j) => sum + count * type.cost[j], 0);
    const budget = totalBudget(scenario, type.type);
    if (scenario.objective !== 'minCost' && cost > budget) reasons.push({ key: 'requiredOverBudget', type: type.type, cost, budget });
    if (!coverageObjective(scenario) && type.existingCount === 0) reasons.push({ key: 'travelNeedsExisting', type: type.type });
  }
  return reasons;
}

/** What a type may spend over the whole plan. */
export function totalBudget(scenario: Scenario, type: FacilityType): number {
  const phased = scenario.phases.enabled;
  if (scenario.budgetMode === 'shared') return phased ? scenario.phases.yearBudgets.reduce((a, b) => a + b, 0) : scenario.budget;
  return phased ? scenario.phases.typeYearBudgets[type].reduce((a, b) => a + b, 0) : scenario.facilities[type].budget;
}
