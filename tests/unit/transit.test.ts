import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { almatyFeedFiles, gtfsZip } from '../gtfsFeed';
import { feedDayOf, readFeed } from '../../src/io/transitFeed';
import { localProjection } from '../../src/plan/geo';
import { transitPairs } from '../../src/plan/transitReach';
import { InputError } from '../../src/engine/instance/errors';
import { decodeShare, encodeShare } from '../../src/io/link/shareLink';
import { parseCity, type CityData } from '../../src/plan/city';
import { parseScenario } from '../../src/plan/parseScenario';
import { buildPlanProblem } from '../../src/plan/problem';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { solvePlan } from '../../src/plan/solvePlan';
import { cityTransit, parseTransit, transitDay, withoutTransit, type TransitSettings } from '../../src/plan/transit';
import { readLineGeoJson } from '../../src/plan/transitLineFile';
import { nodeSolver } from '../../src/solvers/node';

const LON0 = 76.9;
const LAT0 = 43.25;
// 100 m in degrees at 43.25°N.
const D_LAT = 100 / 111_100.6;
const D_LON = 100 / 81_181.9;
const LONG = 60;
const WIDE = 5;

/** Degrees of a point given in 100 m cells from the strip's first point. */
function at(a: number, b: number): [number, number] {
  return [LON0 + a * D_LON, LAT0 + b * D_LAT];
}

/** A strip of 60 × 5 cells of 100 m (6 km east to west), 100 residents each, with no school. */
function strip(): CityData {
  const features = [];
  for (let a = 0; a < LONG; a++) for (let b = 0; b < WIDE; b++) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at(a, b) }, properties: { id: `c${a}_${b}`, district: 'd', pop: 100, pop_6_17: 20, households: 30 } });
  const ring = [at(-0.5, -0.5), at(LONG - 0.5, -0.5), at(LONG - 0.5, WIDE - 0.5), at(-0.5, WIDE - 0.5), at(-0.5, -0.5)];
  const empty = { type: 'FeatureCollection', features: [] };
  return parseCity({
    districts: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: 'd', name_kk: 'd', name_ru: 'd', name_en: 'd', population: 1 } }] },
    population: { type: 'FeatureCollection', features },
    schools: empty,
    health: empty,
    exclusions: empty,
  });
}

/** Schools only, on foot or by transit within 15 minutes, one site of the planner's own at the strip's east end, straight lines. */
function scenarioWith(transit?: TransitSettings): Scenario {
  const base = defaultScenario('Transit strip');
  const schools = { ...base.facilities.school, normKind: 'walkOrTransit' as const, walkMinutes: 15, walkSpeedKmh: 5, capacitated: false, candidateSpacing: 0, existing: null, budget: 1e12 };
  return {
    ...base,
    routing: 'straight',
    facilities: { school: schools },
    candidates: { added: [{ id: 'east', type: 'school', lon: at(LONG - 1, 2)[0], lat: at(LONG - 1, 2)[1] }], required: ['east'], forbidden: [] },
    phases: { ...base.phases, typeYearBudgets: { school: [1e12, 1e12, 1e12, 1e12, 1e12] } },
    ...(transit && { transit }),
  };
}

/** The demand points a site reaches in the problem's pairs (coverage: every pair covers). */
function reached(city: CityData, scenario: Scenario): Set<number> {
  const problem = buildPlanProblem(city, scenario);
  const type = problem.types[0];
  const site = type.siteCount - 1;
  const found = new Set<number>();
  for (let i = 0; i < problem.demandCount; i++) for (let p = type.pairStart[i]; p < type.pairStart[i + 1]; p++) if (type.pairSite[p] === site) found.add(i);
  return found;
}

const LINE: TransitSettings = {
  window: ['07:00', '08:00'],
  lines: [{ id: 'l1', name: 'Trunk', stops: [at(5, 2), at(LONG - 1, 2)], headwayMinutes: 6, stopMinutes: 4 }],
};

