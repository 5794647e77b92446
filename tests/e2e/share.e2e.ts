import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { importText, settled, storedScenario } from './appState';
import { pageErrors, screenshot, withBrowser } from './browser';
import { solveSchools } from './layout';

const { openPage } = withBrowser();

async function kpis(page: Page) {
  await page.locator('[data-testid="kpi-sites-opened"]').waitFor();
  const value = async (name: string) => Number(await page.getAttribute(`[data-testid="kpi-${name}"]`, 'data-value'));
  return { share: await value('covered-share'), cost: await value('total-cost'), sites: await value('sites-opened') };
}

/** A smaller plan than the demo default, so the test is quick: schools only. */
async function solveSchoolsOnly(page: Page) {
  await solveSchools(page);
  return kpis(page);
}

async function shareUrl(page: Page): Promise<string> {
  await page.click('[data-testid="share"]');
  const field = page.locator('[data-testid="share-url"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  return field.inputValue();
}

test('a shared link opens the same plan in a fresh browser, without solving again', async () => {
  const { page } = await openPage('/');
  const original = await solveSchoolsOnly(page);
  const url = await shareUrl(page);
  expect(url.length).toBeLessThan(2000);
  expect(await page.locator('[data-testid="embed-snippet"]').inputValue()).toMatch(/^<iframe src="[^"]+\?embed=1#s1\.[^"]+" width="960" height="540"/);

  const { page: other, problems } = await openPage(new URL(url).hash ? `/${new URL(url).hash}` : '/');
  expect(await settled(other)).toBe('optimal');
  const opened = await kpis(other);
  expect(opened.sites).toBe(original.sites);
  expect(opened.cost).toBe(original.cost);
  expect(opened.share).toBeCloseTo(original.share, 9);
  expect(await other.locator('[data-testid="notice"]').textContent()).toContain(en.share.opened);
  // The fragment is consumed: a reload does not add the scenario twice.
  expect(new URL(other.url()).hash).toBe('');
  expect(pageErrors(problems)).toEqual([]);
});

test('the embed view shows the map and the same KPIs, without the editor', async () => {
  const { page } = await openPage('/');
  const original = await solveSchoolsOnly(page);
  const url = new URL(await shareUrl(page));

  const { page: embed, problems } = await openPage(`/?embed=1${url.hash}`);
  await embed.setViewportSize({ width: 960, height: 540 });
  expect(await settled(embed)).toBe('optimal');
  expect(await embed.locator('[data-testid="map"]').isVisible()).toBe(true);
  expect(await embed.locator('[data-testid="editor"]').count()).toBe(0);
  expect(await kpis(embed)).toEqual({ sites: original.sites, cost: original.cost, share: expect.closeTo(original.share, 9) });
  await screenshot(embed, 'embed-960x540');
  expect(pageErrors(problems)).toEqual([]);
});

test('the embed view lays the link\'s imports over the demo, as the app does', async () => {
  const { page } = await openPage('/');
  const features = [
    [76.9, 43.25, 'school'],
    [76.95, 43.23, 'school'],
    [76.88, 43.27, 'polyclinic'],
  ].map(([lon, lat, type], k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { name: `Imported ${k}`, type, capacity: 800 } }));
  await importText(page, 'existing', 'existing.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
  // The demo has hundreds of existing facilities; the imported three replace them.
  await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown') === '3');
  const url = new URL(await shareUrl(page));

  const { page: embed, problems } = await openPage(`/?embed=1${url.hash}`);
  await embed.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown') === '3');
  expect(await embed.locator('[role="alert"]').count()).toBe(0);
  expect(pageErrors(problems)).toEqual([]);
});

test('a damaged link says so and opens the demo instead of a blank page', async () => {
  const { page } = await openPage('/');
  await solveSchoolsOnly(page);
  const url = new URL(await shareUrl(page));
  const truncated = url.hash.slice(0, Math.floor(url.hash.length / 2));

  const { page: broken, problems } = await openPage(`/${truncated}`);
  const notice = broken.locator('[data-testid="notice"]');
  await notice.waitFor();
  expect(await notice.textContent()).toMatch(/truncated or damaged/);
  expect(await broken.locator('[data-testid="map"]').isVisible()).toBe(true);
  expect(await broken.locator('[data-testid="scenario-name"]').inputValue()).toBe('Almaty demo');

  const { page: future } = await openPage('/?embed=1#s9.AAAA');
  await future.locator('[role="alert"]').waitFor();
  expect(await future.locator('[role="alert"]').textContent()).toMatch(/newer version/);
  expect(pageErrors(problems)).toEqual([]);
});

test('scenarios can be duplicated, renamed and deleted, and are kept', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.click('[data-testid="duplicate"]');
  const name = page.locator('[data-testid="scenario-name"]');
  expect(await name.inputValue()).toBe('Almaty demo (copy)');
  await name.fill('Budget 30 bn');
  await name.press('Enter');
  // IndexedDB saves are asynchronous: the reload comes after the rename has landed (a reload within those milliseconds would lose it).
  await expect.poll(async () => (await storedScenario(page))?.name).toBe('Budget 30 bn');
  await page.reload();
  const options = () => page.locator('[data-testid="scenario-select"] option').allTextContents();
  expect(await options()).toEqual(['Almaty demo', 'Budget 30 bn']);
  await page.click('[data-testid="delete"]');
  expect(await options()).toEqual(['Almaty demo']);
  expect(await page.locator('[data-testid="delete"]').isDisabled()).toBe(true);
});

