/**
 * The app's own benchmark, in real headless Chromium against the production
 * build: time from navigation to a drawn city, time from Solve to the first
 * plan on the screen and to the proven plan of the default demo, and the
 * longest main-thread task while solving (target: none over 200 ms). Each
 * run is a cold first visit (a fresh browser profile).
 * Run: npm run bench:app [-- RUNS] [--against FOLDER]
 * With --against, the checkout in FOLDER (another commit, with node_modules)
 * is built too and the two are run by turns, so that a busy machine's load
 * weighs on both alike.
 */
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { servedBuild } from './builtApp';

const args = process.argv.slice(2);
const against = args.includes('--against') ? args[args.indexOf('--against') + 1] : undefined;
const runs = Number(args.find((arg, k) => /^\d+$/.test(arg) && args[k - 1] !== '--against') ?? 3);
const builds = [{ name: 'this checkout', served: await servedBuild() }, ...(against ? [{ name: against, served: await servedBuild(against) }] : [])];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
});

type Run = { mapReady: number; first: number; firstInWorker: number; solve: number; engine: number; longestTask: number; status: string };

async function coldVisit(base: string): Promise<Run> {
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
  await context.close();
  return { mapReady, first, firstInWorker, solve, engine, longestTask, status };
}

const results = new Map<string, Run[]>(builds.map((b) => [b.name, []]));
for (let run = 0; run < runs; run++) {
  // By turns, each build first every other round.
  for (const { name, served } of run % 2 ? [...builds].reverse() : builds) {
    const r = await coldVisit(served.base);
    results.get(name)!.push(r);
    const who = builds.length > 1 ? `${name}, ` : '';
    process.stderr.write(`${who}run ${run + 1}: map ${r.mapReady.toFixed(0)} ms, first plan ${(r.firstInWorker * 1000).toFixed(0)} ms in the worker, ${r.first} ms on the screen, solve ${r.solve} ms (${r.status}), longest main-thread task while solving ${r.longestTask.toFixed(0)} ms (load ${loadavg()[0].toFixed(1)})\n`);
  }
}
await browser.close();
for (const { served } of builds) await served.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const { name } of builds) {
  const rs = results.get(name)!;
  console.log(`Browser benchmark${builds.length > 1 ? ` of ${name}` : ''} (${runs} runs, medians; ${cpus().length} x ${cpus()[0]?.model}, headless Chromium, production build):`);
  console.log(`- page opened to city drawn on the map: ${median(rs.map((r) => r.mapReady)).toFixed(0)} ms`);
  console.log(`- default demo plan (3 types), first plan: ${median(rs.map((r) => r.firstInWorker)).toFixed(2)} s in the worker, ${(median(rs.map((r) => r.first)) / 1000).toFixed(2)} s from the click to the screen`);
  console.log(`- default demo plan (3 types) solved in the worker: ${(median(rs.map((r) => r.solve)) / 1000).toFixed(1)} s, status ${rs.map((r) => r.status).join(', ')}`);
  console.log(`- longest main-thread task while solving: ${median(rs.map((r) => r.longestTask)).toFixed(0)} ms (max ${Math.max(...rs.map((r) => r.longestTask)).toFixed(0)} ms)`);
}