describe('the scenario field transit', () => {
  it('reads a feed, a day, a window and lines, and keeps only what the file gives', () => {
    const settings = parseTransit({ gtfs: 'almaty.zip', day: '2026-03-04', window: ['07:00', '09:00'], lines: [{ id: 'l-1', stops: [[76.9, 43.2], [76.95, 43.25]], headwayMinutes: 8, speedKmh: 20 }] });
    expect(settings).toEqual({ gtfs: 'almaty.zip', day: '2026-03-04', window: ['07:00', '09:00'], lines: [{ id: 'l-1', stops: [[76.9, 43.2], [76.95, 43.25]], headwayMinutes: 8, speedKmh: 20 }] });
    expect(parseTransit({ gtfs: 'layer:transit' })).toEqual({ gtfs: 'layer:transit', lines: [] });
  });

  it('refuses what is not a feed, a day, a window or a line, naming the field and the value', () => {
    const refused = (json: unknown) => {
      try {
        parseTransit(json);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ gtfs: 'feed.txt' })).toBe('transit.gtfs: "feed.txt" is neither a .zip file nor "layer:transit"');
    expect(refused({ day: '2026-02-30' })).toBe('transit.day: "2026-02-30" is not a date (YYYY-MM-DD)');
    expect(refused({ window: ['07:00', '7:61'] })).toBe('transit.window[1]: "7:61" is not a time (HH:MM)');
    expect(refused({ window: ['09:00', '07:00'] })).toBe('transit.window: ends at "07:00", not after it starts at "09:00"');
    expect(refused({ window: ['05:00', '10:00'] })).toBe('transit.window: spans more than 4 hours ("05:00" to "10:00")');
    expect(refused({ lines: [{ id: 'a', stops: [[76.9, 43.2]], headwayMinutes: 8 }] })).toBe('transit.lines[0].stops: has 1 stop (a line needs at least two)');
    expect(refused({ lines: [{ id: 'a', stops: [[76.9, 43.2], [200, 43]], headwayMinutes: 8 }] })).toBe('transit.lines[0].stops[1][0]: 200 is above 180 (a longitude must be <= 180)');
    expect(refused({ lines: [{ id: 'a', stops: [[76.9, 43.2], [76.91, 43.2]], headwayMinutes: 0 }] })).toBe('transit.lines[0].headwayMinutes: 0 is below 1 (a headway in minutes must be >= 1)');
    const line = { stops: [[76.9, 43.2], [76.91, 43.2]], headwayMinutes: 8 };
    expect(refused({ lines: [{ id: 'a', ...line }, { id: 'a', ...line }] })).toBe('transit.lines[1].id: "a" is also the id of transit.lines[0]');
    expect(refused({ lines: [{ id: 'a', ...line, speedKmh: 20, stopMinutes: 2 }] })).toBe('transit.lines[0]: gives both speedKmh and stopMinutes (give one)');
  });

  it('a scenario without the field opens as it did, and one with it keeps it through a file and a link', async () => {
    const old = defaultScenario();
    expect(parseScenario(JSON.parse(JSON.stringify(old)))).toEqual(old);
    expect('transit' in parseScenario(JSON.parse(JSON.stringify(old)))).toBe(false);
    const scenario = scenarioWith(LINE);
    expect(parseScenario(JSON.parse(JSON.stringify(scenario)))).toEqual(scenario);
    const decoded = await decodeShare(await encodeShare({ scenario, plan: null }));
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(decoded.payload.scenario.transit).toEqual(LINE);
    expect(decoded.payload.scenario.facilities.school.normKind).toBe('walkOrTransit');
    expect(withoutTransit(scenario).transit).toBeUndefined();
  });

  it('the default day is the first Wednesday of the feed; a day given is kept', () => {
    expect(transitDay({ lines: [] }, '2026-12-06')).toBe('2026-12-09');
    expect(transitDay({ lines: [] }, '2026-12-09')).toBe('2026-12-09');
    expect(transitDay({ day: '2026-12-07', lines: [] }, '2026-12-06')).toBe('2026-12-07');
  });
});

