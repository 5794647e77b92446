import { stat } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { pageErrors, screenshot, withBrowser } from './browser';

const { openPage } = withBrowser();

// Only the contract testids: the app around them is still growing.
test('the built app shows the map and the editor without throwing', async () => {
  const { page, problems } = await openPage('/');

  const map = page.locator('[data-testid="map"]');
  await map.waitFor({ state: 'visible' });
  expect(await map.isVisible()).toBe(true);
  expect(await page.locator('[data-testid="editor"]').count()).toBe(1);

  const file = await screenshot(page, 'smoke');
  expect((await stat(file)).size).toBeGreaterThan(0);

  expect(pageErrors(problems)).toEqual([]);
});
