import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { defaultScenario } from '../../src/plan/scenario';
import { importText, settled, storedScenario } from './appState';
import { withBrowser } from './browser';

const { openPage } = withBrowser();

/** Everything a person reads on the page (notices, alerts, panels). */
const pageText = (page: Page) => page.evaluate(() => document.body.innerText);

test('a candidate file too large for localStorage survives a reload, and the notice says what was restored', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  // 70,000 school sites with full-precision coordinates: about 5.8 million characters as saved JSON,
  // over what Chromium's localStorage holds (5.2 million: 5.3 million was measured to be refused).
  const count = 70_000;
  const rows = ['type,lat,lon'];
  for (let k = 0; k < count; k++) rows.push(`school,${(43.2 + (k % 280) * 0.0002).toFixed(7)},${(76.85 + Math.floor(k / 280) * 0.00016).toFixed(7)}`);
  await importText(page, 'candidates', 'many-sites.csv', rows.join('\n'));
  await page.locator('[data-testid="notice"]', { hasText: `${count.toLocaleString('en-US')} records imported` }).waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid="save-failed"]').count()).toBe(0);
  const saved = await storedScenario(page);
  expect(saved.candidates.added).toHaveLength(count);
  expect(JSON.stringify(saved).length).toBeGreaterThan(5.5e6);

  await page.reload();
  const notice = page.locator('[data-testid="notice"]');
  await notice.filter({ hasText: 'restored' }).waitFor({ timeout: 30_000 });
  expect(await notice.textContent()).not.toMatch(/fail|not saved/i);
  await page.locator('.edits', { hasText: `${count.toLocaleString('en-US')} added` }).waitFor({ timeout: 30_000 });
});

test('when the browser refuses to save, the planner is told at once, can download the scenario, and no restore is claimed', async () => {
  const { page, context } = await openPage('/');
  await context.addInitScript(() => {
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = refuse;
    IDBObjectStore.prototype.add = refuse;
  });
  await page.reload();
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.selectOption('[data-testid="objective"]', 'minCost');
  const failed = page.locator('[data-testid="save-failed"]');
  await failed.waitFor({ timeout: 3_000 });
  expect(await failed.getAttribute('role')).toBe('alert');
  expect(await failed.textContent()).toMatch(/not saved/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save-download"]')]);
  expect(download.suggestedFilename()).toBe('Almaty-demo.json');

  await page.reload();
  await page.locator('[data-testid="notice"]', { hasText: 'could not be saved' }).waitFor({ timeout: 10_000 });
  expect(await page.inputValue('[data-testid="objective"]')).toBe('maxCoverage');
  expect(await pageText(page)).not.toMatch(/restored/i);
});

test('scenarios saved in localStorage by an earlier version open once, moved to IndexedDB', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const old = { ...defaultScenario(), name: 'Plan from 2025', objective: 'minCost' };
  await page.evaluate((scenario) => localStorage.setItem('siting-planner/scenarios', JSON.stringify({ v: 1, active: 'a', scenarios: [{ id: 'a', scenario, plan: null }] })), old);
  await page.reload();
  await page.locator('[data-testid="notice"]', { hasText: 'restored' }).waitFor({ timeout: 10_000 });
  expect((await storedScenario(page)).name).toBe('Plan from 2025');
  expect(await page.evaluate(() => localStorage.getItem('siting-planner/scenarios'))).toBeNull();
  await page.reload();
  await page.locator('[data-testid="notice"]', { hasText: 'restored' }).waitFor({ timeout: 10_000 });
  expect(await page.inputValue('[data-testid="objective"]')).toBe('minCost');
});

test('imported schools say which layer they replace, with the right count, and Undo brings the demo schools back', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const csv = ['name,type,lat,lon,capacity', 'School 1,school,43.25,76.91,900', 'School 2,school,43.26,76.93,1200'].join('\n');
  await importText(page, 'existing', 'schools.csv', csv);
  const notice = page.locator('[data-testid="notice"]');
  await notice.filter({ hasText: 'replace' }).waitFor({ timeout: 20_000 });
  const text = (await notice.textContent()) ?? '';
  expect(text).toContain('2 schools imported');
  expect(text).toContain('they replace the 237 demo schools');
  expect((await storedScenario(page)).imported.schools).toHaveLength(2);
  await page.click('[data-testid="undo"]');
  expect((await storedScenario(page)).imported).toBeUndefined();
});

test('existing container sites can be imported and count before the plan; worst distance is among the people served', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const population = JSON.parse(readFileSync(new URL('../../public/data/almaty/population.geojson', import.meta.url), 'utf8'));
  const cells = population.features.filter((f: { properties: { households: number } }) => f.properties.households > 300).slice(0, 40);
  const rows = ['type,lat,lon,capacity'];
  cells.forEach((f: { geometry: { coordinates: number[] } }, k: number) => rows.push(`container,${f.geometry.coordinates[1]},${f.geometry.coordinates[0]},${k % 2 === 0 ? 330 : ''}`));
  await importText(page, 'existing', 'containers.csv', rows.join('\n'));
  await page.locator('[data-testid="notice"]', { hasText: '40 container sites imported' }).waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-testid="import-problems"]').count()).toBe(0);
  expect(await page.locator('[data-testid="legend"]').textContent()).toContain('existing container site');

  await page.uncheck('[data-testid="enable-school"]');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  const kpis = (await page.locator('[data-testid="kpi-types"]').textContent()) ?? '';
  const before = /before ([\d.]+)%/.exec(kpis);
  expect(before).not.toBeNull();
  expect(Number(before![1])).toBeGreaterThan(0);
  // The distances are those of the people served; the average over everyone is apart, and says it includes the unserved.
  expect(kpis).toMatch(/Distance among those served\s*average [\d.,]+\s?k?m · worst [\d.,]+\s?k?m; not served/);
  expect(kpis).toContain('(over everyone, the unserved included)');
  expect(kpis).toMatch(/not served: [\d,]+ households/);
});

test('a bad CSV in the Russian interface is explained in Russian, naming the file, line, column and value', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'ru');
  const csv = ['name,type,lat,lon', 'A,school,43.25,76.91', 'B,school,forty-three,76.93'].join('\n');
  await importText(page, 'candidates', 'участки.csv', csv);
  const problems = page.locator('[data-testid="import-problems"]');
  await problems.waitFor();
  const text = (await problems.textContent()) ?? '';
  expect(text).toContain('участки.csv');
  expect(text).toContain('строка 3');
  expect(text).toContain('столбец "lat"');
  expect(text).toContain('"forty-three" — не число');
  expect(text).not.toMatch(/line|column|is not a number/);
});
