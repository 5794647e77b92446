import { MipBuilder, isFeasible, withMipNames, type Mip } from '../mip/mip';
import { relativeGap, type MipSolver } from '../mip/solver';
import type { Baseline, GreedyPlan } from './greedy';
import { allowedBy, type PlannerInstance, type PlannerPlan, type PlannerType } from './instance';
import { budgetRows, openBy, openColumns, planFrom, siteName, typeName, year } from './model';
import { baselineOf, withoutIdleCapacities } from './prepare';
import { bySite, demandRows, forEachPiece, type DemandRows } from './rows';
import { explainInfeasible } from './explain';
import { safeBound, tighter, type PartCallbacks, type PartOptions, type PlannerResult, type Prepared } from './part';

/**
 * The "every essential type" objective (maxAll): the residents, summed over
 * the years, who are served by every essential type.
 *
 * Definition. For year p, demand point i and essential type t, the covered
 * share s[t][p][i] in [0, 1] is what maxCoverage counts as covered demand of
 * the type at the point, divided by the type's demand there:
 * - uncapacitated: the share of the point's people within the norm of a site
 *   open in year p (existing sites always are); a point split into pieces
 *   (PlannerType.pieces) adds the shares of the pieces an open site reaches;
 * - capacitated: the people of the type assigned to open sites within the
 *   norm (flows within the sites' capacities, as maxCoverage) over the type's
 *   demand at the point; where that demand is 0, reach alone counts (as
 *   uncapacitated).
 * The plan maximises sum over p, i of R[p][i] * z[p][i] with z in [0, 1] and
 * z[p][i] <= s[t][p][i] for every essential type t: z is the least of the
 * shares, which takes the best-served residents of each type within a cell to
 * be the same people (a cell where 80% have a school and 60% a polyclinic
 * counts 60% of its residents). The objective is in residents (R's units),
 * not percentage points.
 *
 * Other types (not essential) are not planned: no new facility of theirs is
 * opened (their required minimums do not apply), their existing facilities
 * stay, and the plan shows what those serve. Budgets (shared or per type,
 * per year, carry-over), required facilities and counts per site of the
 * essential types hold as for maxCoverage; district shares (fairness) do not
 * apply. The types are coupled through z: one part, one model.
 *
 * Capacitated types keep one flow row per point and piece (not aggregated:
 * a point's own share counts); uncapacitated ones share one coverage column
 * y <= sum x per distinct set of candidate sites and year.
 */

/** The essential types of a maxAll instance, checked; throws where the instance does not describe them. */
export function essentialTypes(instance: PlannerInstance): number[] {
  const all = instance.all;
  if (!all) throw new Error('The maxAll objective needs the instance\'s "all" field (essential types and residents).');
  const points = instance.types[0]?.pairStart.length - 1;
  const seen = new Set<number>();
  for (const k of all.essential) {
    if (!Number.isInteger(k) || k < 0 || k >= instance.types.length || seen.has(k)) throw new Error(`maxAll: essential type index ${k} is not a type of the instance, or repeated.`);
    seen.add(k);
  }
  if (all.weightsByPeriod.length !== instance.periods) throw new Error(`maxAll: residents are given for ${all.weightsByPeriod.length} years, the plan has ${instance.periods}.`);
  for (const weights of all.weightsByPeriod) if (weights.length !== points) throw new Error(`maxAll: residents are given for ${weights.length} demand points, the types have ${points}.`);
  instance.types.forEach((type, k) => {
    if (type.pairStart.length - 1 !== points) throw new Error(`maxAll: type ${k} has ${type.pairStart.length - 1} demand points, type 0 has ${points}; every type must use the same points.`);
  });
  return [...all.essential];
}

/** A type's pieces per demand point (forEachPiece), as CSR: each piece's share and sites; pieces no site reaches are left out. */
interface PieceList {
  readonly start: Int32Array;
  readonly share: Float64Array;
  readonly siteStart: Int32Array;
  readonly site: Int32Array;
  readonly owner: Int32Array;
}

function pieceList(type: PlannerType): PieceList {
  const points = type.pairStart.length - 1;
  const start = new Int32Array(points + 1);
  const share: number[] = [];
  const siteStart: number[] = [0];
  const site: number[] = [];
  const owner: number[] = [];
  for (let i = 0; i < points; i++) {
    forEachPiece(type, i, (s, sites) => {
      if (sites.length === 0 || s <= 0) return;
      share.push(s);
      owner.push(i);
      for (const j of sites) site.push(j);
      siteStart.push(site.length);
    });
    start[i + 1] = share.length;
  }
  return { start, share: Float64Array.from(share), siteStart: Int32Array.from(siteStart), site: Int32Array.from(site), owner: Int32Array.from(owner) };
}

/** The demand point of every row (rows built by point: one point each). */
function rowPoints(rows: DemandRows): Int32Array {
  const point = new Int32Array(rows.count).fill(-1);
  for (let i = 0; i + 1 < rows.pointStart.length; i++) for (let n = rows.pointStart[i]; n < rows.pointStart[i + 1]; n++) point[rows.pointRows[n]] = i;
  return point;
}

