import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { DEFAULT_OSM_LAYERS } from '../../src/io/osm/rules';
import { osmPbf } from '../../scripts/osmPbfWriter';
import { trioOsm, trioPopulationTiff } from '../unit/trio';
import { axeProblems } from './axe';
import { pageErrors, withBrowser } from './browser';
import { PHONE } from './layout';

const { openPage } = withBrowser();

/**
 * Facility layers from an OpenStreetMap extract as data (issue 20): New city
 * lists the default layers with their tag rules, a rule that cannot be read
 * is said at once and holds the build, a layer is removed and another added,
 * and the review counts each further layer as the rules took it.
 */
test('New city: the layers taken from the extract with their tag rules, edited, removed and added; the review counts each', async () => {
  const { page, problems } = await openPage('/');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
  await page.click('[data-testid="city-menu"]');
  await page.click('[data-testid="city-new"]');
  await page.locator('[data-testid="city-dialog"]').waitFor();
  await page.fill('[data-testid="city-name-en"]', 'Trio');
  await page.setInputFiles('[data-testid="city-osm"]', { name: 'trio.osm.pbf', mimeType: 'application/octet-stream', buffer: Buffer.from(osmPbf(trioOsm())) });
  await page.check('[data-testid="city-boundaries-from-osm"]');
  await page.locator('[data-testid="city-admin-level"]').waitFor();
  await page.selectOption('[data-testid="city-admin-level"]', '9');
  const raster = trioPopulationTiff();
  await page.setInputFiles('[data-testid="city-population"]', { name: 'worldpop.tif', mimeType: 'image/tiff', buffer: Buffer.from(raster) });
  await page.check('[data-testid="city-facilities-osm"]');
  await page.uncheck('[data-testid="city-streets"]');

  // The default layers, each with its rules.
  const layer = (name: string) => page.locator(`[data-testid="city-osm-layer-${name}"]`);
  for (const [name, tags] of Object.entries(DEFAULT_OSM_LAYERS)) expect(await layer(name).inputValue()).toBe(tags);
  expect(await page.locator('#city-osm-layers-title').textContent()).toBe(en.city.dialog.layers);

  // A rule that cannot be read is said at once, and the city is not read until it is mended.
  await layer('kindergartens').fill('amenity kindergarten');
  await page.locator('[data-testid="city-osm-layer-error-kindergartens"]').waitFor();
  expect(await page.locator('[data-testid="city-draft"]').isDisabled()).toBe(true);
  expect(await page.locator('[data-testid="city-missing"]').textContent()).toContain(en.city.dialog.needRules);
  await layer('kindergartens').fill('amenity=kindergarten|childcare');
  await page.locator('[data-testid="city-osm-layer-error-kindergartens"]').waitFor({ state: 'detached' });

  // Remove one layer, add another; a name of a city layer that is not facilities, or one taken, cannot be added.
  await page.click('[data-testid="city-osm-layer-remove-sports"]');
  await layer('sports').waitFor({ state: 'detached' });
  await page.fill('[data-testid="city-osm-layer-new-name"]', 'streets');
  await page.fill('[data-testid="city-osm-layer-new-tags"]', 'amenity=clinic');
  expect(await page.locator('[data-testid="city-osm-layer-problem"]').textContent()).toBe(en.city.dialog.layerName);
  expect(await page.locator('[data-testid="city-osm-layer-add"]').isDisabled()).toBe(true);
  await page.fill('[data-testid="city-osm-layer-new-name"]', 'pharmacies');
  expect(await page.locator('[data-testid="city-osm-layer-problem"]').textContent()).toBe(en.city.dialog.layerTaken);
  await page.fill('[data-testid="city-osm-layer-new-name"]', 'clinics');
  await page.click('[data-testid="city-osm-layer-add"]');
  expect(await layer('clinics').inputValue()).toBe('amenity=clinic');
  expect(await page.locator('[data-testid="city-osm-layer-new-name"]').inputValue()).toBe('');

  await page.click('[data-testid="city-draft"]');
  await page.locator('[data-testid="city-review"]').waitFor({ timeout: 60_000 });
  const count = async (name: string) => Number(await page.getAttribute(`[data-testid="city-count-${name}"]`, 'data-value'));
  expect(await count('schools')).toBe(2);
  expect(await count('health')).toBe(2);
  expect(await count('layer-pharmacies')).toBe(1);
  expect(await count('layer-clinics')).toBe(1);
  // The trio has no kindergarten: counted 0 (no file of them is written); the removed layer is not read.
  expect(await count('layer-kindergartens')).toBe(0);
  expect(await page.locator('[data-testid="city-count-layer-sports"]').count()).toBe(0);
  expect(await page.locator('tr:has([data-testid="city-count-layer-pharmacies"]) th').textContent()).toBe(`${en.city.layer.pharmacies} (pharmacies)`);

  // Kept in this browser and exported from there: the further layers stay in the package.
  await page.click('[data-testid="city-save"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement).value === 'city:trio');
  await page.click('[data-testid="city-menu"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="city-export"]')]);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  expect(manifest.layers).toMatchObject({ pharmacies: 'pharmacies.geojson', clinics: 'clinics.geojson' });
  expect(JSON.parse(new TextDecoder().decode(files['clinics.geojson'])).features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Clinic']);
  expect(pageErrors(problems)).toEqual([]);
});

test('the layers on a phone, in Kazakh: named in the language, nothing wider than the screen, no serious axe finding', async () => {
  const { page, problems } = await openPage('/', { viewport: PHONE });
  await page.evaluate(() => localStorage.setItem('siting-planner/language', 'kk'));
  await page.reload();
  await page.click('[data-testid="tools"]');
  await page.click('[data-testid="city-menu"]');
  await page.click('[data-testid="city-new"]');
  await page.locator('[data-testid="city-dialog"]').waitFor();
  await page.setInputFiles('[data-testid="city-osm"]', { name: 'trio.osm.pbf', mimeType: 'application/octet-stream', buffer: Buffer.from(osmPbf(trioOsm())) });
  await page.check('[data-testid="city-facilities-osm"]');
  await page.locator('[data-testid="city-osm-layer-kindergartens"]').fill('amenity=');
  await page.fill('[data-testid="city-osm-layer-new-name"]', 'Bad name');
  expect(await page.locator('#city-osm-layers-title').textContent()).toBe(kk.city.dialog.layers);
  expect(await page.getAttribute('[data-testid="city-osm-layer-remove-kindergartens"]', 'aria-label')).toBe(`${kk.city.layer.kindergartens} (kindergartens) қабатын жою`);
  expect(await page.locator('[data-testid="city-osm-layer-problem"]').textContent()).toBe(kk.city.dialog.layerName);
  const overflow = await page.evaluate(() => [...document.querySelectorAll('[data-testid="city-osm-layers"] *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => e.getAttribute('data-testid') ?? e.tagName));
  expect(overflow).toEqual([]);
  expect(await axeProblems(page, [])).toEqual([]);
  expect(pageErrors(problems)).toEqual([]);
});
