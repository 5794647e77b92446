import { describe, expect, it } from 'vitest';
import { SERVICE, typeLook } from '../../src/style/colours';
import { csvBlob, csvField, DISTRICT_COLUMNS, districtsCsv, SITE_COLUMNS, sitesCsv } from '../../src/io/export/csv';
import { planToGeoJson } from '../../src/io/export/geojson';
import { IMAGE_COLOURS, type PlanCanvasContext, type PlanImageLabels } from '../../src/io/export/image/context';
import { drawPlanImage, layoutOf } from '../../src/io/export/image/draw';
import { fitProjection } from '../../src/io/export/image/projection';
import { canvasToPngBlob } from '../../src/io/export/png';
import type { CityData } from '../../src/plan/city';
import type { DistrictKpis, PlanKpis, TypeKpis } from '../../src/plan/kpis';
import { defaultScenario, type FacilityType } from '../../src/plan/scenario';
import { DEMO_TYPES, PRESETS } from '../../src/plan/presets';

const FACILITY_TYPES = DEMO_TYPES;
import type { PlannedSite, PlanResult } from '../../src/plan/solvePlan';
import { readFileSync } from 'node:fs';
import { serviceColour, serviceState } from '../../src/style/colours';
import { EXISTING } from '../../src/style/colours';
import { demoCity } from './city';

const city = demoCity();
const scenario = { ...defaultScenario(), name: 'Almaty, "north" plan' };

function weightOf(city: CityData, type: FacilityType): Float64Array {
  return type === 'school' ? city.demand.children : type === 'polyclinic' ? city.demand.residents : city.demand.households;
}

/** A plan-shaped result on the demo city: sites on a few demand cells, every third cell served, every third partly. */
function fakePlan(city: CityData, cells: Partial<Record<FacilityType, number[]>> = { school: [0, 700], polyclinic: [1200], container: [1500, 1501] }): PlanResult {
  const sites: PlannedSite[] = [];
  for (const type of FACILITY_TYPES) {
    for (const i of cells[type] ?? []) {
      sites.push({
        id: `${type}:${i}`,
        type,
        kind: 'new',
        candidateIndex: i,
        period: 0,
        lon: city.demand.lon[i] + 1.23456789e-7,
        lat: city.demand.lat[i] - 9.87654321e-8,
        district: city.demand.district[i],
        count: type === 'container' ? 2 : 1,
        cost: type === 'container' ? 25.4e6 : 5.2e9,
        capacity: type === 'container' ? 660 : 1200,
        served: 1000.4,
        newlyReached: 321.6,
        reachedFirst: 300.2,
        required: i === 0,
        addedByPlanner: false,
      });
    }
  }
  const served: PlanResult['served'] = {};
  const before: Partial<Record<FacilityType, Float64Array>> = {};
  for (const type of FACILITY_TYPES) {
    const weight = weightOf(city, type);
    served[type] = weight.map((w, i) => (i % 3 === 0 ? w : i % 3 === 1 ? w / 2 : 0));
    before[type] = weight.map((w, i) => (i % 3 === 0 ? w / 2 : 0));
  }
  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);
  const types = FACILITY_TYPES.map(
    (type): TypeKpis => ({
      type,
      demand: sum(weightOf(city, type)),
      covered: sum(served[type]!),
      share: sum(served[type]!) / sum(weightOf(city, type)),
      coveredBefore: sum(before[type]!),
      newSites: sites.filter((s) => s.type === type).length,
      cost: sites.filter((s) => s.type === type).reduce((a, s) => a + s.cost, 0),
      newCapacity: 0,
      extensions: 0,
      extensionCost: 0,
      extensionCapacity: 0,
      averageDistance: 0,
      worstDistance: 0,
      worstServedDistance: 0,
      averageServedDistance: 0,
      unserved: 0,
      alongStreets: false,
      minutes: { total: { demand: 0, before: [0, 0, 0, 0], after: [0, 0, 0, 0] }, districts: [] },
      walking: new Float64Array(0),
    }),
  );
  const districts = city.districts.map(
    (_, district): DistrictKpis => ({
      district,
      byType: FACILITY_TYPES.map((type) => {
        const pick = (values: Float64Array) => values.reduce((a, v, i) => (city.demand.district[i] === district ? a + v : a), 0);
        return { type, demand: pick(weightOf(city, type)), covered: pick(served[type]!), coveredBefore: pick(before[type]!) };
      }),
    }),
  );
  const kpis: PlanKpis = { coveredShare: 0.5, totalCost: types.reduce((a, t) => a + t.cost, 0), budget: 80e9, sitesOpened: sites.length, extensions: 0, types, districts, years: [] };
  const servedByYear = Object.fromEntries(Object.entries(served).map(([type, values]) => [type, [values!]]));
  return { status: 'optimal', solver: 'highs', objective: 42.5, bound: 42.5, gap: 0, seconds: 1, sites, served, servedByYear, kpis, reasons: [], staleCandidates: 0 };
}

