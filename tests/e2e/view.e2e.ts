import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { ru } from '../../src/app/i18n/ru';
import { encodeShare, type SharedPlan } from '../../src/io/link/shareLink';
import type { BudgetCurve } from '../../src/plan/curve';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { fillNumber, settled, storedEntry } from './appState';
import { axeProblems } from './axe';
import { appUrl, pageErrors, screenshot, withBrowser } from './browser';

const { openPage } = withBrowser();

/** A plan made without solving (the page evaluates it): two schools, on a schools-only scenario with a small budget. */
function sharedLink(): Promise<string> {
  const base = defaultScenario('Schools for the council');
  const scenario: Scenario = {
    ...base,
    timeLimit: 60,
    facilities: {
      ...base.facilities,
      school: { ...base.facilities.school, budget: 15e9 },
      polyclinic: { ...base.facilities.polyclinic, enabled: false },
      container: { ...base.facilities.container, enabled: false },
    },
  };
  const plan: SharedPlan = { status: 'optimal', solver: 'highs', objective: 0, bound: 0, gap: 0, seconds: 1, open: { school: [[3, 1, 0], [17, 1, 0]] } };
  const point = (budget: number, share: number) => ({ budget, spent: budget, covered: share * 1000, demand: 1000, share, bound: share, gap: 0, status: 'optimal' as const, open: {} });
  const curve: BudgetCurve = { target: 'school', points: [point(0, 0.5), point(7.5e9, 0.6), point(15e9, 0.65)], fullBudget: 15e9, fullBudgetBound: 15e9, saturation: 15e9 };
  return encodeShare({ scenario, plan, curve });
}

/**
 * Everything the app keeps in this browser: localStorage, and every IndexedDB
 * database with all its stores' keys and values, as one string and its digest.
 */
function dumpStorage(page: Page): Promise<{ digest: string; summary: string[] }> {
  return page.evaluate(async () => {
    const local = Object.keys(localStorage).sort().map((key) => [key, localStorage.getItem(key)]);
    const summary = local.map(([key]) => `localStorage ${key}`);
    const databases = [];
    for (const { name, version } of (await indexedDB.databases()).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const stores = [];
      for (const store of [...db.objectStoreNames].sort()) {
        const all = <T,>(what: 'getAll' | 'getAllKeys') =>
          new Promise<T>((resolve, reject) => {
            const request = db.transaction(store, 'readonly').objectStore(store)[what]();
            request.onsuccess = () => resolve(request.result as T);
            request.onerror = () => reject(request.error);
          });
        const keys = await all<IDBValidKey[]>('getAllKeys');
        stores.push([store, keys, await all<unknown[]>('getAll')]);
        summary.push(`indexedDB ${name} v${version} ${store}: ${keys.length}`);
      }
      db.close();
      databases.push([name, version, stores]);
    }
    // Typed arrays (street graphs) as their bytes, so that any change shows.
    const text = JSON.stringify({ local, databases }, (_key, value) => (ArrayBuffer.isView(value) ? Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) : value));
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (b) => b.toString(16).padStart(2, '0')).join('');
    return { digest, summary };
  });
}

/** The storage once the app has stopped writing (two dumps half a second apart agree). */
async function quietStorage(page: Page) {
  let last = await dumpStorage(page);
  for (let tries = 0; tries < 20; tries++) {
    await page.waitForTimeout(500);
    const now = await dumpStorage(page);
    if (now.digest === last.digest) return now;
    last = now;
  }
  throw new Error(`the app kept writing to the browser's storage: ${last.summary.join('; ')}`);
}

