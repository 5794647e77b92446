import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The rules the accessibility issue found broken: checked whatever their impact. */
export const NAMED_RULES = ['select-name', 'color-contrast', 'scrollable-region-focusable', 'landmark-unique', 'region'];

/**
 * axe-core's critical and serious findings (and `named` rules) on the page as
 * it is, as "rule: targets". The built page's CSP (script-src 'self') blocks
 * an injected <script>, so the source is evaluated through the DevTools
 * protocol, which the page's policy does not govern.
 */
export async function axeProblems(page: Page, named: readonly string[] = NAMED_RULES): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async (named) => {
    const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious' || named.includes(v.id)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, [...named]);
}
