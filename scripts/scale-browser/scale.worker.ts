import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import { randomCovering } from '../../src/engine/randomCovering';
import { solveInstance } from '../../src/engine/solve';
import { createHighsSolver } from '../../src/solvers/highs';

/** The engine's fast path on a seeded random covering instance, in a browser worker as the app runs it. */
self.onmessage = async (event: MessageEvent<{ sites: number; demand: number; p: number; limit: number }>) => {
  const { sites, demand, p, limit } = event.data;
  const started = performance.now();
  try {
    const instance = randomCovering(sites, demand, p);
    const generated = (performance.now() - started) / 1000;
    const solver = createHighsSolver(() => loadHighs({ locateFile: () => highsWasm }));
    const report = await solveInstance(instance, solver, { timeLimit: limit, relativeGap: 0 });
    postMessage({ ...report, open: report.open.length, generated, total: (performance.now() - started) / 1000 });
  } catch (error) {
    postMessage({ status: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
