import type { PlannerType } from './instance';

/**
 * Demand points that may use the same sites are interchangeable in a coverage
 * model: one row carries their summed weight (exact, for capacitated coverage
 * too: a flow from the row splits back over its points in proportion to their
 * weights). With district shares or district growth the district is part of
 * the key. At 100 m resolution this shrinks the demo's school and polyclinic
 * models about six times.
 */
export interface DemandRows {
  readonly count: number;
  /** Row of every demand point; -1 where it can use no site or has no demand in any year. */
  readonly pointRow: Int32Array;
  /** CSR by row: its sites (ascending) and a representative distance (weighted mean over its points). */
  readonly start: Int32Array;
  readonly site: Int32Array;
  readonly distance: Float64Array;
  /** Summed weight per row in every year. */
  readonly weights: Float64Array[];
  readonly district: Uint8Array;
}

export function demandRows(type: PlannerType, aggregate: boolean, byDistrict: boolean): DemandRows {
  const points = type.pairStart.length - 1;
  const periods = type.weightsByPeriod.length;
  const pointRow = new Int32Array(points).fill(-1);
  const rowOf = new Map<string, number>();
  const first: number[] = [];
  for (let i = 0; i < points; i++) {
    if (type.pairStart[i + 1] === type.pairStart[i]) continue;
    let any = false;
    for (let t = 0; t < periods && !any; t++) any = type.weightsByPeriod[t][i] > 0;
    if (!any) continue;
    if (!aggregate) {
      pointRow[i] = first.length;
      first.push(i);
      continue;
    }
    const key = `${byDistrict ? type.district[i] : 0}|${type.pairSite.subarray(type.pairStart[i], type.pairStart[i + 1]).join(',')}`;
    let row = rowOf.get(key);
    if (row === undefined) {
      row = first.length;
      rowOf.set(key, row);
      first.push(i);
    }
    pointRow[i] = row;
  }
  const count = first.length;
  const start = new Int32Array(count + 1);
  first.forEach((i, r) => (start[r + 1] = start[r] + type.pairStart[i + 1] - type.pairStart[i]));
  const site = new Int32Array(start[count]);
  first.forEach((i, r) => site.set(type.pairSite.subarray(type.pairStart[i], type.pairStart[i + 1]), start[r]));
  const weights = Array.from({ length: periods }, () => new Float64Array(count));
  const distance = new Float64Array(start[count]);
  const mass = new Float64Array(count);
  const district = new Uint8Array(count);
  for (let i = 0; i < points; i++) {
    const r = pointRow[i];
    if (r < 0) continue;
    district[r] = type.district[i];
    for (let t = 0; t < periods; t++) weights[t][r] += type.weightsByPeriod[t][i];
    const w = type.weightsByPeriod[0][i] + 1e-9;
    mass[r] += w;
    for (let n = 0; n < start[r + 1] - start[r]; n++) distance[start[r] + n] += w * type.pairDistance[type.pairStart[i] + n];
  }
  for (let r = 0; r < count; r++) for (let k = start[r]; k < start[r + 1]; k++) distance[k] /= mass[r];
  return { count, pointRow, start, site, distance, weights, district };
}

/** A per-row quantity of year t shared back over the row's points in proportion to their weights. */
export function perPoint(type: PlannerType, rows: DemandRows, t: number, byRow: Float64Array): Float64Array {
  const weights = type.weightsByPeriod[t];
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const r = rows.pointRow[i];
    if (r >= 0 && rows.weights[t][r] > 0) out[i] = Math.min(weights[i], (byRow[r] * weights[i]) / rows.weights[t][r]);
  }
  return out;
}

/** The rows' pairs seen from the sites: for site j, positions start[j]..start[j+1] hold a pair (an index into the rows' CSR) and its row. */
export interface SitePairs {
  readonly start: Int32Array;
  readonly pair: Int32Array;
  readonly row: Int32Array;
}

/** The transpose of the rows' CSR; `nearestFirst` orders each candidate site's pairs by distance (existing sites keep row order). */
export function bySite(rows: DemandRows, siteCount: number, existingCount = 0, nearestFirst = false): SitePairs {
  const pairs = rows.site.length;
  const rowOf = new Int32Array(pairs);
  for (let r = 0; r < rows.count; r++) rowOf.fill(r, rows.start[r], rows.start[r + 1]);
  const start = new Int32Array(siteCount + 1);
  for (let p = 0; p < pairs; p++) start[rows.site[p] + 1]++;
  for (let j = 0; j < siteCount; j++) start[j + 1] += start[j];
  const fillAt = start.slice(0, siteCount);
  const pair = new Int32Array(pairs);
  for (let p = 0; p < pairs; p++) pair[fillAt[rows.site[p]]++] = p;
  if (nearestFirst) {
    for (let j = existingCount; j < siteCount; j++) {
      const own = Array.from(pair.subarray(start[j], start[j + 1])).sort((a, b) => rows.distance[a] - rows.distance[b] || a - b);
      pair.set(own, start[j]);
    }
  }
  return { start, pair, row: Int32Array.from(pair, (p) => rowOf[p]) };
}
