import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { settled } from './appState';

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1024, height: 768 };
export const DESKTOP = { width: 1400, height: 900 };

/** The element's box on the screen, or null when it is missing or not displayed. */
export function box(page: Page, selector: string): Promise<Box | null> {
  return page.evaluate((s) => {
    const element = document.querySelector(s);
    if (!element || element.getClientRects().length === 0) return null;
    const { left, top, right, bottom, width, height } = element.getBoundingClientRect();
    return { left, top, right, bottom, width, height };
  }, selector);
}

export async function mustBox(page: Page, selector: string): Promise<Box> {
  const found = await box(page, selector);
  if (!found) throw new Error(`${selector} is not on the screen`);
  return found;
}

export function overlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export function inside(inner: Box, outer: Box, slack = 0.5): boolean {
  return inner.left >= outer.left - slack && inner.top >= outer.top - slack && inner.right <= outer.right + slack && inner.bottom <= outer.bottom + slack;
}

/** Whether the page scrolls sideways: it must not, at any width. */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** Whether the point at the middle of the element is the element itself (nothing is drawn over it). */
export function uncovered(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const element = document.querySelector(s);
    if (!element) return false;
    const r = element.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top !== null && (top === element || element.contains(top));
  }, selector);
}

/** Solves the demo (English UI, schools only: a quick plan) and waits for it. */
export async function solveSchools(page: Page, lang: 'en' | 'ru' | 'kk' = 'en'): Promise<void> {
  await page.selectOption('[data-testid="lang"]', lang);
  await showView(page, 'editor');
  await page.uncheck('[data-testid="enable-polyclinic"]');
  await page.uncheck('[data-testid="enable-container"]');
  // The machine may be busy with other suites: the plan must be proven, however long that takes here.
  await page.fill('[data-testid="time-limit"]', '300');
  await page.press('[data-testid="time-limit"]', 'Tab');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
}

/** On a phone the parts are tabs; on wider screens every part is already shown. */
export async function showView(page: Page, view: 'map' | 'editor' | 'results'): Promise<void> {
  const tab = page.locator(`[data-testid="view-${view}"]`);
  if (await tab.isVisible()) await tab.click();
}
