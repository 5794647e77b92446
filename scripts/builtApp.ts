import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, preview } from 'vite';

/** The production build served on a free port, and Debian's headless Chromium to open it: what the browser benchmarks measure. */
export async function builtApp(): Promise<{ base: string; browser: Browser; close(): Promise<void> }> {
  const served = await servedBuild();
  const base = served.base;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await served.close();
    },
  };
}

/** The production build of the checkout at `root` (this one by default), served on a free port. */
export async function servedBuild(root?: string): Promise<{ base: string; close(): Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'siting-bench-'));
  const config = root === undefined ? {} : { root, configFile: join(root, 'vite.config.ts') };
  await build({ ...config, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ ...config, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
  return {
    base: `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`,
    close: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
