/**
 * The demo at a finer resolution: every 500 m population cell split into k x k
 * cells (k = 2: 250 m, k = 5: 100 m) on the projected grid, people, children
 * and households shared out as whole numbers (the remainders to the first
 * cells, so the totals stay exact). Sub-cells that fall outside every
 * district give their people to the cell's centre. Used by
 * `npm run bench:resolution`: `tsx scripts/finerDemo.ts K OUT.json` writes a
 * scenario file with the finer grid as imported demand.
 */
import { writeFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { parseCity } from '../src/plan/city';
import type { ImportedData } from '../src/plan/imported';
import { defaultScenario, type Scenario } from '../src/plan/scenario';

type Demand = NonNullable<ImportedData['demand']>[number];

export function finerDemand(k: number): Demand[] {
  const files = demoCityFiles();
  const city = parseCity(files);
  const districts = files.districts as FeatureCollection<Polygon | MultiPolygon>;
  const population = files.population as FeatureCollection<Point>;
  const inside = (lon: number, lat: number, hint: number) =>
    booleanPointInPolygon([lon, lat], districts.features[hint]) || districts.features.some((feature) => booleanPointInPolygon([lon, lat], feature));
  const step = 500 / k;
  const out: Demand[] = [];
  population.features.forEach((feature, c) => {
    const p = feature.properties as { pop: number; pop_6_17: number; households: number };
    const x = city.demand.x[c];
    const y = city.demand.y[c];
    const hint = city.demand.district[c];
    const cells: { lon: number; lat: number }[] = [];
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const sx = x + (a - (k - 1) / 2) * step;
        const sy = y + (b - (k - 1) / 2) * step;
        const lon = city.projection.lon(sx, sy);
        const lat = city.projection.lat(sx, sy);
        if (inside(lon, lat, hint)) cells.push({ lon: round(lon), lat: round(lat) });
      }
    }
    const [lon, lat] = feature.geometry.coordinates;
    if (cells.length === 0) cells.push({ lon, lat });
    const share = (total: number) => {
      const base = Math.floor(total / cells.length);
      return cells.map((_, n) => base + (n < total - base * cells.length ? 1 : 0));
    };
    const residents = share(p.pop);
    const children = share(p.pop_6_17);
    const households = share(p.households);
    cells.forEach((cell, n) => {
      if (residents[n] + children[n] + households[n] > 0) out.push({ ...cell, residents: residents[n], children: children[n], households: households[n] });
    });
  });
  return out;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export function finerScenario(k: number, base: Scenario = defaultScenario()): Scenario {
  return { ...base, name: `Almaty demo at ${500 / k} m`, imported: { demand: finerDemand(k) } };
}

if (process.argv[1]?.endsWith('finerDemo.ts')) {
  const k = Number(process.argv[2] ?? 5);
  const scenario = finerScenario(k);
  writeFileSync(process.argv[3] ?? `almaty-${500 / k}m.json`, JSON.stringify(scenario));
  process.stderr.write(`${scenario.imported!.demand!.length} demand points at ${500 / k} m\n`);
}
