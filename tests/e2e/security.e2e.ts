import { expect, test } from 'vitest';
import { withBrowser } from './browser';

const { openPage } = withBrowser();

test('the built page has a Content-Security-Policy, and the app works under it', async () => {
  const { page, problems } = await openPage('/');
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  await page.click('[data-testid="solve"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') !== 'running', null, { timeout: 90_000 });
  expect(await page.getAttribute('[data-testid="solve-status"]', 'data-status')).toBe('optimal');
  // Any script, worker, wasm or fetch the policy blocked would show up here.
  expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p.text))).toEqual([]);
});

test('names from files and links are shown as text, never as HTML', async () => {
  const { page, problems } = await openPage('/');
  const name = page.locator('[data-testid="scenario-name"]');
  await name.fill('<img src=x onerror="window.pwned=1"><b>bold</b>');
  await name.press('Enter');
  await page.click('[data-testid="share"]');
  const link = await page.waitForFunction(() => {
    const value = (document.querySelector('[data-testid="share-url"]') as HTMLInputElement | null)?.value ?? '';
    return value.includes('#s1.') && value;
  });
  const hash = new URL(String(await link.jsonValue())).hash;
  const { page: other } = await openPage(`/?embed=1${hash}`);
  await other.locator('.embed-panel h1').waitFor();
  expect(await other.locator('.embed-panel h1').textContent()).toBe('<img src=x onerror="window.pwned=1"><b>bold</b>');
  expect(await other.locator('.embed-panel h1 img, .embed-panel h1 b').count()).toBe(0);
  expect(await other.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(problems.filter((p) => p.kind === 'pageerror')).toEqual([]);
});
