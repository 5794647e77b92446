import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { encodeShare } from '../../src/io/link/shareLink';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { geoKeysFor, writeGeoTiff } from '../../src/io/raster/write';
import { osmPbf } from '../../scripts/osmPbfWriter';
import { trioOsm, trioPopulationTiff } from '../unit/trio';
import { settled } from './appState';
import { pageErrors, screenshot, withBrowser } from './browser';
import { PHONE } from './layout';

const { openPage } = withBrowser();

/**
 * A small city written by the test, as a planner would bring it: three
 * districts side by side, population points in each, schools and clinics.
 */
const WEST = 69.36;
const SOUTH = 53.26;
const DISTRICTS = ['North', 'Centre', 'South'];
const square = (west: number, south: number, size: number) => [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]];

const feature = (geometry: object, properties: object) => ({ type: 'Feature', geometry, properties });
const collection = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });

const boundaries = collection(DISTRICTS.map((name, k) => feature({ type: 'Polygon', coordinates: square(WEST + k * 0.02, SOUTH, 0.02) }, { name, code: `D${k + 1}` })));
/** A Point where a district's polygon should be. */
const badBoundaries = collection([feature({ type: 'Polygon', coordinates: square(WEST, SOUTH, 0.02) }, { name: 'North' }), feature({ type: 'Point', coordinates: [WEST + 0.03, SOUTH + 0.01] }, { name: 'Centre' })]);

/**
 * The population as a WorldPop-style GeoTIFF (EPSG:4326, Float32): pixels of
 * 0.002 degrees aligned with the districts' edges, 20 to 49 residents each,
 * so the districts hold exactly the raster's total.
 */
const STEP = 0.002;
const WIDTH = 30;
const HEIGHT = 10;
const pixels = Float32Array.from({ length: WIDTH * HEIGHT }, (_, k) => 20 + ((k * 7 + Math.floor(k / WIDTH) * 3) % 30));
const population = Buffer.from(writeGeoTiff({ width: WIDTH, height: HEIGHT, values: pixels, origin: [WEST, SOUTH + HEIGHT * STEP], pixelSize: [STEP, STEP], geoKeys: geoKeysFor('EPSG:4326') }));
const residents = pixels.reduce((sum, value) => sum + value, 0);
const CHILD_SHARE = 0.17;

const schools = collection(
  [
    [WEST + 0.005, SOUTH + 0.01],
    [WEST + 0.03, SOUTH + 0.005],
    [WEST + 0.05, SOUTH + 0.015],
  ].map(([lon, lat], k) => feature({ type: 'Point', coordinates: [lon, lat] }, { name: `School ${k + 1}`, capacity: 400 })),
);
const clinics = collection([feature({ type: 'Point', coordinates: [WEST + 0.03, SOUTH + 0.01] }, { name: 'Clinic 1' })]);


const geojson = (name: string, text: string) => ({ name, mimeType: 'application/geo+json', buffer: Buffer.from(text, 'utf8') });
const tiff = { name: 'worldpop.tif', mimeType: 'image/tiff', buffer: population };

async function openNewCity(page: Page) {
  await page.click('[data-testid="city-menu"]');
  await page.click('[data-testid="city-new"]');
  await page.locator('[data-testid="city-dialog"]').waitFor();
}

/** The plan's headline numbers as shown. */
async function kpis(page: Page) {
  await page.locator('[data-testid="kpi-sites-opened"]').waitFor();
  const value = async (name: string) => Number(await page.getAttribute(`[data-testid="kpi-${name}"]`, 'data-value'));
  return { share: await value('covered-share'), cost: await value('total-cost'), sites: await value('sites-opened') };
}

async function shareUrl(page: Page): Promise<string> {
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const url = await page.locator('[data-testid="share-url"]').inputValue();
  await page.keyboard.press('Escape');
  return url;
}

const optionTexts = (page: Page) => page.locator('[data-testid="city"] option').allTextContents();

