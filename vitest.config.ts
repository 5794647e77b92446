import { defineConfig } from 'vitest/config';

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

export default defineConfig({
  test: {
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
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds and serves the app once for all browser test files.
          globalSetup: ['tests/e2e/globalSetup.ts'],
          // Each file drives its own Chromium; two at once starve a 2-core machine.
          // It also makes vitest run these files one at a time, never beside a unit file.
          fileParallelism: false,
          testTimeout: 120_000,
          // Launching Chromium happens in beforeAll hooks.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
