/**
 * The planner at 250 m and 100 m in the browser: the production build in
 * headless Chromium, the finer demo imported as a scenario file (as a
 * planner would), then Solve. Reports the first plan on the screen, the
 * answer's status and gap, and the peak memory of Chromium's renderer
 * processes (the page and its workers; an upper bound on the worker's).
 * Run: npm run bench:resolution-browser [-- 100]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { finerScenario } from './finerDemo';
import { builtApp } from './builtApp';

const sizes = process.argv.slice(2).map(Number).filter((k) => k > 0);
const cases = (sizes.length > 0 ? sizes : [250, 100]).map((metres) => ({ metres, limit: metres === 100 ? 30 : 10 }));
const { base, browser, close } = await builtApp();

/** Resident memory of Chromium's renderer processes, summed (from /proc). */
function rendererMemory(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.includes('chromium') || !command.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const lines: string[] = [];
for (const { metres, limit } of cases) {
  const scenario = { ...finerScenario(500 / metres), timeLimit: limit };
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof tasks }).longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push({ start: entry.startTime, duration: entry.duration }))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('map-ready').length > 0, null, { timeout: 60_000 });
  await page.click('[data-testid="import"]');
  await page.selectOption('[data-testid="import-kind"]', 'scenario');
  await page.setInputFiles('[data-testid="import-file"]', { name: `almaty-${metres}m.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await page.waitForFunction((name) => (document.querySelector('[data-testid="scenario-name"]') as HTMLInputElement | null)?.value === name, scenario.name, { timeout: 60_000 });
  await page.waitForTimeout(3000);
  const clickedAt = await page.evaluate(() => {
    (window as unknown as { longTasks: unknown[] }).longTasks.length = 0;
    return performance.now();
  });
  // Before Solve: the page with its map and the planner worker holding the city; the solve's workers come on top.
  const before = rendererMemory();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rendererMemory())), 200);
  const started = Date.now();
  await page.click('[data-testid="solve"]');
  await page.locator('[data-testid="first-plan"]').waitFor({ timeout: 120_000 });
  const first = (Date.now() - started) / 1000;
  await page.waitForFunction(() => document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') !== 'running', null, { timeout: 300_000 });
  const answer = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const status = await page.getAttribute('[data-testid="solve-status"]', 'data-status');
  const text = ((await page.textContent('[data-testid="solve-status"]')) ?? '').replace(/\s+/g, ' ').trim();
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks);
  process.stderr.write(`main-thread tasks over 50 ms after the click (start s: ms): ${tasks.map((task) => `${((task.start - clickedAt) / 1000).toFixed(1)}: ${task.duration.toFixed(0)}`).join(', ')}\n`);
  lines.push(`| ${metres} m | ${limit} s | ${first.toFixed(2)} s | ${answer.toFixed(1)} s | ${status} | ${text} | ${(before / 2 ** 20).toFixed(0)} MB | ${(peak / 2 ** 20).toFixed(0)} MB |`);
  process.stderr.write(`${lines.at(-1)}\n`);
  await context.close();
}
await close();
console.log(`Planner at finer resolution in the browser (${cpus().length} x ${cpus()[0]?.model}, headless Chromium, production build; times from the click on Solve):\n`);
console.log('| grid | limit | first plan on the screen | answer on the screen | status | status line | renderer memory before Solve | peak while solving |');
console.log('|---|---:|---:|---:|---|---|---:|---:|');
for (const line of lines) console.log(line);
process.exit(0);