/** Whether the plan has site j of the type open in year t (existing sites always). */
function isOpen(type: PlannerType, opened: Int32Array, j: number, t: number, periods: number): boolean {
  if (j < type.existingCount) return true;
  for (let s = 0; s <= t; s++) if (opened[j * periods + s] > 0) return true;
  return false;
}

/**
 * Residents served by every essential type, per year and demand point, in a
 * plan of the instance (the objective is their sum): R[p][i] times the least
 * over the essential types of the covered share (plan.served over the type's
 * demand at the point; reach by the plan's open sites where that demand is 0).
 */
export function allServed(instance: PlannerInstance, plan: PlannerPlan): Float64Array[] {
  const essential = essentialTypes(instance);
  const { periods } = instance;
  const pieces = essential.map((k) => pieceList(instance.types[k]));
  return instance.all!.weightsByPeriod.map((residents, t) =>
    Float64Array.from(residents, (r, i) => {
      if (r <= 0) return 0;
      let least = 1;
      essential.forEach((k, e) => {
        const type = instance.types[k];
        const w = type.weightsByPeriod[t][i];
        let share = 0;
        if (w > 0) share = Math.min(1, plan.served[k][t][i] / w);
        else for (let q = pieces[e].start[i]; q < pieces[e].start[i + 1]; q++) for (let n = pieces[e].siteStart[q]; n < pieces[e].siteStart[q + 1]; n++) if (isOpen(type, plan.opened[k], pieces[e].site[n], t, periods)) (share += pieces[e].share[q]), (n = pieces[e].siteStart[q + 1]);
        least = Math.min(least, share);
      });
      return r * Math.max(0, Math.min(1, least));
    }),
  );
}

/** The maxAll objective of a plan: residents served by every essential type, summed over the points and years. */
export function allObjective(instance: PlannerInstance, plan: PlannerPlan): number {
  return allServed(instance, plan).reduce((sum, year) => sum + year.reduce((a, b) => a + b, 0), 0);
}

/**
 * A proven bound before any solver runs: nobody counts where some essential
 * type reaches them with no site that may be open (existing, or a candidate
 * that may hold a facility): sum over p, i of R times the least over the
 * essential types of the share of the point within the norm of such a site.
 */
export function allBound(instance: PlannerInstance): number {
  const essential = essentialTypes(instance);
  const reach = essential.map((k) => {
    const type = instance.types[k];
    const pieces = pieceList(type);
    const points = type.pairStart.length - 1;
    return Float64Array.from({ length: points }, (_, i) => {
      let share = 0;
      for (let q = pieces.start[i]; q < pieces.start[i + 1]; q++) {
        for (let n = pieces.siteStart[q]; n < pieces.siteStart[q + 1]; n++) {
          const j = pieces.site[n];
          if (j < type.existingCount || type.maxCount[j] > 0) (share += pieces.share[q]), (n = pieces.siteStart[q + 1]);
        }
      }
      return Math.min(1, share);
    });
  });
  let total = 0;
  for (const residents of instance.all!.weightsByPeriod) {
    for (let i = 0; i < residents.length; i++) {
      if (residents[i] <= 0) continue;
      let least = 1;
      for (const share of reach) least = Math.min(least, share[i]);
      total += residents[i] * least;
    }
  }
  return total;
}

/**
 * The part's rows (capacitated essential types by point and piece, the
 * others aggregated as for maxCoverage), what existing facilities serve, and
 * a first plan (allGreedy), in the shape of prepare()'s answer.
 */
export function prepareAll(instance: PlannerInstance, evaluating = false, start?: readonly Int32Array[]): Prepared {
  essentialTypes(instance);
  const reduced = withoutIdleCapacities(instance);
  const essential = new Set(reduced.all!.essential);
  const districts = reduced.periods > 1;
  const rows = reduced.types.map((type, k) => demandRows(type, true, districts, essential.has(k) && type.capacitated));
  const baseline = baselineOf(reduced, rows);
  const before = planFrom(reduced, rows, zeros(reduced), (k, t) => baseline.flows[k]?.[t] ?? null);
  const first = evaluating ? null : allGreedy(reduced, rows, baseline, start);
  const firstPlan = first ? planFrom(reduced, rows, first.opened, (k, t) => first.flows[k]?.[t] ?? null) : null;
  const firstObjective = firstPlan ? allObjective(reduced, firstPlan) : null;
  return { instance: reduced, coverage: true, rows, baseline, before, first: first && { ...first, objective: firstObjective! }, firstPlan, firstObjective };
}

function zeros(instance: PlannerInstance): Int32Array[] {
  return instance.types.map((type) => new Int32Array(type.siteCount * instance.periods));
}

/** Weight of the look-ahead term in the greedy's score (people an essential type could serve where the others may). */
const LOOKAHEAD = 0.25;

/**
 * A first plan in milliseconds to a second: required facilities (and a known
 * plan, `start`, where it fits the budgets) first, then year by year the
 * facility of an essential type with the best score per tenge, within every
 * budget group. A facility's score is what it adds to the objective (summed
 * over the years it serves) plus LOOKAHEAD times the people it newly serves
 * weighted by how well the other essential types serve them or could (each
 * other type's share, or half the share its sites can reach): serving one
 * type alone adds nothing until the others come, and the look-ahead lets the
 * plan start. Capacitated facilities take the people of most value first.
 * Scores are recomputed for every site near the people a facility served.
 * `only` (an index into the essential types): only that type's facilities are added after `start`.
 */
