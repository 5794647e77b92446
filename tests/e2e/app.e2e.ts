import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { ru } from '../../src/app/i18n/ru';
import { defaultScenario } from '../../src/plan/scenario';
import { storedScenario } from './appState';
import { pageErrors, screenshot, withBrowser } from './browser';
import type { Page } from 'playwright-core';

const { openPage } = withBrowser();

const status = (page: Page) => page.getAttribute('[data-testid="solve-status"]', 'data-status');

async function waitForEnd(page: Page, timeout = 90_000): Promise<string | null> {
  await page.waitForFunction(() => document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') !== 'running', null, { timeout });
  return status(page);
}

async function kpi(page: Page, name: string): Promise<number> {
  return Number(await page.getAttribute(`[data-testid="kpi-${name}"]`, 'data-value'));
}

test('the demo opens on Almaty with its layers and a legend', async () => {
  const { page, problems } = await openPage('/');
  await page.locator('[data-testid="map"]').waitFor();
  await page.locator('[data-testid="legend"]').waitFor();
  expect(await page.locator('[data-testid="legend"]').textContent()).toContain(en.map.overloaded);
  expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('OpenStreetMap');
  expect(await page.locator('[data-testid="lang"] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['kk', 'ru', 'en']);
  expect(await status(page)).toBe('idle');
  expect(pageErrors(problems)).toEqual([]);
});

test('Solve on the default scenario gives a plan within the budget, with its KPIs', async () => {
  const { page, problems } = await openPage('/');
  await page.click('[data-testid="solve"]');
  // A first plan is on the screen while the solver still works, and says so.
  await page.locator('[data-testid="first-plan"]').waitFor({ timeout: 30_000 });
  expect(await status(page)).toBe('running');
  const firstShare = await kpi(page, 'covered-share');
  expect(firstShare).toBeGreaterThan(0);
  expect(Number(await page.getAttribute('[data-testid="first-plan"]', 'data-seconds'))).toBeGreaterThan(0);
  await screenshot(page, 'first-plan');
  expect(await waitForEnd(page)).toBe('optimal');
  expect(await page.locator('[data-testid="first-plan"]').count()).toBe(0);
  const share = await kpi(page, 'covered-share');
  expect(share).toBeGreaterThanOrEqual(firstShare - 1e-9);
  const cost = await kpi(page, 'total-cost');
  const sites = await kpi(page, 'sites-opened');
  const scenario = defaultScenario();
  const budget = scenario.facilities.school.budget + scenario.facilities.polyclinic.budget + scenario.facilities.container.budget;
  expect(share).toBeGreaterThan(0);
  expect(share).toBeLessThanOrEqual(1);
  expect(cost).toBeGreaterThan(0);
  expect(cost).toBeLessThanOrEqual(budget);
  expect(sites).toBeGreaterThan(0);
  // The numbers on the screen are the same plan: the share is printed as a percentage.
  const shown = await page.locator('[data-testid="kpi-covered-share"] .kpi-value').textContent();
  expect(shown).toBe(`${(Math.round(share * 1000) / 10).toFixed(1)}%`);
  expect(await page.locator('[data-testid="kpi-districts"] tbody tr').count()).toBe(8);
  await screenshot(page, 'solved-default');
  expect(pageErrors(problems)).toEqual([]);
});

test('Cancel stops a solve at once, and the next solve still succeeds', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.click('[data-testid="solve"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') === 'running');
  await page.waitForTimeout(300);
  await page.click('[data-testid="cancel"]');
  expect(await status(page)).toBe('cancelled');
  // A first plan that came before the cancel stays as the answer with its proven gap (issue 23), no longer
  // labelled a first plan; without one, nothing is shown. (This asserted the label once, and failed whenever
  // the first plan came within the 300 ms.)
  const kept = await page.locator('[data-testid="kpi-total-cost"]').count();
  expect(await page.locator('[data-testid="first-plan"]').count()).toBe(0);
  if (kept > 0) expect(await page.locator('[data-testid="solve-status"]').textContent()).toContain(en.solve.provenGap.split(' {gap}')[0]);
  await page.click('[data-testid="solve"]');
  expect(await waitForEnd(page)).toBe('optimal');
  expect(await kpi(page, 'sites-opened')).toBeGreaterThan(0);
  expect(pageErrors(problems)).toEqual([]);
});

test('switching the language changes the labels', async () => {
  const { page } = await openPage('/');
  const solveButton = page.locator('[data-testid="solve"]');
  await page.selectOption('[data-testid="lang"]', 'en');
  expect(await solveButton.textContent()).toBe(en.solve.solve);
  await page.selectOption('[data-testid="lang"]', 'ru');
  expect(await solveButton.textContent()).toBe(ru.solve.solve);
  expect(await page.locator('[data-testid="solve-status"]').textContent()).toContain(ru.solve.status.idle);
  await page.selectOption('[data-testid="lang"]', 'kk');
  expect(await solveButton.textContent()).toBe(kk.solve.solve);
  expect(await page.locator('[data-testid="legend"]').textContent()).toContain(kk.map.legend);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
});

test('a reload keeps an edited budget', async () => {
  const { page } = await openPage('/');
  const field = page.locator('[data-testid="budget-school"]');
  await field.fill('31.2');
  await field.press('Tab');
  // Saved within a moment (after the next frame, so the edit is on the screen first); a busy test machine may take longer than the reload.
  for (let tries = 0; tries < 100 && Math.abs(((await storedScenario(page))?.facilities.school.budget ?? 0) - 31.2e9) > 1; tries++) await page.waitForTimeout(100);
  await page.reload();
  await page.locator('[data-testid="budget-school"]').waitFor();
  expect(await page.locator('[data-testid="budget-school"]').inputValue()).toBe('31.2');
  expect((await storedScenario(page)).facilities.school.budget).toBeCloseTo(31.2e9, 0);
});

test('a bad value is refused with a message naming the field and the value, and the scenario keeps the old one', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const field = page.locator('[data-testid="budget-school"]');
  await field.fill('-5');
  await field.press('Tab');
  const alert = page.locator('[role="alert"]').first();
  await alert.waitFor();
  expect(await alert.textContent()).toContain('-5');
  expect(await alert.textContent()).toContain(en.editor.typeBudget);
  const stored = await storedScenario(page);
  expect(stored === null || stored.facilities.school.budget === 52e9).toBe(true);
});

