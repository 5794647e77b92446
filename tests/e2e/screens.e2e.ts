import { expect, test } from 'vitest';
import { settled } from './appState';
import { pageErrors, withBrowser } from './browser';
import { box, DESKTOP, horizontalOverflow, inside, LAPTOP, mustBox, overlap, PHONE, showView, solveSchools, uncovered } from './layout';

const { openPage } = withBrowser();

test('phone (390 x 844): the map first at full width, the scenario and the results as tabs, Solve always there, nothing wider than the screen', async () => {
  const { page, problems } = await openPage('/', { viewport: PHONE });
  await page.locator('.leaflet-control-zoom').waitFor();
  const screen = { left: 0, top: 0, right: PHONE.width, bottom: PHONE.height, width: PHONE.width, height: PHONE.height };

  const noSideways = async () => {
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  };
  await noSideways();
  expect(await page.getAttribute('[data-testid="view-map"]', 'aria-pressed')).toBe('true');
  const map = await mustBox(page, '[data-testid="map"]');
  expect(map.width).toBeGreaterThanOrEqual(PHONE.width - 2);
  expect(map.height).toBeGreaterThanOrEqual(400);
  expect(await box(page, '[data-testid="editor"]')).toBeNull();
  const solve = await mustBox(page, '[data-testid="solve"]');
  expect(inside(solve, screen)).toBe(true);
  expect(await uncovered(page, '[data-testid="solve"]')).toBe(true);
  const coverage = await mustBox(page, '.coverage-switch');
  expect(overlap(coverage, solve)).toBe(false);
  expect(overlap(coverage, await mustBox(page, '.leaflet-control-zoom'))).toBe(false);
  expect(inside(coverage, screen)).toBe(true);

  await page.click('[data-testid="view-editor"]');
  expect(await page.getAttribute('[data-testid="view-editor"]', 'aria-pressed')).toBe('true');
  const editor = await mustBox(page, '[data-testid="editor"]');
  expect(editor.width).toBeGreaterThanOrEqual(PHONE.width - 2);
  expect(await box(page, '[data-testid="map"]')).toBeNull();
  expect(await uncovered(page, '[data-testid="solve"]')).toBe(true);
  await noSideways();

  await solveSchools(page);
  await page.click('[data-testid="view-results"]');
  const table = await mustBox(page, '[data-testid="kpi-districts"]');
  expect(table.right).toBeLessThanOrEqual(PHONE.width);
  expect(await uncovered(page, '[data-testid="solve"]')).toBe(true);
  await noSideways();

  await page.click('[data-testid="view-map"]');
  expect((await mustBox(page, '[data-testid="map"]')).width).toBeGreaterThanOrEqual(PHONE.width - 2);
  await noSideways();
  expect(pageErrors(problems)).toEqual([]);
});

test('phone: the scenario tools fold into a menu; the menus and the Share dialog fit the screen', async () => {
  const { page } = await openPage('/', { viewport: PHONE });
  await page.locator('[data-testid="map"]').waitFor();
  const screen = { left: 0, top: 0, right: PHONE.width, bottom: PHONE.height, width: PHONE.width, height: PHONE.height };
  const tools = page.locator('[data-testid="tools"]');
  expect(await tools.getAttribute('aria-expanded')).toBe('false');
  expect(await page.locator('[data-testid="share"]').isVisible()).toBe(false);
  await tools.click();
  expect(await tools.getAttribute('aria-expanded')).toBe('true');

  for (const menu of ['export', 'import']) {
    await page.click(`[data-testid="${menu}"]`);
    const items = await mustBox(page, `details[open] .menu-items`);
    expect(inside(items, screen)).toBe(true);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.click(`[data-testid="${menu}"]`);
  }

  await page.click('[data-testid="share"]');
  const dialog = await mustBox(page, '[data-testid="share-dialog"]');
  expect(inside(dialog, screen)).toBe(true);
  expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
});

