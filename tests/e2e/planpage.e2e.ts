import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser } from './browser';
import { writePlanPage } from '../../src/io/report/page';
import { pageWords } from '../../src/app/report/pageWords';
import { Words } from '../../src/app/i18n/translator';
import { legendRows } from '../../src/io/export/image/legend';
import { SERVICE, typeLook } from '../../src/style/colours';
import { demoReport, solvedDemo } from '../unit/report';

let browser: Browser | undefined;
let folder = '';
beforeAll(async () => {
  browser = await launchBrowser();
  folder = await mkdtemp(join(tmpdir(), 'planpage-'));
});
afterAll(async () => {
  await browser?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** How many pixels of the PNG are within a few levels of the colour. */
async function pixelsOf(png: Buffer, colour: string): Promise<number> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16));
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) count++;
  return count;
}

test('the plan page opens from disk with every request refused: KPIs, the map with data, legend, districts, no error (issue 22)', async () => {
  const content = await demoReport('kk');
  const file = join(folder, 'plan-kk.html');
  await writeFile(file, writePlanPage(content, pageWords(new Words('kk', (await solvedDemo()).scenario.facilities))));

  const context = await browser!.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    // Refuse every request but the file's own (context.route('**/*') refuses file:// too: the page would not load).
    const refused: string[] = [];
    await context.route((url) => url.protocol !== 'file:', (route) => {
      refused.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await page.goto(pathToFileURL(file).href);

    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    expect(await page.locator('h1').textContent()).toBe(content.title);
    // The KPI cards say what the report says, to the letter.
    for (const kpi of content.kpis) expect(await page.locator(`[data-kpi="${kpi.id}"] .kpi-value`).textContent(), kpi.id).toBe(kpi.value);
    // The legend and the district table, as many rows as the report has.
    const rows = legendRows(content.picture.result, content.picture.coverageType, content.picture.labels, content.picture.city.exclusions.features.length > 0);
    expect(await page.locator('[data-legend] li').count()).toBe(rows.length);
    expect(await page.locator('[data-legend]').isVisible()).toBe(true);
    expect(await page.locator('table[data-table="districts"] tbody tr').count()).toBe(content.districts.rows.length);
    expect(await page.locator('table[data-table="districts"] tbody tr').first().locator('th').textContent()).toBe(content.districts.rows[0][0].text);

    // The map shows data: the drawn picture has served and unserved cells and new schools in their colours.
    const map = page.locator('svg.map');
    const box = (await map.boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    expect(box.height).toBeGreaterThan(300);
    const shot = await map.screenshot();
    for (const colour of [SERVICE.served, SERVICE.unserved, typeLook('school').colour]) expect(await pixelsOf(shot, colour), colour).toBeGreaterThan(20);

    // On a phone nothing runs off the side: wide tables scroll in their own box.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect((await map.boundingBox())!.width).toBeGreaterThan(340);

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(refused).toEqual([]);
  } finally {
    await context.close();
  }
});
