/**
 * The documents of a plan written in the browser (issue 22): the production
 * build in Debian's Chromium, the default demo (three types, 789 sites) solved
 * in Kazakh, then Export's Slides, Report (PDF), Tables and Plan page: the
 * seconds from the click to the download (the writer's first load, the
 * fonts' download, the map drawn, the texts measured, the file encoded), and
 * each once more (warm).
 *
 * Run: npm run bench:reports-browser
 */
import { builtApp } from './builtApp';

const app = await builtApp();
try {
  const page = await (await app.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })).newPage();
  await page.goto(app.base);
  await page.selectOption('[data-testid="lang"]', 'kk');
  await page.click('[data-testid="solve"]');
  await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 180_000 });
  console.log(`the demo solved: ${await page.getAttribute('[data-testid="solve-status"]', 'data-status')}`);
  console.log('format  first s  warm s     size');
  for (const format of ['pptx', 'pdf', 'xlsx', 'html']) {
    const times: number[] = [];
    let size = 0;
    for (let run = 0; run < 2; run++) {
      await page.click('[data-testid="export"]');
      const started = performance.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click(`[data-testid="export-${format}"]`)]);
      times.push((performance.now() - started) / 1000);
      size = Buffer.concat(await (await download.createReadStream()).toArray()).length;
    }
    console.log(`${format.padEnd(6)}  ${times[0].toFixed(2).padStart(7)}  ${times[1].toFixed(2).padStart(6)}  ${(size / 1024).toFixed(0).padStart(6)} kB`);
  }
} finally {
  await app.close();
}