test('a city built in the browser from files: reviewed, kept, solved, shared, exported and imported elsewhere, with the same plan', async () => {
  const { page, context, problems } = await openPage('/');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
  expect(await optionTexts(page)).toContain('Almaty');

  // A Point among the boundaries: its problem is listed and nothing is kept.
  await openNewCity(page);
  await page.fill('[data-testid="city-name-en"]', 'Broken');
  await page.setInputFiles('[data-testid="city-boundaries"]', geojson('bad-districts.geojson', badBoundaries));
  await page.setInputFiles('[data-testid="city-population"]', tiff);
  // The worker may refuse the file when it lists its properties, or when it reads the city.
  const refused = page.locator('[data-testid="city-errors"], [data-testid="city-choices-error"]');
  await page.locator('[data-testid="city-name-field"], [data-testid="city-choices-error"]').first().waitFor();
  if (await page.locator('[data-testid="city-draft"]').isEnabled()) await page.click('[data-testid="city-draft"]');
  await refused.first().waitFor();
  expect(await refused.first().textContent()).toContain('bad-districts.geojson');
  await page.keyboard.press('Escape');
  expect(await optionTexts(page)).toEqual(['Almaty']);

  // The real files: read, reviewed (the counts are the files'), kept.
  await openNewCity(page);
  await page.fill('[data-testid="city-name-en"]', 'Testgrad');
  await page.fill('[data-testid="city-name-ru"]', 'Тестград');
  await page.fill('[data-testid="city-name-kk"]', 'Тестград');
  expect(await page.locator('[data-testid="city-id"]').inputValue()).toBe('testgrad');
  await page.setInputFiles('[data-testid="city-boundaries"]', geojson('districts.geojson', boundaries));
  await page.locator('[data-testid="city-name-field"]').waitFor();
  await page.selectOption('[data-testid="city-name-field"]', 'name');
  await page.setInputFiles('[data-testid="city-population"]', tiff);
  // The assumptions as a planner types them (a decimal comma is read too).
  await page.fill('[data-testid="city-cell"]', '250');
  await page.fill('[data-testid="city-child-share"]', String(CHILD_SHARE));
  await page.locator('[data-testid="city-child-share"]').press('Tab');
  // The population's source, as the planner names it, goes into the credits.
  await page.selectOption('[data-testid="city-population-source"]', 'worldpop');
  expect(await page.locator('[data-testid="city-attribution"]').inputValue()).toContain('WorldPop');
  await page.setInputFiles('[data-testid="city-schools"]', geojson('schools.geojson', schools));
  await page.setInputFiles('[data-testid="city-health"]', geojson('clinics.geojson', clinics));
  await page.click('[data-testid="city-draft"]');
  await page.locator('[data-testid="city-review"]').waitFor({ timeout: 60_000 });
  const count = async (name: string) => Number(await page.getAttribute(`[data-testid="city-count-${name}"]`, 'data-value'));
  expect(await count('districts')).toBe(3);
  expect(Math.abs((await count('residents')) - residents)).toBeLessThanOrEqual(1);
  const points = await count('points');
  expect(points).toBeGreaterThan(3);
  // Children are the share of each cell's residents, each cell rounded.
  expect(Math.abs((await count('children')) - CHILD_SHARE * residents)).toBeLessThanOrEqual(points);
  expect(await count('schools')).toBe(3);
  expect(await count('health')).toBe(1);
  expect(await count('containers')).toBe(0);
  expect(await page.locator('[data-testid="city-district-names"]').textContent()).toBe('North, Centre, South');
  await page.waitForFunction(() => document.querySelector('[data-testid="city-review-map"]')?.getAttribute('data-drawn') === '3');
  await screenshot(page, 'city-review');
  expect(await seriousViolations(page)).toEqual([]);
  await page.click('[data-testid="city-save"]');
  await page.locator('[data-testid="city-dialog"]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement).value === 'city:testgrad');
  expect(await optionTexts(page)).toEqual(['Almaty', 'Testgrad']);
  expect(await page.locator('[data-testid="scenario-select"] option:checked').textContent()).toContain('Testgrad');
  await page.waitForFunction(() => document.querySelector('.leaflet-control-attribution')?.textContent?.includes('OpenStreetMap contributors, ODbL 1.0'));

  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  const planned = await kpis(page);
  expect(planned.sites).toBeGreaterThan(0);

  // The link, reopened in a new page of the same browser: the same plan, on the same city.
  const url = await shareUrl(page);
  const again = await context.newPage();
  await again.goto(url);
  expect(await settled(again)).toBe('optimal');
  expect(await kpis(again)).toEqual({ sites: planned.sites, cost: planned.cost, share: expect.closeTo(planned.share, 9) });
  expect(await again.locator('[data-testid="city"]').inputValue()).toBe('city:testgrad');
  await again.close();
  // The embed view names the city and shows the same plan.
  const embed = await context.newPage();
  await embed.goto(new URL(`?embed=1${new URL(url).hash}`, url).href);
  expect(await settled(embed)).toBe('optimal');
  expect(await embed.locator('[data-testid="embed-city"]').textContent()).toBe('Testgrad');
  expect(await kpis(embed)).toEqual({ sites: planned.sites, cost: planned.cost, share: expect.closeTo(planned.share, 9) });
  await embed.close();

  // The package leaves as a zip.
  await page.click('[data-testid="city-menu"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="city-export"]')]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const zip = await readFile((await download.path())!);
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  // Imported again where the city already is: it replaces it, and says so.
  await page.click('[data-testid="city-menu"]');
  await page.setInputFiles('[data-testid="city-import"]', { name: 'testgrad-again.zip', mimeType: 'application/zip', buffer: zip });
  await page.locator('[data-testid="notice"]', { hasText: 'was replaced by the package in testgrad-again.zip' }).waitFor();
  expect(await optionTexts(page)).toEqual(['Almaty', 'Testgrad']);

  // A fresh browser: the link names a city it lacks; its package brings it, and the plan is the same.
  const { page: elsewhere, problems: elsewhereProblems } = await openPage(`/${new URL(url).hash}`);
  await elsewhere.locator('[data-testid="city-unknown"]').waitFor();
  expect(await elsewhere.locator('[data-testid="city-unknown"]').textContent()).toContain('Testgrad');
  await elsewhere.setInputFiles('[data-testid="city-unknown-import"]', { name: download.suggestedFilename(), mimeType: 'application/zip', buffer: zip });
  await elsewhere.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement | null)?.value === 'city:testgrad' && !document.querySelector('[data-testid="city-unknown"]'));
  // Then the link's scenario stays open, with its plan, and the notice says so.
  await elsewhere.waitForFunction((name) => document.querySelector('[data-testid="notice"]')?.textContent?.includes(name), 'Testgrad');
  expect(await elsewhere.locator('[data-testid="scenario-select"] option').count()).toBe(2);
  expect(await settled(elsewhere)).toBe('optimal');
  expect(await kpis(elsewhere)).toEqual({ sites: planned.sites, cost: planned.cost, share: expect.closeTo(planned.share, 9) });

  // Removed from this browser (after a confirmation): its scenarios stay, and ask for its package again.
  await elsewhere.click('[data-testid="city-menu"]');
  await elsewhere.click('[data-testid="city-remove"]');
  await elsewhere.click('[data-testid="city-remove-confirm"]');
  await elsewhere.locator('[data-testid="city-unknown"]').waitFor();
  expect(await elsewhere.locator('[data-testid="city"] optgroup option').allTextContents()).toEqual(['Almaty']);
  expect(await elsewhere.locator('[data-testid="city-unknown"]').textContent()).toContain('Testgrad');

  expect(pageErrors(problems)).toEqual([]);
  expect(pageErrors(elsewhereProblems)).toEqual([]);
});

