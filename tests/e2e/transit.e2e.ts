import { expect, test } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { decodeShare } from '../../src/io/link/shareLink';
import { almatyFeedFiles, gtfsZip } from '../gtfsFeed';
import { fillNumber, settled, storedScenario } from './appState';
import { axeProblems } from './axe';
import { pageErrors, screenshot, withBrowser } from './browser';
import { pixelOf } from './mapPixel';

const { openPage } = withBrowser();

const map = '[data-testid="map"]';
const mapNumber = (page: import('playwright-core').Page, name: string) => page.getAttribute(map, `data-${name}`).then(Number);

test('a planner loads a GTFS feed, draws a bus line, solves with "walking or public transport", and sees the transit reach and the recount', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  await fillNumber(page, 'time-limit', '8');
  await page.selectOption('[data-testid="norm-kind-school"]', 'walkOrTransit');
  // Capacity not counted: every child a bus brings within the norm counts, so the recount without transit must show fewer.
  await page.uncheck('[data-testid="capacitated-school"]');

  // A bad feed is refused with its file, line and field, and nothing is kept.
  const files = almatyFeedFiles();
  const broken = { ...files, 'stop_times.txt': files['stop_times.txt'].replace(/^(A0,)06:00:00/m, '$106:61:00') };
  await page.setInputFiles('[data-testid="transit-feed-file"]', { name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from(gtfsZip(broken)) });
  await page.locator('[data-testid="transit-problem"]').waitFor({ timeout: 20_000 });
  const refusal = await page.textContent('[data-testid="transit-problem"]');
  expect(refusal).toContain('stop_times.txt');
  expect(refusal).toContain('arrival_time');
  expect(refusal).toContain('06:61:00');
  expect(await page.locator('[data-testid="transit-feed"] option').allTextContents()).toEqual([en.transit.feedNone]);

  // A good feed: kept, chosen, drawn on the map.
  await page.setInputFiles('[data-testid="transit-feed-file"]', { name: 'almaty-buses.zip', mimeType: 'application/zip', buffer: Buffer.from(gtfsZip(files)) });
  await page.locator('[data-testid="transit-feed-info"]').waitFor({ timeout: 20_000 });
  expect(await page.textContent('[data-testid="transit-feed-info"]')).toContain('28 stops, 2 routes');
  expect(await page.inputValue('[data-testid="transit-feed"]')).toBe('almaty-buses.zip');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-transit-stops')) === 28, null, { timeout: 20_000 });

  // A line drawn in Nauryzbay and Auezov: three clicks, then Finish.
  await page.click('[data-testid="transit-draw"]');
  for (const [lat, lon] of [
    [43.205, 76.82],
    [43.22, 76.85],
    [43.235, 76.88],
  ]) {
    const { x, y } = await pixelOf(page, lat, lon);
    await page.mouse.click(x, y);
  }
  expect(await mapNumber(page, 'drawing-stops')).toBe(3);
  await page.click('[data-testid="transit-draw-finish"]');
  await page.locator('[data-testid="transit-line-line1"]').waitFor({ timeout: 10_000 });
  expect(await mapNumber(page, 'transit-routes')).toBe(3);
  await fillNumber(page, 'transit-headway-line1', '5');
  expect(await axeProblems(page)).toEqual([]);

  await page.click('[data-testid="solve"]');
  expect(['optimal', 'timeout']).toContain(await settled(page));

  // The map rings the cells reached by transit only; the table gives the shares by mode.
  expect(await mapNumber(page, 'transit-reach')).toBeGreaterThan(0);
  const city = page.locator('[data-testid="transit-city"]');
  const walk = Number(await city.getAttribute('data-walk'));
  const either = Number(await city.getAttribute('data-either'));
  expect(either).toBeGreaterThan(walk);
  expect(await page.locator('[data-testid="transit-table"] tbody tr').count()).toBe(9);
  await screenshot(page, 'transit-en');

  // One click: the same sites without transit cover fewer.
  await page.click('[data-testid="transit-recount"]');
  const recounted = page.locator('[data-testid="transit-recounted"]');
  await recounted.waitFor({ timeout: 30_000 });
  expect(Number(await recounted.getAttribute('data-without'))).toBeLessThan(Number(await recounted.getAttribute('data-with')));

  // Saved and shared with its feed's name, its window and its line.
  const saved = await storedScenario(page);
  expect(saved?.transit?.gtfs).toBe('almaty-buses.zip');
  expect(saved?.transit?.lines?.[0]?.headwayMinutes).toBe(5);
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => ((document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '').includes('#s1.'));
  const decoded = await decodeShare(new URL(await page.locator('[data-testid="share-url"]').inputValue()).hash);
  expect(decoded.ok && decoded.payload.scenario.transit?.lines.map((line) => line.stops.length)).toEqual([3]);

  // The feed is kept in this browser: after a reload it is still there, chosen, and its routes drawn.
  await page.keyboard.press('Escape');
  await page.reload();
  await page.locator('[data-testid="transit-feed-info"]').waitFor({ timeout: 20_000 });
  expect(await page.inputValue('[data-testid="transit-feed"]')).toBe('almaty-buses.zip');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-transit-routes')) === 3, null, { timeout: 20_000 });
  expect(pageErrors(problems)).toEqual([]);
}, 150_000);
