import { MipBuilder, type Mip } from '../mip/mip';
import { allowedBy, coversDemand, type PlannerInstance, type PlannerPlan, type PlannerType } from './instance';
import { forEachPiece, perPoint, type DemandRows } from './rows';

/**
 * The planner's integer program. Every type has its own demand rows, sites
 * and pairs; the types meet in the budgets and the objective:
 *
 * - maxCoverage: the sum over types (and years) of the covered share of
 *   demand, in percentage points (each type counts equally). Capacitated
 *   types assign people to sites within the norm (flows with
 *   sum_j f_rj <= w_r and sum_r f_rj <= Q_j x_j); others cover a row when
 *   any open site is within the norm (y_r in [0, 1]). The strong linking rows
 *   f_rj <= w_r x_j were measured on the Almaty demo: 3.5 times slower for
 *   polyclinics and slower for container sites, so they are left out.
 * - minCost: the cheapest plan covering at least the target share of every
 *   type's demand in every year (the budgets do not apply).
 * - minTravel / minWorst: everyone goes to the nearest open facility; the sum
 *   over types of the average (or the worst) distance, within the budgets.
 *
 * With several years, x_jt is the number of facilities opened at site j in
 * year t; a site serves from its year on. With district shares, every
 * district keeps its minimum covered share of every type in every year.
 */
export interface PlannerModel {
  readonly mip: Mip;
  /** Per type: column of x_jt (index j * periods + t), -1 where nothing can open. */
  readonly open: Int32Array[];
  /** Per type and year: column of each row pair's flow (capacitated coverage), -1 where none. */
  readonly flow: Int32Array[][];
  /** Per type and year: column of each row's coverage y_r (uncapacitated coverage), -1 where none. */
  readonly cover: Int32Array[][];
  /** Per type and year: column of each pair's assignment (travel), -1 where none. */
  readonly assign: Int32Array[][];
  /** Per type and year: the worst-distance column (minWorst), -1 otherwise. */
  readonly worst: Int32Array[];
  /** The share scale's column (options.scaleShares), -1 otherwise. */
  readonly scale: number;
  decode(values: Float64Array): PlannerPlan;
}

export interface PlannerModelOptions {
  /** Per type and year, people each row must at least be served (capacitated coverage; a hair of slack is left for round-off). */
  readonly minServed?: readonly (readonly Float64Array[])[];
  /** Per type, facilities fixed at each site and year: a plan to evaluate, not to find. */
  readonly fixedOpen?: readonly Int32Array[];
  /** Leave the district rows out (to evaluate a plan, or to find the best a district can reach). */
  readonly withoutFairness?: boolean;
  /**
   * Maximise s in [0, 1], every district keeping s times its minimum share,
   * within the budgets (coverage counts for nothing else): the largest part of
   * the fairness minimums that a plan can give all districts at once.
   */
  readonly scaleShares?: boolean;
}

export function buildPlannerModel(instance: PlannerInstance, rows: readonly DemandRows[], options: PlannerModelOptions = {}): PlannerModel {
  const { periods, objective } = instance;
  const builder = new MipBuilder(objective === 'maxCoverage' ? 'max' : 'min');
  const coverage = coversDemand(objective);
  const scale = options.scaleShares ? builder.continuous(1, 0, 1) : -1;
  if (scale >= 0 && builder.naming) builder.nameColumn(scale, 'share_scale');
  const open = instance.types.map((type, k) => openColumns(builder, type, periods, objective === 'minCost', options.fixedOpen?.[k], k));
  const flow: Int32Array[][] = [];
  const cover: Int32Array[][] = [];
  const assign: Int32Array[][] = [];
  const worst: Int32Array[] = [];
  instance.types.forEach((type, k) => {
    if (coverage) {
      const part = coveragePart(builder, instance, type, rows[k], open[k], options, k, scale);
      flow.push(part.flow);
      cover.push(part.cover);
      assign.push([]);
      worst.push(new Int32Array(periods).fill(-1));
    } else {
      const part = travelPart(builder, instance, type, rows[k], open[k], k);
      flow.push([]);
      cover.push([]);
      assign.push(part.assign);
      worst.push(part.worst);
    }
  });
  if (objective !== 'minCost') budgetRows(builder, instance, open);
  const mip = builder.build();
  return {
    mip,
    open,
    flow,
    cover,
    assign,
    worst,
    scale,
    decode: (values) => {
      const opened = instance.types.map((type, k) => {
        const byYear = new Int32Array(type.siteCount * periods);
        open[k].forEach((column, index) => column >= 0 && (byYear[index] = Math.round(values[column])));
        return byYear;
      });
      return planFrom(instance, rows, opened, (k, t) => (coverage && instance.types[k].capacitated ? rowFlows(rows[k], flow[k][t], values) : null));
    },
  };
}