describe('a line from GeoJSON', () => {
  const route = { type: 'Feature', geometry: { type: 'LineString', coordinates: [at(0, 0), at(10, 0), at(10, 10)] }, properties: { name: 'B12', headway: 7, speed: 22 } };
  const stop = (a: number, b: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(a, b) }, properties: {} });

  it('puts the stops in their order along the route, with its name, headway and speed', () => {
    const line = readLineGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [stop(10, 8), route, stop(1, 0), stop(10, 1)] }), 'b12.geojson', []);
    expect(line).toEqual({ id: 'line1', name: 'B12', stops: [at(1, 0), at(10, 1), at(10, 8)], headwayMinutes: 7, speedKmh: 22 });
    // Without stops, the route's vertices are the stops; ids stay apart from the lines there are.
    const bare = readLineGeoJson(JSON.stringify(route), 'b12.geojson', [line]);
    expect(bare.id).toBe('line2');
    expect(bare.stops).toEqual([at(0, 0), at(10, 0), at(10, 10)]);
  });

  it('refuses a file with no route, two routes or a polygon, naming the file', () => {
    expect(() => readLineGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [stop(1, 1)] }), 'x.geojson', [])).toThrow('x.geojson: features: has 0 LineStrings (give exactly one: the line\'s route)');
    expect(() => readLineGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [route, route] }), 'x.geojson', [])).toThrow('has 2 LineStrings');
    expect(() => readLineGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [route, { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] } }] }), 'x.geojson', [])).toThrow('x.geojson: features[1].geometry.type: "Polygon" is neither a LineString');
    expect(() => readLineGeoJson('{', 'x.geojson', [])).toThrow('x.geojson: is not valid JSON');
    expect(() => readLineGeoJson(JSON.stringify({ ...route, properties: { headway: -2 } }), 'x.geojson', [])).toThrow('x.geojson: headwayMinutes: -2 is below 1');
  });
});

