import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { withBrowser } from './browser';
import { PHONE, showView, solveSchools } from './layout';

const { openPage } = withBrowser();
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/**
 * Runs axe-core in the page. The built page's CSP (script-src 'self') blocks an
 * injected <script>, so the source is evaluated through the DevTools protocol,
 * which the page's policy does not govern.
 */
async function axe(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
}

/** No critical or serious violation, and none of the rules the issue found broken. */
function expectClean(violations: Violation[], where: string) {
  const named = ['select-name', 'color-contrast', 'scrollable-region-focusable', 'landmark-unique', 'region'];
  const bad = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious' || named.includes(v.id));
  expect(bad, where).toEqual([]);
}

const activeInside = (page: Page, selector: string) => page.evaluate((s) => document.querySelector(s)?.contains(document.activeElement) ?? false, selector);
const activeTestid = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

test('axe-core finds no critical or serious violation on the solved page, with the dialogs, the legend and the phases and fairness cards open, and in the embed view', async () => {
  const { page } = await openPage('/');
  await solveSchools(page);
  const legend = page.locator('[data-testid="legend"]');
  if ((await legend.getAttribute('open')) === null) await legend.locator('summary').click();
  expectClean(await axe(page), 'solved page');

  // A solved copy, so that Compare has two plans.
  await page.click('[data-testid="duplicate"]');
  await page.click('[data-testid="compare"]');
  await page.locator('[data-testid="compare-table"]').waitFor();
  expectClean(await axe(page), 'compare dialog');
  await page.keyboard.press('Escape');

  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '') !== '');
  expectClean(await axe(page), 'share dialog');
  const link = new URL(await page.inputValue('[data-testid="share-url"]'));
  await page.keyboard.press('Escape');

  // The read-only view for slides, in its 960 x 540 frame.
  const embed = await page.context().newPage();
  await embed.setViewportSize({ width: 960, height: 540 });
  await embed.goto(`${link.origin}${link.pathname}?embed=1${link.hash}`);
  await embed.locator('[data-testid="kpi-covered-share"]').waitFor();
  expectClean(await axe(embed), 'embed view');
  await embed.close();

  // The cards open, and the plan shown is now stale (its message was at 2.84:1).
  await page.check('[data-testid="phases-enabled"]');
  await page.check('[data-testid="fairness-enabled"]');
  await page.locator('.stale').waitFor();
  expectClean(await axe(page), 'phases and fairness open');
});

test('axe-core finds no critical or serious violation on a phone, in every tab', async () => {
  const { page } = await openPage('/', { viewport: PHONE });
  await solveSchools(page);
  for (const view of ['map', 'editor', 'results'] as const) {
    await showView(page, view);
    expectClean(await axe(page), view);
  }
});

test('the Share and Compare dialogs take the focus, keep it, close on Escape and give it back', async () => {
  const { page } = await openPage('/');
  await solveSchools(page);
  await page.click('[data-testid="duplicate"]');

  for (const [opener, dialog] of [['share', 'share-dialog'], ['compare', 'compare-dialog']]) {
    await page.focus(`[data-testid="${opener}"]`);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="${dialog}"]`).waitFor();
    if (dialog === 'compare-dialog') await page.locator('[data-testid="compare-table"]').waitFor();
    expect(await activeInside(page, `[data-testid="${dialog}"]`), `${dialog} opened`).toBe(true);
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press('Tab');
      expect(await activeInside(page, `[data-testid="${dialog}"]`), `${dialog} Tab ${k}`).toBe(true);
    }
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press('Shift+Tab');
      expect(await activeInside(page, `[data-testid="${dialog}"]`), `${dialog} Shift+Tab ${k}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    expect(await page.locator(`[data-testid="${dialog}"]`).count()).toBe(0);
    expect(await activeTestid(page)).toBe(opener);
  }
});

test('the Export and Import menus close on Escape and give the focus back to their button', async () => {
  const { page } = await openPage('/');
  await page.locator('[data-testid="map"]').waitFor();
  for (const menu of ['export', 'import']) {
    await page.focus(`[data-testid="${menu}"]`);
    await page.keyboard.press('Enter');
    expect(await page.evaluate((m) => (document.querySelector(`[data-testid="${m}"]`)!.parentElement as HTMLDetailsElement).open, menu)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate((m) => document.querySelector(`[data-testid="${m}"]`)!.parentElement!.contains(document.activeElement), menu)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.evaluate((m) => (document.querySelector(`[data-testid="${m}"]`)!.parentElement as HTMLDetailsElement).open, menu)).toBe(false);
    expect(await activeTestid(page)).toBe(menu);
  }
});

test('the districts\' "before" figures are text in their cells, not only a hover title', async () => {
  const { page } = await openPage('/');
  await solveSchools(page);
  const cells = await page.locator('[data-testid="kpi-districts"] tbody td:not(:first-child)').allTextContents();
  expect(cells.length).toBe(8);
  for (const text of cells) expect(text).toMatch(new RegExp(`${en.kpi.before}\\s+\\d+(\\.\\d)?%`));
});