export function allGreedy(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, start?: readonly Int32Array[], only = -1): GreedyPlan | null {
  const { periods } = instance;
  const essential = instance.all!.essential;
  const residents = instance.all!.weightsByPeriod;
  const points = residents[0].length;
  const E = essential.length;
  const types = essential.map((k) => instance.types[k]);
  const pieces = types.map(pieceList);
  const rowPoint = essential.map((k, e) => (types[e].capacitated ? rowPoints(rows[k]) : null));
  // Pieces of each site (for reach), rows of each site (capacitated).
  const sitePieces = types.map((type, e) => {
    const list = pieces[e];
    const start = new Int32Array(type.siteCount + 1);
    for (let n = 0; n < list.site.length; n++) start[list.site[n] + 1]++;
    for (let j = 0; j < type.siteCount; j++) start[j + 1] += start[j];
    const fill = start.slice(0, type.siteCount);
    const piece = new Int32Array(list.site.length);
    for (let q = 0; q < list.share.length; q++) for (let n = list.siteStart[q]; n < list.siteStart[q + 1]; n++) piece[fill[list.site[n]]++] = q;
    return { start, piece };
  });
  const siteRows = essential.map((k, e) => (types[e].capacitated ? bySite(rows[k], types[e].siteCount, types[e].existingCount, true) : null));
  // Reach that may be had (existing sites or candidates that may open): the look-ahead's estimate.
  const potential = types.map((type, e) =>
    Float64Array.from({ length: points }, (_, i) => {
      let share = 0;
      for (let q = pieces[e].start[i]; q < pieces[e].start[i + 1]; q++) {
        for (let n = pieces[e].siteStart[q]; n < pieces[e].siteStart[q + 1]; n++) {
          const j = pieces[e].site[n];
          if (j < type.existingCount || type.maxCount[j] > 0) (share += pieces[e].share[q]), (n = pieces[e].siteStart[q + 1]);
        }
      }
      return Math.min(1, share);
    }),
  );
  // State per essential type and year: covered pieces, unserved people per row, flows, and each point's share.
  const covered = types.map((type, e) => Array.from({ length: periods }, () => Uint8Array.from(pieces[e].share, (_, q) => {
    for (let n = pieces[e].siteStart[q]; n < pieces[e].siteStart[q + 1]; n++) if (pieces[e].site[n] < type.existingCount) return 1;
    return 0;
  })));
  const unserved = essential.map((k, e) => (types[e].capacitated ? rows[k].weights.map((weights, t) => Float64Array.from(weights, (w, r) => Math.max(0, w - baseline.served[k][t][r]))) : null));
  const flows = essential.map((k, e) => (types[e].capacitated ? baseline.flows[k]!.map((f) => f.slice()) : null));
  const share = types.map((type, e) => Array.from({ length: periods }, (_, t) => new Float64Array(points)));
  const refresh = (e: number, t: number, i: number) => {
    const type = types[e];
    const w = type.weightsByPeriod[t][i];
    let s = 0;
    if (type.capacitated && w > 0) {
      const row = rows[essential[e]];
      for (let n = row.pointStart[i]; n < row.pointStart[i + 1]; n++) {
        const r = row.pointRows[n];
        if (!row.pointRows.subarray(row.pointStart[i], n).includes(r)) s += row.weights[t][r] - unserved[e]![t][r];
      }
      s /= w;
    } else for (let q = pieces[e].start[i]; q < pieces[e].start[i + 1]; q++) if (covered[e][t][q]) s += pieces[e].share[q];
    share[e][t][i] = Math.min(1, s);
  };
  for (let e = 0; e < E; e++) for (let t = 0; t < periods; t++) for (let i = 0; i < points; i++) refresh(e, t, i);
  const others = (e: number, t: number, i: number) => {
    let least = 1;
    for (let u = 0; u < E; u++) if (u !== e) least = Math.min(least, share[u][t][i]);
    return least;
  };
  const outlook = (e: number, t: number, i: number) => {
    let product = 1;
    for (let u = 0; u < E; u++) if (u !== e) product *= Math.max(share[u][t][i], 0.5 * potential[u][i]);
    return product;
  };
  /** Value of raising type e's share at point i in year t by `delta`. */
  const value = (e: number, t: number, i: number, delta: number) => {
    const R = residents[t][i];
    if (R <= 0 || delta <= 0) return 0;
    const a = share[e][t][i];
    const m = others(e, t, i);
    return R * (Math.min(a + delta, m) - Math.min(a, m) + LOOKAHEAD * delta * outlook(e, t, i));
  };
  const order: { r: number; p: number; density: number }[] = [];
  /** One more facility of type e at j in year t: its value, and with `apply` the change made. */
  const effect = (e: number, j: number, t: number, apply: boolean, touched: Set<number> | null): number => {
    const type = types[e];
    let gain = 0;
    const sp = sitePieces[e];
    for (let n = sp.start[j]; n < sp.start[j + 1]; n++) {
      const q = sp.piece[n];
      if (covered[e][t][q]) continue;
      const i = pieces[e].owner[q];
      // Capacitated: reach counts only where the type has no demand at the point.
      if (type.capacitated && type.weightsByPeriod[t][i] > 0) continue;
      gain += value(e, t, i, pieces[e].share[q]);
      if (apply) {
        covered[e][t][q] = 1;
        refresh(e, t, i);
        touched?.add(i);
      }
    }
    if (!type.capacitated) return gain;
    const sites = siteRows[e]!;
    const rest = unserved[e]![t];
    order.length = 0;
    for (let n = sites.start[j]; n < sites.start[j + 1]; n++) {
      const r = sites.row[n];
      if (rest[r] <= 0) continue;
      const i = rowPoint[e]![r];
      const w = type.weightsByPeriod[t][i];
      if (w <= 0) continue;
      const density = value(e, t, i, 1 / w);
      if (density > 0) order.push({ r, p: sites.pair[n], density });
    }
    order.sort((a, b) => b.density - a.density || a.r - b.r);
    let room = type.capacity[j];
    for (const { r, p, density } of order) {
      if (room <= 0) break;
      const take = Math.min(room, rest[r]);
      room -= take;
      gain += take * density;
      if (apply) {
        rest[r] -= take;
        flows[e]![t][p] += take;
        const i = rowPoint[e]![r];
        refresh(e, t, i);
        touched?.add(i);
      }
    }
    return gain;
  };

  const opened = instance.types.map((type) => new Int32Array(type.siteCount * periods));
  const count = types.map((type) => new Int32Array(type.siteCount));
  const groupOf = new Int32Array(instance.types.length).fill(-1);
  instance.budgets.forEach((group, g) => group.types.forEach((k) => (groupOf[k] = g)));
  const spent = instance.budgets.map(() => new Float64Array(periods));
  const left = (k: number, t: number) => {
    const g = groupOf[k];
    if (g < 0) return Infinity;
    let used = 0;
    for (let s = instance.carryOver ? 0 : t; s <= t; s++) used += spent[g][s];
    return allowedBy(instance, instance.budgets[g], t) - used;
  };
  const take = (e: number, j: number, t: number, touched: Set<number> | null) => {
    const k = essential[e];
    count[e][j]++;
    opened[k][j * periods + t]++;
    if (groupOf[k] >= 0) spent[groupOf[k]][t] += types[e].cost[j];
    for (let s = t; s < periods; s++) effect(e, j, s, true, touched);
  };
  const fits = (k: number, cost: number, t: number) => {
    // With carry-over, money spent in year t also counts in every later year's total.
    for (let s = t; s < periods; s++) {
      if (!instance.carryOver && s > t) break;
      if (cost > left(k, s) + 1e-6) return false;
    }
    return true;
  };

  // Required facilities first, in the first year that can pay for them.
  for (let e = 0; e < E; e++) {
    const type = types[e];
    for (let j = type.existingCount; j < type.siteCount; j++) {
      for (let n = 0; n < type.minCount[j]; n++) {
        let year = 0;
        while (year < periods && !fits(essential[e], type.cost[j], year)) year++;
        if (year === periods) return null;
        take(e, j, year, null);
      }
    }
  }
  // A known plan's further facilities, where they fit.
  if (start && start.length === instance.types.length) {
    for (let e = 0; e < E; e++) {
      const type = types[e];
      const plan = start[essential[e]];
      if (!plan || plan.length !== type.siteCount * periods) continue;
      for (let j = type.existingCount; j < type.siteCount; j++) {
        // Up to the plan's count by each year (the required ones are already in).
        let by = 0;
        for (let t = 0; t < periods; t++) {
          by += plan[j * periods + t];
          while (count[e][j] < Math.min(by, type.maxCount[j]) && fits(essential[e], type.cost[j], t)) take(e, j, t, null);
        }
      }
    }
  }

  const offsets = [0];
  for (const type of types) offsets.push(offsets[offsets.length - 1] + type.siteCount);
  const score = new Float64Array(offsets[E]);
  const dirty = new Uint8Array(offsets[E]);
  for (let t = 0; t < periods; t++) {
    dirty.fill(1);
    for (;;) {
      let best = -1;
      let bestRatio = 0;
      for (let e = 0; e < E; e++) {
        const type = types[e];
        for (let j = type.existingCount; j < type.siteCount; j++) {
          const item = offsets[e] + j;
          if ((only >= 0 && e !== only) || count[e][j] >= type.maxCount[j] || !fits(essential[e], type.cost[j], t)) continue;
          if (dirty[item]) {
            let gain = 0;
            for (let s = t; s < periods; s++) gain += effect(e, j, s, false, null);
            score[item] = gain;
            dirty[item] = 0;
          }
          const ratio = score[item] / Math.max(type.cost[j], 1e-9);
          if (score[item] > 1e-12 && ratio > bestRatio) (best = item), (bestRatio = ratio);
        }
      }
      if (best < 0) break;
      let e = 0;
      while (best >= offsets[e + 1]) e++;
      const j = best - offsets[e];
      const touched = new Set<number>();
      take(e, j, t, touched);
      dirty[best] = 1;
      // Every site of every essential type near a point whose shares changed.
      for (const i of touched) {
        for (let u = 0; u < E; u++) {
          const type = types[u];
          for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) dirty[offsets[u] + type.pairSite[p]] = 1;
        }
      }
    }
  }
  const allFlows = instance.types.map((_, k): Float64Array[] | null => {
    const e = essential.indexOf(k);
    return e >= 0 ? flows[e] : null;
  });
  return { opened, flows: allFlows, covered: instance.types.map(() => null), objective: 0 };
}

