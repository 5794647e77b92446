import { expect, test } from 'vitest';
import { demoCityFiles, solveScenario } from '../../src/cli/scenarioJob';
import { generateCandidates } from '../../src/plan/candidates';
import { parseCity } from '../../src/plan/city';
import { defaultScenario, FACILITY_TYPES } from '../../src/plan/scenario';
import { decodeStoredPlan } from '../../src/io/link/storedPlan';
import { settled, storedEntry } from './appState';
import { pageErrors, withBrowser } from './browser';

const { openPage } = withBrowser();

test('the app and the command line give the same proven plan on the demo (one engine)', async () => {
  const { page, problems } = await openPage('/');
  await page.click('[data-testid="solve"]');
  expect(await settled(page)).toBe('optimal');
  // The plan is saved with the scenario once it is shown.
  let entry = await storedEntry(page);
  for (let tries = 0; !entry?.plan && tries < 50; tries++) {
    await page.waitForTimeout(100);
    entry = await storedEntry(page);
  }
  const app = decodeStoredPlan(entry!.plan)!;
  const scenario = defaultScenario();
  const cli = await solveScenario(scenario, 'highs', 120, 0);
  expect(app.status).toBe('optimal');
  expect(cli.status).toBe('optimal');
  expect(app.objective!).toBeCloseTo(cli.objective!, 6);
  // The same sites, by candidate id and count.
  const candidates = generateCandidates(parseCity(demoCityFiles()), scenario);
  const fromApp = FACILITY_TYPES.flatMap((type) => {
    const own = candidates.filter((candidate) => candidate.type === type);
    return (app.open[type] ?? []).map(([index, count]) => `${own[index].id}×${count}`);
  }).sort();
  const fromCli = cli.sites.map((site) => `${site.id}×${site.count}`).sort();
  expect(fromApp).toEqual(fromCli);
  expect(pageErrors(problems)).toEqual([]);
});
