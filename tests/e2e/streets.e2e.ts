import { expect, test } from 'vitest';
import { settled } from './appState';
import { pageErrors, screenshot, withBrowser } from './browser';

const { openPage } = withBrowser();

/** A current extract of a corner of the centre, as a planner would download it: a 20 x 20 grid of residential streets 100 m apart. */
function extract(): string {
  const nodes: string[] = [];
  const ways: string[] = [];
  const id = (r: number, c: number) => 1 + r * 20 + c;
  for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) nodes.push(`<node id="${id(r, c)}" lat="${(43.24 + r * 0.0009).toFixed(7)}" lon="${(76.9 + c * 0.00123).toFixed(7)}" timestamp="2026-10-01T00:00:00Z"/>`);
  let way = 1;
  for (let r = 0; r < 20; r++) ways.push(`<way id="${way++}"><nd ref="${id(r, 0)}"/>${Array.from({ length: 19 }, (_, c) => `<nd ref="${id(r, c + 1)}"/>`).join('')}<tag k="highway" v="residential"/></way>`);
  for (let c = 0; c < 20; c++) ways.push(`<way id="${way++}">${Array.from({ length: 20 }, (_, r) => `<nd ref="${id(r, c)}"/>`).join('')}<tag k="highway" v="residential"/></way>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n${nodes.join('\n')}\n${ways.join('\n')}\n</osm>\n`;
}

const mapData = (page: import('playwright-core').Page, key: string) => page.locator('[data-testid="map"]').evaluate((element, name) => (element as HTMLElement).dataset[name] ?? null, key);

test('walking along streets: the 2012 network is named and dated, the plan is measured along it, and its service areas and streets are drawn', async () => {
  const { page, problems } = await openPage('/');
  await page.locator('[data-testid="streets-network"]').waitFor();
  expect(await page.locator('[data-testid="routing"]').inputValue()).toBe('streets');
  expect(await page.locator('[data-testid="streets-network"]').textContent()).toContain('2012-03-13');
  expect(await page.locator('[data-testid="streets-old"]').isVisible()).toBe(true);
  // 13.9% of the demo's residents live more than 300 m from a mapped street (the data README: 85% within 250 m).
  expect(await page.locator('[data-testid="streets-off"]').textContent()).toMatch(/13[.,]9\s?%/);

  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  // The ten new schools' service areas are drawn along streets; polyclinics (a distance norm) keep their circles.
  expect(Number(await mapData(page, 'serviceAreasAlongStreets'))).toBe(10);
  expect(await mapData(page, 'streetsShown')).toBe('0');
  await page.check('[data-testid="streets-layer"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="map"]') as HTMLElement).dataset.streetsShown !== '0');
  expect(Number(await mapData(page, 'streetsShown'))).toBe(28_112);
  expect(Number(await mapData(page, 'offStreetShown'))).toBeGreaterThan(100);
  // The legend and the attribution name the network's licence.
  expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('CC BY-SA 2.0');
  await screenshot(page, 'streets-layer');

  // Straight lines: no service area along streets, the circles come back.
  await page.selectOption('[data-testid="routing"]', 'straight');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  expect(await mapData(page, 'serviceAreasAlongStreets')).toBe('0');
  expect(pageErrors(problems)).toEqual([]);
});

test('a current extract replaces the demo network (kept after a reload), a file that cannot be read changes nothing, and the demo streets come back', async () => {
  const { page, problems } = await openPage('/');
  await page.locator('[data-testid="streets-network"]').waitFor();

  await page.setInputFiles('[data-testid="streets-file"]', { name: 'broken.osm.pbf', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a street file at all') });
  await page.locator('[data-testid="streets-error"]').waitFor();
  expect(await page.locator('[data-testid="streets-error"]').textContent()).toContain('broken.osm.pbf');
  expect(await page.locator('[data-testid="streets-network"]').textContent()).toContain('streets.osm.pbf');

  await page.setInputFiles('[data-testid="streets-file"]', { name: 'current.osm', mimeType: 'application/xml', buffer: Buffer.from(extract()) });
  await page.waitForFunction(() => document.querySelector('[data-testid="streets-network"]')?.textContent?.includes('current.osm'));
  expect(await page.locator('[data-testid="streets-network"]').textContent()).toContain('2026-10-01');
  expect(await page.locator('[data-testid="streets-old"]').count()).toBe(0);
  await page.check('[data-testid="streets-layer"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="map"]') as HTMLElement).dataset.streetsShown === String(2 * 20 * 19));

  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="streets-network"]')?.textContent?.includes('current.osm'));
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');

  await page.click('[data-testid="streets-reset"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="streets-network"]')?.textContent?.includes('streets.osm.pbf'));
  expect(pageErrors(problems)).toEqual([]);
});