test('laptop (1024 x 768): the map gets the room, the coverage box covers no control, the side panels fold away and Leaflet follows', async () => {
  const { page, problems } = await openPage('/', { viewport: LAPTOP });
  await page.locator('.leaflet-overlay-pane canvas').first().waitFor();
  const map = await mustBox(page, '[data-testid="map"]');
  expect(map.width).toBeGreaterThanOrEqual(400);

  const coverage = await mustBox(page, '.coverage-switch');
  for (const control of ['.leaflet-control-zoom', '[data-testid="legend"]', '.leaflet-control-attribution', '[data-testid="solve"]']) {
    expect(overlap(coverage, await mustBox(page, control)), control).toBe(false);
  }
  expect(await uncovered(page, '.leaflet-control-zoom-in')).toBe(true);

  for (const side of ['editor', 'results']) {
    const toggle = page.locator(`[data-testid="toggle-${side}"]`);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  }
  expect(await box(page, '[data-testid="editor"]')).toBeNull();
  expect(await box(page, '.panel')).toBeNull();
  const wide = await mustBox(page, '[data-testid="map"]');
  expect(wide.width).toBeGreaterThanOrEqual(LAPTOP.width - 2);
  // Leaflet was told: its canvases are redrawn for the new size (the map's width plus their padding on each side).
  await page.waitForFunction((width) => [...document.querySelectorAll('.leaflet-overlay-pane canvas')].every((canvas) => canvas.getBoundingClientRect().width >= width * 1.15), wide.width);

  await page.click('[data-testid="toggle-editor"]');
  expect(await page.locator('[data-testid="editor"]').isVisible()).toBe(true);
  expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(LAPTOP.width);
  expect(pageErrors(problems)).toEqual([]);
});

test('the compare banner shows whole, clear of the coverage box and the zoom buttons', async () => {
  const { page } = await openPage('/', { viewport: LAPTOP });
  await solveSchools(page);
  await page.click('[data-testid="duplicate"]');
  await page.click('[data-testid="compare"]');
  await page.locator('[data-testid="compare-table"]').waitFor();
  await page.locator('[data-testid="compare-dialog"] button.link').nth(1).click();
  const banner = await mustBox(page, '[data-testid="compare-banner"]');
  expect(inside(banner, await mustBox(page, '.map-area'))).toBe(true);
  expect(overlap(banner, await mustBox(page, '.coverage-switch'))).toBe(false);
  expect(overlap(banner, await mustBox(page, '.leaflet-control-zoom'))).toBe(false);
  expect(await uncovered(page, '[data-testid="compare-banner"]')).toBe(true);
  const clipped = await page.evaluate(() => {
    const element = document.querySelector('[data-testid="compare-banner"]')!;
    return element.scrollWidth > element.clientWidth;
  });
  expect(clipped).toBe(false);
});

test('in Russian at 1400 px the district table is whole inside its panel', async () => {
  const { page } = await openPage('/', { viewport: DESKTOP });
  await page.selectOption('[data-testid="lang"]', 'ru');
  // All three types, as the issue saw it; a busy machine needs more than the default limit to prove the plan.
  await page.fill('[data-testid="time-limit"]', '300');
  await page.press('[data-testid="time-limit"]', 'Tab');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  await showView(page, 'results');
  const fit = await page.evaluate(() => {
    const panel = document.querySelector('.panel')!;
    /** The right edge of what a box shows: its content, without its padding and scroll bar. */
    const shownRight = (element: Element) => element.getBoundingClientRect().left + element.clientLeft + element.clientWidth - parseFloat(getComputedStyle(element).paddingRight);
    const tables = [...panel.querySelectorAll('table')].map((table) => {
      const scroller = table.parentElement!.closest('.panel, [tabindex="0"][aria-label]')!;
      const scrolls = scroller !== panel && getComputedStyle(scroller).overflowX === 'auto';
      return { testid: table.dataset.testid, fits: table.getBoundingClientRect().right <= shownRight(scroller) + 0.5, scrolls };
    });
    return { panelScrolls: panel.scrollWidth > panel.clientWidth, tables };
  });
  expect(fit.panelScrolls).toBe(false);
  expect(fit.tables.length).toBeGreaterThan(0);
  for (const table of fit.tables) expect(table.fits || table.scrolls, table.testid).toBe(true);
  expect(fit.tables.find((t) => t.testid === 'kpi-districts')?.fits).toBe(true);
});
