/**
 * The documents of a plan (issue 22), written as the command line writes them
 * (`npm run solve -- FILE --report x.pptx|.pdf|.html|.xlsx`): the default demo
 * (three types, 789 sites) solved once with HiGHS, then each document in
 * Kazakh, Russian and English: the seconds to write it (the map drawn, the
 * texts measured, the file encoded) and its size.
 *
 * Run: npm run bench:reports
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { demoCityFiles } from '../src/cli/scenarioJob';
import { parseCity } from '../src/plan/city';
import { defaultScenario } from '../src/plan/scenario';
import { solvePlan } from '../src/plan/solvePlan';
import { nodeSolver } from '../src/solvers/node';
import { Words } from '../src/app/i18n/translator';
import { reportContent } from '../src/app/report/content';
import { layerWords } from '../src/app/map/words';
import { longDate } from '../src/app/i18n/date';
import { REPORT_FORMATS, writeReport } from '../src/cli/report';

const city = parseCity(demoCityFiles());
const scenario = defaultScenario();
const result = await solvePlan(city, scenario, nodeSolver('highs'));
if (!result.kpis) throw new Error(`no plan: ${result.status}`);
console.log(`${cpus().length} × ${cpus()[0].model}; the demo solved: ${result.status}, ${result.sites.length} sites`);
const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
console.log('format  lang  seconds   size');
for (const format of REPORT_FORMATS) {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const words = new Words(lang, scenario.facilities);
    const content = reportContent({ words, city, cityName: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' }[lang], scenario, result: { ...result, kpis: result.kpis }, layerWords: layerWords(scenario.data, scenario.imported), date: longDate(new Date(), lang), link: 'https://example.org/siting/#v1' });
    const path = join(dir, `plan-${lang}${format}`);
    const started = performance.now();
    await writeReport(path, content, words);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${format.padEnd(6)}  ${lang}    ${seconds.toFixed(2).padStart(6)}  ${(statSync(path).size / 1024).toFixed(0).padStart(6)} kB`);
  }
}
rmSync(dir, { recursive: true, force: true });
