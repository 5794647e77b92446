import type { ModeShares } from '../../plan/transitAccess';
import type { CityData } from '../../plan/city';
import type { PlanKpis } from '../../plan/kpis';
import { typeIds, type FacilityType, type Scenario } from '../../plan/scenario';
import type { PlanResult } from '../../plan/solvePlan';
import type { BudgetCurve } from '../../plan/curve';
import type { PlanImageLabels } from '../../io/export/image/context';
import { EVERY_SERVICE } from '../../plan/everyService';
import type { Translator } from '../i18n/translator';
import type { Cell, Kpi, ReportContent, ReportCurve, Table } from '../../io/report/content';

export type { Cell, Kpi, ReportContent, ReportCurve, Table } from '../../io/report/content';
import { streetsLicenceKey, type LayerWords } from '../map/words';

export interface ReportInput {
  readonly words: Translator;
  readonly city: CityData;
  readonly cityName: string;
  readonly scenario: Scenario;
  readonly result: PlanResult & { readonly kpis: PlanKpis };
  /** The city's credits where it is not the demo (its package's attribution); the demo's are translated. */
  readonly attribution?: string | null;
  /** What the city's health facilities and no-build zones are called (app/map/words.ts). */
  readonly layerWords: LayerWords;
  /** The type whose coverage the map shows; the picture shows the same. */
  readonly coverageType?: FacilityType;
  readonly curve?: BudgetCurve | null;
  readonly findings?: readonly string[];
  readonly link?: string | null;
  /** The day in words (app/i18n/date.ts longDate). */
  readonly date: string;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const text = (value: string): Cell => ({ value, text: value });

/** The headline KPI cards: the app's KpiCards renders these, so the documents and the screen agree to the letter. */
export function headlineKpis(kpis: PlanKpis, words: Translator): Kpi[] {
  const cards: Kpi[] = [
    { id: 'covered-share', number: kpis.coveredShare, value: words.percent(kpis.coveredShare), label: words.t('kpi.coveredShare') },
    {
      id: 'total-cost',
      number: kpis.totalCost,
      // The cost and its budget in one unit and with one number of decimals, so they read against each other.
      value: words.tenge(kpis.totalCost, kpis.budget ?? undefined),
      label: `${words.t('kpi.totalCost')} · ${kpis.budget === null ? words.t('kpi.noBudget') : words.t('kpi.ofBudget', { budget: words.tenge(kpis.budget, kpis.totalCost) })}`,
    },
    {
      id: 'sites-opened',
      number: kpis.sitesOpened,
      value: words.number(kpis.sitesOpened),
      label: words.t('kpi.sitesOpened'),
      // Extensions of existing facilities are not new sites: counted apart.
      ...(kpis.extensions > 0 && { more: words.t('extension.card', { count: kpis.extensions }) }),
    },
  ];
  const every = kpis.everyService;
  if (every && every.essential.length > 1) {
    const after = share(every.reached, every.residents);
    cards.push({
      id: 'every-service',
      number: after,
      value: words.percent(after),
      label: words.t('kpi.everyService', { count: every.essential.length }),
      more: words.t('kpi.everyServiceBefore', { share: words.percent(share(every.reachedBefore, every.residents)), types: words.list(every.essential.map((type) => words.t(`typeOne.${type}`).toLowerCase())) }),
    });
  }
  return cards;
}

/** The type the picture shows: the map's, where the plan has it, else the plan's first. */
function pictureType(kpis: PlanKpis, asked: FacilityType | undefined): FacilityType {
  const types = kpis.types.map((t) => t.type);
  const every = kpis.everyService && kpis.everyService.essential.length > 1;
  if (asked !== undefined && (types.includes(asked) || (asked === EVERY_SERVICE && every))) return asked;
  return types[0] ?? asked ?? EVERY_SERVICE;
}

/** The picture's heading: each type's covered share (the shown type first), the every-service share, the cost. */
export function headlineLines(kpis: PlanKpis, shown: FacilityType, words: Translator): string[] {
  const every = kpis.everyService && kpis.everyService.essential.length > 1 ? kpis.everyService : null;
  const byType = [...kpis.types].sort((a, b) => Number(b.type === shown) - Number(a.type === shown));
  return [
    ...byType.map((t) =>
      words.t('image.typeCovered', { type: words.t(`type.${t.type}`), share: words.percent(t.share), demand: words.t(`demandOf.${t.type}`, { count: Math.round(t.demand) }), before: words.percent(share(t.coveredBefore, t.demand)) }),
    ),
    ...(every ? [`${words.t('kpi.everyLayer')}: ${words.percent(share(every.reached, every.residents))} (${words.t('kpi.before').toLowerCase()} ${words.percent(share(every.reachedBefore, every.residents))})`] : []),
    kpis.budget === null
      ? words.t('image.costNoBudget', { cost: words.tenge(kpis.totalCost), sites: words.number(kpis.sitesOpened) })
      : words.t('image.cost', { cost: words.tenge(kpis.totalCost, kpis.budget), budget: words.tenge(kpis.budget, kpis.totalCost), sites: words.number(kpis.sitesOpened) }),
  ];
}

/** The data's credits: the city's (the demo's translated) and the street network the plan measured walks along. */
export function creditsLine(words: Translator, result: PlanResult, attribution: string | null | undefined): string {
  const streets = result.access?.source;
  return [attribution ?? words.t('image.attribution'), ...(streets ? [words.t(streetsLicenceKey(streets))] : [])].join(' · ');
}

/** The picture's words in the language: its legend, heading, date, credits and scale. */
export function pictureLabels(input: Pick<ReportInput, 'words' | 'scenario' | 'result' | 'layerWords' | 'attribution' | 'date'>, shown: FacilityType): PlanImageLabels {
  const { words, scenario, result } = input;
  return {
    coverage: `${words.t('map.coverageOf')}: ${shown === EVERY_SERVICE ? words.t('kpi.everyLayer') : words.t(`type.${shown}`)}`,
    served: words.t('map.served'),
    partly: words.t('map.partly'),
    unserved: words.t('map.unserved'),
    unsolved: words.t('map.unsolved'),
    newSite: Object.fromEntries(typeIds(scenario).map((t) => [t, words.t('map.newSite', { type: words.t(`typeOne.${t}`).toLowerCase() })])),
    extension: Object.fromEntries(typeIds(scenario).map((t) => [t, words.t(`extension.kind.${t}`)])),
    exclusion: words.t(input.layerWords.exclusion),
    existing: { schools: words.t('map.existingSchool'), overloaded: words.t('map.overloaded'), health: words.t(input.layerWords.health) },
    headline: result.kpis ? headlineLines(result.kpis, shown, words) : [],
    date: words.t('image.date', { date: input.date }),
    attribution: creditsLine(words, result, input.attribution),
    km: words.t('units.km', { value: '' }).trim(),
  };
}

/** The report of a solved plan in the words' language. */
export function reportContent(input: ReportInput): ReportContent {
  const { words, city, scenario, result } = input;
  const { kpis } = result;
  const districtName = (district: number) => city.districts[district]?.names[words.lang] ?? String(district);
  const shown = pictureType(kpis, input.coverageType);
  const typeName = (type: FacilityType) => words.t(`typeOne.${type}`);
  const kindName = (site: PlanResult['sites'][number]) => (site.kind === 'extension' ? words.t(`extension.kind.${site.type}`) : typeName(site.type));
  // As the solve panel says it: what was proven, for the plan shown.
  const gap = result.gap !== null && result.status !== 'infeasible' ? ` · ${words.t('solve.provenGap', { gap: words.gap(result.gap) })}` : '';

  const districts: Table = {
    title: words.t('kpi.byDistrict'),
    // Soft hyphens break a long head in a narrow panel; a document's columns are measured, not hyphenated.
    header: [words.t('kpi.district'), ...kpis.types.map((t) => words.t(`kpi.typeColumn.${t.type}`).replaceAll('\u00ad', ''))],
    rows: kpis.districts.map((district) => [
      text(districtName(district.district)),
      ...district.byType.map((cell): Cell => {
        const after = share(cell.covered, cell.demand);
        return { value: after, text: `${words.percent(after, 0)} (${words.t('kpi.before')} ${words.percent(share(cell.coveredBefore, cell.demand), 0)})` };
      }),
    ]),
  };
  const everyKpis = kpis.everyService && kpis.everyService.essential.length > 1 ? kpis.everyService : null;
  const every: Table | null = everyKpis && {
    title: words.t('kpi.everyByDistrict'),
    header: [words.t('kpi.district'), words.t('kpi.residents'), words.t('kpi.beforeColumn'), words.t('kpi.after')],
    rows: everyKpis.districts.map((row) => {
      const before = share(row.reachedBefore, row.residents);
      const after = share(row.reached, row.residents);
      return [text(districtName(row.district)), { value: row.residents, text: words.number(Math.round(row.residents)) }, { value: before, text: words.percent(before) }, { value: after, text: words.percent(after) }];
    }),
  };
  // On foot or by transit (issue 21): the table of the results panel, a type each.
  const transit = (result.transit ?? []).map((access): Table => {
    const pair = (values: readonly [number, number]): Cell => ({ value: values[1], text: `${words.percent(values[0])} → ${words.percent(values[1])}` });
    const row = (name: string, shares: ModeShares) => [text(name), pair(shares.walk), pair(shares.transit), pair(shares.either)];
    return {
      title: words.t('transit.sharesHeading', { type: words.t(`type.${access.type}`) }),
      header: [words.t('transit.district'), words.t('transit.walk'), words.t('transit.byTransit'), words.t('transit.either')],
      rows: [...access.districts.map((shares, k) => row(districtName(k), shares)), row(words.t('transit.city'), access.city)],
    };
  });
  const phased = scenario.phases.enabled;
  const year = (period: number) => (phased ? scenario.phases.startYear + period : null);
  const sites: Table = {
    title: words.t('report.sites'),
    header: [words.t('report.siteType'), words.t('kpi.district'), ...(phased ? [words.t('report.year')] : []), words.t('report.count'), words.t('report.cost'), words.t('report.served'), words.t('report.lon'), words.t('report.lat')],
    rows: result.sites.map((site) => [
      text(site.extendsName ? `${kindName(site)}: ${site.extendsName}` : kindName(site)),
      text(districtName(site.district)),
      ...(phased ? [{ value: year(site.period), text: String(year(site.period)) }] : []),
      { value: site.count, text: words.number(site.count) },
      { value: site.cost, text: words.tenge(site.cost) },
      { value: Math.round(site.served), text: words.number(Math.round(site.served)) },
      { value: Number(site.lon.toFixed(6)), text: site.lon.toFixed(5) },
      { value: Number(site.lat.toFixed(6)), text: site.lat.toFixed(5) },
    ]),
  };
  // The schedule: identical rows (the same year, type, kind and district) are one group with a count and a cost.
  const groups = new Map<string, { period: number; site: PlanResult['sites'][number]; count: number; cost: number }>();
  for (const site of result.sites) {
    const key = `${site.period}|${site.type}|${site.kind}|${site.district}`;
    const group = groups.get(key) ?? { period: site.period, site, count: 0, cost: 0 };
    group.count += site.count;
    group.cost += site.cost;
    groups.set(key, group);
  }
  const order = typeIds(scenario);
  const schedule: Table = {
    title: words.t('report.schedule'),
    header: [...(phased ? [words.t('report.year')] : []), words.t('report.siteType'), words.t('kpi.district'), words.t('report.count'), words.t('report.cost')],
    rows: [...groups.values()]
      .sort((a, b) => a.period - b.period || order.indexOf(a.site.type) - order.indexOf(b.site.type) || a.site.kind.localeCompare(b.site.kind) || districtName(a.site.district).localeCompare(districtName(b.site.district), words.lang))
      .map((group) => [
        ...(phased ? [{ value: year(group.period), text: String(year(group.period)) }] : []),
        text(kindName(group.site)),
        text(districtName(group.site.district)),
        { value: group.count, text: words.number(group.count) },
        { value: group.cost, text: words.tenge(group.cost) },
      ]),
  };
  const curve = input.curve && input.curve.points.length > 0 ? reportCurve(input.curve, words) : null;
  return {
    lang: words.lang,
    title: scenario.name,
    city: input.cityName,
    date: input.date,
    credits: creditsLine(words, result, input.attribution),
    status: `${words.t(`solve.status.${result.status}`)}${gap}`,
    kpis: headlineKpis(kpis, words),
    headline: headlineLines(kpis, shown, words),
    districts,
    every,
    transit,
    sites,
    schedule,
    curve,
    findings: input.findings ?? [],
    link: input.link ?? null,
    picture: { city, result, scenario, coverageType: shown, labels: pictureLabels(input, shown) },
  };
}

function reportCurve(curve: BudgetCurve, words: Translator): ReportCurve {
  return {
    title: words.t('report.curve'),
    budgetLabel: words.t('report.curveBudget'),
    shareLabel: words.t('report.curveShare'),
    points: curve.points.map((point) => ({
      budget: point.budget,
      share: point.share,
      budgetText: words.tenge(point.budget),
      shareText: words.percent(point.share),
      proven: point.status === 'optimal',
    })),
  };
}
