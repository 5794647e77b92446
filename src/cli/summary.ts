import type { SitingInstance } from '../engine/instance/types';
import type { SolveReport } from '../engine/solve';

const SOLVER_NAMES = { highs: 'HiGHS', glpk: 'GLPK' };

/** The readable summary printed without --json. */
export function summary(instance: SitingInstance, report: SolveReport): string {
  const { model } = instance;
  const size = [`${count(instance.demand.count)} demand points`, `${count(instance.sites.count)} sites`];
  if (model.p !== null) size.push(`p = ${model.p}`);
  if (model.radius !== null) size.push(`radius ${count(model.radius)}`);
  if (model.budget !== null) size.push(`budget ${count(model.budget)}`);
  const lines = [`${report.name} (${model.type}${model.capacitated ? `, capacitated, ${model.assignment} assignment` : ''}; ${size.join(', ')})`];
  lines.push(row('solver', `${SOLVER_NAMES[report.solver]}, ${report.seconds.toFixed(2)} s`));
  lines.push(row('status', STATUS_WORDS[report.status]));
  if (report.objective !== null) lines.push(row('objective', count(report.objective)));
  if (report.bound !== null) lines.push(row('bound', `${count(report.bound)} (gap ${percent(report.gap ?? 0)})`));
  if (report.objective !== null) {
    lines.push(row('open', report.open.length === 0 ? 'no new sites' : `${report.open.length} new sites: ${report.open.join(', ')}`));
  }
  if (report.schedule) {
    const periods = model.periods ?? [];
    periods.forEach((period, t) => {
      const sites = report.schedule!.filter((entry) => entry.period === t).map((entry) => entry.site);
      lines.push(row(`  ${period.label}`, sites.length === 0 ? '-' : sites.join(', ')));
    });
  }
  for (const reason of report.reasons ?? []) lines.push(row('why', reason));
  if (report.message) lines.push(row('note', report.message));
  if (instance.reference && report.objective !== null) {
    const reference = instance.reference.objective;
    const difference = Math.abs(report.objective - reference) / Math.max(Math.abs(reference), 1e-12);
    lines.push(row('reference', `${count(reference)} (${difference <= 1e-6 ? 'matches' : `differs by ${percent(difference)}`})`));
  }
  return lines.join('\n');
}

const STATUS_WORDS: Record<SolveReport['status'], string> = {
  optimal: 'optimal (proven within the requested gap)',
  feasible: 'feasible (a plan, not proven optimal)',
  infeasible: 'infeasible (no plan meets the constraints)',
  timeout: 'stopped at the time limit',
  error: 'error',
};

function row(label: string, text: string): string {
  return `${label.padEnd(10)} ${text}`;
}

function count(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function percent(share: number): string {
  return `${(share * 100).toLocaleString('en-US', { maximumSignificantDigits: 3 })}%`;
}

/**
 * A scenario plan's sites as summary lines: new sites and extensions of
 * existing facilities (ids "extend:<type>:<facility>") apart, counted by type.
 * The scenario summary (scenarioSummary in solve.ts) prints these in place of
 * its single "new sites" line.
 */
export function extensionLines(sites: readonly { readonly id: string; readonly type: string; readonly count: number }[]): string[] {
  const counts = (extension: boolean) => {
    const byType = new Map<string, number>();
    for (const site of sites) if (site.id.startsWith('extend:') === extension) byType.set(site.type, (byType.get(site.type) ?? 0) + site.count);
    return [...byType].map(([type, n]) => `${n} ${type}`).join(', ');
  };
  const lines: string[] = [];
  const fresh = counts(false);
  const extended = counts(true);
  if (fresh) lines.push(row('new sites', fresh));
  if (extended) lines.push(row('extended', extended));
  return lines;
}
