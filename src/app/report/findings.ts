import type { CityData } from '../../plan/city';
import type { Scenario } from '../../plan/scenario';
import type { PlannedSite } from '../../plan/solvePlan';
import type { AddedSite, Robustness, WithoutSite } from '../../plan/why';
import type { Translator } from '../i18n/translator';

/**
 * The words of "why this plan": where a site stands, and what forbidding it
 * costs. The Why card shows them; the slide deck and the PDF report list them
 * as its findings.
 */
export class WhyWords {
  constructor(
    private readonly words: Translator,
    private readonly scenario: Scenario | null,
    private readonly city: CityData | null,
  ) {}

  districtName(site: Pick<PlannedSite, 'district'>): string {
    return this.city?.districts[site.district]?.names[this.words.lang] ?? '';
  }

  /** Where a site stands, as the schedule gives it: "43.2512, 76.9284" (its id, such as "r75c41", means nothing to a planner). */
  place(site: Pick<PlannedSite, 'lat' | 'lon'>): string {
    return `${site.lat.toFixed(4)}, ${site.lon.toFixed(4)}`;
  }

  /** A new site by its district and place; an extension by the facility it extends. */
  where(site: Pick<PlannedSite, 'kind' | 'district' | 'lat' | 'lon' | 'extendsName'>): string {
    return site.kind === 'extension' && site.extendsName ? site.extendsName : [this.districtName(site), this.place(site)].filter(Boolean).join(', ');
  }

  /** A site's kind in words: "School", "School annex". */
  kind(site: Pick<PlannedSite, 'kind' | 'type'>): string {
    return this.words.t(site.kind === 'extension' ? `extension.kind.${site.type}` : `typeOne.${site.type}`);
  }

  /** A replacement site: "school (Medeu district, 43.2512, 76.9284)", or "school annex (Gymnasium 12)". */
  siteLabel(site: AddedSite): string {
    return `${this.kind(site).toLowerCase()} (${this.where(site)})`;
  }

  /** People in the site type's own words where the types do not share a budget (the loss is then that type's alone). */
  private people(site: PlannedSite, count: number): string {
    const scenario = this.scenario;
    const own = scenario !== null && (scenario.budgetMode === 'perType' || Object.values(scenario.facilities).filter((f) => f.enabled).length === 1);
    return own ? this.words.t(`demandOf.${site.type}`, { count }) : this.words.t('why.peopleAll', { count });
  }

  /** What the plan loses (or gains) without the site, and where its service moves. */
  lossText(site: PlannedSite, r: WithoutSite): string {
    const { words } = this;
    if (r.status === 'infeasible') return words.t('why.noPlan');
    if (r.objective === null || r.loss === null) return words.t('why.failed', { detail: r.status });
    const objective = this.scenario?.objective;
    const size = Math.abs(r.loss);
    const tiny = size < 1e-9 * Math.max(1, Math.abs(r.objective));
    let text: string;
    if (tiny) text = words.t('why.nothingLost');
    else if (objective === 'maxCoverage') {
      const count = r.lossPeople === null ? null : Math.round(Math.abs(r.lossPeople));
      const amount = words.points(size / 100, 2);
      const who = count === null ? '' : this.people(site, count);
      text = r.loss > 0 ? words.t('why.lossCoverage', { points: amount, people: who }) : words.t('why.gainCoverage', { points: amount, people: who });
    } else if (objective === 'maxAll') {
      text = words.t(r.loss > 0 ? 'why.lossAll' : 'why.gainAll', { people: words.t('demandUnit.residents', { count: Math.round(size) }) });
    } else if (objective === 'minCost') {
      text = words.t(r.loss > 0 ? 'why.lossCost' : 'why.gainCost', { cost: words.tenge(size) });
    } else {
      const key = objective === 'minWorst' ? 'Worst' : 'Travel';
      text = words.t(r.loss > 0 ? `why.loss${key}` : `why.gain${key}`, { distance: words.distance(size) });
    }
    if (r.added.length > 0) {
      const shown = r.addedSites.slice(0, 4).map((added) => this.siteLabel(added));
      const more = r.addedSites.length - shown.length;
      text += ' ' + words.t('why.movesTo', { sites: words.list(more > 0 ? [...shown, words.t('why.more', { count: more })] : shown) });
    } else if (!tiny && r.dropped.length <= 1) text += ' ' + words.t('why.noReplacement');
    if (r.status !== 'optimal' && r.gap !== null) text += ' ' + words.t('why.notProven', { gap: words.gap(r.gap) });
    return text;
  }

  /**
   * The findings so far, one sentence each: the robust core's counts, then each site
   * examined: its kind and place, how robust it is, and what the plan loses without it.
   */
  findings(sites: readonly PlannedSite[], entries: Readonly<Record<string, { state: string; result?: WithoutSite; robustness?: Robustness }>>, coreDone: boolean): string[] {
    const counts: Record<Robustness, number> = { core: 0, interchangeable: 0, undecided: 0 };
    for (const entry of Object.values(entries)) if (entry.state === 'done' && entry.robustness) counts[entry.robustness]++;
    const lines = coreDone || counts.core + counts.interchangeable + counts.undecided > 0 ? [this.words.t('why.summary', { ...counts })] : [];
    const seen = new Set<string>();
    for (const site of sites) {
      const entry = entries[site.id];
      if (seen.has(site.id) || entry?.state !== 'done' || !entry.result) continue;
      seen.add(site.id);
      const robust = entry.robustness ? ` (${this.words.t(`why.robustness.${entry.robustness}`)})` : '';
      lines.push(`${this.kind(site)}, ${this.where(site)}${robust}: ${this.lossText(site, entry.result)}`);
    }
    return lines;
  }
}
