import { describe, expect, test } from 'vitest';

/**
 * The browser test files (tests/e2e/*.e2e.ts) run in two halves, one test
 * file each (browser-1.test.ts, browser-2.test.ts): within a half one after
 * another, the halves side by side and beside the unit files. A browser test
 * mostly waits (for the page, the worker, a timer), so two Chromiums and the
 * unit tests keep a 2-core machine busy where one at a time left it 60% idle.
 * `E2E=map,share npx vitest run --project e2e` runs only the named files.
 */
const files = import.meta.glob<object>('./*.e2e.ts');

/** Seconds each file took in `npm test` on the 2-core machine (2026-12-06, after issue 20): the halves are balanced by them. */
const SECONDS: Record<string, number> = {
  a11y: 43, access: 40, answer: 11, app: 46, city: 33, curve: 11, engine: 62, equals: 8, extensions: 14, import: 14, map: 80, 'met-city': 7, 'met-map': 28, 'met-osm-layers': 10, 'met-saves': 25, 'met-screens': 28, 'met-texts': 52, 'met-types': 29, numbers: 89, phases: 39, planpage: 12, screens: 39, security: 18, share: 49, transit: 40, smoke: 2, storage: 40, streets: 55, view: 22, why: 13,
};
/** A file not measured yet counts as this many seconds. */
const UNMEASURED = 15;

function chosen(): string[] {
  const names = Object.keys(files).map((path) => path.slice('./'.length, -'.e2e.ts'.length));
  if (names.length === 0) throw new Error('no browser test file (tests/e2e/*.e2e.ts) was found');
  const only = process.env.E2E?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!only) return names;
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`E2E names no browser test file: ${unknown.join(', ')} (there are: ${names.join(', ')})`);
  return names.filter((name) => only.includes(name));
}

/** The files of one half: the longest first, each to the half with less to do so far. */
export function half(which: 0 | 1): string[] {
  const halves: [string[], string[]] = [[], []];
  const load = [0, 0];
  const seconds = (name: string) => SECONDS[name] ?? UNMEASURED;
  for (const name of chosen().sort((a, b) => seconds(b) - seconds(a) || a.localeCompare(b))) {
    const k = load[0] <= load[1] ? 0 : 1;
    halves[k].push(name);
    load[k] += seconds(name);
  }
  return halves[which];
}

/** Registers a half's files, each as a describe block named for its file. */
export function registerHalf(which: 0 | 1): void {
  // E2E=name may leave this half nothing to run; a test file must have a test.
  if (half(which).length === 0) test('the chosen browser files run in the other half', () => expect(half(which === 0 ? 1 : 0).length).toBeGreaterThan(0));
  for (const name of half(which)) {
    describe(`${name}.e2e.ts`, async () => {
      await files[`./${name}.e2e.ts`]();
    });
  }
}
