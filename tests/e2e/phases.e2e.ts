import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { settled } from './appState';
import { pageErrors, screenshot, withBrowser } from './browser';

const { openPage } = withBrowser();

async function schoolsByYear(page: Page, budgets: string[]) {
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  await page.check('[data-testid="phases-enabled"]');
  await page.selectOption('[data-testid="phases-years"]', String(budgets.length));
  for (const [t, budget] of budgets.entries()) {
    const field = page.locator(`[data-testid="year-budget-school-${t}"]`);
    await field.fill(budget);
    await field.press('Tab');
  }
}

const shown = (page: Page) => page.getAttribute('[data-testid="map"]', 'data-sites-shown').then(Number);

test('three yearly budgets give a schedule, and the year slider shows sites appearing year by year', async () => {
  const { page, problems } = await openPage('/');
  await schoolsByYear(page, ['5.2', '10.4', '5.2']);
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');

  // Sites of the same year, type and district share one row with their count.
  const rows = await page.locator('[data-testid="schedule-group"]').evaluateAll((groups) => groups.map((row) => ({ year: row.children[0].textContent, count: Number(row.getAttribute('data-count')) })));
  const sitesIn = (year: string) => rows.filter((row) => row.year === year).reduce((sum, row) => sum + row.count, 0);
  expect([sitesIn('2026'), sitesIn('2027'), sitesIn('2028')]).toEqual([1, 2, 1]);
  await page.locator('[data-testid="year-chart"]').waitFor();

  const slider = page.locator('[data-testid="year-slider"]');
  expect(await page.textContent('[data-testid="year-label"]')).toBe('2028');
  expect(await shown(page)).toBe(4);
  await slider.fill('0');
  expect(await page.textContent('[data-testid="year-label"]')).toBe('2026');
  expect(await shown(page)).toBe(1);
  await slider.fill('1');
  expect(await shown(page)).toBe(3);
  await screenshot(page, 'phases-2027');
  await slider.fill('2');
  expect(await shown(page)).toBe(4);
  expect(pageErrors(problems)).toEqual([]);
});

test('a district share the budgets cannot give is explained with the year and the district that holds the others back', async () => {
  const { page } = await openPage('/');
  await schoolsByYear(page, ['5.2', '5.2']);
  await page.check('[data-testid="fairness-enabled"]');
  const share = page.locator('[data-testid="fairness-share"]');
  await share.fill('70');
  await share.press('Tab');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('infeasible');
  const reasons = await page.locator('[data-testid="reasons"] li').allTextContents();
  // One line: the type, the year and the district that holds the others back in the plan that comes closest.
  expect(reasons).toHaveLength(1);
  expect(reasons[0]).toMatch(new RegExp(`^${en.type.school} in 202[67]: within the budget, no plan gives every district 70% at once\\. In the fairest plan found, .+ District gets [\\d.]+%, the furthest below its minimum\\.`));
});

test('a phased plan keeps its schedule through a share link', async () => {
  const { page } = await openPage('/');
  await schoolsByYear(page, ['5.2', '10.4', '5.2']);
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  const schedule = await page.locator('[data-testid="schedule"] tbody tr').allTextContents();
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const hash = new URL(await page.locator('[data-testid="share-url"]').inputValue()).hash;

  const { page: other } = await openPage(`/${hash}`);
  await other.selectOption('[data-testid="lang"]', 'en');
  expect(await settled(other)).toBe('optimal');
  expect(await other.locator('[data-testid="schedule"] tbody tr').allTextContents()).toEqual(schedule);
  await other.locator('[data-testid="year-slider"]').fill('0');
  expect(await shown(other)).toBe(1);
});
