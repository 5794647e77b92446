import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { ru } from '../../src/app/i18n/ru';
import { settled } from './appState';
import { axeProblems } from './axe';
import { pageErrors, screenshot, withBrowser } from './browser';
import { DESKTOP, horizontalOverflow, LAPTOP, PHONE, showView, solveSchools } from './layout';

const { openPage } = withBrowser();

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const percent = (share: number, digits: number) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: digits }).format(share);
const numberAttr = async (page: Page, selector: string, name: string) => Number(await page.getAttribute(selector, name));

/** The minutes chart and the routing comparison, close up, and the whole page with the chart scrolled into view. */
async function shots(page: Page, name: string) {
  await mkdir(resultsDir, { recursive: true });
  await page.locator('[data-testid="minutes-chart"]').scrollIntoViewIfNeeded();
  await screenshot(page, `${name}-chart-page`);
  await page.locator('[data-testid="minutes-chart"]').screenshot({ path: `${resultsDir}${name}-minutes.png` });
  await page.locator('.routing-compare').screenshot({ path: `${resultsDir}${name}-compare.png` });
}

test('the minutes chart shows the plan\'s walking minutes, and a recount by straight lines is compared district by district', async () => {
  const { page, problems } = await openPage('/', { viewport: DESKTOP });
  await solveSchools(page, 'en');
  await showView(page, 'results');

  // The demo is routed along streets: the chart says so and the distance row too.
  const chart = page.locator('[data-testid="minutes-chart"]');
  await chart.waitFor();
  expect(await chart.getAttribute('data-routing')).toBe('streets');
  expect(await chart.getAttribute('data-type')).toBe('school');
  expect(await page.textContent('[data-testid="minutes-title"]')).toBe(en.access.minutesStreets.replace('{type}', en.type.school));
  expect(await page.locator('[data-testid="kpi-types"]').textContent()).toContain(en.access.avgDistanceStreets);
  // One type: no type select; the numbers are for 15 minutes.
  expect(await page.locator('[data-testid="minutes-type"]').count()).toBe(0);
  expect(await page.locator('[data-testid="minutes-band"] option:checked').textContent()).toBe('within 15 min');

  // The city and the 8 districts, each with its shares at 15 minutes written as they are drawn.
  const rows = page.locator('[data-testid="minutes-row"]');
  expect(await rows.count()).toBe(9);
  const city = '[data-testid="minutes-row"][data-area="city"]';
  const after = await numberAttr(page, city, 'data-after');
  const before = await numberAttr(page, city, 'data-before');
  expect(after).toBeGreaterThanOrEqual(before);
  expect(after).toBeLessThanOrEqual(1);
  expect(before).toBeGreaterThan(0);
  expect(await page.textContent(`${city} [data-testid="minutes-after"]`)).toBe(percent(after, 0));
  expect(await page.textContent(`${city} [data-testid="minutes-before"]`)).toBe(percent(before, 0));
  // The city's share is its districts' shares weighted by their demand.
  const districts = await page.locator('[data-testid="minutes-row"]:not([data-area="city"])').evaluateAll((gs) => gs.map((g) => ({ after: Number(g.getAttribute('data-after')), demand: Number(g.getAttribute('data-demand')) })));
  const demand = districts.reduce((sum, d) => sum + d.demand, 0);
  expect(await numberAttr(page, city, 'data-demand')).toBeCloseTo(demand, 3);
  expect(districts.reduce((sum, d) => sum + d.after * d.demand, 0) / demand).toBeCloseTo(after, 9);
  // Farther bands hold at least as many people.
  const shares = await page.locator(`${city}`).getAttribute('data-after-bands');
  const bands = (shares ?? '').split(' ').map(Number);
  expect(bands).toHaveLength(4);
  for (let b = 1; b < 4; b++) expect(bands[b]).toBeGreaterThanOrEqual(bands[b - 1]);
  expect(bands[2]).toBe(after);
  // Another band rewrites the numbers.
  await page.selectOption('[data-testid="minutes-band"]', '0');
  expect(await page.textContent(`${city} [data-testid="minutes-after"]`)).toBe(percent(bands[0], 0));
  await page.selectOption('[data-testid="minutes-band"]', '2');
  // The hidden table has the city and every district.
  expect(await page.locator('[data-testid="minutes-table"] tbody tr').count()).toBe(9);

  // Recount with straight lines.
  const button = page.locator('[data-testid="compare-routing"]');
  expect(await button.textContent()).toContain(en.access.recountStraight);
  await button.click();
  const table = page.locator('[data-testid="routing-compare"]');
  await table.waitFor({ timeout: 90_000 });
  expect(await page.locator('[data-testid="routing-compare-error"]').count()).toBe(0);
  expect(await table.locator('[data-testid="routing-row"]').count()).toBe(8);
  expect(await table.locator('[data-testid="routing-total"]').count()).toBe(1);

  // The streets column is the shown plan: the districts table's shares and the type table's covered share.
  const compared = await table.locator('[data-testid="routing-row"]').evaluateAll((trs) => trs.map((tr) => ({ streets: Number(tr.getAttribute('data-streets')), straight: Number(tr.getAttribute('data-straight')), cells: [...tr.children].map((td) => td.textContent ?? '') })));
  const shown = await page.locator('[data-testid="kpi-districts"] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.children[1].firstChild?.textContent ?? '').trim()));
  expect(compared).toHaveLength(shown.length);
  for (const [d, row] of compared.entries()) {
    expect(percent(row.streets, 0)).toBe(shown[d]);
    expect(row.cells[1]).toBe(percent(row.streets, 1));
    expect(row.cells[2]).toBe(percent(row.straight, 1));
    expect(row.cells[3]).toMatch(/^([+−][\d,]+|0)$/);
  }
  const total = table.locator('[data-testid="routing-total"]');
  const totalStreets = Number(await total.getAttribute('data-streets'));
  const coveredRow = (await page.locator('[data-testid="kpi-types"] tr').nth(1).locator('td').nth(1).textContent()) ?? '';
  expect(coveredRow.startsWith(`${percent(totalStreets, 1)} `)).toBe(true);
  expect((await total.locator('td').nth(0).textContent())).toBe(percent(totalStreets, 1));
  const summary = (await page.textContent('[data-testid="routing-summary"]')) ?? '';
  expect(summary).toMatch(/^Schools, whole city: (straight lines count [\d,]+ (child|children) 6\u201117 (more|fewer) as covered|both ways count the same number covered) \([+−]?[\d.]+\u00a0pp\)\.$/);

  expect(await axeProblems(page)).toEqual([]);
  await shots(page, 'access-1400-en');
  for (const lang of ['ru', 'kk'] as const) {
    await page.selectOption('[data-testid="lang"]', lang);
    const catalogue = lang === 'ru' ? ru : kk;
    expect(await page.textContent('[data-testid="minutes-title"]')).toBe(catalogue.access.minutesStreets.replace('{type}', catalogue.type.school));
    await shots(page, `access-1400-${lang}`);
  }
  for (const [size, viewport] of [['1024', LAPTOP], ['390', PHONE]] as const) {
    await page.setViewportSize(viewport);
    await showView(page, 'results');
    for (const lang of ['en', 'ru', 'kk'] as const) {
      await page.selectOption('[data-testid="lang"]', lang);
      await shots(page, `access-${size}-${lang}`);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      // The chart fits its panel: nothing drawn wider than the figure.
      const fits = await page.evaluate(() => {
        const figure = document.querySelector('[data-testid="minutes-chart"]')!.getBoundingClientRect();
        return [...document.querySelectorAll('[data-testid="minutes-chart"] .minutes-plot span, [data-testid="minutes-chart"] .minutes-plot b')].every((t) => {
          const r = t.getBoundingClientRect();
          return r.left >= figure.left - 0.5 && r.right <= figure.right + 0.5;
        });
      });
      expect(fits).toBe(true);
    }
  }
  await page.selectOption('[data-testid="lang"]', 'en');

  // A new result takes the comparison away.
  await page.setViewportSize(DESKTOP);
  await page.click('[data-testid="solve"]');
  await table.waitFor({ state: 'detached', timeout: 90_000 });
  expect(await settled(page)).toBe('optimal');
  expect(await page.locator('[data-testid="routing-compare"]').count()).toBe(0);
  expect(pageErrors(problems)).toEqual([]);
});

test('with every type, the chart has a type select and the comparison a group of rows per type', async () => {
  const { page, problems } = await openPage('/', { viewport: DESKTOP });
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.fill('[data-testid="time-limit"]', '300');
  await page.press('[data-testid="time-limit"]', 'Tab');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  const types = await page.locator('[data-testid="minutes-type"] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(types).toEqual(['school', 'polyclinic', 'container']);
  await page.selectOption('[data-testid="minutes-type"]', 'polyclinic');
  expect(await page.getAttribute('[data-testid="minutes-chart"]', 'data-type')).toBe('polyclinic');
  expect(await page.textContent('[data-testid="minutes-title"]')).toBe(en.access.minutesStreets.replace('{type}', en.type.polyclinic));
  const city = '[data-testid="minutes-row"][data-area="city"]';
  expect(Number(await page.getAttribute(city, 'data-after'))).toBeGreaterThanOrEqual(Number(await page.getAttribute(city, 'data-before')));

  await page.click('[data-testid="compare-routing"]');
  const table = page.locator('[data-testid="routing-compare"]');
  await table.waitFor({ timeout: 90_000 });
  for (const type of types) {
    expect(await table.locator(`[data-testid="routing-row"][data-type="${type}"]`).count()).toBe(8);
    expect(await table.locator(`[data-testid="routing-total"][data-type="${type}"]`).count()).toBe(1);
  }
  expect(await page.locator('[data-testid="routing-summary"]').count()).toBe(3);
  await shots(page, 'access-1400-en-all-types');
  await page.selectOption('[data-testid="lang"]', 'ru');
  await shots(page, 'access-1400-ru-all-types');
  expect(pageErrors(problems)).toEqual([]);
});