/** A small RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quoted) {
      if (c === '"' && text[k + 1] === '"') (field += '"'), k++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[k + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), k++;
    else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe('GeoJSON export', () => {
  const result = fakePlan(city);

  it('has one point per site with rounded coordinates and the agreed properties', () => {
    const json = JSON.parse(JSON.stringify(planToGeoJson(result, city, scenario)));
    expect(json.type).toBe('FeatureCollection');
    expect(json.features).toHaveLength(result.sites.length);
    result.sites.forEach((site, k) => {
      const feature = json.features[k];
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('Point');
      const [lon, lat] = feature.geometry.coordinates;
      expect(lon).toBe(Math.round(site.lon * 1e6) / 1e6);
      expect(lat).toBe(Math.round(site.lat * 1e6) / 1e6);
      expect(Math.abs(lon - site.lon)).toBeLessThanOrEqual(5e-7);
      expect(String(lon).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6);
      expect(feature.properties).toEqual({
        id: site.id,
        type: site.type,
        type_name: { en: PRESETS[site.type].label.en, ru: PRESETS[site.type].label.ru, kk: PRESETS[site.type].label.kk },
        name: null,
        kind: 'new',
        extends: null,
        extends_name: null,
        district: city.districts[site.district].id,
        district_name: city.districts[site.district].names.ru,
        count: site.count,
        cost_tenge: site.cost,
        capacity: site.capacity,
        people_served: 1000,
        newly_reached: 322,
        required: site.required,
        added_by_planner: false,
        opening_year: null,
      });
    });
    expect(json.plan).toEqual({
      scenario: scenario.name,
      objective: 'maxCoverage',
      status: 'optimal',
      solver: 'highs',
      objective_value: 42.5,
      gap: 0,
      total_cost_tenge: result.kpis!.totalCost,
      sites: result.sites.length,
      extensions: 0,
    });
  });

  it('gives every site its opening year in a phased plan, and none otherwise', () => {
    const phased = { ...scenario, phases: { ...scenario.phases, enabled: true, startYear: 2026 } };
    const staged: PlanResult = { ...result, sites: result.sites.map((site, k) => ({ ...site, period: k % 3 })) };
    expect(planToGeoJson(staged, city, phased).features.map((f) => f.properties.opening_year)).toEqual(staged.sites.map((_, k) => 2026 + (k % 3)));
    expect(planToGeoJson(staged, city, scenario).features.every((f) => f.properties.opening_year === null)).toBe(true);
    const rows = sitesCsv(staged, city, 2026).trim().split('\r\n').slice(1);
    expect(rows.map((row) => Number(row.split(',')[SITE_COLUMNS.indexOf('opening_year')]))).toEqual(staged.sites.map((_, k) => 2026 + (k % 3)));
  });

  it('an infeasible plan is an empty collection', () => {
    const empty: PlanResult = { ...result, status: 'infeasible', objective: null, gap: null, sites: [], served: {}, kpis: null };
    const json = JSON.parse(JSON.stringify(planToGeoJson(empty, city, scenario)));
    expect(json.features).toEqual([]);
    expect(json.plan).toMatchObject({ status: 'infeasible', gap: null, objective_value: null, total_cost_tenge: 0, sites: 0, extensions: 0 });
  });
});

describe('CSV export', () => {
  const result = fakePlan(city);

  it('sites: a header and one CRLF-ended line per site, values as plain numbers', () => {
    const csv = sitesCsv(result, city);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(SITE_COLUMNS.join(','));
    expect(lines).toHaveLength(result.sites.length + 1);
    result.sites.forEach((site, k) => {
      const fields = lines[k + 1].split(',');
      expect(fields).toHaveLength(SITE_COLUMNS.length);
      const row = Object.fromEntries(SITE_COLUMNS.map((column, c) => [column, fields[c]]));
      expect(row.id).toBe(site.id);
      expect(row.type).toBe(site.type);
      expect(row.district).toBe(city.districts[site.district].id);
      expect(Number(row.lon)).toBe(Math.round(site.lon * 1e6) / 1e6);
      expect(Number(row.lat)).toBe(Math.round(site.lat * 1e6) / 1e6);
      expect(Number(row.count)).toBe(site.count);
      expect(row.cost_tenge).toBe(String(site.cost));
      expect(row.cost_tenge).not.toMatch(/e/i);
      expect(Number(row.capacity)).toBe(site.capacity);
      expect(row.people_served).toBe('1000');
      expect(row.newly_reached).toBe('322');
      expect(row.required).toBe(String(site.required));
    });
  });

  it('quotes a comma, a quote and a line break (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.3');
    expect(csvField(-0)).toBe('0');
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(1.5e9)).toBe('1500000000');
    expect(csvField(NaN)).toBe('');

    const name = 'Район "Север", новый\nстрока 2';
    const renamed: CityData = { ...city, districts: city.districts.map((d) => ({ ...d, names: { ...d.names, ru: name } })) };
    const rows = parseCsv(districtsCsv(result, renamed));
    expect(rows[0]).toEqual([...DISTRICT_COLUMNS]);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(DISTRICT_COLUMNS.length);
      expect(row[1]).toBe(name);
    }
  });

  it('neutralises formula injection in text fields', () => {
    for (const attack of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1']) {
      const field = csvField(attack);
      const value = parseCsv(field + '\r\n')[0][0];
      expect(value).toBe(`'${attack}`);
    }
    const evil: PlanResult = { ...result, sites: [{ ...result.sites[0], id: '=cmd|" /C calc"!A0' }] };
    const rows = parseCsv(sitesCsv(evil, city));
    expect(rows[1][0]).toBe(`'=cmd|" /C calc"!A0`);
    expect(rows[1]).toHaveLength(SITE_COLUMNS.length);
  });

  it('districts: one row per district and type, shares from the KPIs', () => {
    const rows = parseCsv(districtsCsv(result, city));
    expect(rows[0]).toEqual([...DISTRICT_COLUMNS]);
    expect(city.districts).toHaveLength(8);
    expect(rows).toHaveLength(1 + 8 * result.kpis!.types.length);
    for (const [k, district] of result.kpis!.districts.entries()) {
      for (const [t, entry] of district.byType.entries()) {
        const row = rows[1 + k * district.byType.length + t];
        expect(row.slice(0, 3)).toEqual([city.districts[k].id, city.districts[k].names.ru, entry.type]);
        expect(Number(row[3])).toBe(Math.round(entry.demand));
        expect(Number(row[4])).toBe(Math.round(entry.coveredBefore));
        expect(Number(row[5])).toBe(Math.round(entry.covered));
        expect(Number(row[6])).toBeCloseTo(entry.coveredBefore / entry.demand, 4);
        expect(Number(row[7])).toBeCloseTo(entry.covered / entry.demand, 4);
      }
    }
    expect(districtsCsv({ ...result, kpis: null }, city)).toBe(DISTRICT_COLUMNS.join(',') + '\r\n');
  });

  it('a CSV file starts with a UTF-8 byte order mark for Excel', async () => {
    const blob = csvBlob('a,b\r\n');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect([...new Uint8Array(await blob.arrayBuffer())].slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
  });
});

type Call = { name: string; args: unknown[]; fillStyle: unknown; strokeStyle: unknown };

/** A canvas context that records every call with the styles in force. */
function recorder(): PlanCanvasContext & { calls: Call[] } {
  const calls: Call[] = [];
  const ctx = {
    calls,
    fillStyle: '#000' as PlanCanvasContext['fillStyle'],
    strokeStyle: '#000' as PlanCanvasContext['strokeStyle'],
    lineWidth: 1,
    lineJoin: 'miter' as CanvasLineJoin,
    globalAlpha: 1,
    font: '10px sans-serif',
    textAlign: 'start' as CanvasTextAlign,
    textBaseline: 'alphabetic' as CanvasTextBaseline,
    measureText: (text: string) => ({ width: text.length * 7 }),
  } as PlanCanvasContext & { calls: Call[] };
  const names = ['save', 'restore', 'beginPath', 'closePath', 'moveTo', 'lineTo', 'arc', 'rect', 'fill', 'stroke', 'clip', 'fillRect', 'strokeRect', 'setLineDash', 'fillText'] as const;
  for (const name of names) {
    (ctx as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => calls.push({ name, args, fillStyle: ctx.fillStyle, strokeStyle: ctx.strokeStyle });
  }
  return ctx;
}

const labels: PlanImageLabels = {
  coverage: 'Schools: children within 15 min walk',
  served: 'Served',
  partly: 'Partly served',
  unserved: 'Not served',
  unsolved: 'Not solved yet',
  newSite: { school: 'New school', polyclinic: 'New polyclinic', container: 'New container site' },
  exclusion: 'No building (mountains)',
  headline: ['12 schools, 52 bn tenge'],
  km: 'km',
};

describe('PNG export', () => {
  // The real context type fits the interface the drawing uses.
  const accepts: (ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => PlanCanvasContext = (ctx) => ctx;
  void accepts;

  const result = fakePlan(city);
  const width = 1200;
  const height = 900;

  it('draws every site where it is, every district, and nothing off the canvas', () => {
    const ctx = recorder();
    const options = { width, height, city, result, scenario, coverageType: 'school' as const, labels };
    drawPlanImage(ctx, options);
    const arcs = ctx.calls.filter((c) => c.name === 'arc');
    expect(arcs.length).toBeGreaterThanOrEqual(city.demand.count);
    for (const arc of arcs) {
      const [x, y, r] = arc.args as number[];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(height);
      expect(r).toBeGreaterThan(0);
    }
    const { projection, box } = layoutOf(options);
    const moves = ctx.calls.filter((c) => c.name === 'moveTo');
    // Container sites are drawn over their own coverage only (see the test below).
    for (const site of result.sites.filter((s) => s.type !== 'container')) {
      const x = projection.x(site.lon);
      const y = projection.y(site.lat);
      expect(x).toBeGreaterThanOrEqual(box.left);
      expect(x).toBeLessThanOrEqual(box.left + box.width);
      expect(y).toBeGreaterThanOrEqual(box.top);
      expect(y).toBeLessThanOrEqual(box.top + box.height);
      // A diamond (a square for container sites) around the site, in the type's colour.
      const drawn = moves.filter((m) => Math.abs((m.args[0] as number) - x) < 12 && Math.abs((m.args[1] as number) - y) < 12 && m.fillStyle === typeLook(site.type).colour);
      expect(drawn.length, site.id).toBeGreaterThanOrEqual(1);
    }
    // One stroked path per district border (the city has 8).
    const borders = ctx.calls.filter((c) => c.name === 'stroke' && c.strokeStyle === IMAGE_COLOURS.border);
    expect(borders).toHaveLength(city.districtShapes.features.length);
    expect(city.districtShapes.features).toHaveLength(8);
    // Cells in the three service colours, the title and the legend texts.
    const fills = new Set(ctx.calls.filter((c) => c.name === 'fill').map((c) => c.fillStyle));
    for (const colour of [SERVICE.served, SERVICE.partly, SERVICE.unserved]) expect(fills).toContain(colour);
    expect(fills).not.toContain(SERVICE.unsolved);
    const texts = ctx.calls.filter((c) => c.name === 'fillText').map((c) => c.args[0]);
    expect(texts).toContain(scenario.name);
    for (const text of [...labels.headline!, labels.coverage, labels.served, labels.partly, labels.unserved, labels.exclusion, labels.newSite.school, labels.newSite.polyclinic]) expect(texts).toContain(text);
    expect(texts).toContain('5 km');
    // Saves and restores balance.
    expect(ctx.calls.filter((c) => c.name === 'save').length).toBe(ctx.calls.filter((c) => c.name === 'restore').length);
  });

  it('container sites are drawn over their own coverage only, as on the map, and listed in the legend only then', () => {
    const containers = result.sites.filter((site) => site.type === 'container');
    expect(containers.length).toBeGreaterThan(0);
    const squares = (coverageType: FacilityType) => {
      const ctx = recorder();
      const options = { width, height, city, result, scenario, coverageType, labels };
      drawPlanImage(ctx, options);
      const { projection } = layoutOf(options);
      const texts = ctx.calls.filter((c) => c.name === 'fillText').map((c) => c.args[0]);
      const near = (site: PlannedSite) => ctx.calls.filter((m) => m.name === 'moveTo' && m.fillStyle === typeLook('container').colour && Math.abs((m.args[0] as number) - projection.x(site.lon)) < 12 && Math.abs((m.args[1] as number) - projection.y(site.lat)) < 12);
      return { drawn: containers.filter((site) => near(site).length > 0).length, listed: texts.includes(labels.newSite.container) };
    };
    expect(squares('school')).toEqual({ drawn: 0, listed: false });
    expect(squares('polyclinic')).toEqual({ drawn: 0, listed: false });
    expect(squares('container')).toEqual({ drawn: containers.length, listed: true });
  });

  it('a city without no-build zones has no legend row for them', () => {
    const ctx = recorder();
    const open = { ...city, exclusions: { ...city.exclusions, features: [] } };
    drawPlanImage(ctx, { width, height, city: open, result, scenario, coverageType: 'school', labels });
    const texts = ctx.calls.filter((c) => c.name === 'fillText').map((c) => c.args[0]);
    expect(texts).toContain(labels.served);
    expect(texts).not.toContain(labels.exclusion);
  });

  it('before solving, cells are grey and the legend says so', () => {
    const ctx = recorder();
    drawPlanImage(ctx, { width: 800, height: 600, city, result: null, scenario, coverageType: 'polyclinic', labels: { ...labels, headline: undefined, km: undefined } });
    const fills = new Set(ctx.calls.filter((c) => c.name === 'fill').map((c) => c.fillStyle));
    expect(fills).toContain(SERVICE.unsolved);
    expect(fills).not.toContain(SERVICE.served);
    const texts = ctx.calls.filter((c) => c.name === 'fillText').map((c) => c.args[0]);
    expect(texts).toContain(labels.unsolved);
    expect(texts).not.toContain(labels.served);
    expect(texts).not.toContain(labels.newSite.school);
  });

  it('the projection keeps proportions and fits the box', () => {
    const bounds = { minLon: 76.7, minLat: 43.0, maxLon: 77.2, maxLat: 43.4 };
    const box = { left: 10, top: 20, width: 500, height: 300 };
    const p = fitProjection(bounds, box);
    const k = Math.cos((43.2 * Math.PI) / 180);
    // A degree of longitude is cos(latitude) of a degree of latitude.
    expect((p.x(77.2) - p.x(76.7)) / 0.5 / ((p.y(43.0) - p.y(43.4)) / 0.4)).toBeCloseTo(k, 12);
    for (const [lon, lat] of [[76.7, 43.0], [77.2, 43.4], [76.7, 43.4], [77.2, 43.0]]) {
      expect(p.x(lon)).toBeGreaterThanOrEqual(box.left - 1e-9);
      expect(p.x(lon)).toBeLessThanOrEqual(box.left + box.width + 1e-9);
      expect(p.y(lat)).toBeGreaterThanOrEqual(box.top - 1e-9);
      expect(p.y(lat)).toBeLessThanOrEqual(box.top + box.height + 1e-9);
    }
    // North is up, and the limiting side fills the box.
    expect(p.y(43.4)).toBeLessThan(p.y(43.0));
    expect(Math.max((p.x(77.2) - p.x(76.7)) / box.width, (p.y(43.0) - p.y(43.4)) / box.height)).toBeCloseTo(1, 12);
  });

  it('canvasToPngBlob uses convertToBlob or toBlob', async () => {
    const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const offscreen = { convertToBlob: async (options: { type: string }) => (options.type === 'image/png' ? png : new Blob()) };
    expect(await canvasToPngBlob(offscreen as unknown as OffscreenCanvas)).toBe(png);
    const element = { toBlob: (callback: (blob: Blob | null) => void, type: string) => callback(type === 'image/png' ? png : null) };
    expect(await canvasToPngBlob(element as unknown as HTMLCanvasElement)).toBe(png);
    const broken = { toBlob: (callback: (blob: Blob | null) => void) => callback(null) };
    await expect(canvasToPngBlob(broken as unknown as HTMLCanvasElement)).rejects.toThrow(/PNG/);
  });
  it('is a slide: headline KPIs, the date, the attribution, existing facilities and the coverage of the chosen type', () => {
    const ctx = recorder();
    const slide: PlanImageLabels = {
      ...labels,
      coverage: 'Coverage shown for: Polyclinics',
      headline: ['Polyclinics: 64.2% of residents covered (before: 51%)', 'Cost 77.79 bn ₸ of a 77.8 bn ₸ budget · new sites: 474'],
      date: 'As of 29 November 2026',
      attribution: 'District boundaries © OpenStreetMap contributors, ODbL 1.0.',
      existing: { schools: 'state school', overloaded: 'overloaded school', health: 'hospital' },
    };
    drawPlanImage(ctx, { width, height, city, result, scenario, coverageType: 'polyclinic', labels: slide });
    const texts = ctx.calls.filter((c) => c.name === 'fillText').map((c) => c.args[0]);
    for (const text of [...slide.headline!, slide.date, slide.attribution, slide.coverage, slide.existing!.schools, slide.existing!.overloaded, slide.existing!.health]) expect(texts).toContain(text);
    // Every state school and hospital is drawn, ringed in its colour.
    const rings = ctx.calls.filter((c) => c.name === 'stroke' && (c.strokeStyle === EXISTING.schools || c.strokeStyle === EXISTING.overloaded || c.strokeStyle === EXISTING.health));
    expect(rings.length).toBeGreaterThanOrEqual(city.schools.count + city.health.count);
    // The cells show polyclinic coverage: the colours of the residents served, not of the children.
    const weight = city.demand.residents;
    const served = result.served.polyclinic!;
    const expected = new Set(Array.from({ length: city.demand.count }, (_, i) => serviceColour(weight[i] > 0 ? served[i] / weight[i] : 1)));
    const cellFills = new Set(ctx.calls.filter((c) => c.name === 'fill' && Object.values(SERVICE).includes(c.fillStyle as never)).map((c) => c.fillStyle));
    expect(cellFills).toEqual(expected);
    // Nothing is drawn below the attribution line or above the title.
    for (const call of ctx.calls.filter((c) => c.name === 'fillText')) expect(call.args[2] as number).toBeLessThanOrEqual(height);
  });
});

describe('service colours', () => {
  it('have one set of thresholds: served from 99%, not served up to 1%', () => {
    expect(serviceState(1)).toBe('served');
    expect(serviceState(0.99)).toBe('served');
    expect(serviceState(0.989)).toBe('partly');
    expect(serviceState(0.0101)).toBe('partly');
    expect(serviceState(0.01)).toBe('unserved');
    expect(serviceState(0)).toBe('unserved');
    expect(serviceColour(0.5)).toBe(SERVICE.partly);
  });

  it('the map and the picture both take them from the shared module and write none of their own', () => {
    for (const file of ['src/app/map/planMap.ts', 'src/io/export/image/draw.ts']) {
      const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(source, file).toMatch(/import \{[^}]*\bserviceColour\b[^}]*\} from '[./]+\/style\/colours'/);
      expect(source, file).not.toMatch(/0\.99|0\.01/);
      expect(source, file).not.toMatch(/#[0-9a-f]{6}'?\s*[,;]?\s*\/\/ served|SERVICE\.served\s*:/i);
    }
    // Nothing below the app imports from it.
    expect(readFileSync(new URL('../../src/io/export/image/draw.ts', import.meta.url), 'utf8')).not.toMatch(/from '[./]+\/app\//);
  });
});
