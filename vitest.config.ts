import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// vitest 5's failure reporter calls Map.groupBy, which Node 20 lacks (Node 21+):
// without this, a failing test crashes the reporter instead of being shown.
if (!('groupBy' in Map)) {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const k = key(item, index++);
        groups.set(k, [...(groups.get(k) ?? []), item]);
      }
      return groups;
    },
  });
}

/** The browser tests' two files are the longest: they start first, and the unit files take the third worker. */
class BrowserFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = (spec: TestSpecification) => (spec.project.name === 'e2e' ? 0 : 1);
    return [...sorted].sort((a, b) => browser(a) - browser(b));
  }
}

export default defineConfig({
  test: {
    // vitest's default on 2 cores is one worker, which ran every file one after another.
    // Three: the browser tests' two halves (see tests/e2e/files.ts) and the unit files, side by side.
    maxWorkers: 3,
    sequence: { sequencer: BrowserFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/engine/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          // Two files, each running half of tests/e2e/*.e2e.ts in turn (one Chromium each).
          include: ['tests/e2e/browser-*.test.ts'],
          environment: 'node',
          // Builds and serves the app once for all browser test files.
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          // Launching Chromium happens in beforeAll hooks.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