/**
 * The first plan improved by turns: each essential type's facilities (but
 * its required ones) are placed again by the greedy with the other types'
 * as they are, and the plan is kept when it serves more residents; until a
 * round improves nothing or the deadline (performance.now() milliseconds).
 * The greedy places a type before it knows where the others go; placed
 * again, it follows them.
 */
export function improvedAll(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, first: GreedyPlan, deadline: number): GreedyPlan | null {
  const essential = instance.all!.essential;
  let best = first;
  let improved = false;
  for (let round = 0; round < 4; round++) {
    let better = false;
    for (const [e, k] of essential.entries()) {
      if (performance.now() > deadline) return improved ? best : null;
      const start = best.opened.map((opened, m) => {
        if (m !== k) return opened;
        const type = instance.types[k];
        const required = new Int32Array(opened.length);
        for (let j = type.existingCount; j < type.siteCount; j++) required[j * instance.periods] = type.minCount[j];
        return required;
      });
      const again = allGreedy(instance, rows, baseline, start, e);
      if (!again) continue;
      const objective = allObjective(instance, planFrom(instance, rows, again.opened, (m, t) => again.flows[m]?.[t] ?? null));
      if (objective > best.objective + 1e-9 * Math.max(1, best.objective)) {
        best = { ...again, objective };
        better = improved = true;
      }
    }
    if (!better) break;
  }
  return improved ? best : null;
}

