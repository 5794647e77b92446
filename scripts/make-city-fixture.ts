/**
 * Writes fixtures/cities/trio: a small generated city of three districts
 * (near Shymkent, 42.32 N 69.59 E) as a city package, with a scenario next to
 * it that refers to it as "./". Generated, so no licence applies; run with
 * `npx tsx scripts/make-city-fixture.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { defaultScenario } from '../src/plan/scenario';
import { trioCity } from '../tests/unit/trio';

const folder = new URL('../fixtures/cities/trio/', import.meta.url);
mkdirSync(folder, { recursive: true });
const city = trioCity();
for (const [name, value] of Object.entries(city.files)) writeFileSync(new URL(name, folder), `${JSON.stringify(value, null, name === 'manifest.json' ? 2 : undefined)}\n`);
const base = defaultScenario('Trio: three schools');
const scenario = {
  ...base,
  data: './',
  routing: 'straight',
  facilities: {
    school: { ...base.facilities.school, budget: 3 * 5.2e9, candidateSpacing: 600 },
    polyclinic: { ...base.facilities.polyclinic, enabled: false },
    container: { ...base.facilities.container, enabled: false },
  },
  phases: { ...base.phases, growth: { north: 0.02, centre: 0.02, south: 0.02 } },
};
writeFileSync(new URL('scenario.json', folder), `${JSON.stringify(scenario, null, 2)}\n`);
