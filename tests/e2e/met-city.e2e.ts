import { expect, test } from 'vitest';
import { ru } from '../../src/app/i18n/ru';
import { osmPbf } from '../../scripts/osmPbfWriter';
import { trioRealOsm, trioPopulationTiff } from '../unit/trio';
import { pageErrors, screenshot, withBrowser } from './browser';

const { openPage } = withBrowser();

/**
 * New city as planners met it on real extracts (issue 24), in Russian: the
 * population's source asked rather than assumed, the id transliterated, the
 * review's notes in the language and by what they change, and the map
 * crediting OpenStreetMap once. Nothing is solved.
 */
test('New city in Russian: the source of the population asked, the id in Latin letters, the notes by what they change, OpenStreetMap credited once', async () => {
  const { page, problems } = await openPage('/');
  await page.evaluate(() => localStorage.setItem('siting-planner/language', 'ru'));
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
  await page.click('[data-testid="city-menu"]');
  await page.click('[data-testid="city-new"]');
  await page.locator('[data-testid="city-dialog"]').waitFor();

  // Item 9: accented letters keep their letter in the id.
  await page.fill('[data-testid="city-name-en"]', 'Sant Julià de Lòria');
  expect(await page.locator('[data-testid="city-id"]').inputValue()).toBe('sant-julia-de-loria');

  await page.setInputFiles('[data-testid="city-osm"]', { name: 'real.osm.pbf', mimeType: 'application/octet-stream', buffer: Buffer.from(osmPbf(trioRealOsm())) });
  await page.check('[data-testid="city-boundaries-from-osm"]');
  await page.locator('[data-testid="city-admin-level"]').waitFor();
  await page.selectOption('[data-testid="city-admin-level"]', '9');
  const raster = trioPopulationTiff();
  await page.setInputFiles('[data-testid="city-population"]', { name: 'people.tif', mimeType: 'image/tiff', buffer: Buffer.from(raster) });

  // Item 4: a GeoTIFF is not WorldPop until the planner says so.
  const attribution = () => page.locator('[data-testid="city-attribution"]').inputValue();
  expect(await attribution()).toBe('© OpenStreetMap contributors, ODbL 1.0');
  await page.selectOption('[data-testid="city-population-source"]', 'ghs-pop');
  expect(await attribution()).toBe('© OpenStreetMap contributors, ODbL 1.0; Population: GHS-POP, European Commission, Joint Research Centre, CC BY 4.0');
  await page.selectOption('[data-testid="city-population-source"]', 'other');
  await page.fill('[data-testid="city-population-source-other"]', 'Census 2021, city statistics office');
  expect(await attribution()).toBe('© OpenStreetMap contributors, ODbL 1.0; Population: Census 2021, city statistics office');

  await page.check('[data-testid="city-facilities-osm"]');
  await page.click('[data-testid="city-draft"]');
  await page.locator('[data-testid="city-review"]').waitFor({ timeout: 60_000 });

  // Item 7: people left out first, then the district lost; neighbours' cut boundaries last, folded.
  const keys = await page.locator('[data-testid="city-notes"] > li[data-key]').evaluateAll((items) => items.map((item) => item.getAttribute('data-key')));
  expect(keys.slice(0, 2)).toEqual(['peopleLeftOut', 'districtLeftOut']);
  expect(keys).not.toContain('boundaryLeftOut');
  const folded = page.locator('[data-testid="city-notes-folded"]');
  expect(await folded.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
  expect(await folded.locator('li').count()).toBe(2);
  expect(await folded.textContent()).toContain('Beausoleil');
  // Item 9: in Russian, every note (no English reader's text).
  const notes = (await page.locator('[data-testid="city-notes"]').textContent()) ?? '';
  expect(notes).toContain('живут вне районов');
  expect(notes).toContain(ru.city.note.problem.membersCut.replace('{count}', '1'));
  expect(notes).not.toMatch(/boundary relation|left out|not in the file/);
  await folded.locator('summary').click();
  await screenshot(page, 'met-city-review-ru');

  // Item 4: the map says OpenStreetMap once, and the population's credit as written.
  await page.click('[data-testid="city-save"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement).value === 'city:sant-julia-de-loria');
  await page.waitForFunction(() => document.querySelector('.leaflet-control-attribution')?.textContent?.includes('Census 2021'));
  const credits = (await page.locator('.leaflet-control-attribution').textContent()) ?? '';
  expect(credits.match(/OpenStreetMap/g)).toHaveLength(1);
  expect(credits).not.toContain('WorldPop');
  expect(await page.locator('.leaflet-control-attribution a[href="https://www.openstreetmap.org/copyright"]').textContent()).toBe('© OpenStreetMap contributors, ODbL 1.0');
  expect(pageErrors(problems)).toEqual([]);
});