/**
 * The plan improved type by type, exactly: each essential type's facilities
 * in turn are solved for (the MIP with the other types' fixed as they are,
 * far smaller than the whole), from the plan as a start, and kept when they
 * serve more residents; once over the types (a second pass gained nothing
 * on the demo), by the deadline (performance.now() milliseconds). Null where
 * nothing improved.
 */
async function byTypes(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, solver: MipSolver, first: GreedyPlan, deadline: number): Promise<GreedyPlan | null> {
  const essential = instance.all!.essential;
  let best = first;
  for (const [e, k] of essential.entries()) {
    const left = (deadline - performance.now()) / 1000;
    if (left < 0.2) break;
    const model = buildAllModel(instance, rows, baseline, instance.types.map((_, m) => (m === k || !essential.includes(m) ? undefined : best.opened[m])));
    const start = model.startValues(best);
    const solution = await solver.solve(model.mip, { timeLimit: left / (essential.length - e), relativeGap: 1e-4, initialSolution: isFeasible(model.mip, start) ? start : undefined });
    if (!solution.values) continue;
    const plan = model.planOf(solution.values);
    const objective = allObjective(instance, planFrom(instance, rows, plan.opened, (m, t) => plan.flows[m]?.[t] ?? null));
    if (objective > best.objective + 1e-9 * Math.max(1, best.objective)) best = { ...plan, objective };
  }
  return best === first ? null : best;
}

/** The maxAll model of a part (see the top of this file); `fixedOpen`: a plan to evaluate. */
export interface AllModel {
  readonly mip: Mip;
  readonly open: Int32Array[];
  decode(values: Float64Array): PlannerPlan;
  /** A solution's facilities and flows as a GreedyPlan (objective 0: the caller's to set). */
  planOf(values: Float64Array): GreedyPlan;
  /** A plan (GreedyPlan) as column values: its facilities and flows, coverage and z at their best for them. */
  startValues(first: GreedyPlan): Float64Array;
}

