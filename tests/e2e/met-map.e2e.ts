import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { longDate } from '../../src/app/i18n/date';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { osmPbf } from '../../scripts/osmPbfWriter';
import { TRIO_CENTRE, trioOsm, trioPopulationTiff } from '../unit/trio';
import { importText, settled } from './appState';
import { pageErrors, withBrowser } from './browser';
import { solveSchools } from './layout';

/**
 * What planners met on the map, its legend, its credits and the picture
 * (issue 24, items 2, 5, 13, 15, 16, 20): two pages, one on a city built
 * here from an OpenStreetMap extract, one on the demo solved for schools only.
 */
const { openPage } = withBrowser();

const attributionText = (page: Page) => page.locator('.leaflet-control-attribution').textContent().then((text) => text ?? '');
const streetsShown = (page: Page) => page.getAttribute('[data-testid="map"]', 'data-streets-shown').then(Number);

/** The streets layer on, once the city's graph has come (the switch appears with it). */
async function showStreets(page: Page): Promise<void> {
  await page.locator('[data-testid="streets-layer"]').waitFor({ timeout: 60_000 });
  await page.check('[data-testid="streets-layer"]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-streets-shown')) > 0);
}

test("a city built here keeps its own streets, their credit and its own legend words after the app reopens", async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
  // The demo's streets (OpenStreetMap of 2012: CC BY-SA 2.0) are read on this first visit, as a planner's would be.
  await page.waitForFunction((old) => document.querySelector('.leaflet-control-attribution')?.textContent?.includes(old), en.streets.licenceOld, { timeout: 60_000 });

  const raster = trioPopulationTiff();
  await page.click('[data-testid="city-menu"]');
  await page.click('[data-testid="city-new"]');
  await page.fill('[data-testid="city-name-en"]', 'Trio');
  await page.setInputFiles('[data-testid="city-osm"]', { name: 'trio.osm.pbf', mimeType: 'application/octet-stream', buffer: Buffer.from(osmPbf(trioOsm())) });
  await page.check('[data-testid="city-boundaries-from-osm"]');
  await page.locator('[data-testid="city-admin-level"]').waitFor();
  await page.selectOption('[data-testid="city-admin-level"]', '9');
  await page.setInputFiles('[data-testid="city-population"]', { name: 'worldpop.tif', mimeType: 'image/tiff', buffer: Buffer.from(raster) });
  await page.check('[data-testid="city-facilities-osm"]');
  await page.click('[data-testid="city-draft"]');
  await page.locator('[data-testid="city-review"]').waitFor({ timeout: 60_000 });
  await page.click('[data-testid="city-save"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement).value === 'city:trio');
  await showStreets(page);
  const trioSegments = await streetsShown(page);

  /** The map of the trio: its streets drawn, credited as ODbL, and a legend without Almaty's words. */
  const expectTrio = async (when: string) => {
    const credits = await attributionText(page);
    // The extract's ODbL, once: the city's own credits name it, so the streets' line is not repeated (item 4).
    expect(credits, when).toMatch(/ODbL/);
    expect(credits.match(/OpenStreetMap/g) ?? [], when).toHaveLength(1);
    expect(credits, when).not.toContain(en.streets.licenceOld);
    expect(credits, when).not.toMatch(/CC BY-SA/);
    expect(await streetsShown(page), when).toBe(trioSegments);
    const legend = (await page.textContent('[data-testid="legend"]')) ?? '';
    expect(legend, when).toContain(en.map.healthExisting);
    expect(legend, when).not.toContain(en.map.health);
    expect(legend, when).not.toContain('mountains');
  };
  await expectTrio('as built');

  // Reopened: the demo's scenario is active for a moment before the saved ones come back, and asks for the demo's streets.
  await page.reload();
  await page.waitForFunction(() => (document.querySelector('[data-testid="city"]') as HTMLSelectElement | null)?.value === 'city:trio');
  await showStreets(page);
  // The city's own credits come with its data, a moment after the choice shows it (on a busy machine, after the first read).
  // Its streets come apart, after them: until they do, the demo's streets asked for first may be credited beside it
  // (a fresh-clone run of the suite saw the trio's line and the demo streets' line together at the first look).
  await page.waitForFunction(() => {
    const text = document.querySelector('.leaflet-control-attribution')?.textContent ?? '';
    return /ODbL/.test(text) && (text.match(/OpenStreetMap/g) ?? []).length === 1;
  }, null, { timeout: 15_000 });
  // Both street networks have been asked for; whichever the worker answers last, the trio's stays.
  for (let k = 0; k < 8; k++) {
    await expectTrio(`reopened, after ${k * 0.5} s`);
    await page.waitForTimeout(500);
  }

  // Its school layer, replaced by an import, is the city's, not a demo's.
  await importText(page, 'existing', 'schools.csv', ['name,type,lat,lon,capacity', `School A,school,${TRIO_CENTRE[1] + 0.018},${TRIO_CENTRE[0]},500`].join('\n'));
  const notice = page.locator('[data-testid="notice"]', { hasText: 'schools.csv: ' });
  await notice.waitFor();
  expect(await notice.textContent()).toMatch(/they replace the city's \d+ schools?\./);
  expect(await notice.textContent()).not.toContain('demo');
  expect(pageErrors(problems)).toEqual([]);
});

/** Every text the page draws on a canvas from now on (the picture's), in order. */
function recordCanvasTexts(page: Page): Promise<void> {
  return page.evaluate(() => {
    const texts: string[] = [];
    (window as unknown as { canvasTexts: string[] }).canvasTexts = texts;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
      texts.push(text);
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  });
}

async function exportPng(page: Page): Promise<string[]> {
  await page.evaluate(() => ((window as unknown as { canvasTexts: string[] }).canvasTexts.length = 0));
  await page.click('[data-testid="export"]');
  await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-png"]')]);
  return page.evaluate(() => [...(window as unknown as { canvasTexts: string[] }).canvasTexts]);
}

const sitesShown = (page: Page) => page.getAttribute('[data-testid="map"]', 'data-sites-shown').then(Number);
const sitesOpened = (page: Page) => page.getAttribute('[data-testid="kpi-sites-opened"]', 'data-value').then(Number);

test("the demo: the picture's words, Compare's overlay leaving with its scenario, and imports that say what they do", async () => {
  const { page, problems } = await openPage('/');
  await recordCanvasTexts(page);
  // A budget the plan does not spend to the tenge: its cost and the budget need the same decimals.
  await page.fill('[data-testid="budget-school"]', '50');
  await page.press('[data-testid="budget-school"]', 'Tab');
  await solveSchools(page, 'kk');
  const planned = await sitesOpened(page);

  // The picture in Kazakh: the date in Kazakh, cost and budget in one precision, the street network credited.
  const texts = await exportPng(page);
  const date = kk.image.date.replace('{date}', longDate(new Date(), 'kk'));
  expect(texts).toContain(date);
  const costLine = texts.find((text) => text.startsWith(kk.image.cost.slice(0, 5)));
  expect(costLine, texts.join(' | ')).toBeDefined();
  const amounts = [...costLine!.matchAll(/(\d[\d\s\u00a0]*(?:,(\d+))?)\s*(млрд|млн)/g)];
  expect(amounts, costLine).toHaveLength(2);
  expect(amounts[0][2]?.length ?? 0, costLine).toBe(amounts[1][2]?.length ?? 0);
  expect(amounts[0][3], costLine).toBe(amounts[1][3]);
  expect(texts.some((text) => text.includes(kk.streets.licenceOld)), texts.join(' | ')).toBe(true);

  // A copy with a smaller budget, solved; Compare shows it on the map over the first scenario.
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.click('[data-testid="duplicate"]');
  await page.fill('[data-testid="budget-school"]', '10');
  await page.press('[data-testid="budget-school"]', 'Tab');
  await page.click('[data-testid="solve"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-sites-opened"]')?.getAttribute('data-value') !== String(n), planned, { timeout: 90_000 });
  expect(await settled(page)).toBe('optimal');
  const copy = await sitesOpened(page);
  expect(copy).not.toBe(planned);
  await page.selectOption('[data-testid="scenario-select"]', { index: 0 });
  await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-sites-opened"]')?.getAttribute('data-value') === String(n), planned);
  const showCopy = async () => {
    await page.click('[data-testid="compare"]');
    await page.locator('[data-testid="compare-table"]').waitFor();
    await page.locator('[data-testid="compare-table"] th button', { hasText: en.compare.show }).nth(1).click();
    await page.locator('[data-testid="compare-banner"]').waitFor();
    expect(await sitesShown(page)).toBe(copy);
  };
  await showCopy();
  // Another scenario: the overlay goes, and the map shows that scenario's own plan, as its results do.
  await page.selectOption('[data-testid="scenario-select"]', { index: 1 });
  await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-sites-opened"]')?.getAttribute('data-value') === String(n), copy);
  await page.selectOption('[data-testid="scenario-select"]', { index: 0 });
  await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-sites-opened"]')?.getAttribute('data-value') === String(n), planned);
  expect(await page.locator('[data-testid="compare-banner"]').count()).toBe(0);
  expect(await sitesShown(page)).toBe(planned);

  // A new solve shows its own plan, on the map as in the results.
  await showCopy();
  await page.click('[data-testid="solve"]');
  // The solve starts (a quick one may already have ended), then ends.
  await page.waitForFunction(() => document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') === 'running', null, { timeout: 5000 }).catch(() => undefined);
  expect(await settled(page)).toBe('optimal');
  expect(await page.locator('[data-testid="compare-banner"]').count()).toBe(0);
  expect(await sitesShown(page)).toBe(await sitesOpened(page));

  // An import too puts the scenario's own map back. Real polyclinics are no stand-ins, and the private schools leaving with the school layer are said.
  await showCopy();
  const csv = ['name,type,lat,lon,capacity', 'School 1,school,43.25,76.91,900', 'Polyclinic 1,polyclinic,43.24,76.9,'].join('\n');
  expect(await page.textContent('[data-testid="legend"]')).toContain(en.map.health);
  await importText(page, 'existing', 'facilities.csv', csv);
  const notice = page.locator('[data-testid="notice"]', { hasText: 'facilities.csv: ' });
  await notice.waitFor();
  expect(await notice.textContent()).toContain('the 152 private schools shown on the map');
  expect(await page.locator('[data-testid="compare-banner"]').count()).toBe(0);
  await page.waitForFunction((text) => document.querySelector('[data-testid="legend"]')?.textContent?.includes(text), en.map.healthExisting);
  expect(await page.textContent('[data-testid="legend"]')).not.toContain(en.map.health);

  // Two problems of one file: one per line, read as text too.
  await page.selectOption('[data-testid="lang"]', 'ru');
  await importText(page, 'demand', 'text-in-number.csv', 'lat,lon,pop\n43.2,76.9,100\n43.2,76.9,many\n43.2,76.9,lots\n');
  const listed = page.locator('[data-testid="import-problems"]');
  await listed.waitFor();
  const lines = ((await listed.textContent()) ?? '').split('\n').filter((line) => line.includes('text-in-number.csv, '));
  expect(lines, await listed.textContent() ?? '').toHaveLength(2);
  for (const line of lines) expect(line.match(/не число/g), line).toHaveLength(1);
  expect(pageErrors(problems)).toEqual([]);
});
