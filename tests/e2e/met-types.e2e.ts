import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { ru } from '../../src/app/i18n/ru';
import { decodeShare } from '../../src/io/link/shareLink';
import { fillNumber, importText, settled } from './appState';
import { axeProblems } from './axe';
import { pageErrors, screenshot, withBrowser } from './browser';
import { PHONE } from './layout';
import { pixelOf } from './mapPixel';

const { openPage } = withBrowser();

/** Three kindergartens of Almaty's Nauryzbay and Bostandyk districts (made-up names and places), one of them Kazakh-named with a tag in it: shown as text. */
const KINDERGARTENS = ['type,lat,lon,name,capacity', 'детский сад,43.2005,76.8600,Балапан,140', 'Kindergarten,43.2150,76.8950,"<b>Айгөлек</b>",200', 'балабақша,43.2300,76.9100,Күншуақ,90'].join('\n');

test('a planner adds a kindergarten, imports its existing kindergartens, solves, and finds it on the map, in the legend, the KPIs and a link', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  await fillNumber(page, 'time-limit', '10');

  // The kindergarten preset, then its existing facilities from a file that names the type in three languages.
  await page.selectOption('[data-testid="type-add-select"]', 'kindergarten');
  await page.click('[data-testid="type-add"]');
  await page.locator('[data-testid="facility-kindergarten"]').waitFor({ timeout: 10_000 });
  expect(await page.textContent('[data-testid="facility-kindergarten"] legend')).toContain(en.type.kindergarten);
  // The demo's own facilities drawn first (its schools), so that the count compared is the city's, not an empty map's.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown')) > 0, null, { timeout: 20_000 });
  const existingBefore = Number(await page.getAttribute('[data-testid="map"]', 'data-existing-shown'));
  await importText(page, 'existing', 'детские сады.csv', KINDERGARTENS);
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown')) === n + 3, existingBefore, { timeout: 20_000 });

  // A planned estate in Nauryzbay, placed by a click: 5,000 residents counted in the plan.
  await page.click('[data-testid="housing-place"]');
  const spot = await pixelOf(page, 43.215, 76.87);
  await page.mouse.click(spot.x, spot.y);
  await page.locator('[data-testid="housing-row-estate1"]').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-housing-shown') === '1', null, { timeout: 10_000 });

  // The new controls pass axe, open.
  await page.click('[data-testid="facility-kindergarten"] summary');
  expect(await axeProblems(page)).toEqual([]);

  await page.click('[data-testid="solve"]');
  expect(['optimal', 'timeout']).toContain(await settled(page));

  // The KPIs: a row of its own, its new sites counted, and "every essential service" (schools and kindergartens).
  const types = await page.textContent('[data-testid="kpi-types"]');
  expect(types).toContain(en.type.kindergarten);
  expect(await page.textContent('[data-testid="kpi-new-kindergarten"]')).toMatch(/\d+ kindergartens?/);
  const every = Number(await page.getAttribute('[data-testid="kpi-every-service"]', 'data-value'));
  const before = Number(await page.getAttribute('[data-testid="kpi-every-service"]', 'data-before'));
  expect(every).toBeGreaterThan(before);
  expect(await page.locator('[data-testid="kpi-every-districts"] tbody tr').count()).toBe(8);
  expect(Number(await page.getAttribute('[data-testid="kpi-housing"]', 'data-value'))).toBe(5000);

  // The map: its sites in its own shape, its coverage and the "every essential service" layer to choose; the legend row.
  expect(await page.locator('.site-marker.site-kindergarten svg polygon').count()).toBeGreaterThan(0);
  await page.selectOption('[data-testid="coverage-type"]', 'kindergarten');
  await page.selectOption('[data-testid="coverage-type"]', '*');
  await page.click('[data-testid="legend"] summary').catch(() => undefined);
  expect(await page.textContent('[data-testid="legend"]')).toContain('new kindergarten');
  await screenshot(page, 'types-kindergarten-en');

  // The link carries the type and its imported facilities; the page shows names as text.
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const url = await page.locator('[data-testid="share-url"]').inputValue();
  const decoded = await decodeShare(new URL(url).hash);
  expect(decoded.ok).toBe(true);
  if (!decoded.ok) return;
  expect(Object.keys(decoded.payload.scenario.facilities)).toEqual(['school', 'polyclinic', 'container', 'kindergarten']);
  expect(decoded.payload.scenario.imported?.layers?.kindergartens?.map((k) => k.name)).toEqual(['Балапан', '<b>Айгөлек</b>', 'Күншуақ']);
  expect(decoded.payload.plan?.open.kindergarten?.length).toBeGreaterThan(0);
  expect(decoded.payload.scenario.housing?.map((estate) => estate.residents)).toEqual([5000]);
  expect(await page.locator('b', { hasText: 'Айгөлек' }).count()).toBe(0);

  // A fresh page opens the link with the kindergarten in Russian.
  const opened = await openPage(`/${new URL(url).hash}`);
  await opened.page.selectOption('[data-testid="lang"]', 'ru');
  await opened.page.locator('[data-testid="kpi-types"]').waitFor();
  expect(await opened.page.textContent('[data-testid="kpi-types"]')).toContain(ru.type.kindergarten);
  expect(pageErrors(problems)).toEqual([]);
  expect(pageErrors(opened.problems)).toEqual([]);
});

test('a type of one\'s own on a phone: named, given its demand, removed again', async () => {
  const { page, problems } = await openPage('/', { viewport: PHONE });
  await page.selectOption('[data-testid="lang"]', 'en');
  const tab = page.locator('[data-testid="view-editor"]');
  if (await tab.isVisible()) await tab.click();
  await page.selectOption('[data-testid="type-add-select"]', '');
  await page.fill('[data-testid="type-add-name"]', 'Pharmacy');
  await page.click('[data-testid="type-add"]');
  await page.locator('[data-testid="facility-pharmacy"]').waitFor();
  await page.click('[data-testid="facility-pharmacy"] summary');
  await page.fill('[data-testid="type-name-pharmacy-ru"]', 'Аптека');
  await page.press('[data-testid="type-name-pharmacy-ru"]', 'Tab');
  await fillNumber(page, 'demand-share-pharmacy', '50');
  const stored = await page.evaluate(() => document.querySelector('[data-testid="facility-pharmacy"] legend')?.textContent);
  expect(stored).toContain('Pharmacy');
  await page.selectOption('[data-testid="lang"]', 'ru');
  expect(await page.textContent('[data-testid="facility-pharmacy"] legend')).toContain('Аптека');
  expect(await axeProblems(page)).toEqual([]);
  await screenshot(page, 'types-own-ru-phone');
  await page.click('[data-testid="type-remove-pharmacy"]');
  expect(await page.locator('[data-testid="facility-pharmacy"]').count()).toBe(0);
  expect(pageErrors(problems)).toEqual([]);
});