describe('a drawn line', () => {
  it('changes coverage exactly where its stops are within reach: walk, the median wait over the window, the ride, no walk at the site', () => {
    const city = strip();
    const scenario = scenarioWith(LINE);
    const onFoot = reached(city, scenarioWith());
    const transit = cityTransit(city.projection, LINE, null, scenario.detourFactor);
    const withLine = reached({ ...city, transit }, scenario);
    // Independently: the buses leaving the first stop eastwards (read from the timetable), each
    // departure of the window (one a minute) takes the next bus after walking to the stop.
    const { timetable } = transit;
    const eastward: number[] = [];
    for (let p = 0; p < timetable.patternCount; p++) {
      if (timetable.patternStops[timetable.patternStart[p]] !== 0) continue;
      for (let t = timetable.tripStart[p]; t < timetable.tripStart[p + 1]; t++) eastward.push(timetable.departures[timetable.tripTimes[t]]);
    }
    expect(eastward.length).toBeGreaterThan(10);
    const speed = 5 / 3.6;
    const [sx, sy] = [city.projection.x(...LINE.lines[0].stops[0]), city.projection.y(...LINE.lines[0].stops[0])];
    const expected = new Set<number>(onFoot);
    for (let i = 0; i < city.demand.count; i++) {
      const walk = Math.round((Math.hypot(city.demand.x[i] - sx, city.demand.y[i] - sy) * scenario.detourFactor) / speed);
      if (walk > 15 * 60) continue;
      const times: number[] = [];
      for (let tau = 7 * 3600; tau < 8 * 3600; tau += 60) {
        const bus = Math.min(...eastward.filter((d) => d >= tau + walk));
        times.push(bus + 4 * 60 - tau);
      }
      times.sort((a, b) => a - b);
      const median = (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
      if (median <= 15 * 60) expected.add(i);
    }
    expect(expected.size).toBeGreaterThan(onFoot.size + 10);
    expect([...withLine].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    // A line that runs too rarely reaches no one more.
    const rare = { ...LINE, lines: [{ ...LINE.lines[0], headwayMinutes: 60 }] };
    expect(reached({ ...city, transit: cityTransit(city.projection, rare, null, scenario.detourFactor) }, scenarioWith(rare))).toEqual(onFoot);
  });

  it('a solved plan counts the line: shares on foot, by transit and by either, and the recount without transit', async () => {
    const city = strip();
    const scenario = scenarioWith(LINE);
    const transitCity = { ...city, transit: cityTransit(city.projection, LINE, null, scenario.detourFactor) };
    const result = await solvePlan(transitCity, scenario, nodeSolver('highs'), {});
    const without = await solvePlan(city, withoutTransit(scenario), nodeSolver('highs'), {});
    const access = result.transit![0];
    expect(access.type).toBe('school');
    const share = result.kpis!.types[0].share;
    expect(access.city.either[1]).toBeCloseTo(share, 9);
    expect(access.city.walk[1]).toBeCloseTo(without.kpis!.types[0].share, 9);
    expect(access.city.either[1]).toBeGreaterThan(access.city.walk[1]);
    // Before the plan there is no school at all.
    expect(access.city.either[0]).toBe(0);
    const minutes = [...access.cellMinutes].filter(Number.isFinite);
    expect(minutes.length).toBe([...access.transitOnly].filter(Boolean).length + [...access.cellMinutes].filter((m, i) => Number.isFinite(m) && !access.transitOnly[i]).length);
    expect(Math.max(...minutes)).toBeLessThanOrEqual(15);
  });
});

describe('a real feed', () => {
  it('Cairns\'s 2014 buses (fixtures/gtfs/cairns.zip) on a grid of cells over the city: a site at the centre reaches more cells by bus, every median within the norm', () => {
    const feed = readFeed(new Uint8Array(readFileSync('fixtures/gtfs/cairns.zip')), 'cairns.zip');
    // A Wednesday of its service (2014-05-26 to 2014-12-28), the morning peak.
    const settings: TransitSettings = { gtfs: 'cairns.zip', day: '2014-06-11', window: ['07:00', '09:00'], lines: [] };
    const day = feedDayOf(feed, settings);
    expect(day.timetable.patternCount).toBeGreaterThan(20);
    // Cells of 500 m over the stops' box, around Cairns's centre (Cairns Central, 145.776 E, 16.925 S).
    const lon = [...feed.stopLon];
    const lat = [...feed.stopLat];
    const [west, east, south, north] = [Math.min(...lon), Math.max(...lon), Math.min(...lat), Math.max(...lat)];
    const projection = localProjection(145.776, -16.925);
    const cells: [number, number][] = [];
    for (let y = projection.y(west, south); y <= projection.y(west, north); y += 500) for (let x = projection.x(west, south); x <= projection.x(east, south); x += 500) cells.push([projection.lon(x, y), projection.lat(x, y)]);
    const empty = { type: 'FeatureCollection', features: [] };
    const ring = [[west - 0.01, south - 0.01], [east + 0.01, south - 0.01], [east + 0.01, north + 0.01], [west - 0.01, north + 0.01], [west - 0.01, south - 0.01]];
    const city = parseCity({
      districts: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id: 'cairns', name_kk: 'Cairns', name_ru: 'Cairns', name_en: 'Cairns', population: 1 } }] },
      population: { type: 'FeatureCollection', features: cells.map(([x, y], k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: { id: `c${k}`, district: 'cairns', pop: 100, pop_6_17: 20, households: 30 } })) },
      schools: empty,
      health: empty,
      exclusions: empty,
    });
    const transit = cityTransit(city.projection, settings, day, 1.25);
    const scenario: Scenario = { ...scenarioWith(settings), facilities: { school: { ...scenarioWith().facilities.school, walkMinutes: 30 } } };
    const site = [Float64Array.of(city.projection.x(145.776, -16.925)), Float64Array.of(city.projection.y(145.776, -16.925))] as const;
    const pairs = transitPairs({ ...city, transit }, scenario, 'school', site[0], site[1], false)!;
    const byBus = new Set<number>();
    for (let i = 0; i < city.demand.count; i++) for (let q = pairs.start[i]; q < pairs.start[i + 1]; q++) byBus.add(i);
    const onFoot = [...Array(city.demand.count).keys()].filter((i) => (Math.hypot(city.demand.x[i] - site[0][0], city.demand.y[i] - site[1][0]) * 1.25) / (5 / 3.6) <= 30 * 60);
    expect(byBus.size).toBeGreaterThan(onFoot.length);
    expect([...byBus].filter((i) => !onFoot.includes(i)).length).toBeGreaterThan(20);
    expect(Math.max(...pairs.minutes)).toBeLessThanOrEqual(30);
    // Another day of the same feed routes the same way: nothing is kept between calls.
    expect(transitPairs({ ...city, transit: cityTransit(city.projection, settings, feedDayOf(feed, settings), 1.25) }, scenario, 'school', site[0], site[1], false)!.minutes).toEqual(pairs.minutes);
  });
});

