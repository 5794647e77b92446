import { describe } from 'vitest';

/**
 * Every browser test file, in one test file: vitest then gives the browser
 * tests one worker, where they run one after another (two Chromiums at once
 * starve a 2-core machine), while the unit tests use the other core.
 * `E2E=map,share npx vitest run --project e2e` runs only the named files.
 */
const files = import.meta.glob<object>('./*.e2e.ts');
const only = process.env.E2E?.split(',').map((name) => name.trim()).filter(Boolean);
const names = Object.keys(files).map((path) => path.slice('./'.length, -'.e2e.ts'.length));
const unknown = only?.filter((name) => !names.includes(name)) ?? [];
if (unknown.length > 0) throw new Error(`E2E names no browser test file: ${unknown.join(', ')} (there are: ${names.join(', ')})`);

for (const name of names.sort()) {
  if (only && !only.includes(name)) continue;
  describe(`${name}.e2e.ts`, async () => {
    await files[`./${name}.e2e.ts`]();
  });
}
