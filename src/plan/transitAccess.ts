import type { PlannerPlan } from '../engine/planner/instance';
import type { FacilityType } from './scenario';
import type { PlanProblem } from './problem';

/** Shares of a type's demand reached within its norm, before the plan and after it. */
export interface ModeShares {
  readonly walk: readonly [number, number];
  readonly transit: readonly [number, number];
  readonly either: readonly [number, number];
}

/**
 * How a type reached on foot or by transit (`walkOrTransit`) is reached, by
 * mode: per district and in the whole city, the share of its demand whose
 * cell centre reaches an open site within the norm on foot, by transit (the
 * median trip over the window), and by either; capacity is not counted here
 * (the KPIs count it). For the map, the transit minutes of every cell.
 */
export interface TransitAccess {
  readonly type: FacilityType;
  /** District shares in the city's order. */
  readonly districts: readonly ModeShares[];
  readonly city: ModeShares;
  /** Per demand point, the median minutes by transit to the nearest site open after the plan; NaN where none is within the norm. */
  readonly cellMinutes: Float64Array;
  /** Per demand point: after the plan reached by transit and by no site on foot. */
  readonly transitOnly: Uint8Array;
}

export function transitAccess(problem: PlanProblem, plan: PlannerPlan, before: PlannerPlan): TransitAccess[] {
  return problem.types.flatMap((type, k) => {
    if (!type.access) return [];
    const { walk, transit } = type.access;
    const districtCount = type.districtCount;
    // Per district (and the city, last): demand, then reached on foot, by transit, by either, before and after.
    const sums = Array.from({ length: districtCount + 1 }, () => new Float64Array(7));
    const cellMinutes = new Float64Array(problem.demandCount).fill(NaN);
    const transitOnly = new Uint8Array(problem.demandCount);
    // Existing facilities are open in both; a candidate when the plan (or the state before it) opens it.
    const states = [before.counts[k], plan.counts[k]].map((counts) => Uint8Array.from(counts, (count, j) => (j < type.existingCount || count > 0 ? 1 : 0)));
    for (let i = 0; i < problem.demandCount; i++) {
      const w = type.weights[i];
      const reached = states.map((open, s) => {
        let onFoot = false;
        for (let p = walk.pairStart[i]; p < walk.pairStart[i + 1] && !onFoot; p++) onFoot = open[walk.pairSite[p]] > 0 && walk.pairDistance[p] <= type.radius;
        let minutes = Infinity;
        for (let q = transit.start[i]; q < transit.start[i + 1]; q++) if (open[transit.site[q]] > 0) minutes = Math.min(minutes, transit.minutes[q]);
        if (s === 1) {
          if (Number.isFinite(minutes)) cellMinutes[i] = minutes;
          transitOnly[i] = Number.isFinite(minutes) && !onFoot ? 1 : 0;
        }
        return [onFoot, Number.isFinite(minutes)];
      });
      for (const sum of [sums[type.district[i]], sums[districtCount]]) {
        sum[0] += w;
        reached.forEach(([onFoot, byBus], s) => {
          if (onFoot) sum[1 + s] += w;
          if (byBus) sum[3 + s] += w;
          if (onFoot || byBus) sum[5 + s] += w;
        });
      }
    }
    const shares = (sum: Float64Array): ModeShares => {
      const share = (m: number) => (sum[0] > 0 ? sum[m] / sum[0] : 0);
      return { walk: [share(1), share(2)], transit: [share(3), share(4)], either: [share(5), share(6)] };
    };
    return [{ type: type.type, districts: sums.slice(0, districtCount).map(shares), city: shares(sums[districtCount]), cellMinutes, transitOnly }];
  });
}
