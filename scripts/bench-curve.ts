/**
 * The budget-coverage curve's benchmark (#14), in real headless Chromium
 * against the production build: the demo's school curve with 20 budget
 * points, computed in the curve's own worker, from the click on "Compute the
 * curve" to the last point on the screen (target: under 30 s), with each
 * point's arrival, status and gap.
 * Run: npm run bench:curve [-- POINTS]
 */
import { cpus } from 'node:os';
import { builtApp } from './builtApp';

const points = Number(process.argv[2] ?? 20);
const { base, browser, close } = await builtApp();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('map-ready').length > 0, null, { timeout: 60_000 });
  await page.selectOption('[data-testid="lang"]', 'en');
  await page.click('[data-testid="curve-card"] > summary');
  await page.selectOption('[data-testid="curve-target"]', 'school');
  await page.fill('[data-testid="curve-points"]', String(points));
  // Each point's arrival, recorded in the page as the progress text changes.
  await page.evaluate(() => {
    const arrivals: number[] = [];
    (window as unknown as { arrivals: number[] }).arrivals = arrivals;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="curve-progress"]')?.textContent ?? '';
      const done = Number(text.split('/')[0]);
      if (done > arrivals.length) arrivals.push(performance.now());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const started = await page.evaluate(() => performance.now());
  await page.click('[data-testid="curve-run"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="curve-csv"]:not([disabled])') !== null || document.querySelector('[data-testid="curve-error"]') !== null, null, { timeout: 300_000 });
  const error = await page.textContent('[data-testid="curve-error"]').catch(() => null);
  if (error) throw new Error(error);
  const arrivals = await page.evaluate(() => (window as unknown as { arrivals: number[] }).arrivals);
  const total = (arrivals.at(-1)! - started) / 1000;
  const rows = await page.locator('[data-testid="curve-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => ({ status: tr.getAttribute('data-status'), cells: [...tr.children].map((td) => td.textContent?.trim() ?? '') })));
  const saturation = await page.textContent('[data-testid="curve-saturation"]');
  console.log(`Budget-coverage curve, demo schools, ${points} points (${cpus().length} x ${cpus()[0]?.model}, headless Chromium, production build):`);
  console.log(`- from the click to the last point on the screen: ${total.toFixed(1)} s (first point after ${((arrivals[0] - started) / 1000).toFixed(1)} s: the worker's start, the city, the full budget)`);
  console.log(`- ${saturation?.trim()}`);
  console.log('| # | budget | seconds | status | covered | share | gap | per person more |');
  console.log('|---|---|---|---|---|---|---|---|');
  rows.forEach((row, n) => {
    const seconds = (arrivals[n] - (n === 0 ? started : arrivals[n - 1])) / 1000;
    console.log(`| ${n + 1} | ${row.cells[0]} | ${seconds.toFixed(1)} | ${row.status} | ${row.cells[1]} | ${row.cells[2]} | ${row.cells[3]} | ${row.cells[4]} |`);
  });
  const proven = rows.filter((row) => row.status === 'optimal').length;
  console.log(`- ${proven} of ${rows.length} points proven optimal; target 30 s: ${total < 30 ? 'met' : 'NOT met'}`);
  await context.close();
} finally {
  await close();
}
