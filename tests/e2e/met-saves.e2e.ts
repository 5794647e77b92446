import type { Page } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { zipPackage } from '../../src/io/city/zip';
import { encodeShare, type SharedPlan } from '../../src/io/link/shareLink';
import { scenarioOn, type Scenario } from '../../src/plan/scenario';
import { trioCity } from '../unit/trio';
import { fillNumber, settled, storedEntry } from './appState';
import { pageErrors, withBrowser } from './browser';

const { openPage } = withBrowser();

const options = (page: Page) => page.locator('[data-testid="scenario-select"] option').allTextContents();
const solvedMark = (name: string) => `${name} · ${en.scenarios.solvedMark}`;

/** Every text the solve status line shows, in order (kept across reloads in sessionStorage). */
async function recordStatus(page: Page) {
  await page.context().addInitScript(() => {
    const seen = () => JSON.parse(sessionStorage.getItem('status-texts') ?? '[]') as string[];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="solve-status"]')?.textContent?.trim().split('·')[0].trim();
      if (text && seen().at(-1) !== text) sessionStorage.setItem('status-texts', JSON.stringify([...seen(), text]));
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

test('a solved plan and its curve survive a rename, an edit and its undo, a copy and a reload, and reopen without solving', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  // Schools only, and a short limit for each of the curve's points.
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  await fillNumber(page, 'time-limit', '10');
  await page.click('[data-testid="solve"]');
  const status = await settled(page);
  expect(['optimal', 'timeout']).toContain(status);
  const statusText = (await page.textContent('[data-testid="solve-status"]'))!.split('·')[0].trim();
  const sites = await page.getAttribute('[data-testid="kpi-sites-opened"]', 'data-value');
  expect(await options(page)).toEqual([solvedMark('Almaty demo')]);

  // The curve (item 8): three points.
  await page.click('[data-testid="curve-card"] > summary');
  await page.selectOption('[data-testid="curve-target"]', 'school');
  await page.fill('[data-testid="curve-points"]', '3');
  await page.click('[data-testid="curve-run"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="curve-csv"]:not([disabled])') !== null, null, { timeout: 60_000 });
  const curve = await page.locator('[data-testid="curve-point"]').evaluateAll((circles) => circles.map((c) => c.getAttribute('data-budget')));
  expect(curve).toHaveLength(3);

  // A rename keeps the plan.
  await page.fill('[data-testid="scenario-name"]', 'Schools');
  await page.press('[data-testid="scenario-name"]', 'Enter');
  expect(await options(page)).toEqual([solvedMark('Schools')]);

  // An edit makes the plan stale (said in the list and under Solve); its undo makes it current again.
  const budget = await page.inputValue('[data-testid="budget-school"]');
  await fillNumber(page, 'budget-school', '26');
  expect(await options(page)).toEqual([`Schools · ${en.scenarios.staleMark}`]);
  expect(await page.locator('.solve-panel .stale').textContent()).toBe(en.solve.stale);
  await fillNumber(page, 'budget-school', budget);
  expect(await options(page)).toEqual([solvedMark('Schools')]);
  expect(await page.locator('.solve-panel .stale').count()).toBe(0);
  // Plan year by year, ticked and unticked.
  await page.check('[data-testid="phases-enabled"]');
  await page.uncheck('[data-testid="phases-enabled"]');
  expect(await options(page)).toEqual([solvedMark('Schools')]);

  // A copy comes out solved, and Compare has two plans.
  await page.click('[data-testid="duplicate"]');
  expect(await options(page)).toEqual([solvedMark('Schools'), solvedMark('Schools (copy)')]);
  await page.click('[data-testid="compare"]');
  await page.locator('[data-testid="compare-table"]').waitFor();
  // The comparison as slides (issue 22): the deck has a slide of the two scenarios side by side, with their maps.
  const [deck] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="compare-pptx"]')]);
  const parts = unzipSync(new Uint8Array(Buffer.concat(await (await deck.createReadStream()).toArray())));
  const slideTexts = Object.keys(parts).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).map((name) => strFromU8(parts[name]));
  const side = slideTexts.find((xml) => xml.includes('Schools (copy)'));
  expect(side, 'a slide names the copy').toBeDefined();
  expect(side!.match(/<p:pic>/g)?.length).toBe(2);
  await page.keyboard.press('Escape');
  await page.selectOption('[data-testid="scenario-select"]', { index: 0 });
  expect(await settled(page)).toBe(status);

  // After a reload: the same plan, shown at once as it was proven (its sites evaluated again behind it), never solved again; the curve is back.
  await expect.poll(async () => ((await storedEntry(page)) as { curve?: unknown } | null)?.curve !== undefined, { timeout: 10_000 }).toBe(true);
  await recordStatus(page);
  await page.reload();
  await page.locator('[data-testid="notice"]', { hasText: 'restored' }).waitFor();
  expect(await settled(page)).toBe(status);
  expect(await options(page)).toEqual([solvedMark('Schools'), solvedMark('Schools (copy)')]);
  expect((await page.textContent('[data-testid="solve-status"]'))!.split('·')[0].trim()).toBe(statusText);
  expect(await page.getAttribute('[data-testid="kpi-sites-opened"]', 'data-value')).toBe(sites);
  const texts: string[] = await page.evaluate(() => JSON.parse(sessionStorage.getItem('status-texts') ?? '[]'));
  expect(texts.filter((text) => text !== en.solve.status.idle)).toEqual([statusText]);
  expect(await page.locator('[data-testid="curve-point"]').evaluateAll((circles) => circles.map((c) => c.getAttribute('data-budget')))).toEqual(curve);
  expect(await page.textContent('[data-testid="curve-progress"]')).toBe('3 / 3');
  expect(await page.locator('[data-testid="curve-shared"]').count()).toBe(0);
  expect(pageErrors(problems)).toEqual([]);
}, 180_000);