test('Reset to demo is one click, and Undo brings the edited scenario back', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.selectOption('[data-testid="objective"]', 'minTravel');
  await page.click('[data-testid="reset"]');
  expect(await page.locator('[data-testid="objective"]').inputValue()).toBe('maxCoverage');
  expect(await page.locator('[data-testid="notice"]').textContent()).toContain(en.app.resetDone);
  await page.click('[data-testid="undo"]');
  expect(await page.locator('[data-testid="objective"]').inputValue()).toBe('minTravel');
});

test('a click on the map adds a candidate site that the next plan can use', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.selectOption('[data-testid="add-candidate"]', 'school');
  const map = page.locator('[data-testid="map"]');
  const box = (await map.boundingBox())!;
  // Just south-west of the centre of the fitted city view: inside a district, outside the mountains.
  await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.45);
  await page.locator('.edits').waitFor();
  expect(await page.locator('.edits').textContent()).toContain('1 added');
  // The save lands a moment later (IndexedDB, after the edit settles): on a busy machine the first read can precede it.
  await expect.poll(async () => (await storedScenario(page))?.candidates.added.length ?? 0, { timeout: 10_000 }).toBe(1);
  const added = (await storedScenario(page)).candidates.added;
  expect(added).toHaveLength(1);
  expect(added[0].type).toBe('school');
  expect(added[0].lat).toBeGreaterThan(43);
  expect(added[0].lat).toBeLessThan(43.5);
});