/** Per row pair, the flow a solution gives it. */
function rowFlows(rows: DemandRows, columns: Int32Array, values: Float64Array): Float64Array {
  const flows = new Float64Array(rows.site.length);
  for (let k = 0; k < flows.length; k++) if (columns[k] >= 0) flows[k] = Math.max(0, values[columns[k]]);
  return flows;
}

/**
 * A plan from the facilities opened and, for capacitated coverage, the flow
 * on every row pair (null: everyone goes to the nearest open site, served
 * when it is within the norm).
 */
export function planFrom(instance: PlannerInstance, rows: readonly DemandRows[], opened: Int32Array[], flowsOf: (type: number, t: number) => Float64Array | null): PlannerPlan {
  const { periods } = instance;
  const counts = instance.types.map((type, k) => {
    const count = new Int32Array(type.siteCount);
    for (let j = 0; j < type.siteCount; j++) for (let t = 0; t < periods; t++) count[j] += opened[k][j * periods + t];
    return count;
  });
  const served: Float64Array[][] = [];
  const load: Float64Array[][] = [];
  instance.types.forEach((type, k) => {
    served.push([]);
    load.push([]);
    for (let t = 0; t < periods; t++) {
      const weights = type.weightsByPeriod[t];
      const siteLoad = new Float64Array(type.siteCount);
      const flows = flowsOf(k, t);
      if (flows) {
        const byRow = new Float64Array(rows[k].count);
        for (let r = 0; r < rows[k].count; r++) {
          for (let p = rows[k].start[r]; p < rows[k].start[r + 1]; p++) {
            byRow[r] += flows[p];
            siteLoad[rows[k].site[p]] += flows[p];
          }
        }
        served[k].push(perPoint(type, rows[k], t, byRow));
      } else {
        const servedNow = new Float64Array(weights.length);
        for (let i = 0; i < weights.length; i++) {
          if (weights[i] <= 0) continue;
          if (type.pieces && type.pieces.start[i] < type.pieces.start[i + 1]) {
            // A cell split into pieces: each piece goes to its nearest open site among those that reach it.
            forEachPiece(type, i, (share, sites, pairs) => {
              let best = -1;
              sites.forEach((j, m) => {
                if (isOpenBy(type, opened[k], j, t, periods) && (best < 0 || type.pairDistance[pairs[m]] < type.pairDistance[pairs[best]])) best = m;
              });
              if (best < 0) return;
              siteLoad[sites[best]] += weights[i] * share;
              servedNow[i] += weights[i] * share;
            });
            continue;
          }
          const nearest = nearestOpen(type, i, opened[k], t, periods);
          if (nearest.site < 0) continue;
          siteLoad[nearest.site] += weights[i];
          if (nearest.distance <= type.radius) servedNow[i] = weights[i];
        }
        served[k].push(servedNow);
      }
      load[k].push(siteLoad);
    }
  });
  return { opened, counts, served, load };
}

/** x_jt for every candidate and year; with several years, each site's total is bounded by its own row. */
export function openColumns(builder: MipBuilder, type: PlannerType, periods: number, priced: boolean, fixed: Int32Array | undefined, k: number): Int32Array {
  const open = new Int32Array(type.siteCount * periods).fill(-1);
  for (let j = type.existingCount; j < type.siteCount; j++) {
    if (!fixed && type.maxCount[j] === 0) continue;
    for (let t = 0; t < periods; t++) {
      const index = j * periods + t;
      if (fixed) {
        if (fixed[index] > 0) open[index] = builder.addColumn(priced ? type.cost[j] : 0, fixed[index], fixed[index], true);
      } else if (periods === 1) open[index] = builder.addColumn(priced ? type.cost[j] : 0, type.minCount[j], type.maxCount[j], true);
      else open[index] = builder.addColumn(priced ? type.cost[j] : 0, 0, type.maxCount[j], true);
      if (open[index] >= 0 && builder.naming) builder.nameColumn(open[index], `open_${typeName(type, k)}_${siteName(type, j)}${year(t, periods)}`);
    }
    if (!fixed && periods > 1) builder.nameRow(builder.addRow(type.minCount[j], type.maxCount[j], Array.from(open.subarray(j * periods, (j + 1) * periods)), 1), `count_${typeName(type, k)}_${siteName(type, j)}`);
  }
  return open;
}

