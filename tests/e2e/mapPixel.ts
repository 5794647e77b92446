import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The pixel of a place on the map, relative to the page: the map publishes its
 * view (centre and zoom) on its container, and Leaflet's Web Mercator is
 * 256 x 2^zoom pixels around the world.
 */
export async function pixelOf(page: Page, lat: number, lon: number): Promise<{ x: number; y: number }> {
  const map = page.locator('[data-testid="map"]');
  // The map refits itself when the panels around it settle (a solve adds results): wait until the view stays put.
  let view = (await map.getAttribute('data-view')) ?? '';
  for (let settledFor = 0; settledFor < 3; ) {
    await page.waitForTimeout(150);
    const moving = await map.evaluate((node) => /leaflet-(zoom|pan)-anim/.test(node.className) || node.querySelector('.leaflet-zoom-animated.leaflet-zoom-anim') !== null);
    const now = moving ? '' : ((await map.getAttribute('data-view')) ?? '');
    settledFor = now === view ? settledFor + 1 : 0;
    view = now;
  }
  const [centreLat, centreLon, zoom] = view.split(',').map(Number);
  expect(Number.isFinite(zoom)).toBe(true);
  const box = (await map.boundingBox())!;
  const scale = 256 * 2 ** zoom;
  const project = (la: number, lo: number) => {
    const s = Math.sin((la * Math.PI) / 180);
    return { x: (scale * (lo + 180)) / 360, y: scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) };
  };
  const p = project(lat, lon);
  const c = project(centreLat, centreLon);
  return { x: box.x + box.width / 2 + p.x - c.x, y: box.y + box.height / 2 + p.y - c.y };
}
