/**
 * Random maximal covering (the seeded generator of npm run bench:scale) solved
 * by the engine in a browser worker in headless Chromium, as the app would:
 * does it finish without running out of memory, and how close is it to its
 * proven bound? Run: npm run bench:scale-browser [-- SITES DEMAND P LIMIT]
 * (default 5000 50000 400 60).
 */
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const [sites = 5000, demand = 50000, p = 400, limit = 60] = process.argv.slice(2).map(Number);
const server = await createServer({ logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
await server.listen();
const base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage();
const started = Date.now();
await page.goto(`${base}scripts/scale-browser/index.html?sites=${sites}&demand=${demand}&p=${p}&limit=${limit}`);
await page.waitForFunction(() => (window as unknown as { report?: unknown }).report !== undefined, null, { timeout: (limit * 4 + 120) * 1000, polling: 500 });
const report = await page.evaluate(() => (window as unknown as { report: Record<string, unknown> }).report);
const wall = (Date.now() - started) / 1000;
await browser.close();
await server.close();

const objective = report.objective as number | null;
const bound = report.bound as number | null;
console.log(`Browser worker (${cpus().length} x ${cpus()[0]?.model}, headless Chromium, Vite dev server), random covering ${sites} x ${demand}, p=${p}, limit ${limit} s:`);
console.log(`- status ${report.status}${report.message ? ` (${report.message})` : ''}; ${report.open} sites open`);
console.log(`- objective ${objective}, proven bound ${bound}, gap ${report.gap === null ? '-' : `${((report.gap as number) * 100).toFixed(2)}%`}`);
if (objective !== null && bound !== null) console.log(`- objective / proven bound: ${((100 * objective) / bound).toFixed(2)}% (the LP bound lies between them, so at least this share of it)`);
console.log(`- instance generated in ${(report.generated as number)?.toFixed(1)} s; engine ${(report.seconds as number)?.toFixed(1)} s; worker total ${(report.total as number)?.toFixed(1)} s; page wall clock ${wall.toFixed(1)} s`);