/** Columns of the facilities at site j that are open in year t (opened in t or before). */
export function openBy(open: Int32Array, j: number, t: number, periods: number): number[] {
  const columns: number[] = [];
  for (let s = 0; s <= t; s++) if (open[j * periods + s] >= 0) columns.push(open[j * periods + s]);
  return columns;
}

function coveragePart(builder: MipBuilder, instance: PlannerInstance, type: PlannerType, rows: DemandRows, open: Int32Array, options: PlannerModelOptions, k: number, scale: number) {
  const { periods } = instance;
  const minimiseCost = instance.objective === 'minCost';
  const shares = options.withoutFairness ? null : type.districtShares;
  const flow: Int32Array[] = [];
  const cover: Int32Array[] = [];
  const naming = builder.naming;
  const label = naming ? typeName(type, k) : '';
  const rowNames = naming ? demandRowNames(rows) : [];
  for (let t = 0; t < periods; t++) {
    const weights = rows.weights[t];
    const perPerson = minimiseCost || scale >= 0 ? 0 : 100 / Math.max(type.totalByPeriod[t], 1e-9);
    const yr = year(t, periods);
    const minServed = options.minServed?.[k]?.[t];
    // Covered people of each district this year: columns, coefficients, and what existing sites cover for sure.
    const byDistrict = Array.from({ length: type.districtCount }, () => ({ columns: [] as number[], weights: [] as number[], constant: 0 }));
    const flows = new Int32Array(rows.site.length).fill(-1);
    const covers = new Int32Array(rows.count).fill(-1);
    if (type.capacitated) {
      const siteFlows: number[][] = Array.from({ length: type.siteCount }, () => []);
      for (let r = 0; r < rows.count; r++) {
        const w = weights[r];
        if (w <= 0) continue;
        const row: number[] = [];
        for (let p = rows.start[r]; p < rows.start[r + 1]; p++) {
          const j = rows.site[p];
          if (j >= type.existingCount && openBy(open, j, t, periods).length === 0) continue;
          flows[p] = builder.continuous(perPerson, 0, w);
          if (naming) builder.nameColumn(flows[p], `serve_${label}_${rowNames[r]}_${siteName(type, j)}${yr}`);
          row.push(flows[p]);
          siteFlows[j].push(flows[p]);
          byDistrict[rows.district[r]].columns.push(flows[p]);
          byDistrict[rows.district[r]].weights.push(1);
        }
        // The floor sits a hair below the baseline so that solver round-off in it cannot make this LP infeasible.
        if (row.length > 0) builder.nameRow(builder.addRow(minServed ? Math.max(0, Math.min(minServed[r], w) - 1e-6) : -Infinity, w, row, 1), naming ? `demand_${label}_${rowNames[r]}${yr}` : '');
      }
      // A site serves at most min(Q x, R): the people within its reach R = kQ + r (0 <= r < Q) as well as
      // its capacity. For whole x that is Q x up to k facilities and R from k + 1 on, so both
      // sum_r f_rj <= min(Q, R) x and sum_r f_rj <= r x + k (Q - r) hold (the second is the hull's
      // edge between x = k and k + 1). They make the LP pay for the whole last facility of a site
      // that has fewer people than places left: the demo's container cells.
      const reach = new Float64Array(type.siteCount);
      for (let r = 0; r < rows.count; r++) for (let p = rows.start[r]; p < rows.start[r + 1]; p++) reach[rows.site[p]] += weights[r];
      for (let j = 0; j < type.siteCount; j++) {
        if (siteFlows[j].length === 0) continue;
        if (j < type.existingCount) builder.nameRow(builder.addRow(-Infinity, type.capacity[j], siteFlows[j], 1), naming ? `capacity_${label}_${siteName(type, j)}${yr}` : '');
        else {
          const opens = openBy(open, j, t, periods);
          const capacity = Math.min(type.capacity[j], reach[j]);
          builder.nameRow(builder.addRow(-Infinity, 0, [...siteFlows[j], ...opens], [...siteFlows[j].map(() => 1), ...opens.map(() => -capacity)]), naming ? `capacity_${label}_${siteName(type, j)}${yr}` : '');
          const k = Math.floor(reach[j] / type.capacity[j]);
          const r = reach[j] - k * type.capacity[j];
          if (k >= 1 && r > 1e-6 && type.maxCount[j] > k) {
            builder.nameRow(builder.addRow(-Infinity, k * (type.capacity[j] - r), [...siteFlows[j], ...opens], [...siteFlows[j].map(() => 1), ...opens.map(() => -r)]), naming ? `reach_${label}_${siteName(type, j)}${yr}` : '');
          }
        }
      }
    } else {
      for (let r = 0; r < rows.count; r++) {
        const w = weights[r];
        if (w <= 0) continue;
        const sites = new Set<number>();
        let byExisting = false;
        for (let p = rows.start[r]; p < rows.start[r + 1]; p++) {
          const j = rows.site[p];
          if (j < type.existingCount) byExisting = true;
          else for (const column of openBy(open, j, t, periods)) sites.add(column);
        }
        if (byExisting) {
          builder.addToOffset(perPerson * w);
          byDistrict[rows.district[r]].constant += w;
          continue;
        }
        if (sites.size === 0) continue;
        covers[r] = builder.continuous(perPerson * w, 0, 1);
        const coverRow = builder.addRow(-Infinity, 0, [covers[r], ...sites], [1, ...[...sites].map(() => -1)]);
        if (naming) {
          builder.nameColumn(covers[r], `cover_${label}_${rowNames[r]}${yr}`);
          builder.nameRow(coverRow, `cover_${label}_${rowNames[r]}${yr}`);
        }
        byDistrict[rows.district[r]].columns.push(covers[r]);
        byDistrict[rows.district[r]].weights.push(w);
      }
    }
    if (minimiseCost) {
      const need = instance.targetShare * type.totalByPeriod[t] - byDistrict.reduce((sum, d) => sum + d.constant, 0);
      if (need > 0) builder.nameRow(builder.addRow(need, Infinity, byDistrict.flatMap((d) => d.columns), byDistrict.flatMap((d) => d.weights)), `target_${label}${yr}`);
    }
    if (shares) {
      const demandOf = districtDemand(type, t);
      byDistrict.forEach((d, district) => {
        const name = `share_${label}_${type.districtIds?.[district] ?? `district${district}`}${yr}`;
        const required = shares[district] * demandOf[district];
        // Scaled: covered + s (required) >= ... written as covered - required s >= -constant.
        if (scale >= 0) {
          if (required > 1e-9) builder.nameRow(builder.addRow(-d.constant, Infinity, [...d.columns, scale], [...d.weights, -required]), name);
        } else if (required - d.constant > 1e-9) builder.nameRow(builder.addRow(required - d.constant, Infinity, d.columns, d.weights), name);
      });
    }
    flow.push(flows);
    cover.push(covers);
  }
  return { flow, cover };
}