test('the exported GeoJSON parses and holds the chosen sites', async () => {
  const { page } = await openPage('/');
  const { sites } = await solveSchoolsOnly(page);
  await page.click('[data-testid="export"]');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-geojson"]')]);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const geojson = JSON.parse(text);
  expect(geojson.type).toBe('FeatureCollection');
  expect(geojson.features).toHaveLength(sites);
  for (const feature of geojson.features) {
    expect(feature.geometry.type).toBe('Point');
    expect(feature.properties.type).toBe('school');
    expect(feature.properties.cost_tenge).toBe(5.2e9);
    const [lon, lat] = feature.geometry.coordinates;
    expect(lon).toBeGreaterThan(76.7);
    expect(lat).toBeGreaterThan(43.1);
  }
  expect(file.suggestedFilename()).toBe('Almaty-demo.geojson');
});

test('two solved scenarios compare side by side, with the differences', async () => {
  const { page } = await openPage('/');
  const first = await solveSchoolsOnly(page);
  await page.click('[data-testid="duplicate"]');
  const budget = page.locator('[data-testid="budget-school"]');
  await budget.fill('26');
  await budget.press('Tab');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  expect((await kpis(page)).sites).toBe(first.sites / 2);

  await page.click('[data-testid="compare"]');
  const table = page.locator('[data-testid="compare-table"]');
  await table.waitFor();
  expect(await table.locator('thead th').allTextContents()).toEqual([en.compare.metric, expect.stringContaining('Almaty demo'), expect.stringContaining('Almaty demo (copy)')]);
  const sitesRow = table.locator('tbody tr', { hasText: en.kpi.sitesOpened });
  expect(await sitesRow.locator('td').allTextContents()).toEqual([en.kpi.sitesOpened, String(first.sites), `${first.sites / 2}−${first.sites / 2}`]);
  expect(await sitesRow.locator('td small').getAttribute('class')).toBe('worse');
  // Eight district rows for schools.
  expect(await table.locator('tbody tr', { hasText: `${en.type.school} · ` }).count()).toBe(8);
  await page.locator('[data-testid="compare-dialog"] button.link').nth(1).click();
  expect(await page.locator('[data-testid="compare-banner"]').textContent()).toContain('Almaty demo (copy)');
});
