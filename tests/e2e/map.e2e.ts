import type { Page } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { ru } from '../../src/app/i18n/ru';
import { EXISTING, SERVICE, typeLook } from '../../src/style/colours';
import { DEMO_TYPES } from '../../src/plan/presets';

const TYPE_COLOURS = Object.fromEntries(DEMO_TYPES.map((type) => [type, typeLook(type).colour]));
import { importText, settled } from './appState';
import { pixelOf } from './mapPixel';
import { pageErrors, screenshot, withBrowser } from './browser';
import { solveSchools } from './layout';

const { openPage } = withBrowser();

const EVIL_IMG = '<img src=x onerror="window.pwned=1">';
const EVIL_BOLD = '<b>bold</b>';

async function hover(page: Page, lat: number, lon: number) {
  const { x, y } = await pixelOf(page, lat, lon);
  await page.mouse.move(x - 20, y - 20);
  await page.mouse.move(x, y, { steps: 4 });
  // Leaflet's canvas drops a pointer move that comes within 32 ms of the one before: one more move, later, is the one it reads.
  await page.waitForTimeout(60);
  await page.mouse.move(x + 0.25, y);
}

test('names from a file reach tooltips and popups as text, never as elements', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const places = [
    { lon: 76.9, lat: 43.25, name: EVIL_IMG, type: 'school' },
    { lon: 76.95, lat: 43.23, name: EVIL_BOLD, type: 'school' },
    { lon: 76.88, lat: 43.27, name: EVIL_BOLD, type: 'polyclinic' },
  ];
  const features = places.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { name: p.name, type: p.type, capacity: 800 } }));
  await importText(page, 'existing', 'evil.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
  await page.locator('[data-testid="notice"]', { hasText: '2 schools and 1 polyclinic imported' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-existing-shown') === '3');

  // Candidate sites are drawn above the facilities; with container coverage shown, none are.
  await page.selectOption('[data-testid="coverage-type"]', 'container');
  for (const place of places) {
    const tooltip = page.locator('.leaflet-tooltip', { hasText: place.name });
    let shown = false;
    for (const nudge of [0, 0.0001, -0.0001]) {
      await hover(page, place.lat + nudge, place.lon);
      shown = await tooltip.waitFor({ timeout: 2000 }).then(() => true, () => false);
      if (shown) break;
    }
    expect(shown, `${place.name}; tooltips shown: ${(await page.locator('.leaflet-tooltip').allTextContents()).join(' | ')}`).toBe(true);
    expect(await tooltip.textContent()).toContain(place.name);
  }
  await solveSchools(page);
  await page.locator('.site-marker').first().click();
  await page.locator('.leaflet-popup').waitFor();

  expect(await page.locator('.leaflet-tooltip img, .leaflet-tooltip b, .leaflet-popup img, .leaflet-popup b, [data-testid="legend"] img').count()).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(pageErrors(problems)).toEqual([]);
});

test('a new site answers a click with its own popup, above the candidates, and districts name themselves', async () => {
  const { page, problems } = await openPage('/');
  await solveSchools(page);
  // Before any popup moves the view: a district shows its name under the pointer (a candidate may sit on the first point tried, so a few nearby are tried).
  // Points in the mountains, far from any cell or facility (1.5 km), so the district itself is under the pointer.
  for (const [lat, lon, name] of [
    [43.2, 77.0389, 'Medeu District'],
    [43.1381, 76.9293, 'Bostandyk District'],
  ] as const) {
    let named = false;
    for (const [dLat, dLon] of [[0, 0], [0.003, 0], [0, 0.004], [-0.003, 0], [0, -0.004], [0.003, 0.004]]) {
      await hover(page, lat + dLat, lon + dLon);
      named = await page
        .locator('.leaflet-tooltip', { hasText: name })
        .waitFor({ timeout: 1500 })
        .then(() => true, () => false);
      if (named) break;
    }
    expect(named, `${name}; tooltips shown: ${(await page.locator('.leaflet-tooltip').allTextContents()).join(' | ')}`).toBe(true);
  }

  const site = page.locator('[data-testid="map"] .site-marker').first();
  await site.click();
  const popup = page.locator('.leaflet-popup');
  await popup.waitFor();
  expect(await popup.textContent()).toContain(en.map.newSite.replace('{type}', 'school'));
  expect(await popup.textContent()).not.toContain(en.map.require);
  await screenshot(page, 'map-site-popup');
  expect(pageErrors(problems)).toEqual([]);
});

test('the legend is open where it fits and explains every colour on the map', async () => {
  const { page, problems } = await openPage('/');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.reload();
  await page.selectOption('[data-testid="lang"]', 'en');
  const legend = page.locator('[data-testid="legend"]');
  await legend.waitFor();
  expect(await legend.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
  const colours = await legend.locator('[data-colour]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-colour')));
  for (const colour of [...Object.values(SERVICE), ...Object.values(TYPE_COLOURS), ...Object.values(EXISTING)]) expect(colours).toContain(colour);
  // New sites have colours no coverage state uses.
  for (const colour of Object.values(TYPE_COLOURS)) expect(Object.values(SERVICE)).not.toContain(colour);
  await solveSchools(page);
  await screenshot(page, 'map-legend-1400x900');

  // The embed view for slides, in its 960 x 540 frame, keeps the legend open too.
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const hash = new URL(await page.locator('[data-testid="share-url"]').inputValue()).hash;
  const { page: embed } = await openPage(`/?embed=1${hash}`);
  await embed.setViewportSize({ width: 960, height: 540 });
  expect(await settled(embed)).toBe('optimal');
  const embedLegend = embed.locator('[data-testid="legend"]');
  await embedLegend.waitFor();
  await embed.waitForFunction(() => (document.querySelector('[data-testid="legend"]') as HTMLDetailsElement | null)?.open === true);
  await screenshot(embed, 'map-embed-960x540');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await legend.waitFor();
  const mapWidth = (await page.locator('[data-testid="map"]').boundingBox())!.width;
  if (mapWidth < 500) expect(await legend.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
  expect(pageErrors(problems)).toEqual([]);
});

test('switching phases or fairness on and back off leaves the plan current', async () => {
  const { page } = await openPage('/');
  await solveSchools(page);
  const stale = page.locator('.stale');
  expect(await stale.count()).toBe(0);
  await page.check('[data-testid="phases-enabled"]');
  await stale.waitFor();
  await page.uncheck('[data-testid="phases-enabled"]');
  expect(await stale.count()).toBe(0);
  await page.check('[data-testid="fairness-enabled"]');
  await stale.waitFor();
  await page.uncheck('[data-testid="fairness-enabled"]');
  expect(await stale.count()).toBe(0);
  // A new name is not a new problem either.
  const name = page.locator('[data-testid="scenario-name"]');
  await name.fill('Renamed');
  await name.press('Enter');
  expect(await stale.count()).toBe(0);
});

test('an opened link is named for where it came from and says it recomputes the shared plan', async () => {
  const { page } = await openPage('/');
  await solveSchools(page);
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const url = new URL(await page.locator('[data-testid="share-url"]').inputValue());

  const { page: other, context } = await openPage('/');
  await other.selectOption('[data-testid="lang"]', 'en');
  // Records every text of the status line, however briefly it shows.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { statusTexts: string[] }).statusTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="solve-status"]')?.textContent ?? '';
      if (seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // Another path than the page's own, so that the browser loads the page anew rather than only moving to the fragment.
  await other.goto(new URL(`?opened${url.hash}`, other.url()).href);
  expect(await settled(other)).toBe('optimal');
  const texts = await other.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
  expect(texts.some((text) => text.includes(en.solve.status.recomputingShared))).toBe(true);
  expect(texts.some((text) => text.includes(en.solve.status.running))).toBe(false);
  expect(await other.locator('[data-testid="scenario-name"]').inputValue()).toBe('Almaty demo (shared)');
  const options = await other.locator('[data-testid="scenario-select"] option').allTextContents();
  expect(options.filter((o) => o.includes('Almaty demo (shared)'))).toHaveLength(1);
});

test('the zoom buttons and the attribution speak Russian', async () => {
  const { page } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'ru');
  await page.locator('.leaflet-control-zoom-in').waitFor();
  expect(await page.getAttribute('.leaflet-control-zoom-in', 'title')).toBe(ru.map.zoomIn);
  expect(await page.getAttribute('.leaflet-control-zoom-out', 'title')).toBe(ru.map.zoomOut);
  const attribution = (await page.locator('.leaflet-control-attribution').textContent()) ?? '';
  expect(attribution).toContain(ru.map.osmContributors);
  expect(attribution).not.toContain('contributors');
  await page.selectOption('[data-testid="lang"]', 'en');
  expect(await page.getAttribute('.leaflet-control-zoom-in', 'title')).toBe(en.map.zoomIn);
});

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('the year chart keeps its labels clear, and the schedule groups, sorts and finds its sites on the map', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.uncheck('[data-testid="enable-school"]');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.check('[data-testid="phases-enabled"]');
  await page.selectOption('[data-testid="phases-years"]', '2');
  for (const t of [0, 1]) {
    const field = page.locator(`[data-testid="year-budget-container-${t}"]`);
    await field.fill('0.3');
    await field.press('Tab');
  }
  await page.click('[data-testid="solve"]');
  expect(['optimal', 'feasible', 'timeout']).toContain(await settled(page));

  // The axis label is above the plot: no budget line crosses it; swatches stay beside their labels.
  const axis = (await page.locator('[data-testid="chart-axis"]').boundingBox())!;
  for (const line of await page.locator('[data-testid="year-chart"] line.budget').all()) expect(overlaps(axis, (await line.boundingBox())!)).toBe(false);
  for (const item of await page.locator('.chart-legend .swatch').all()) {
    const [swatch, label] = await item.evaluate((node) => [node.getBoundingClientRect().top, node.parentElement!.getBoundingClientRect()]);
    expect(label.height).toBeLessThan(20);
    expect(swatch).toBeGreaterThanOrEqual(label.top);
  }
  expect(await page.textContent('[data-testid="chart-coverage-title"]')).toContain(en.type.container);

  // Identical rows are one group with its count and total cost; it opens on demand.
  const groups = page.locator('[data-testid="schedule-group"]');
  const counts = (await groups.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-count'))))) as number[];
  const sites = counts.reduce((a, b) => a + b, 0);
  expect(sites).toBeGreaterThan(counts.length);
  const big = groups.filter({ has: page.locator('[data-testid="expand"]') }).first();
  await big.locator('[data-testid="expand"]').click();
  expect(await big.locator('[data-testid="expand"]').getAttribute('aria-expanded')).toBe('true');
  expect(await page.locator('[data-testid="schedule"] tr.member').count()).toBeGreaterThan(1);

  // Sorting by a column header, which says how the table is sorted.
  await page.click('[data-testid="sort-cost"]');
  expect(await page.getAttribute('th:has([data-testid="sort-cost"])', 'aria-sort')).toBe('descending');
  const costs = await groups.evaluateAll((rows) => rows.map((row) => row.children[4].textContent ?? ''));
  const value = (text: string) => Number(text.replace(/[^0-9.]/g, '')) * (text.includes('bn') ? 1e9 : text.includes('mn') ? 1e6 : 1);
  for (let k = 1; k < costs.length; k++) expect(value(costs[k])).toBeLessThanOrEqual(value(costs[k - 1]));
  await page.click('[data-testid="sort-district"]');
  expect(await page.getAttribute('th:has([data-testid="sort-district"])', 'aria-sort')).toBe('ascending');
  expect(await page.getAttribute('th:has([data-testid="sort-cost"])', 'aria-sort')).toBe('none');
  const districts = await groups.evaluateAll((rows) => rows.map((row) => row.children[2].textContent ?? ''));
  expect(districts).toEqual([...districts].sort((a, b) => a.localeCompare(b, 'en')));

  // A site's coordinates take the map to it and open its popup.
  const locate = page.locator('[data-testid="schedule"] [data-testid="locate"]').first();
  const [lat, lon] = ((await locate.textContent()) ?? '').split(',').map(Number);
  await locate.click();
  await page.locator('.leaflet-popup [data-site]').waitFor();
  expect(await page.textContent('.leaflet-popup')).toContain(en.map.newSite.replace('{type}', 'container site'));
  const [centreLat, centreLon, zoom] = ((await page.getAttribute('[data-testid="map"]', 'data-view')) ?? '').split(',').map(Number);
  expect(zoom).toBeGreaterThanOrEqual(14);
  expect(Math.abs(centreLat - lat)).toBeLessThan(0.02);
  expect(Math.abs(centreLon - lon)).toBeLessThan(0.02);
  await screenshot(page, 'map-schedule');
  expect(pageErrors(problems)).toEqual([]);
});

test('the PNG is a slide of the coverage type the map shows; the documents of the plan on screen say what the screen says (issue 22)', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.uncheck('[data-testid="enable-container"]');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  await page.selectOption('[data-testid="coverage-type"]', 'polyclinic');
  // Every text drawn on a canvas is recorded: the picture's words are checked as drawn.
  await page.evaluate(() => {
    const texts: string[] = [];
    (window as unknown as { drawnTexts: string[] }).drawnTexts = texts;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
      texts.push(text);
      fillText.call(this, text, x, y, maxWidth);
    };
  });
  await page.click('[data-testid="export"]');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-png"]')]);
  const texts = await page.evaluate(() => (window as unknown as { drawnTexts: string[] }).drawnTexts);
  expect(texts).toContain(`${en.map.coverageOf}: ${en.type.polyclinic}`);
  expect(texts.filter((t) => t.startsWith(`${en.type.polyclinic}: `) || t.startsWith(`${en.type.school}: `))).toHaveLength(2);
  expect(texts.some((t) => t.startsWith('Cost ') && t.includes('new sites'))).toBe(true);
  expect(texts.some((t) => t.startsWith('As of ') && t.includes(String(new Date().getFullYear())))).toBe(true);
  // The data's credits, then the street network's (the plan measured walks along it).
  expect(texts).toContain(`${en.image.attribution} · ${en.streets.licenceOld}`);
  expect(texts).toContain(en.map.existingSchool);
  expect(texts).toContain(en.map.health);
  const path = 'test-results/plan-slide.png';
  await file.saveAs(path);
  const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1600, 1000]);
  expect(file.suggestedFilename()).toBe('Almaty-demo.png');

  // The same solved page writes the documents (issue 22): the deck's KPI slide says what the KPI cards say, word for word.
  const cards = await page.locator('.kpis .kpi').evaluateAll((nodes) => nodes.map((node) => [...node.querySelectorAll('span')].map((span) => span.textContent ?? '')));
  const saved = async (testid: string) => {
    await page.click('[data-testid="export"]');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(`[data-testid="${testid}"]`)]);
    return { name: download.suggestedFilename(), bytes: new Uint8Array(Buffer.concat(await (await download.createReadStream()).toArray())) };
  };
  const deck = await saved('export-pptx');
  expect(deck.name).toBe('Almaty-demo.pptx');
  const parts = unzipSync(deck.bytes);
  const slides = Object.keys(parts).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
  expect(slides.length).toBeGreaterThanOrEqual(7);
  const kpiSlide = [...strFromU8(parts['ppt/slides/slide3.xml']).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  for (const card of cards) for (const text of card) for (const line of text.split(' · ')) expect(kpiSlide.join(' '), text).toContain(line.split(' ')[0]);
  for (const card of cards) expect(kpiSlide).toContain(card[0]);
  // The workbook: a sheet each, the KPI values as numbers; the page: one file, the KPI cards as the screen words them.
  const workbook = await saved('export-xlsx');
  expect(workbook.name).toBe('Almaty-demo.xlsx');
  const sheets = Object.keys(unzipSync(workbook.bytes)).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
  expect(sheets.length).toBeGreaterThanOrEqual(4);
  // The PDF report: its text (the embedded DejaVu Sans) holds the KPI values.
  const report = await saved('export-pdf');
  expect(report.name).toBe('Almaty-demo.pdf');
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text: reportText } = await extractText(await getDocumentProxy(report.bytes.slice()), { mergePages: true });
  for (const card of cards) expect(reportText.replace(/\s+/g, ' ')).toContain(card[0].replace(/\s+/g, ' '));
  const planPage = await saved('export-html');
  expect(planPage.name).toBe('Almaty-demo.html');
  expect(planPage.bytes.length).toBeLessThan(3 * 1024 * 1024);
  const html = strFromU8(planPage.bytes);
  for (const card of cards) expect(html).toContain(card[0]);
  expect(html).not.toMatch(/<script/i);
  expect(await page.locator('[data-testid="export-document-error"]').count()).toBe(0);
  expect(pageErrors(problems)).toEqual([]);
});