function travelPart(builder: MipBuilder, instance: PlannerInstance, type: PlannerType, rows: DemandRows, open: Int32Array, k: number) {
  const { periods } = instance;
  const minWorst = instance.objective === 'minWorst';
  const assign: Int32Array[] = [];
  const worst = new Int32Array(periods).fill(-1);
  const naming = builder.naming;
  const label = naming ? typeName(type, k) : '';
  const rowNames = naming ? demandRowNames(rows) : [];
  for (let t = 0; t < periods; t++) {
    const weights = rows.weights[t];
    const perPerson = 1 / Math.max(type.totalByPeriod[t], 1e-9);
    const yr = year(t, periods);
    if (minWorst) worst[t] = builder.continuous(1, 0, Infinity);
    if (minWorst) builder.nameColumn(worst[t], `worst_${label}${yr}`);
    const columns = new Int32Array(rows.site.length).fill(-1);
    for (let r = 0; r < rows.count; r++) {
      const w = weights[r];
      if (w <= 0) continue;
      const row: number[] = [];
      const distances: number[] = [];
      for (let p = rows.start[r]; p < rows.start[r + 1]; p++) {
        const j = rows.site[p];
        const opens = j >= type.existingCount ? openBy(open, j, t, periods) : [];
        if (j >= type.existingCount && opens.length === 0) continue;
        columns[p] = builder.continuous(minWorst ? 0 : perPerson * w * rows.distance[p], 0, 1);
        row.push(columns[p]);
        distances.push(rows.distance[p]);
        if (naming) builder.nameColumn(columns[p], `assign_${label}_${rowNames[r]}_${siteName(type, j)}${yr}`);
        if (j >= type.existingCount) builder.nameRow(builder.addRow(-Infinity, 0, [columns[p], ...opens], [1, ...opens.map(() => -1)]), naming ? `link_${label}_${rowNames[r]}_${siteName(type, j)}${yr}` : '');
      }
      builder.nameRow(builder.addRow(1, 1, row, 1), naming ? `assign_${label}_${rowNames[r]}${yr}` : '');
      if (minWorst) builder.nameRow(builder.addRow(-Infinity, 0, [...row, worst[t]], [...distances, -1]), naming ? `worst_${label}_${rowNames[r]}${yr}` : '');
    }
    assign.push(columns);
  }
  return { assign, worst };
}