/** `fixedOpen`: per type, its facilities fixed (a plan to evaluate); a type left undefined is planned. */
export function buildAllModel(instance: PlannerInstance, rows: readonly DemandRows[], baseline: Baseline, fixedOpen?: readonly (Int32Array | undefined)[]): AllModel {
  const { periods } = instance;
  const essential = instance.all!.essential;
  const residents = instance.all!.weightsByPeriod;
  const builder = new MipBuilder('max');
  const open = instance.types.map((type, k) => (essential.includes(k) ? openColumns(builder, type, periods, false, fixedOpen?.[k], k) : new Int32Array(type.siteCount * periods).fill(-1)));
  const pieces = new Map(essential.map((k) => [k, pieceList(instance.types[k])]));
  const rowPoint = new Map(essential.filter((k) => instance.types[k].capacitated).map((k) => [k, rowPoints(rows[k])]));
  // Per capacitated essential type and year: the flow column of every row pair (-1: none).
  const flow = new Map<number, Int32Array[]>();
  // For the start: per z column, its rows (constant + sum of coefficient times column).
  const zRows: { z: number; upper: number; rows: { constant: number; columns: number[]; values: number[] }[] }[] = [];
  const coverRows: { y: number; columns: number[] }[] = [];
  for (const k of essential) if (instance.types[k].capacitated) flow.set(k, Array.from({ length: periods }, () => new Int32Array(rows[k].site.length).fill(-1)));
  for (let t = 0; t < periods; t++) {
    const cover = new Map<string, number>();
    const siteFlows = new Map(essential.filter((k) => instance.types[k].capacitated).map((k) => [k, Array.from({ length: instance.types[k].siteCount }, () => [] as number[])]));
    const reachOf = new Map(essential.filter((k) => instance.types[k].capacitated).map((k) => [k, new Float64Array(instance.types[k].siteCount)]));
    const yr = year(t, periods);
    /** The coverage of a set of sites in year t: 'yes' (an existing site), 'no' (none can open) or its y column. */
    const coverOf = (type: PlannerType, k: number, sites: Int32Array): number | 'yes' | 'no' => {
      const columns: number[] = [];
      for (const j of sites) {
        if (j < type.existingCount) return 'yes';
        columns.push(...openBy(open[k], j, t, periods));
      }
      if (columns.length === 0) return 'no';
      const key = `${k}|${sites.join(',')}`;
      let y = cover.get(key);
      if (y === undefined) {
        y = builder.continuous(0, 0, 1);
        const row = builder.addRow(-Infinity, 0, [y, ...columns], [1, ...columns.map(() => -1)]);
        if (builder.naming) {
          const name = `reach_${typeName(type, k)}_${siteName(type, sites[0])}${sites.length > 1 ? `_plus${sites.length - 1}` : ''}_${cover.size}${yr}`;
          builder.nameColumn(y, name);
          builder.nameRow(row, name);
        }
        cover.set(key, y);
        coverRows.push({ y, columns });
      }
      return y;
    };
    const weights = residents[t];
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] <= 0) continue;
      let upper = 1;
      const own: { type: number; constant: number; columns: number[]; values: number[] }[] = [];
      for (const k of essential) {
        const type = instance.types[k];
        const w = type.weightsByPeriod[t][i];
        const terms = { type: k, constant: 0, columns: [] as number[], values: [] as number[] };
        if (type.capacitated && w > 0) {
          const row = rows[k];
          for (let n = row.pointStart[i]; n < row.pointStart[i + 1]; n++) {
            const r = row.pointRows[n];
            const wr = row.weights[t][r];
            // Two pieces of the point reached by the same sites are one row, listed twice.
            if (wr <= 0 || row.pointRows.subarray(row.pointStart[i], n).includes(r)) continue;
            const columns: number[] = [];
            for (let p = row.start[r]; p < row.start[r + 1]; p++) {
              const j = row.site[p];
              if (j >= type.existingCount && openBy(open[k], j, t, periods).length === 0) continue;
              const f = builder.continuous(0, 0, wr);
              if (builder.naming) builder.nameColumn(f, `serve_${typeName(type, k)}_d${i}_${n - row.pointStart[i]}_${siteName(type, j)}${yr}`);
              flow.get(k)![t][p] = f;
              columns.push(f);
              siteFlows.get(k)![j].push(f);
              reachOf.get(k)![j] += wr;
              terms.columns.push(f);
              terms.values.push(1 / w);
            }
            if (columns.length > 1) builder.nameRow(builder.addRow(-Infinity, wr, columns, 1), builder.naming ? `demand_${typeName(type, k)}_d${i}_${n - row.pointStart[i]}${yr}` : '');
          }
        } else {
          // Reach: the share of the point within the norm of an open site.
          const list = pieces.get(k)!;
          for (let q = list.start[i]; q < list.start[i + 1]; q++) {
            const c = coverOf(type, k, list.site.subarray(list.siteStart[q], list.siteStart[q + 1]));
            if (c === 'yes') terms.constant += list.share[q];
            else if (c !== 'no') {
              // Two pieces reached by the same sites share their column.
              const at = terms.columns.indexOf(c);
              if (at >= 0) terms.values[at] += list.share[q];
              else terms.columns.push(c), terms.values.push(list.share[q]);
            }
          }
        }
        if (terms.columns.length === 0) upper = Math.min(upper, terms.constant);
        else if (terms.constant < 1 - 1e-12) own.push(terms);
      }
      if (upper <= 1e-12) continue;
      const z = builder.continuous(weights[i], 0, Math.min(1, upper));
      if (builder.naming) builder.nameColumn(z, `all_d${i}${yr}`);
      for (const terms of own) {
        const row = builder.addRow(-Infinity, terms.constant, [z, ...terms.columns], [1, ...terms.values.map((v) => -v)]);
        if (builder.naming) builder.nameRow(row, `all_d${i}_${typeName(instance.types[terms.type], terms.type)}${yr}`);
      }
      zRows.push({ z, upper: Math.min(1, upper), rows: own });
    }
    // Capacities, as maxCoverage's (src/engine/planner/model.ts): min(Q, R) x and the hull's edge r x + k (Q - r).
    for (const [k, lists] of siteFlows) {
      const type = instance.types[k];
      const reach = reachOf.get(k)!;
      lists.forEach((columns, j) => {
        if (columns.length === 0) return;
        const name = builder.naming ? `${typeName(type, k)}_${siteName(type, j)}${yr}` : '';
        if (j < type.existingCount) {
          builder.nameRow(builder.addRow(-Infinity, type.capacity[j], columns, 1), `capacity_${name}`);
          return;
        }
        const opens = openBy(open[k], j, t, periods);
        const capacity = Math.min(type.capacity[j], reach[j]);
        builder.nameRow(builder.addRow(-Infinity, 0, [...columns, ...opens], [...columns.map(() => 1), ...opens.map(() => -capacity)]), `capacity_${name}`);
        const whole = Math.floor(reach[j] / type.capacity[j]);
        const r = reach[j] - whole * type.capacity[j];
        if (whole >= 1 && r > 1e-6 && type.maxCount[j] > whole) builder.nameRow(builder.addRow(-Infinity, whole * (type.capacity[j] - r), [...columns, ...opens], [...columns.map(() => 1), ...opens.map(() => -r)]), `hull_${name}`);
      });
    }
  }
  budgetRows(builder, instance, open);
  const mip = builder.build();

  const openedOf = (values: Float64Array) =>
    instance.types.map((type, k) => {
      const byYear = new Int32Array(type.siteCount * periods);
      open[k].forEach((column, index) => column >= 0 && (byYear[index] = Math.round(values[column])));
      return byYear;
    });
  const planOf = (values: Float64Array): GreedyPlan => {
    const opened = openedOf(values);
    const flows = instance.types.map((_, k): Float64Array[] | null => {
      const columns = flow.get(k);
      if (!columns) return null;
      return columns.map((byPair, t) => {
        const f = Float64Array.from(byPair, (c) => (c >= 0 ? Math.max(0, values[c]) : 0));
        topUp(instance.types[k], rows[k], opened[k], t, periods, f);
        return f;
      });
    });
    return { opened, flows, covered: instance.types.map(() => null), objective: 0 };
  };
  return {
    mip,
    open,
    decode: (values) => {
      const { opened, flows } = planOf(values);
      return planFrom(instance, rows, opened, (k, t) => flows[k]?.[t] ?? baseline.flows[k]?.[t] ?? null);
    },
    planOf,
    startValues: (first) => {
      const values = new Float64Array(mip.numCols);
      open.forEach((columns, k) => columns.forEach((c, index) => c >= 0 && (values[c] = first.opened[k][index])));
      for (const [k, columns] of flow) columns.forEach((byPair, t) => byPair.forEach((c, p) => c >= 0 && (values[c] = first.flows[k]?.[t]?.[p] ?? 0)));
      for (const { y, columns } of coverRows) values[y] = columns.some((c) => values[c] > 0.5) ? 1 : 0;
      for (const { z, upper, rows: own } of zRows) {
        let least = upper;
        for (const { constant, columns, values: coefficients } of own) {
          let s = constant;
          columns.forEach((c, n) => (s += coefficients[n] * values[c]));
          least = Math.min(least, s);
        }
        values[z] = Math.max(0, Math.min(upper, least));
      }
      return values;
    },
  };
}