test('a link to a city this browser lacks names it, says its package is needed, and leaves the planner\'s scenarios alone', async () => {
  const scenario: Scenario = { ...defaultScenario('Plan of Nowhere'), data: 'city:nowhere' };
  const named = await encodeShare({ scenario, plan: null, city: { en: 'Nowhereburg', ru: 'Нигдебург', kk: 'Нигдебург' } });
  const bare = await encodeShare({ scenario, plan: null });

  const { page, context, problems } = await openPage(`/#${named}`);
  await page.locator('[data-testid="city-unknown"]').waitFor();
  expect(await page.locator('[data-testid="city-unknown"]').textContent()).toContain('Nowhereburg');
  expect(await page.locator('[data-testid="city-unknown-import"]').count()).toBe(1);
  // The demo scenario is still there, and still on Almaty.
  const scenarios = await page.locator('[data-testid="scenario-select"] option').allTextContents();
  expect(scenarios).toHaveLength(2);
  await page.selectOption('[data-testid="scenario-select"]', { index: 0 });
  await page.locator('[data-testid="city-unknown"]').waitFor({ state: 'detached' });
  expect(await page.locator('[data-testid="city"]').inputValue()).toBe('demo:almaty');
  // A hosted city cannot be removed.
  await page.click('[data-testid="city-menu"]');
  expect(await page.locator('[data-testid="city-remove"]').count()).toBe(0);
  await page.keyboard.press('Escape');

  // Without the city's names, the link's id is what the notice can name.
  const other = await context.newPage();
  await other.goto(new URL(`#${bare}`, page.url()).href);
  await other.locator('[data-testid="city-unknown"]').waitFor();
  expect(await other.locator('[data-testid="city-unknown"]').textContent()).toContain('nowhere');
  expect(await other.locator('[data-testid="city-unknown"]').textContent()).toContain(en.city.importPackage);
  expect(pageErrors(problems)).toEqual([]);
});

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's critical and serious findings (evaluated through DevTools: the page's CSP blocks an injected script). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('New city on a phone, in Kazakh: keyboard only, the focus kept inside, nothing wider than the screen, no serious axe finding', async () => {
  const { page, problems } = await openPage('/', { viewport: PHONE });
  await page.evaluate(() => localStorage.setItem('siting-planner/language', 'kk'));
  await page.reload();
  await page.click('[data-testid="tools"]');
  await page.focus('[data-testid="city-menu"]');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="city-new"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="city-dialog"]').waitFor();
  const inside = () => page.evaluate(() => document.querySelector('[data-testid="city-dialog"]')!.contains(document.activeElement));
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('city-name-en');
  await page.keyboard.type('Testgrad');
  for (let k = 0; k < 40; k++) {
    await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
  }
  expect(await page.locator('[data-testid="city-id"]').inputValue()).toBe('testgrad');
  const overflow = await page.evaluate(() => [...document.querySelectorAll('[data-testid="city-dialog"] *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => e.getAttribute('data-testid') ?? e.tagName));
  expect(overflow).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'city-dialog-phone-kk');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="city-dialog"]').waitFor({ state: 'detached' });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('city-menu');
  expect(pageErrors(problems)).toEqual([]);
});