test('a view-only link shows the plan without an editor, writes nothing to the viewer\'s browser, and "Make a copy" adds one scenario', async () => {
  const fragment = await sharedLink();
  // The viewer has a scenario of their own, saved in this browser.
  const { page, context, problems } = await openPage('/');
  await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown') !== null);
  await fillNumber(page, 'budget-school', '20');
  await expect.poll(() => storedEntry(page), { timeout: 20_000 }).not.toBeNull();
  const before = await quietStorage(page);
  expect(before.summary.some((line) => line.startsWith('indexedDB siting-planner v1 scenarios: 1'))).toBe(true);

  // From here on every request the page (and its workers) makes is recorded.
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await page.goto(appUrl(`/?view=1#${fragment}`));
  expect(await settled(page)).toBe('optimal');
  await page.locator('[data-testid="kpi-sites-opened"]').waitFor();
  expect(Number(await page.getAttribute('[data-testid="kpi-sites-opened"]', 'data-value'))).toBe(2);
  expect(await page.locator('[data-testid="map"]').isVisible()).toBe(true);
  expect(await page.locator('[data-testid="embed-city"]').textContent()).toBe('Almaty');
  await page.locator('[data-testid="kpi-districts"]').waitFor();
  // The link's curve, shown and not runnable.
  expect(await page.locator('[data-testid="curve-point"]').count()).toBe(3);
  expect(await page.locator('[data-testid="curve-run"]').count()).toBe(0);
  // No editor: nothing to solve, no budget, no scenario bar.
  for (const testid of ['editor', 'solve', 'budget', 'budget-school', 'scenario-select', 'share', 'reset']) expect(await page.locator(`[data-testid="${testid}"]`).count(), testid).toBe(0);
  // The language changes for this visit only.
  await page.selectOption('[data-testid="lang"]', 'ru');
  expect(await page.locator('[data-testid="make-copy"]').textContent()).toBe(ru.embed.makeCopy);
  await screenshot(page, 'view-only');
  expect(await axeProblems(page)).toEqual([]);
  const after = await dumpStorage(page);
  expect(after.summary).toEqual(before.summary);
  expect(after.digest).toBe(before.digest);

  // Make a copy: the ordinary link flow, and only now is anything saved.
  await page.click('[data-testid="make-copy"]');
  await page.locator('[data-testid="scenario-select"]').waitFor();
  expect(new URL(page.url()).search).toBe('');
  expect(await settled(page)).toBe('optimal');
  // Exactly one more: the viewer's own, then the copy (not the demo the page started with as well).
  expect(await page.locator('[data-testid="scenario-select"] option').allTextContents()).toEqual(['Almaty demo', expect.stringContaining('Schools for the council')]);
  await expect.poll(async () => (await storedEntry(page))?.scenario.name ?? null, { timeout: 20_000 }).toContain('Schools for the council');
  const copied = await quietStorage(page);
  expect(copied.summary.find((line) => line.startsWith('indexedDB siting-planner v1 scenarios'))).toBe('indexedDB siting-planner v1 scenarios: 2');

  // The share dialog offers the three: the link, the view-only link, the embed (with what it shows besides).
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-view-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const viewUrl = new URL(await page.inputValue('[data-testid="share-view-url"]'));
  expect(viewUrl.pathname).toBe('/siting/');
  expect(viewUrl.search).toBe('?view=1');
  await page.check('[data-testid="embed-show-districts"]');
  await page.check('[data-testid="embed-show-curve"]');
  expect(await page.inputValue('[data-testid="embed-snippet"]')).toMatch(/^<iframe src="[^"]+\/siting\/\?embed=1&show=districts,curve#s1\.[^"]+"/);
  await page.keyboard.press('Escape');

  // A solve loads the solver's wasm: the app under /siting/ asks for nothing at the server's root.
  await page.click('[data-testid="solve"]');
  await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 120_000 });
  const origin = new URL(appUrl()).origin;
  const own = requests.filter((url) => url.startsWith(origin)).map((url) => new URL(url).pathname);
  expect(own.filter((path) => !path.startsWith('/siting/'))).toEqual([]);
  expect(own.some((path) => path.startsWith('/siting/data/'))).toBe(true);
  expect(own.some((path) => /^\/siting\/assets\/planner\.worker[^/]*\.js$/.test(path))).toBe(true);
  expect(own.some((path) => /^\/siting\/assets\/[^/]+\.wasm$/.test(path))).toBe(true);
  expect(pageErrors(problems)).toEqual([]);
}, 240_000);

test('the embed shows the district table and the curve under its KPIs when asked, within its 960x540 frame', async () => {
  const fragment = await sharedLink();
  const { page, problems } = await openPage(`/?embed=1&show=districts,curve#${fragment}`, { viewport: { width: 960, height: 540 } });
  expect(await settled(page)).toBe('optimal');
  await page.locator('[data-testid="kpi-districts"]').waitFor();
  expect(await page.locator('[data-testid="kpi-districts"] tbody tr').count()).toBeGreaterThan(5);
  expect(await page.locator('[data-testid="curve-point"]').count()).toBe(3);
  expect(await page.locator('[data-testid="curve-run"]').count()).toBe(0);
  expect(await page.locator('[data-testid="editor"]').count()).toBe(0);
  expect(await page.getByText(en.embed.open).count()).toBe(1);
  // The frame does not scroll; the panel beside the map does.
  const sizes = await page.evaluate(() => {
    const panel = document.querySelector('.embed-panel')!;
    return { page: document.documentElement.scrollHeight, panel: panel.scrollHeight, shown: panel.clientHeight };
  });
  expect(sizes.page).toBeLessThanOrEqual(540);
  expect(sizes.panel).toBeGreaterThan(sizes.shown);
  await screenshot(page, 'embed-districts-curve-960x540');
  expect(await axeProblems(page)).toEqual([]);
  // A browser that never had the app: the embed (its map, city and streets read) created no database and stored nothing.
  await page.waitForFunction(() => document.querySelector('.leaflet-control-attribution')?.textContent?.includes('Streets'));
  const stored = () => page.evaluate(async () => ({ databases: (await indexedDB.databases()).map((d) => d.name), local: Object.keys(localStorage) }));
  expect(await stored()).toEqual({ databases: [], local: [] });

  // A view-only link without a plan says so, rather than "press Solve" where there is no Solve; still nothing stored.
  await page.goto(appUrl(`/?view=1#${await encodeShare({ scenario: defaultScenario('Plan to come'), plan: null })}`));
  await page.locator('[data-testid="view-no-plan"]').waitFor();
  expect(await page.locator('[data-testid="view-no-plan"]').textContent()).toBe(en.embed.noPlan);
  expect(await page.getByText(en.kpi.empty).count()).toBe(0);
  await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown') !== null);
  expect(await stored()).toEqual({ databases: [], local: [] });
  expect(pageErrors(problems)).toEqual([]);
}, 120_000);
