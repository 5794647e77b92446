import { describe, expect, it } from 'vitest';
import { parseCity, type CityFiles } from '../../src/plan/city';
import { buildPlanProblem, type TypeProblem } from '../../src/plan/problem';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { cityCells, gridSpacing } from '../../src/plan/cells';

/**
 * Cells as areas (issue 23): a population grid of 100 m cells, container
 * sites at some cell centres with a 100 m norm, so that neighbouring cells lie
 * exactly at the norm. Moving every demand point by a metre must barely change
 * what the sites cover.
 */
const LON0 = 76.9;
const LAT0 = 43.25;
// 100 m in degrees at 43.25°N (WGS84 radii of curvature).
const D_LAT = 100 / 111_100.6;
const D_LON = 100 / 81_181.9;

function gridCity(SIDE: number, shift: { east: number; north: number }, step = { lon: D_LON, lat: D_LAT }): CityFiles {
  const features = [];
  for (let a = 0; a < SIDE; a++) {
    for (let b = 0; b < SIDE; b++) {
      const households = 10 + ((a * 7 + b * 13) % 20);
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [LON0 + a * step.lon + (shift.east / 100) * D_LON, LAT0 + b * step.lat + (shift.north / 100) * D_LAT] },
        properties: { id: `c${a}_${b}`, district: 'd', pop: households * 3, pop_6_17: households / 2, households },
      });
    }
  }
  const ring = [
    [LON0 - 0.01, LAT0 - 0.01],
    [LON0 + SIDE * D_LON + 0.01, LAT0 - 0.01],
    [LON0 + SIDE * D_LON + 0.01, LAT0 + SIDE * D_LAT + 0.01],
    [LON0 - 0.01, LAT0 + SIDE * D_LAT + 0.01],
    [LON0 - 0.01, LAT0 - 0.01],
  ];
  const empty = { type: 'FeatureCollection', features: [] };
  return {
    districts: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: 'd', name_kk: 'd', name_ru: 'd', name_en: 'd', population: 1 } }] },
    population: { type: 'FeatureCollection', features },
    schools: empty,
    health: empty,
    exclusions: empty,
  };
}

/** Container sites at every third cell centre of the unshifted grid, inside it. */
function scenario(SIDE: number, step = { lon: D_LON, lat: D_LAT }): Scenario {
  const base = defaultScenario();
  const added = [];
  for (let a = 2; a < SIDE - 2; a += 3) for (let b = 2; b < SIDE - 2; b += 3) added.push({ id: `s${a}_${b}`, type: 'container' as const, lon: LON0 + a * step.lon, lat: LAT0 + b * step.lat });
  return {
    ...base,
    facilities: { ...base.facilities, school: { ...base.facilities.school, enabled: false }, polyclinic: { ...base.facilities.polyclinic, enabled: false } },
    candidates: { ...base.candidates, added },
  };
}

/** Households the planner-added sites cover (no capacities), as the model counts them: by pieces where cells are split. */
function covered(type: TypeProblem): number {
  const open = new Uint8Array(type.siteCount);
  type.candidates.forEach((candidate, k) => candidate.addedByPlanner && (open[type.existingCount + k] = 1));
  const weights = type.weightsByPeriod[0];
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const pieces = type.pieces;
    if (pieces && pieces.start[i] < pieces.start[i + 1]) {
      for (let q = pieces.start[i]; q < pieces.start[i + 1]; q++) {
        let reached = false;
        for (let s = pieces.siteStart[q]; s < pieces.siteStart[q + 1]; s++) reached ||= open[pieces.site[s]] === 1;
        if (reached) total += weights[i] * pieces.share[q];
      }
      continue;
    }
    for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) {
      if (open[type.pairSite[p]] && type.pairDistance[p] <= type.radius) {
        total += weights[i];
        break;
      }
    }
  }
  return total;
}

function coverage(side: number, shift: { east: number; north: number }, step = { lon: D_LON, lat: D_LAT }): { households: number; sites: number } {
  const type = buildPlanProblem(parseCity(gridCity(side, shift, step)), scenario(side, step)).types[0];
  return { households: covered(type), sites: type.candidates.filter((candidate) => candidate.addedByPlanner).length };
}

describe('cells as areas (issue 23)', () => {
  // 40 x 40 cells: 2 x 2 sub-points each; 180 x 180 cells (over 120,000 sub-points at 2 x 2): one sub-point each.
  for (const side of [40, 180]) {
    it(`moving every demand point by 1 m changes the covered households by less than 1% at a 100 m norm on a 100 m grid (${side} x ${side} cells)`, () => {
      const before = coverage(side, { east: 0, north: 0 });
      const changes = [
        { east: 1, north: 0 },
        { east: 0, north: 1 },
        { east: -1, north: 0 },
        { east: 0.71, north: -0.71 },
        { east: -0.71, north: 0.71 },
      ].map((shift) => Math.abs(coverage(side, shift).households / before.households - 1));
      // Measured: at most 0.65% (40 cells a side) and 0.11% (180); cells at their centres, before issue 23: 43% and 57%.
      for (const change of changes) expect(change).toBeLessThan(0.01);
      // The sites cover about the area of their discs (pi x 100 m^2, 3.14 cells of 19.5 households), not 1 or 5 whole cells.
      const cellsPerSite = before.households / before.sites / 19.5;
      expect(cellsPerSite).toBeGreaterThan(2.9);
      expect(cellsPerSite).toBeLessThan(3.4);
    });
  }

  // WorldPop's 3 arc-seconds (about 68 x 93 m here): 2 x 2 sub-points on 40 x 40 cells, one on 180 x 180.
  for (const side of [40, 180]) {
    it(`the same on a 3 arc-second grid (${side} x ${side} cells)`, () => {
      const step = { lon: 3 / 3600, lat: 3 / 3600 };
      const before = coverage(side, { east: 0, north: 0 }, step);
      for (const shift of [
        { east: 1, north: 0 },
        { east: 0, north: -1 },
        { east: 0.71, north: 0.71 },
      ]) {
        expect(Math.abs(coverage(side, shift, step).households / before.households - 1)).toBeLessThan(0.01);
      }
    });
  }

  it("infers a grid's spacing east and north apart: metric cells and WorldPop's 3 arc-seconds", () => {
    expect(cityCells(parseCity(gridCity(40, { east: 0, north: 0 })))).toEqual({ x: expect.closeTo(100, 0), y: expect.closeTo(100, 0) });
    const worldPop = cityCells(parseCity(gridCity(40, { east: 0, north: 0 }, { lon: 3 / 3600, lat: 3 / 3600 })))!;
    expect(worldPop.x).toBeCloseTo(67.6, 0);
    expect(worldPop.y).toBeCloseTo(92.6, 0);
    // Scattered points are no grid: they stay points.
    const x = Float64Array.from({ length: 500 }, (_, k) => ((k * 7919) % 1000) * 3.7 + Math.sin(k) * 50);
    const y = Float64Array.from({ length: 500 }, (_, k) => ((k * 104729) % 997) * 4.1 + Math.cos(k * 1.3) * 60);
    expect(gridSpacing(x, y)).toBeNull();
  });
});