/**
 * The solver serves no one it need not (people the objective does not count):
 * spare places at the plan's open sites take the type's people still
 * unserved within their reach, nearest site first, so the plan's own figures
 * for the type are not below what its sites can give. Shares only grow, so
 * the objective does not fall.
 */
function topUp(type: PlannerType, rows: DemandRows, opened: Int32Array, t: number, periods: number, flows: Float64Array): void {
  const room = new Float64Array(type.siteCount);
  for (let j = 0; j < type.siteCount; j++) {
    if (j < type.existingCount) room[j] = type.capacity[j];
    else for (let s = 0; s <= t; s++) room[j] += type.capacity[j] * opened[j * periods + s];
  }
  for (let p = 0; p < rows.site.length; p++) room[rows.site[p]] -= flows[p];
  for (let r = 0; r < rows.count; r++) {
    let rest = rows.weights[t][r];
    for (let p = rows.start[r]; p < rows.start[r + 1]; p++) rest -= flows[p];
    if (rest <= 1e-9) continue;
    const pairs: number[] = [];
    for (let p = rows.start[r]; p < rows.start[r + 1]; p++) if (room[rows.site[p]] > 1e-9) pairs.push(p);
    pairs.sort((a, b) => rows.distance[a] - rows.distance[b] || a - b);
    for (const p of pairs) {
      if (rest <= 1e-9) break;
      const take = Math.min(rest, room[rows.site[p]]);
      flows[p] += take;
      room[rows.site[p]] -= take;
      rest -= take;
    }
  }
}

/**
 * One maxAll part (the whole instance: the essential types are coupled): the
 * greedy's plan with its bound (allBound) at once, placed again by turns
 * (improvedAll), then solved type by type (byTypes), then the whole MIP from
 * that start within the time limit; every better plan is reported as it
 * comes. The plan is the solver's when it is at least as good, else the best
 * before it; the bound is the tighter of the solver's and the quick one.
 * No stages among equals (secondStage.ts), no swap or covering search and
 * no Lagrangian bound: those are maxCoverage's.
 */