test('a city from one OpenStreetMap extract: the districts at a chosen administrative level, the facilities and the streets from it', async () => {
  const { page, problems } = await openPage('/');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
  const raster = trioPopulationTiff();

  await openNewCity(page);
  await page.fill('[data-testid="city-name-en"]', 'Trio');
  await page.setInputFiles('[data-testid="city-osm"]', { name: 'trio.osm.pbf', mimeType: 'application/octet-stream', buffer: Buffer.from(osmPbf(trioOsm())) });
  await page.check('[data-testid="city-boundaries-from-osm"]');
  await page.locator('[data-testid="city-admin-level"]').waitFor();
  const levels = await page.locator('[data-testid="city-admin-level"] option').allTextContents();
  expect(levels).toHaveLength(2);
  expect(levels).toEqual(['Level 6: 1 area (Trio)', expect.stringMatching(/^Level 9: 3 areas \(/)]);
  await page.selectOption('[data-testid="city-admin-level"]', '9');
  await page.setInputFiles('[data-testid="city-population"]', { name: 'worldpop.tif', mimeType: 'image/tiff', buffer: Buffer.from(raster) });
  await page.check('[data-testid="city-facilities-osm"]');
  expect(await page.locator('[data-testid="city-streets"]').isChecked()).toBe(true);
  await page.click('[data-testid="city-draft"]');
  await page.locator('[data-testid="city-review"]').waitFor({ timeout: 60_000 });
  const count = async (name: string) => Number(await page.getAttribute(`[data-testid="city-count-${name}"]`, 'data-value'));
  expect(await count('districts')).toBe(3);
  expect(await count('schools')).toBe(2);
  expect(await count('health')).toBe(2);
  expect(await count('containers')).toBe(1);
  expect(await count('streets')).toBeGreaterThan(1000);
  expect(await page.locator('[data-testid="city-district-names"]').textContent()).toBe('North, Centre, South');
  expect(await page.locator('[data-testid="city-notes"]').textContent()).toContain('trio.osm.pbf: schools outside the districts, left out: 1 of 3');
  await page.click('[data-testid="city-save"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement).value === 'city:trio');
  expect(await page.locator('[data-testid="header-city"]').textContent()).toBe('Trio');
  expect(pageErrors(problems)).toEqual([]);
});

test('a city the browser refuses to keep (its storage quota full) is said at once, with its package to download, and nothing is kept', async () => {
  const { page, context, problems } = await openPage('/');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 1 });
  await openNewCity(page);
  await page.fill('[data-testid="city-name-en"]', 'Quotagrad');
  await page.setInputFiles('[data-testid="city-boundaries"]', geojson('districts.geojson', boundaries));
  await page.locator('[data-testid="city-name-field"]').waitFor();
  await page.selectOption('[data-testid="city-name-field"]', 'name');
  await page.setInputFiles('[data-testid="city-population"]', tiff);
  await page.click('[data-testid="city-draft"]');
  await page.locator('[data-testid="city-review"]').waitFor({ timeout: 60_000 });
  await page.click('[data-testid="city-save"]');
  const refused = page.locator('[data-testid="city-save-error"]');
  await refused.waitFor({ timeout: 10_000 });
  expect(await refused.textContent()).toMatch(/refused to keep it/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="city-download"]')]);
  expect(download.suggestedFilename()).toBe('quotagrad.city.zip');
  expect((await readFile((await download.path())!)).subarray(0, 2).toString('latin1')).toBe('PK');
  await page.keyboard.press('Escape');
  expect(await optionTexts(page)).toEqual(['Almaty']);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  expect(pageErrors(problems).filter((problem) => !/quota|QuotaExceeded/i.test(problem))).toEqual([]);
});