/** Each year's budget row per group, cumulative with carry-over. */
export function budgetRows(builder: MipBuilder, instance: PlannerInstance, open: Int32Array[]): void {
  const { periods, carryOver } = instance;
  for (const group of instance.budgets) {
    for (let t = 0; t < periods; t++) {
      const columns: number[] = [];
      const costs: number[] = [];
      for (const k of group.types) {
        const type = instance.types[k];
        for (let j = type.existingCount; j < type.siteCount; j++) {
          for (let s = carryOver ? 0 : t; s <= t; s++) {
            const column = open[k][j * periods + s];
            if (column >= 0) columns.push(column), costs.push(type.cost[j]);
          }
        }
      }
      const row = builder.addRow(-Infinity, allowedBy(instance, group, t), columns, costs);
      if (builder.naming) builder.nameRow(row, `budget_${group.types.map((k) => typeName(instance.types[k], k)).join('_')}${year(t, periods)}`);
    }
  }
}

/** Whether site j is open in year t (existing sites always are). */
export function isOpenBy(type: PlannerType, opened: Int32Array, j: number, t: number, periods: number): boolean {
  if (j < type.existingCount) return true;
  for (let s = 0; s <= t; s++) if (opened[j * periods + s] > 0) return true;
  return false;
}

/** The nearest site open in year t among a demand point's pairs, and how far it is. */
export function nearestOpen(type: PlannerType, i: number, opened: Int32Array, t: number, periods: number): { site: number; distance: number } {
  let site = -1;
  let distance = Infinity;
  for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) {
    const j = type.pairSite[p];
    if (isOpenBy(type, opened, j, t, periods) && type.pairDistance[p] < distance) {
      distance = type.pairDistance[p];
      site = j;
    }
  }
  return { site, distance };
}

export function districtDemand(type: PlannerType, t: number): number[] {
  const demand = new Array<number>(type.districtCount).fill(0);
  const weights = type.weightsByPeriod[t];
  for (let i = 0; i < weights.length; i++) demand[type.district[i]] += weights[i];
  return demand;
}

/** Names for an exported model: the type, a site (candidate id, or `existing<j>`), a year suffix. */
export function typeName(type: PlannerType, k: number): string {
  return type.type ?? `type${k}`;
}

export function siteName(type: PlannerType, j: number): string {
  return j < type.existingCount ? `existing${j}` : (type.candidates?.[j - type.existingCount]?.id ?? `s${j}`);
}

export function year(t: number, periods: number): string {
  return periods > 1 ? `_y${t + 1}` : '';
}

/** A demand row's name: its first demand point (`d<i>`) and how many more share it. */
function demandRowNames(rows: DemandRows): string[] {
  const first = new Array<number>(rows.count).fill(-1);
  const count = new Int32Array(rows.count);
  for (let i = 0; i + 1 < rows.pointStart.length; i++) {
    for (let n = rows.pointStart[i]; n < rows.pointStart[i + 1]; n++) {
      const r = rows.pointRows[n];
      if (first[r] < 0) first[r] = i;
      count[r]++;
    }
  }
  return first.map((i, r) => (count[r] > 1 ? `d${i}_plus${count[r] - 1}` : `d${i}`));
}