export async function solveAllPart(instance: PlannerInstance, solver: MipSolver, options: PartOptions, callbacks: PartCallbacks = {}): Promise<PlannerResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const left = () => Math.min(options.timeLimit - seconds(), options.deadline === undefined ? Infinity : (options.deadline - Date.now()) / 1000);
  const evaluating = options.fixedOpen !== undefined;
  const prepared = (!evaluating && options.prepared) || prepareAll(instance, evaluating, evaluating ? undefined : options.start);
  instance = prepared.instance;
  const { rows, baseline, before } = prepared;
  const empty = { objective: null, bound: null, gap: null, plan: null, before: null, reasons: [] };
  const named = <T>(build: () => T): T => (options.names ? withMipNames(build) : build());

  if (options.fixedOpen) {
    const model = named(() => buildAllModel(instance, rows, baseline, options.fixedOpen));
    if (options.names) callbacks.onModel?.(model.mip);
    const solution = await solver.solve(model.mip, { timeLimit: Math.max(left(), 1), relativeGap: 0 });
    if (!solution.values) return { ...empty, status: solution.status === 'error' ? 'error' : 'infeasible', before, message: solution.message, seconds: seconds() };
    return { ...empty, status: 'optimal', objective: solution.objective, bound: solution.objective, gap: 0, plan: model.decode(solution.values), before, seconds: seconds() };
  }

  let { first, firstPlan, firstObjective } = prepared;
  const quick = allBound(instance);
  if (firstPlan) callbacks.onPlan?.({ plan: firstPlan, before, objective: firstObjective!, bound: safeBound('maxAll', quick, firstObjective!), seconds: seconds() });
  const improved = first && improvedAll(instance, rows, baseline, first, performance.now() + Math.min(left() * 0.1, 3) * 1000);
  if (improved) {
    first = improved;
    firstPlan = planFrom(instance, rows, improved.opened, (k, t) => improved.flows[k]?.[t] ?? null);
    firstObjective = improved.objective;
    callbacks.onPlan?.({ plan: firstPlan, before, objective: firstObjective, bound: safeBound('maxAll', quick, firstObjective), seconds: seconds() });
  }
  if (firstPlan && left() < 0.3 && !options.names) {
    const bound = safeBound('maxAll', quick, firstObjective!);
    return { status: 'timeout', objective: firstObjective, bound, gap: relativeGap(firstObjective, bound), plan: firstPlan, before, reasons: [], message: 'stopped at the time limit', seconds: seconds() };
  }
  // Then each type solved for with the others fixed, in up to a quarter of the time (8 s at most): on the
  // demo 99.8% of the optimum in 6 s, where the whole MIP's own plans reach it later; its proof is no slower.
  const blocks = Math.min(left() * 0.25, 8);
  if (first && blocks > 1 && instance.all!.essential.length > 1) {
    const better = await byTypes(instance, rows, baseline, solver, first, performance.now() + blocks * 1000);
    if (better) {
      first = better;
      firstPlan = planFrom(instance, rows, better.opened, (k, t) => better.flows[k]?.[t] ?? null);
      firstObjective = better.objective;
      callbacks.onPlan?.({ plan: firstPlan, before, objective: firstObjective, bound: safeBound('maxAll', quick, firstObjective), seconds: seconds() });
    }
  }
  const model = named(() => buildAllModel(instance, rows, baseline));
  if (options.names) callbacks.onModel?.(model.mip);
  const start = first ? model.startValues(first) : undefined;
  const usableStart = start && isFeasible(model.mip, start) ? start : undefined;
  let lastPlan = performance.now();
  const lag = Math.min(3, 2e-5 * (model.mip.numCols + model.mip.numRows));
  const solution = await solver.solve(model.mip, {
    timeLimit: Math.max((left() - lag) * 0.95, 0.1),
    relativeGap: options.relativeGap,
    initialSolution: usableStart,
    onProgress:
      (callbacks.onProgress || callbacks.onPlan) &&
      ((p) => {
        const bound = tighter('maxAll', p.bound, quick);
        if (p.values && p.objective !== null && callbacks.onPlan && performance.now() - lastPlan > 1000) {
          lastPlan = performance.now();
          callbacks.onPlan({ plan: model.decode(p.values), before, objective: p.objective, bound, seconds: seconds() });
        }
        callbacks.onProgress?.({ seconds: seconds(), objective: p.objective, bound });
      }),
  });
  if (solution.status === 'error' && !firstPlan) return { ...empty, status: 'error', before, message: solution.message, seconds: seconds() };
  if (solution.status === 'infeasible') {
    const reasons = await explainInfeasible(instance, solver, Math.max(left(), 1), options.timeLimit);
    return { ...empty, status: 'infeasible', before, reasons, message: solution.message, seconds: seconds() };
  }
  let plan: PlannerPlan | null = null;
  let objective: number | null = null;
  if (solution.values && solution.objective !== null && (firstObjective === null || solution.objective >= firstObjective - 1e-9)) {
    plan = model.decode(solution.values);
    objective = solution.objective;
  } else if (firstPlan) {
    plan = firstPlan;
    objective = firstObjective;
  }
  if (!plan || objective === null) return { ...empty, status: solution.status === 'error' ? 'error' : 'timeout', before, message: solution.message ?? 'no plan was found within the time limit', seconds: seconds() };
  let bound = tighter('maxAll', solution.status === 'error' ? null : solution.bound, quick);
  if (bound !== null) bound = safeBound('maxAll', bound, objective);
  const gap = relativeGap(objective, bound);
  const proven = solution.status === 'optimal' || (gap !== null && gap <= options.relativeGap + 1e-9);
  return { status: proven ? 'optimal' : 'timeout', objective, bound: proven && options.relativeGap === 0 ? objective : bound, gap: proven && options.relativeGap === 0 ? 0 : gap, plan, before, reasons: [], seconds: seconds() };
}
