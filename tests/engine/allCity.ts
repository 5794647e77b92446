import { expect } from 'vitest';
import { MipBuilder } from '../../src/engine/mip/mip';
import type { BudgetGroup, PlannerInstance, PlannerType } from '../../src/engine/planner/instance';
import { seededRandom } from '../../src/engine/seededRandom';
import { nodeSolver } from '../../src/solvers/node';

const highs = nodeSolver('highs');

export interface CityOptions {
  readonly points: number;
  /** Candidates per type (each type also has one existing site, or none where `existing` is false). */
  readonly candidates: readonly number[];
  readonly capacitated: readonly boolean[];
  readonly pieces: readonly boolean[];
  readonly periods: number;
  readonly essential: readonly number[];
  readonly shared: boolean;
  readonly budget: number;
  readonly carryOver?: boolean;
  readonly existing?: boolean;
  readonly maxCount?: number;
}

/**
 * A small city on a 1 km square, independent of src/plan: residents per
 * point and year, and per type its own sites and norm over the same points,
 * some points' people split into pieces (each reached by some of the
 * point's sites), some points with none of a type's demand.
 */
export function randomCity(seed: number, options: CityOptions): PlannerInstance {
  const next = seededRandom(seed);
  const { points, periods } = options;
  const px = Array.from({ length: points }, () => next() * 1000);
  const py = Array.from({ length: points }, () => next() * 1000);
  const residents = Array.from({ length: periods }, () => new Float64Array(points));
  for (let i = 0; i < points; i++) {
    const base = next() < 0.1 ? 0 : 5 + Math.floor(next() * 60);
    for (let t = 0; t < periods; t++) residents[t][i] = Math.round(base * (1 + 0.3 * t));
  }
  const types = options.candidates.map((candidates, k): PlannerType => {
    const existingCount = options.existing === false ? 0 : 1;
    const siteCount = existingCount + candidates;
    const radius = 380;
    const sx = Array.from({ length: siteCount }, () => next() * 1000);
    const sy = Array.from({ length: siteCount }, () => next() * 1000);
    const pairStart = new Int32Array(points + 1);
    const pairSite: number[] = [];
    const pairDistance: number[] = [];
    const start = new Int32Array(points + 1);
    const share: number[] = [];
    const siteStart: number[] = [0];
    const site: number[] = [];
    for (let i = 0; i < points; i++) {
      const near: number[] = [];
      for (let j = 0; j < siteCount; j++) if (Math.hypot(px[i] - sx[j], py[i] - sy[j]) <= radius * (options.pieces[k] ? 1.25 : 1)) near.push(j);
      // A point not split is one piece: its sites within the norm.
      let own = near.filter((j) => Math.hypot(px[i] - sx[j], py[i] - sy[j]) <= radius);
      if (options.pieces[k] && near.length > 0 && next() < 0.5) {
        // Two pieces: each reached by a random non-empty subset of the sites near the point; some people by none.
        const reached = new Set<number>();
        const shares = [0.3 + 0.4 * next()];
        shares.push((1 - shares[0]) * (next() < 0.5 ? 1 : 0.7));
        for (const s of shares) {
          const subset = near.filter(() => next() < 0.6);
          if (subset.length === 0) subset.push(near[Math.floor(next() * near.length)]);
          share.push(s);
          for (const j of subset) site.push(j), reached.add(j);
          siteStart.push(site.length);
        }
        own = near.filter((j) => reached.has(j));
      }
      start[i + 1] = share.length;
      for (const j of own) pairSite.push(j), pairDistance.push(Math.hypot(px[i] - sx[j], py[i] - sy[j]));
      pairStart[i + 1] = pairSite.length;
    }
    const weightsByPeriod = residents.map((r) => Float64Array.from(r, (people) => (next() < 0.12 ? 0 : Math.round(people * (0.1 + 0.3 * next())))));
    const maxCount = options.maxCount ?? 1;
    return {
      capacitated: options.capacitated[k],
      radius,
      weightsByPeriod,
      totalByPeriod: weightsByPeriod.map((w) => w.reduce((a, b) => a + b, 0)),
      district: new Uint8Array(points),
      districtCount: 1,
      districtShares: null,
      existingCount,
      siteCount,
      capacity: Float64Array.from({ length: siteCount }, () => 15 + Math.floor(next() * 60)),
      cost: Float64Array.from({ length: siteCount }, (_, j) => (j < existingCount ? 0 : 1 + Math.floor(next() * 4))),
      minCount: new Int32Array(siteCount),
      maxCount: Int32Array.from({ length: siteCount }, (_, j) => (j < existingCount ? 0 : maxCount)),
      pairStart,
      pairSite: Int32Array.from(pairSite),
      pairDistance: Float64Array.from(pairDistance),
      pieces: options.pieces[k] ? { start, share: Float64Array.from(share), siteStart: Int32Array.from(siteStart), site: Int32Array.from(site) } : null,
    };
  });
  const perPeriod = Array.from({ length: periods }, () => options.budget);
  const budgets: BudgetGroup[] = options.shared ? [{ types: types.map((_, k) => k), perPeriod }] : types.map((_, k) => ({ types: [k], perPeriod }));
  return { objective: 'maxAll', periods, carryOver: options.carryOver ?? false, targetShare: 0, types, budgets, all: { essential: options.essential, weightsByPeriod: residents } };
}

