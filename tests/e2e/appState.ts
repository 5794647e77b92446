import type { Page } from 'playwright-core';

/** Waits for a solve (or a shown plan) to end and returns its status. */
export async function settled(page: Page): Promise<string | null> {
  await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 90_000 });
  return page.getAttribute('[data-testid="solve-status"]', 'data-status');
}

/** The active scenario as the app saved it in the browser. */
export function storedScenario(page: Page) {
  return page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('siting-planner/scenarios') ?? 'null');
    return saved && saved.scenarios.find((s: { id: string }) => s.id === saved.active).scenario;
  });
}
