import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

// Debian's Chromium only: playwright must never download a browser on this network.
const CHROMIUM = '/usr/bin/chromium';
// Without the networking flags Chromium keeps retrying Google services on a closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

export interface PageProblem {
  kind: 'console' | 'pageerror';
  text: string;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, in order, for the test to assert on. */
  problems: PageProblem[];
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Call at the top of a test file: one Chromium for the file, a fresh context per page,
 * every context closed after its test so state never leaks between tests.
 */
export interface OpenOptions {
  /** The window's size; the suite's default is a 1366 x 800 laptop. */
  viewport?: { width: number; height: number };
}

export function withBrowser(): { openPage: (path?: string, options?: OpenOptions) => Promise<OpenedPage> } {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** `path` is the app's own ('/', '/?embed=1#…'): it is read from the build's base (tests/e2e/globalSetup.ts), not from the server's root. */
  async function openPage(path = '/', options: OpenOptions = {}): Promise<OpenedPage> {
    if (!browser) throw new Error('openPage() must run inside a test of a file that called withBrowser()');
    const origin = new URL(inject('baseUrl')).origin;
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 800 } });
    contexts.push(context);
    // Only the app's own server is reachable here; failing other hosts fast
    // (map tiles, CDNs) keeps tests quick and independent of the network.
    await context.route((url) => url.origin !== origin, (route) => route.abort());

    const page = await context.newPage();
    const problems: PageProblem[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push({ kind: 'console', text: msg.text() });
    });
    page.on('pageerror', (err) => problems.push({ kind: 'pageerror', text: err.stack ?? err.message }));

    await page.goto(appUrl(path));
    return { page, context, problems };
  }

  return { openPage };
}

/** The address of the app's `path` ('/', '/?embed=1#…') under the base it is served from. */
export function appUrl(path = '/'): string {
  return new URL(path.replace(/^\/+/, ''), inject('baseUrl')).href;
}

/** Only uncaught exceptions: console errors also include expected ones like blocked tiles. */
export function pageErrors(problems: PageProblem[]): string[] {
  return problems.filter((p) => p.kind === 'pageerror').map((p) => p.text);
}

/** Saves `test-results/<name>.png` for a human to look at; returns the file path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
