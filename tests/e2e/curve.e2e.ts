import { expect, test } from 'vitest';
import { settled } from './appState';
import { pageErrors, withBrowser } from './browser';

const { openPage } = withBrowser();

test('the school curve: points in the chart and the table; a clicked point becomes a scenario with its budget and its plan', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  // Schools alone, and a short time limit, which bounds the whole curve.
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  const limit = page.locator('[data-testid="time-limit"]');
  await limit.fill('2');
  await limit.press('Tab');
  await page.click('[data-testid="curve-card"] > summary');
  await page.selectOption('[data-testid="curve-target"]', 'school');
  await page.fill('[data-testid="curve-points"]', '4');
  await page.click('[data-testid="curve-run"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="curve-csv"]:not([disabled])') !== null, null, { timeout: 15_000 });
  expect(await page.textContent('[data-testid="curve-progress"]')).toBe('4 / 4');

  const points = page.locator('[data-testid="curve-point"]');
  expect(await points.count()).toBe(4);
  const values = await points.evaluateAll((circles) => circles.map((c) => ({ budget: Number(c.getAttribute('data-budget')), share: Number(c.getAttribute('data-share')) })));
  expect(values[0].budget).toBe(0);
  for (let n = 1; n < values.length; n++) {
    expect(values[n].budget).toBeGreaterThan(values[n - 1].budget);
    expect(values[n].share).toBeGreaterThanOrEqual(values[n - 1].share - 1e-9);
  }
  expect(values[3].share).toBeGreaterThan(values[0].share);
  expect(await page.locator('[data-testid="curve-table"] tbody tr').count()).toBe(4);
  expect(Number(await page.getAttribute('[data-testid="curve-today"]', 'data-budget'))).toBe(52e9);
  // Proven, coverage stops growing at the full budget; in a 2 s limit more likely reached "by" a budget, and the cost said as at most.
  expect(await page.textContent('[data-testid="curve-saturation"]')).toMatch(/Coverage (stops growing at|reaches its maximum by)/);

  // The second point, by the keyboard: a new scenario with that school budget, its plan shown without solving.
  const scenarios = await page.locator('[data-testid="scenario-select"] option').count();
  await points.nth(1).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="scenario-select"] option').length === n + 1, scenarios);
  const name = await page.inputValue('[data-testid="scenario-name"]');
  expect(name).toMatch(/—/);
  expect(await settled(page)).not.toBe('error');
  const budget = await page.inputValue('[data-testid="budget-school"]');
  expect(Number(budget.replace(/[^\d.]/g, '')) * 1e9).toBeCloseTo(values[1].budget, -7);
  // The KPIs show the point's share for schools.
  const schoolShare = await page.locator('[data-testid="kpi-types"]').textContent();
  const shown = Number(/([\d.]+)%/.exec(schoolShare ?? '')?.[1]);
  expect(Math.abs(shown - values[1].share * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
  expect(Number(await page.getAttribute('[data-testid="map"]', 'data-sites-shown'))).toBeGreaterThan(0);
  expect(pageErrors(problems)).toEqual([]);
}, 25_000);
