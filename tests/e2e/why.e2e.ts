import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { settled } from './appState';
import { pageErrors, withBrowser } from './browser';

const { openPage } = withBrowser();

test('why this plan: a site forbidden shows what the plan loses; the solved model downloads as an LP naming the sites', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  // Schools alone: the demo's ten, quick to solve again.
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');

  const first = page.locator('[data-testid="why-site"]').first();
  const siteId = await first.getAttribute('data-site');
  expect(siteId).toMatch(/^school:/);
  await first.locator('[data-testid="why-without"]').click();
  const loss = first.locator('[data-testid="why-loss"]');
  await loss.waitFor({ timeout: 60_000 });
  // A loss of coverage with the children it leaves out, or that an equally good plan exists without the site.
  expect(await loss.textContent()).toMatch(/^(−[\d.]+\u00a0pp of coverage \(−[\d,]+ child(ren)? 6-17\)\.|Nothing is lost: an equally good plan exists without it\.)/);

  await page.click('[data-testid="export"]');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="export-lp"]')]);
  expect(download.suggestedFilename()).toMatch(/\.lp$/);
  const lp = await readFile((await download.path())!, 'utf8');
  const lines = lp.split('\n');
  // Comments first (the scenario, the model's size), then the objective section.
  const firstStatement = lines.findIndex((line) => !line.startsWith('\\'));
  expect(firstStatement).toBeLessThanOrEqual(2);
  expect(lines[firstStatement]).toBe('Maximize');
  expect(lines[firstStatement + 1]).toMatch(/^ obj: /);
  expect(lp).toContain(`open_school_${siteId!.replace(/[^A-Za-z0-9_.]/g, '_')}`);
  expect(lp).toMatch(/ demand_school_d\d+/);
  expect(lp).toMatch(/ budget_school:/);
  expect(pageErrors(problems)).toEqual([]);
});
