/**
 * npm run bench:city: New city in the browser (the production build in
 * headless Chromium), driven as a planner does, timed from "Read the files"
 * to the review on screen:
 *  1. a WorldPop-sized 100 m raster of a city of 2 million (scripts/benchCity.ts)
 *     summed within 8 districts into 100 m cells, in the worker;
 *  2. the ~100 MB generated OpenStreetMap extract of bench:extract: its
 *     facilities and streets taken, with the population at 1 km.
 * Reports the time, whether the progress bar moved, the longest main-thread
 * task while it ran (PerformanceObserver 'longtask'), and the browser's
 * renderer memory (the worker lives in the page's renderer process; RSS of
 * Chromium's renderer processes sampled every 100 ms, peak minus before).
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtApp } from './builtApp';
import { cityRaster, districts } from './benchCity';

const EXTRACT = join(tmpdir(), 'bench-extract-1750-20000.osm.pbf');
if (!existsSync(EXTRACT)) {
  console.log('(generating the 100 MB extract once, about 90 s)');
  const child = spawnSync('npx', ['tsx', 'scripts/bench-extract.ts', '--generate'], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('generating the extract failed');
}
const folder = mkdtempSync(join(tmpdir(), 'bench-city-'));
const files = { districts: join(folder, 'districts.geojson'), raster: join(folder, 'worldpop.tif') };
const shapes = districts();
for (const feature of shapes.features) feature.properties = { name: feature.properties!.id };
writeFileSync(files.districts, JSON.stringify(shapes));
writeFileSync(files.raster, new Uint8Array(cityRaster()));

/** Resident set of Chromium's renderer processes, bytes. */
function rendererRss(): number {
  const out = execSync("ps -eo rss=,args= | grep -- '--type=renderer' | grep -v grep || true").toString();
  return out
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]) * 1024, 0);
}

const app = await builtApp();
const rows: string[] = [];
try {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  for (const run of (['raster', 'extract'] as const).filter((name) => only === null || name === only)) {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: { start: number; duration: number }[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => w.longTasks.push({ start: entry.startTime, duration: entry.duration }))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(app.base);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="city"] optgroup').length > 0);
    // The demo's own start (its map, its street network) is over before New city begins: only New city's tasks are measured.
    await page.waitForTimeout(5000);
    await page.click('[data-testid="city-menu"]');
    await page.click('[data-testid="city-new"]');
    await page.fill('[data-testid="city-name-en"]', `Bench ${run}`);
    await page.setInputFiles('[data-testid="city-boundaries"]', files.districts);
    await page.locator('[data-testid="city-name-field"]').waitFor();
    await page.selectOption('[data-testid="city-name-field"]', 'name');
    await page.setInputFiles('[data-testid="city-population"]', files.raster);
    await page.fill('[data-testid="city-cell"]', run === 'raster' ? '100' : '1000');
    await page.locator('[data-testid="city-cell"]').press('Tab');
    if (run === 'extract') {
      await page.setInputFiles('[data-testid="city-osm"]', EXTRACT);
      await page.check('[data-testid="city-facilities-osm"]');
      await page.check('[data-testid="city-streets"]');
    }
    const before = rendererRss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rendererRss())), 100);
    let started = performance.now();
    const progress = new Set<string>();
    const stages: [string, number][] = [];
    const watcher = setInterval(() => {
      page
        .locator('[data-testid="city-stage"]')
        .textContent({ timeout: 50 })
        .then((stage) => stage && stages.at(-1)?.[0] !== stage && stages.push([stage, (performance.now() - started) / 1000]))
        .catch(() => undefined);
      page
        .locator('[data-testid="city-progress"]')
        .getAttribute('value', { timeout: 50 })
        .then((value) => value !== null && progress.add(value))
        .catch(() => undefined);
    }, 100);
    const startedAt = await page.evaluate(() => performance.now());
    const profiler = process.env.PROFILE ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    started = performance.now();
    await page.click('[data-testid="city-draft"]');
    await page.locator('[data-testid="city-review"], [data-testid="city-errors"]').first().waitFor({ timeout: 180_000 });
    const seconds = (performance.now() - started) / 1000;
    if (profiler) {
      await page.waitForTimeout(1500);
      const { profile } = (await profiler.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((node) => [node.id, node]));
      profile.samples.forEach((id, k) => {
        const frame = byId.get(id)!.callFrame;
        const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}:${frame.columnNumber}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
      });
      for (const [key, ms] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 12)) console.log(`  ${Math.round(ms)} ms ${key}`);
    }
    clearInterval(sampler);
    clearInterval(watcher);
    if (await page.locator('[data-testid="city-errors"]').isVisible()) throw new Error(`refused: ${await page.locator('[data-testid="city-errors"]').textContent()}`);
    const count = async (name: string) => Number(await page.getAttribute(`[data-testid="city-count-${name}"]`, 'data-value'));
    const longest = await page.evaluate((from) => Math.max(0, ...(window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter((t) => t.start >= from).map((t) => t.duration)), startedAt);
    const what =
      run === 'raster'
        ? `1000 x 900 px raster (2 million people) in 8 districts, 100 m cells: ${(await count('points')).toLocaleString('en')} points, ${(await count('residents')).toLocaleString('en')} residents`
        : `92 MB .osm.pbf: ${(await count('schools')).toLocaleString('en')} schools, ${(await count('health')).toLocaleString('en')} health, ${(await count('containers')).toLocaleString('en')} container sites, ${(await count('streets')).toLocaleString('en')} street segments in the city`;
    // Kept: the package written (its street file too) and stored in IndexedDB.
    const saving = performance.now();
    await page.click('[data-testid="city-save"]');
    await page.locator('[data-testid="city-dialog"], [data-testid="city-save-error"]').first().waitFor({ state: 'detached', timeout: 180_000 }).catch(() => undefined);
    const kept = (performance.now() - saving) / 1000;
    rows.push(`| ${what} | ${seconds.toFixed(1)} s | ${kept.toFixed(1)} s | ${progress.size} | ${Math.round(longest)} ms | ${Math.round((peak - before) / 2 ** 20)} MB |`);
    console.log(rows[rows.length - 1]);
    console.log(`  stages: ${stages.map(([stage, at]) => `${at.toFixed(1)} s ${stage}`).join(' → ')}`);
    await context.close();
  }
} finally {
  await app.close();
}
console.log(`\nMachine: ${cpus().length} x ${cpus()[0]?.model}, Chromium headless\n`);
console.log('| New city in the browser | files read to review | kept (written and stored) | progress values seen | longest main-thread task to the review | renderer memory (peak - before) |\n|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
