/**
 * Screenshots of the solved demo for a person to look at: every language at a
 * desktop (1400x900), a laptop or projector (1024x768) and a phone (390x844,
 * each of its tabs), from the production build as the browser tests see it.
 * Run: npm run screenshots   (writes test-results/screens/<lang>-<width>x<height>[-<tab>].png)
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';

const LANGUAGES = ['kk', 'ru', 'en'] as const;
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];
const PHONE_TABS = ['map', 'editor', 'results'] as const;

const root = fileURLToPath(new URL('..', import.meta.url));
const screensDir = join(root, 'test-results', 'screens');
await mkdir(screensDir, { recursive: true });
const outDir = await mkdtemp(join(tmpdir(), 'siting-screens-'));
await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
});

/** The map refits the city after a resize; a short pause lets Leaflet finish drawing. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(600);
  const file = join(screensDir, `${name}.png`);
  await page.screenshot({ path: file });
  process.stderr.write(`${file}\n`);
}

try {
  for (const lang of LANGUAGES) {
    const context = await browser.newContext({ viewport: SIZES[0] });
    // Tiles are decoration and this machine may have no network: only the app's own server is asked.
    await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
    await context.addInitScript((language) => localStorage.setItem('siting-planner/language', language), lang);
    const page = await context.newPage();
    await page.goto(base);
    // The default limit is meant for a planner waiting at the screen; on a busy machine the proof may need longer.
    await page.fill('[data-testid="time-limit"]', '300');
    await page.press('[data-testid="time-limit"]', 'Tab');
    await page.click('[data-testid="solve"]');
    await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 180_000 });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const name = `${lang}-${size.width}x${size.height}`;
      const tabs = page.locator('[data-testid="view-map"]');
      if (!(await tabs.isVisible())) {
        await shoot(page, name);
        continue;
      }
      for (const tab of PHONE_TABS) {
        await page.click(`[data-testid="view-${tab}"]`);
        await shoot(page, `${name}-${tab}`);
      }
      await page.click('[data-testid="view-map"]');
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(outDir, { recursive: true, force: true });
}