test('an edit made just before a reload is kept, and another tab\'s save of the same scenario is said', async () => {
  const { page, context } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.fill('[data-testid="scenario-name"]', 'Both tabs');
  await page.press('[data-testid="scenario-name"]', 'Enter');
  await expect.poll(async () => (await storedEntry(page))?.scenario?.name).toBe('Both tabs');
  const other = await context.newPage();
  await other.goto(page.url());
  await other.selectOption('[data-testid="lang"]', 'en');
  await other.locator('[data-testid="notice"]', { hasText: 'restored' }).waitFor();

  // Reloaded at once, before the save's frame: the edit is still there.
  await page.selectOption('[data-testid="objective"]', 'minCost');
  await page.reload();
  await page.locator('[data-testid="notice"]', { hasText: 'restored' }).waitFor();
  expect(await page.inputValue('[data-testid="objective"]')).toBe('minCost');

  // The other tab holds the same scenario: it is told that this tab saved it.
  await other.locator('[data-testid="notice"]', { hasText: 'Another tab' }).waitFor({ timeout: 10_000 });
  expect(await other.locator('[data-testid="notice"]').textContent()).toContain('Both tabs');
});

test('a link to a city this browser lacks opens the shared scenario, with its plan, once the city\'s package is imported', async () => {
  const trio = trioCity().files;
  const zip = Buffer.from(zipPackage(Object.fromEntries(Object.entries(trio).map(([name, value]) => [name, new TextEncoder().encode(JSON.stringify(value))]))));
  const base = scenarioOn('city:trio', {}, 'Trio plan');
  const scenario: Scenario = { ...base, facilities: { ...base.facilities, polyclinic: { ...base.facilities.polyclinic, enabled: false }, container: { ...base.facilities.container, enabled: false } } };
  const plan: SharedPlan = { status: 'optimal', solver: 'highs', objective: 1, bound: 1, gap: 0, seconds: 1, open: { school: [[0, 1, 0]] } };
  const hash = await encodeShare({ scenario, plan, city: { en: 'Trio', ru: 'Трио', kk: 'Трио' } });

  const { page, problems } = await openPage(`/#${hash}`);
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.locator('[data-testid="city-unknown"]').waitFor();
  await page.setInputFiles('[data-testid="city-unknown-import"]', { name: 'trio.city.zip', mimeType: 'application/zip', buffer: zip });
  await page.locator('[data-testid="city-unknown"]').waitFor({ state: 'detached' });
  await page.locator('[data-testid="notice"]', { hasText: 'trio.city.zip' }).waitFor();
  expect(await page.inputValue('[data-testid="scenario-name"]')).toBe('Trio plan (shared)');
  expect(await page.textContent('[data-testid="notice"]')).toContain(en.city.importedForScenario.replace('{name}', 'Trio').replace('{file}', 'trio.city.zip'));
  expect(await options(page)).toEqual(['Almaty demo', solvedMark('Trio plan (shared)')]);
  expect(await settled(page)).toBe('optimal');
  expect(await page.getAttribute('[data-testid="kpi-sites-opened"]', 'data-value')).toBe('1');
  // The result just evaluated is kept with the plan: the next visit shows it at once.
  await expect.poll(async () => ((await storedEntry(page)) as { result?: unknown } | null)?.result !== undefined).toBe(true);
  expect(pageErrors(problems)).toEqual([]);
});