/** Point i's pieces of a type: share and sites (a point not split is one piece with all its pairs). */
function piecesOf(type: PlannerType, i: number): { share: number; sites: number[] }[] {
  const all = Array.from(type.pairSite.subarray(type.pairStart[i], type.pairStart[i + 1]));
  const p = type.pieces;
  if (!p || p.start[i] === p.start[i + 1]) return all.length > 0 ? [{ share: 1, sites: all }] : [];
  const out: { share: number; sites: number[] }[] = [];
  for (let q = p.start[i]; q < p.start[i + 1]; q++) out.push({ share: p.share[q], sites: Array.from(p.site.subarray(p.siteStart[q], p.siteStart[q + 1])) });
  return out;
}

/**
 * The optimum by enumerating every plan of the essential types (facilities
 * per candidate and the year each opens), within the budgets; for each, the
 * residents served by every essential type: directly, or with capacities as
 * this file's own LP (flows per point, piece and site; no aggregation, no
 * extra rows). More facilities never serve fewer people, so only plans to
 * which no facility can be added are evaluated.
 */
export async function bruteForce(instance: PlannerInstance): Promise<number> {
  const { periods, types } = instance;
  const essential = instance.all!.essential;
  const slots: { k: number; j: number }[] = [];
  for (const k of essential) for (let j = types[k].existingCount; j < types[k].siteCount; j++) for (let n = 0; n < types[k].maxCount[j]; n++) slots.push({ k, j });
  // Per slot: -1 (not opened) or the year it opens.
  const year = new Int32Array(slots.length).fill(-1);
  const groupOf = (k: number) => instance.budgets.findIndex((group) => group.types.includes(k));
  const spend = () => {
    const spent = instance.budgets.map(() => new Float64Array(periods));
    slots.forEach(({ k, j }, n) => year[n] >= 0 && (spent[groupOf(k)][year[n]] += types[k].cost[j]));
    return spent;
  };
  const fits = (spent: Float64Array[]) =>
    instance.budgets.every((group, g) => {
      let used = 0;
      let allowed = 0;
      for (let t = 0; t < periods; t++) {
        used = instance.carryOver ? used + spent[g][t] : spent[g][t];
        allowed = instance.carryOver ? allowed + group.perPeriod[t] : group.perPeriod[t];
        if (used > allowed + 1e-9) return false;
      }
      return true;
    });
  let best = -Infinity;
  const visit = async (n: number): Promise<void> => {
    if (n === slots.length) {
      const spent = spend();
      if (!fits(spent)) return;
      // Not maximal: some slot could still open (in the last year) within the budgets.
      for (let m = 0; m < slots.length; m++) {
        if (year[m] >= 0) continue;
        year[m] = periods - 1;
        const room = fits(spend());
        year[m] = -1;
        if (room) return;
      }
      best = Math.max(best, await value(instance, slots, year));
      return;
    }
    // Facilities of one site are interchangeable: a later one opens no earlier than the one before.
    const previous = n > 0 && slots[n - 1].k === slots[n].k && slots[n - 1].j === slots[n].j ? year[n - 1] : null;
    for (let t = -1; t < periods; t++) {
      if (previous !== null && (previous < 0 ? t >= 0 : t >= 0 && t < previous)) continue;
      year[n] = t;
      await visit(n + 1);
    }
    year[n] = -1;
  };
  await visit(0);
  return best;
}

export async function value(instance: PlannerInstance, slots: { k: number; j: number }[], year: Int32Array): Promise<number> {
  const { types } = instance;
  const essential = instance.all!.essential;
  let total = 0;
  for (let t = 0; t < instance.periods; t++) {
    const facilities = types.map((type) => Float64Array.from({ length: type.siteCount }, (_, j) => (j < type.existingCount ? 1 : 0)));
    slots.forEach(({ k, j }, n) => year[n] >= 0 && year[n] <= t && facilities[k][j]++);
    const residents = instance.all!.weightsByPeriod[t];
    const builder = new MipBuilder('max');
    const siteFlows = types.map((type) => Array.from({ length: type.siteCount }, () => [] as number[]));
    for (let i = 0; i < residents.length; i++) {
      if (residents[i] <= 0) continue;
      const limits: { constant: number; columns: number[]; values: number[] }[] = [];
      for (const k of essential) {
        const type = types[k];
        const w = type.weightsByPeriod[t][i];
        const limit = { constant: 0, columns: [] as number[], values: [] as number[] };
        for (const { share, sites } of piecesOf(type, i)) {
          const open = sites.filter((j) => facilities[k][j] > 0);
          if (!type.capacitated || w === 0) {
            if (open.length > 0) limit.constant += share;
            continue;
          }
          const columns = open.map((j) => {
            const f = builder.continuous(0, 0, Infinity);
            siteFlows[k][j].push(f);
            return f;
          });
          if (columns.length === 0) continue;
          builder.addRow(-Infinity, w * share, columns, 1);
          for (const f of columns) limit.columns.push(f), limit.values.push(1 / w);
        }
        limits.push(limit);
      }
      const z = builder.continuous(residents[i], 0, 1);
      for (const limit of limits) builder.addRow(-Infinity, limit.constant, [z, ...limit.columns], [1, ...limit.values.map((v) => -v)]);
    }
    siteFlows.forEach((lists, k) => lists.forEach((columns, j) => columns.length > 0 && builder.addRow(-Infinity, types[k].capacity[j] * facilities[k][j], columns, 1)));
    const mip = builder.build();
    const solution = await highs.solve(mip, { timeLimit: 30, relativeGap: 0 });
    expect(solution.status).toBe('optimal');
    total += solution.objective!;
  }
  return total;
}

