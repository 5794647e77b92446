/**
 * The budget-coverage curve's benchmark (#14), in real headless Chromium
 * against the production build: the demo's school curve with 20 budget
 * points, computed in the curve's own worker, from the click on "Compute the
 * curve" to the last point on the screen (target: under 30 s), with each
 * point's arrival, status and gap.
 * Run: npm run bench:curve [-- POINTS]
 *
 * Issue 23: `npm run bench:curve -- --node [RUNS] [--busy]` computes the same
 * curve in Node (the app's defaults: schools only, 20 points, CURVE_SECONDS),
 * RUNS times (3 by default), and prints per run the seconds, the points
 * proven and within 0.1%, the worst gap, and the axis end (the full budget)
 * with its proven lower bound; the axis end must be the same every run.
 * `--busy` keeps one core busy with another process meanwhile.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { builtApp } from './builtApp';

if (process.argv.includes('--node')) {
  await nodeBench();
  process.exit(0);
}

async function nodeBench() {
  const { demoCityFiles } = await import('../src/cli/scenarioJob');
  const { parseCity } = await import('../src/plan/city');
  const { budgetCurve, CURVE_SECONDS, curveEnd } = await import('../src/plan/curve');
  const { defaultScenario } = await import('../src/plan/scenario');
  const { nodeSolver } = await import('../src/solvers/node');
  const { threadParts } = await import('../src/cli/parts');
  const numbers = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg));
  const runs = Number(numbers[0] ?? 3);
  const busy = process.argv.includes('--busy') ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : null;
  try {
    const scenario = defaultScenario();
    const city = parseCity(demoCityFiles());
    const bn = (tenge: number | null | undefined) => (tenge == null ? '-' : `${(tenge / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} bn`);
    console.log(`Budget-coverage curve, demo schools, 20 points, Node (${cpus().length} x ${cpus()[0]?.model}${busy ? ', one core kept busy by another process' : ''}; the curve's time ${Math.min(CURVE_SECONDS, scenario.timeLimit)} s):`);
    console.log('| run | seconds | proven | within 0.1% | worst gap | axis end (full budget) | its proven lower bound | saturation | the end says |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    const ends = new Set<number>();
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      const curve = await budgetCurve(city, scenario, nodeSolver('highs'), { target: 'school', points: 20, runPart: threadParts('highs') });
      const seconds = (performance.now() - started) / 1000;
      const proven = curve.points.filter((point) => point.status === 'optimal').length;
      const close = curve.points.filter((point) => point.gap !== null && point.gap <= 0.001).length;
      const worst = Math.max(...curve.points.map((point) => point.gap ?? Infinity));
      const end = curveEnd(curve);
      const says = end.proven ? `costs ${bn(curve.fullBudget)} (proven)` : `at most ${bn(end.most)}, at least ${bn(end.least)}`;
      ends.add(curve.fullBudget);
      console.log(`| ${run} | ${seconds.toFixed(1)} | ${proven} of 20 | ${close} of 20 | ${(worst * 100).toFixed(2)}% | ${bn(curve.fullBudget)} | ${bn(curve.fullBudgetBound)} | ${bn(curve.saturation)} | ${says} |`);
    }
    console.log(`- the axis end ${ends.size === 1 ? 'was the same in every run' : `MOVED between runs (${[...ends].map(bn).join(', ')})`}`);
  } finally {
    if (busy) busy.kill();
  }
}

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
  const saturation = (await page.textContent('[data-testid="curve-saturation"]'))?.replace(/\s+/g, ' ');
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
