/**
 * The app's own benchmark, in real headless Chromium against the production
 * build: time from navigation to a drawn city, time from Solve to the first
 * plan on the screen and to the proven plan of the default demo, and the
 * longest main-thread task while solving (target: none over 200 ms).
 * Run: npm run bench:app [-- RUNS]
 */
import { cpus } from 'node:os';
import { builtApp } from './builtApp';

const runs = Number(process.argv[2] ?? 3);
const { base, browser, close } = await builtApp();

const results: { mapReady: number; first: number; firstInWorker: number; solve: number; engine: number; longestTask: number; status: string }[] = [];
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('map-ready').length > 0, null, { timeout: 60_000 });
  const mapReady = await page.evaluate(() => performance.getEntriesByName('map-ready')[0].startTime);
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks.length = 0));
  const started = Date.now();
  await page.click('[data-testid="solve"]');
  await page.locator('[data-testid="first-plan"]').waitFor({ timeout: 120_000 });
  const first = Date.now() - started;
  const firstInWorker = Number(await page.getAttribute('[data-testid="first-plan"]', 'data-seconds'));
  await page.waitForFunction(() => document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') !== 'running', null, { timeout: 120_000 });
  const solve = Date.now() - started;
  const status = (await page.getAttribute('[data-testid="solve-status"]', 'data-status')) ?? '';
  const text = (await page.textContent('[data-testid="solve-status"]')) ?? '';
  const engine = Number(/([\d.]+) s$/.exec(text.trim())?.[1] ?? NaN);
  const longestTask = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
  results.push({ mapReady, first, firstInWorker, solve, engine, longestTask, status });
  process.stderr.write(`run ${run + 1}: map ${mapReady.toFixed(0)} ms, first plan ${(firstInWorker * 1000).toFixed(0)} ms in the worker, ${first} ms on the screen, solve ${solve} ms (${status}), longest main-thread task while solving ${longestTask.toFixed(0)} ms\n`);
  await context.close();
}
await close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`Browser benchmark (${runs} runs, medians; ${cpus().length} x ${cpus()[0]?.model}, headless Chromium, production build):`);
console.log(`- page opened to city drawn on the map: ${median(results.map((r) => r.mapReady)).toFixed(0)} ms`);
console.log(`- default demo plan (3 types), first plan: ${median(results.map((r) => r.firstInWorker)).toFixed(2)} s in the worker, ${(median(results.map((r) => r.first)) / 1000).toFixed(2)} s from the click to the screen`);
console.log(`- default demo plan (3 types) solved in the worker: ${(median(results.map((r) => r.solve)) / 1000).toFixed(1)} s, status ${results.map((r) => r.status).join(', ')}`);
console.log(`- longest main-thread task while solving: ${median(results.map((r) => r.longestTask)).toFixed(0)} ms (max ${Math.max(...results.map((r) => r.longestTask)).toFixed(0)} ms)`);
