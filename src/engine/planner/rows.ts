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
  /**
   * CSR by demand point: the rows its people are in and the share of them in
   * each (one row, share 1, unless the point is a cell split into pieces);
   * no rows where it can use no site or has no demand in any year.
   */
  readonly pointStart: Int32Array;
  readonly pointRows: Int32Array;
  readonly pointShares: Float64Array;
  /** CSR by row: its sites (ascending) and a representative distance (weighted mean over its points). */
  readonly start: Int32Array;
  readonly site: Int32Array;
  readonly distance: Float64Array;
  /** Summed weight per row in every year. */
  readonly weights: Float64Array[];
  readonly district: Uint8Array;
}

/**
 * Calls `visit` with each piece of demand point i (see PlannerType.pieces):
 * its share of the point's people, and the sites that reach it with their
 * positions among the point's pairs. A point that is not split is one piece
 * of share 1 with all its pairs.
 */
export function forEachPiece(type: PlannerType, i: number, visit: (share: number, sites: Int32Array, pairs: Int32Array) => void): void {
  const pieces = type.pieces;
  const from = type.pairStart[i];
  const to = type.pairStart[i + 1];
  if (!pieces || pieces.start[i] === pieces.start[i + 1]) {
    visit(1, type.pairSite.subarray(from, to), pairRange(from, to));
    return;
  }
  for (let q = pieces.start[i]; q < pieces.start[i + 1]; q++) {
    const sites = pieces.site.subarray(pieces.siteStart[q], pieces.siteStart[q + 1]);
    // The piece's sites are among the point's pairs, both ascending: one merge finds their positions.
    const pairs = new Int32Array(sites.length);
    let p = from;
    sites.forEach((j, n) => {
      while (type.pairSite[p] !== j) p++;
      pairs[n] = p;
    });
    visit(pieces.share[q], sites, pairs);
  }
}

function pairRange(from: number, to: number): Int32Array {
  const out = new Int32Array(to - from);
  for (let n = 0; n < out.length; n++) out[n] = from + n;
  return out;
}

/** `byPoint`: pieces of different demand points never share a row (the maxAll objective's capacitated types, where each point's own share counts). */
export function demandRows(type: PlannerType, aggregate: boolean, byDistrict: boolean, byPoint = false): DemandRows {
  const points = type.pairStart.length - 1;
  const periods = type.weightsByPeriod.length;
  const pointStart = new Int32Array(points + 1);
  const pointRows: number[] = [];
  const pointShares: number[] = [];
  const rowOf = new Map<string, number>();
  // Per row: the sites of its first piece (the rows' CSR), and per piece the pair positions of its distances.
  const rowSites: Int32Array[] = [];
  const piecePairs: Int32Array[] = [];
  for (let i = 0; i < points; i++) {
    pointStart[i + 1] = pointStart[i];
    if (type.pairStart[i + 1] === type.pairStart[i]) continue;
    let any = false;
    for (let t = 0; t < periods && !any; t++) any = type.weightsByPeriod[t][i] > 0;
    if (!any) continue;
    if (!aggregate) {
      pointRows.push(rowSites.length);
      pointShares.push(1);
      piecePairs.push(pairRange(type.pairStart[i], type.pairStart[i + 1]));
      rowSites.push(type.pairSite.subarray(type.pairStart[i], type.pairStart[i + 1]));
      pointStart[i + 1]++;
      continue;
    }
    forEachPiece(type, i, (share, sites, pairs) => {
      if (sites.length === 0 || share <= 0) return;
      const key = `${byPoint ? `${i}:` : ''}${byDistrict ? type.district[i] : 0}|${sites.join(',')}`;
      let row = rowOf.get(key);
      if (row === undefined) {
        row = rowSites.length;
        rowOf.set(key, row);
        rowSites.push(sites);
      }
      pointRows.push(row);
      pointShares.push(share);
      piecePairs.push(pairs);
      pointStart[i + 1]++;
    });
  }
  const count = rowSites.length;
  const start = new Int32Array(count + 1);
  rowSites.forEach((sites, r) => (start[r + 1] = start[r] + sites.length));
  const site = new Int32Array(start[count]);
  rowSites.forEach((sites, r) => site.set(sites, start[r]));
  const weights = Array.from({ length: periods }, () => new Float64Array(count));
  const distance = new Float64Array(start[count]);
  const mass = new Float64Array(count);
  const district = new Uint8Array(count);
  // A split cell's pair may lie beyond the norm from its centre while reaching the piece: the row's distance is at most the norm.
  const reach = type.pieces ? type.radius : Infinity;
  for (let i = 0; i < points; i++) {
    for (let n = pointStart[i]; n < pointStart[i + 1]; n++) {
      const r = pointRows[n];
      const share = pointShares[n];
      district[r] = type.district[i];
      for (let t = 0; t < periods; t++) weights[t][r] += type.weightsByPeriod[t][i] * share;
      const w = (type.weightsByPeriod[0][i] + 1e-9) * share;
      mass[r] += w;
      const pairs = piecePairs[n];
      for (let m = 0; m < pairs.length; m++) distance[start[r] + m] += w * Math.min(type.pairDistance[pairs[m]], reach);
    }
  }
  for (let r = 0; r < count; r++) for (let k = start[r]; k < start[r + 1]; k++) distance[k] /= mass[r];
  return { count, pointStart, pointRows: Int32Array.from(pointRows), pointShares: Float64Array.from(pointShares), start, site, distance, weights, district };
}

/** A per-row quantity of year t shared back over the row's points in proportion to their weights (and their pieces' shares). */
export function perPoint(type: PlannerType, rows: DemandRows, t: number, byRow: Float64Array): Float64Array {
  const weights = type.weightsByPeriod[t];
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    for (let n = rows.pointStart[i]; n < rows.pointStart[i + 1]; n++) {
      const r = rows.pointRows[n];
      const own = weights[i] * rows.pointShares[n];
      if (rows.weights[t][r] > 0) out[i] += Math.min(own, (byRow[r] * own) / rows.weights[t][r]);
    }
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
