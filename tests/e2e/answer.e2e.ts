import { expect, test } from 'vitest';
import { pageErrors, withBrowser } from './browser';

const { openPage } = withBrowser();

/** The gap the status line states (`proven within 3.07% of the best possible`), or null. */
const provenGap = (text: string | null) => {
  const match = /proven within ([\d.]+)%/.exec(text ?? '');
  return match ? Number(match[1]) : null;
};

test('always an answer (issue 23): Cancel keeps the plan on screen with its bound and gap; at a short limit the answer comes within the limit + 2 s', async () => {
  const { page, problems } = await openPage('/');
  await page.selectOption('[data-testid="lang"]', 'en');
  const status = page.locator('[data-testid="solve-status"]');

  // Cancel as soon as the first plan shows: it stays, now the answer, with its proven gap.
  await page.click('[data-testid="solve"]');
  await page.waitForSelector('[data-testid="first-plan"]', { timeout: 20_000 });
  await page.click('[data-testid="cancel"]');
  expect(await status.getAttribute('data-status')).toBe('cancelled');
  const cancelled = await status.textContent();
  expect(cancelled).toMatch(/^\s*Cancelled/);
  const gap = provenGap(cancelled);
  expect(gap).not.toBeNull();
  expect(gap!).toBeGreaterThanOrEqual(0);
  expect(Number(await page.getAttribute('[data-testid="map"]', 'data-sites-shown'))).toBeGreaterThan(0);

  // A 2 s limit: the answer (a plan, its bound and gap) within 4 s of the click, city loading included.
  const limit = page.locator('[data-testid="time-limit"]');
  await limit.fill('2');
  await limit.press('Tab');
  const started = Date.now();
  await page.click('[data-testid="solve"]');
  await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 20_000 });
  const seconds = (Date.now() - started) / 1000;
  expect(seconds).toBeLessThanOrEqual(2 + 2);
  expect(['optimal', 'timeout']).toContain(await status.getAttribute('data-status'));
  expect(provenGap(await status.textContent())).not.toBeNull();
  expect(Number(await page.getAttribute('[data-testid="map"]', 'data-sites-shown'))).toBeGreaterThan(0);
  expect(pageErrors(problems)).toEqual([]);
}, 40_000);
