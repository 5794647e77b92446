import { expect, test } from 'vitest';
import { importText, settled, storedScenario } from './appState';
import { withBrowser } from './browser';

const { openPage } = withBrowser();

test('a CSV with a bad row is refused with the row, column and value, and the scenario stays as it was', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  // A first edit, so that the saved scenario exists and can be compared.
  await page.selectOption('[data-testid="objective"]', 'minCost');
  // The save is asynchronous (IndexedDB): under load it landed after the first read, which then found none.
  await expect.poll(async () => (await storedScenario(page))?.objective, { timeout: 10_000 }).toBe('minCost');
  const before = await storedScenario(page);
  const csv = ['name,type,lat,lon', 'Site A,school,43.25,76.91', 'Site B,school,43.2x,76.93', 'Site C,polyclinic,43.27,76.95'].join('\n');
  await importText(page, 'candidates', 'new-sites.csv', csv);
  const problems = page.locator('[data-testid="import-problems"]');
  await problems.waitFor();
  const text = (await problems.textContent()) ?? '';
  expect(text).toContain('new-sites.csv was not imported');
  expect(text).toContain('line 3');
  expect(text).toContain('"lat"');
  expect(text).toContain('43.2x');
  expect(await storedScenario(page)).toEqual(before);
  expect(before.candidates.added).toEqual([]);
});

test('a Russian CSV with semicolons and decimal commas adds candidate sites', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const csv = ['Название;Тип;Широта;Долгота', 'Участок 1;школа;43,251;76,912', 'Участок 2;поликлиника;43,262;76,931'].join('\n');
  await importText(page, 'candidates', 'участки.csv', csv);
  await page.locator('[data-testid="notice"]', { hasText: '2 records imported' }).waitFor();
  const added = (await storedScenario(page)).candidates.added;
  expect(added.map((c: { type: string }) => c.type)).toEqual(['school', 'polyclinic']);
  expect(added[0].lat).toBeCloseTo(43.251, 6);
  expect(added[1].lon).toBeCloseTo(76.931, 6);
});

test('projected coordinates are refused with a message that says so', async () => {
  const { page } = await openPage('/');
  const csv = ['name,type,x,y', 'A,school,634512.1,4789123.7', 'B,school,635011.9,4790456.2'].join('\n');
  await importText(page, 'candidates', 'utm.csv', csv);
  const problems = page.locator('[data-testid="import-problems"]');
  await problems.waitFor();
  expect(await problems.textContent()).toMatch(/projected/i);
});

test('imported demand points replace the population grid for the plan', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const rows = ['lat,lon,residents'];
  for (let k = 0; k < 30; k++) rows.push(`${(43.22 + (k % 6) * 0.01).toFixed(4)},${(76.88 + Math.floor(k / 6) * 0.012).toFixed(4)},${1000 + k * 11}`);
  await importText(page, 'demand', 'grid.csv', rows.join('\n'));
  await page.locator('[data-testid="notice"]', { hasText: '30 records imported' }).waitFor();
  // The estimates are said, not only counted, in the planner's language and number format.
  const notes = page.locator('[data-testid="import-warnings"]');
  expect(await notes.textContent()).toContain('estimated as 0.17 × residents of each point');
  await page.selectOption('[data-testid="lang"]', 'ru');
  expect(await notes.textContent()).toContain('0,17');
  await page.selectOption('[data-testid="lang"]', 'en');
  const imported = (await storedScenario(page)).imported.demand;
  expect(imported).toHaveLength(30);
  // Estimated, not rounded per point (rounding biases the total).
  expect(imported[0]).toEqual({ lon: 76.88, lat: 43.22, residents: 1000, children: 0.17 * 1000, households: 1000 / 3.3 });
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  // Schools serve the imported children now: 17% of the imported residents in all (34,785 residents: 5,913.45 children).
  const demand = await page.locator('[data-testid="kpi-types"]').textContent();
  expect(demand).toContain(`/ ${Math.round(0.17 * rows.slice(1).reduce((sum, row) => sum + Number(row.split(',')[2]), 0)).toLocaleString('en-US')} children`);
});
