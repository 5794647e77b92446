import type { Page } from 'playwright-core';

/** Waits for a solve (or a shown plan) to end and returns its status. */
export async function settled(page: Page): Promise<string | null> {
  await page.waitForFunction(() => !['running', 'idle'].includes(document.querySelector('[data-testid="solve-status"]')?.getAttribute('data-status') ?? 'idle'), null, { timeout: 90_000 });
  return page.getAttribute('[data-testid="solve-status"]', 'data-status');
}

/** The active scenario as the app saved it in the browser (IndexedDB, see src/app/state/storage.ts), or null. */
export async function storedScenario(page: Page) {
  return (await storedEntry(page))?.scenario ?? null;
}

/** The active scenario's record as saved in IndexedDB: the scenario and its plan, or null. */
export function storedEntry(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const request = indexedDB.open('siting-planner');
      // Nothing saved yet: the database must not be created here, or the app could not create its stores.
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => (request.error?.name === 'AbortError' ? resolve(null) : reject(request.error));
    });
    if (!db) return null;
    const read = <T>(store: string, key: string) =>
      new Promise<T | undefined>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).get(key);
        request.onsuccess = () => resolve(request.result as T | undefined);
        request.onerror = () => reject(request.error);
      });
    const state = await read<{ active: string }>('meta', 'state');
    const entry = state && (await read<{ scenario: unknown; plan: unknown }>('scenarios', state.active));
    db.close();
    return entry ? (entry as { scenario: any; plan: any }) : null;
  });
}

/** Imports a file through the Import menu, as a planner picks one (GeoJSON or a table, by its name). */
export async function importText(page: Page, kind: string, name: string, text: string): Promise<void> {
  await page.click('[data-testid="import"]');
  await page.selectOption('[data-testid="import-kind"]', kind);
  const mimeType = /\.(geo)?json$/i.test(name) ? 'application/geo+json' : 'text/csv';
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType, buffer: Buffer.from(text, 'utf8') });
}

/** Types a number into a field and leaves it, as a planner does (the field commits on change). */
export async function fillNumber(page: Page, testid: string, value: string): Promise<void> {
  await page.fill(`[data-testid="${testid}"]`, value);
  await page.press(`[data-testid="${testid}"]`, 'Tab');
}
