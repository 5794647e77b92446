/** Temporary: screenshots of the streets work for a person to look at. */
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = await mkdtemp(join(tmpdir(), 'look-'));
await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(base);
  await page.click('[data-testid="solve"]');
  await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 180_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/look-1.png' });
  await page.check('[data-testid="streets-layer"]');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/look-2.png' });
  const card = page.locator('[data-testid="streets-card"]');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: '/tmp/look-3.png' });
  const site = page.locator('.site-school').first();
  const box = (await site.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let k = 0; k < 2; k++) {
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(500);
    await page.waitForTimeout(300);
  }
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/look-4.png' });
  console.log(await page.locator('[data-testid="map"]').evaluate((e) => ({ ...(e as HTMLElement).dataset })));
} finally {
  await browser.close();
  server.httpServer.close();
}
