import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { ru } from '../../src/app/i18n/ru';
import { settled } from './appState';
import { pageErrors, screenshot, withBrowser } from './browser';

const { openPage } = withBrowser();

test('school annexes are offered, chosen beside new schools, and shown apart in the KPIs and on the map', async () => {
  const { page, problems } = await openPage('/', { viewport: { width: 1400, height: 900 } });
  await page.selectOption('[data-testid="lang"]', 'ru');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  // Straight lines keep the solve quick (extensions do not depend on the routing); the machine may be busy
  // with other suites, and the plan must still be proven.
  await page.selectOption('[data-testid="routing"]', 'straight');
  await page.fill('[data-testid="time-limit"]', '300');
  await page.press('[data-testid="time-limit"]', 'Tab');
  await page.check('[data-testid="extension-enabled-school"]');
  expect(await page.inputValue('[data-testid="extension-places-school"]')).toBe('300');
  expect(await page.textContent('[data-testid="extension-note-school"]')).toContain('1,3');
  // 1,2 bn in Russian: a decimal comma, not 12 bn (nor 12 mn). At 1.2 bn for 300 places an annex is cheaper
  // per place than a new school (5.2 bn for 1,200), and the demo's crowded schools take them.
  const cost = page.locator('[data-testid="extension-cost-school"]');
  await cost.fill('1,2');
  await cost.press('Tab');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');

  const row = page.locator('[data-testid="kpi-extensions-school"]');
  const count = Number(await row.getAttribute('data-value'));
  expect(count).toBeGreaterThan(10);
  // Count and cost: every annex at 1.2 bn, within the schools' 52 bn.
  const text = (await row.textContent())!.replace(/\s+/g, ' ');
  expect(text).toContain(ru.extension.kpiRow);
  expect(text).toContain(`${count} · ${(count * 1.2).toFixed(1).replace('.', ',')} млрд ₸`);
  expect(count * 1.2).toBeLessThanOrEqual(52);
  expect(Number(await page.getAttribute('[data-testid="kpi-extensions"]', 'data-value'))).toBe(count);
  // On the map: one ringed "+" per annex, and a legend entry for them.
  expect(Number(await page.getAttribute('[data-testid="map"]', 'data-extensions-shown'))).toBe(count);
  expect(await page.locator('.site-extension-marker').count()).toBe(count);
  expect(await page.textContent('[data-testid="legend"]')).toContain(ru.extension.legend.replace(': {type}', ''));
  await screenshot(page, 'extensions-ru-1400x900');

  // In English, the same row, translated.
  await page.selectOption('[data-testid="lang"]', 'en');
  expect(await row.textContent()).toContain(`${en.extension.kpiRow}${count} · `);

  // Compared with a copy that may not extend: extensions have their own row, apart from new sites.
  await page.click('[data-testid="duplicate"]');
  await page.uncheck('[data-testid="extension-enabled-school"]');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  await page.click('[data-testid="compare"]');
  const table = page.locator('[data-testid="compare-table"]');
  await table.waitFor();
  const cells = await table.locator('tbody tr', { hasText: en.extension.kpiRow }).first().locator('td').allTextContents();
  expect(cells.slice(0, 2)).toEqual([en.extension.kpiRow, String(count)]);
  expect(cells[2]).toMatch(/^0/);
  expect(pageErrors(problems)).toEqual([]);
});
