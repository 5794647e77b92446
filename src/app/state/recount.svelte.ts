import type { PlanResult } from '../../plan/solvePlan';

/**
 * The shown plan counted again another way (by straight lines, without
 * transit): the answer belongs to the result it was asked for, and goes when
 * the result changes. A failed recount (no KPIs, or an error) is kept as one.
 * Raw state: results are compared by identity, never made deep proxies.
 */
export class Recount {
  private kept = $state.raw<{ readonly base: PlanResult; readonly other: PlanResult | null } | null>(null);
  private busyFor = $state.raw<PlanResult | null>(null);

  /** Whether a recount of `result` is under way. */
  busy(result: PlanResult): boolean {
    return this.busyFor === result;
  }

  /** The recount of `result` (`other` null when it failed), or null when there is none for it. */
  of(result: PlanResult): { readonly other: PlanResult | null; readonly failed: boolean } | null {
    const kept = this.kept;
    return kept !== null && kept.base === result ? { other: kept.other, failed: kept.other === null } : null;
  }

  /** Asks for the recount of `result`; `current` tells which result is shown when the answer comes. */
  async run(result: PlanResult, ask: () => Promise<PlanResult | null>, current: () => PlanResult): Promise<void> {
    this.busyFor = result;
    let answer: PlanResult | null = null;
    try {
      answer = await ask();
    } catch {
      answer = null;
    }
    if (this.busyFor === result) this.busyFor = null;
    // A result that changed meanwhile has no use for this recount.
    if (current() === result) this.kept = { base: result, other: answer?.kpis ? answer : null };
  }
}
