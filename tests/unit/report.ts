import { nodeSolver } from '../../src/solvers/node';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { solvePlan, type PlanResult } from '../../src/plan/solvePlan';
import type { PlanKpis } from '../../src/plan/kpis';
import { Words, type Language } from '../../src/app/i18n/translator';
import { reportContent, type ReportContent } from '../../src/app/report/content';
import { layerWords } from '../../src/app/map/words';
import { longDate } from '../../src/app/i18n/date';
import { demoCity } from './city';

/** The demo with schools and polyclinics only, proven in a few seconds: what the report tests write documents of. */
export function reportScenario(): Scenario {
  const scenario = defaultScenario();
  return { ...scenario, name: 'Алатау: мектептер мен емханалар', facilities: { ...scenario.facilities, container: { ...scenario.facilities.container, enabled: false } } };
}

let solved: Promise<{ scenario: Scenario; result: PlanResult & { kpis: PlanKpis } }> | null = null;

/** The scenario solved once per test file (HiGHS, proven). */
export function solvedDemo() {
  solved ??= (async () => {
    const scenario = reportScenario();
    // Which of the equally good plans does not matter to a document: the stage that picks one is skipped (3.9 s -> 1.9 s).
    const result = await solvePlan(demoCity(), scenario, nodeSolver('highs'), { equalsSeconds: 0 });
    if (!result.kpis) throw new Error(`the report's demo has no plan: ${result.status}`);
    return { scenario, result: result as PlanResult & { kpis: PlanKpis } };
  })();
  return solved;
}

/** The solved demo's report in a language, dated 6 December 2026, with a link. */
export async function demoReport(lang: Language): Promise<ReportContent> {
  const { scenario, result } = await solvedDemo();
  const city = demoCity();
  return reportContent({
    words: new Words(lang, scenario.facilities),
    city,
    cityName: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' }[lang],
    scenario,
    result,
    layerWords: layerWords(scenario.data, scenario.imported),
    date: longDate(new Date(2026, 11, 6), lang),
    link: 'https://example.org/siting/#v1.demo-link',
  });
}