describe('the command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'transit-cli-'));
  const solve = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  /** The demo with schools alone, on foot or by transit, straight lines (quick), and the feed beside the scenario file. */
  function demoScenario(transit?: TransitSettings): string {
    const base = defaultScenario('Buses');
    const scenario: Scenario = {
      ...base,
      routing: 'straight',
      timeLimit: 20,
      facilities: { ...base.facilities, school: { ...base.facilities.school, normKind: 'walkOrTransit', walkMinutes: 20 }, polyclinic: { ...base.facilities.polyclinic, enabled: false }, container: { ...base.facilities.container, enabled: false } },
      ...(transit && { transit }),
    };
    const file = join(folder, `${transit ? 'with' : 'without'}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(scenario));
    return file;
  }
  writeFileSync(join(folder, 'almaty-buses.zip'), gtfsZip(almatyFeedFiles()));
  /** The shares by mode the first test's answer gave, with the feed beside the scenario file. */
  let besideShares: { walk: number[]; transit: number[]; either: number[] } | null = null;
  const broken = almatyFeedFiles();
  writeFileSync(join(folder, 'broken.zip'), gtfsZip({ ...broken, 'stop_times.txt': broken['stop_times.txt'].replace(/^A0,06:01:30,06:01:30,a1,/m, 'A0,06:01:30,06:01:30,nowhere,') }));

  it('reads the scenario\'s feed beside its file and counts the bus: the shares by mode in the answer, more reached on foot or by bus than on foot', () => {
    const withBuses = solve(demoScenario({ gtfs: 'almaty-buses.zip', lines: [] }), '--json');
    expect(withBuses.status, withBuses.stderr).toBe(0);
    const buses = JSON.parse(withBuses.stdout);
    expect(buses.status).toBe('optimal');
    expect(buses.transit).toHaveLength(1);
    const [school] = buses.transit;
    expect(school.type).toBe('school');
    // The demo's existing schools: some children reach one only by bus; with the plan's, the same or more.
    expect(school.transit[0]).toBeGreaterThan(0);
    expect(school.either[0]).toBeGreaterThan(school.walk[0]);
    expect(school.either[1]).toBeGreaterThanOrEqual(school.either[0]);
    expect(school.walk[1]).toBeGreaterThanOrEqual(school.walk[0]);
    besideShares = school;
  });

  it('reads a city package\'s own feed ("layer:transit", the manifest\'s layers.transit)', () => {
    const city = join(folder, 'almaty');
    cpSync('public/data/almaty', city, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(city, 'manifest.json'), 'utf8'));
    writeFileSync(join(city, 'manifest.json'), JSON.stringify({ ...manifest, layers: { ...manifest.layers, transit: 'buses.zip' } }));
    writeFileSync(join(city, 'buses.zip'), gtfsZip(almatyFeedFiles()));
    const scenario = JSON.parse(readFileSync(demoScenario({ gtfs: 'layer:transit', lines: [] }), 'utf8'));
    const file = join(city, 'plan.json');
    writeFileSync(file, JSON.stringify({ ...scenario, data: './' }));
    // The readable answer, with the same shares as the feed beside the scenario gave; the documents carry them too.
    const [deck, workbook, page] = ['plan.pptx', 'plan.xlsx', 'plan.html'].map((name) => join(city, name));
    const run = solve(file, '--report', deck, '--report', workbook, '--report', page);
    expect(run.status, run.stderr).toBe(0);
    const heading = 'On foot or by transit: Schools';
    const xml = (bytes: Uint8Array) => Object.entries(unzipSync(bytes)).filter(([name]) => /(slides\/slide\d+|worksheets\/sheet\d+|workbook|sharedStrings)\.xml$/.test(name)).map(([, data]) => strFromU8(data)).join(' ');
    expect(xml(new Uint8Array(readFileSync(deck)))).toContain(heading);
    expect(xml(new Uint8Array(readFileSync(workbook)))).toContain('On foot or by transit');
    const html = readFileSync(page, 'utf8');
    expect(html).toContain(heading);
    expect(html).toContain('Whole city');
    const pair = ([before, after]: number[]) => `${(after * 100).toFixed(1)}% (before ${(before * 100).toFixed(1)}%)`;
    const { walk, transit, either } = besideShares!;
    expect(run.stdout).toContain(`transit    School: on foot ${pair(walk)}, by transit ${pair(transit)}, either ${pair(either)}`);
  });

  it('refuses a bad feed with its file, line and field (exit 2), and a feed that is not there', () => {
    const bad = solve(demoScenario({ gtfs: 'broken.zip', lines: [] }), '--json');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('stop_times.txt line 3');
    expect(bad.stderr).toContain('stop_id');
    expect(bad.stderr).toContain('"nowhere"');
    const missing = solve(demoScenario({ gtfs: 'elsewhere.zip', lines: [] }), '--json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/transit\.gtfs: .*elsewhere\.zip cannot be read \(ENOENT\)/);
  });
});
