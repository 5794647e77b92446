import { maximises } from '../../engine/planner/instance';
import * as Comlink from 'comlink';
import { relativeGap, type MipProgress } from '../../engine/mip/solver';
import type { SharedPlan } from '../../io/link/shareLink';
import type { Scenario } from '../../plan/scenario';
import type { PlanResult } from '../../plan/solvePlan';
import type { Outcome } from '../../../workers/planner.worker';
import type { PlannerClient } from './plannerClient';

export type SolveStatusName = 'idle' | 'running' | 'optimal' | 'feasible' | 'infeasible' | 'timeout' | 'cancelled' | 'error';
/** Where a plan shown without solving came from: a link someone sent, or the planner's own saved scenario. */
export type PlanOrigin = 'shared' | 'saved';

/**
 * Seconds after the time limit that the app waits for the planner's worker before it stops it and answers with
 * the plan shown: half a second, so that an answer is on screen within the limit plus a second on any load. The
 * other half is for a busy page: a timer that fires late, the click's own handling, the status drawn (a CI run
 * of the whole suite answered a 2 s limit in 3.02 s with 0.8 s here).
 */
export const SOLVE_GRACE = 0.5;

/**
 * One solve at a time, the newest request wins: each is tagged with an id and
 * an answer for an older id is dropped. Cancel terminates the worker; so does
 * the watchdog, if the worker has not answered SOLVE_GRACE seconds after the
 * time limit. Either way the plan on screen stays as the answer, with the
 * tightest bound reported and its gap.
 */
export class SolveStore {
  status = $state<SolveStatusName>('idle');
  progress = $state<MipProgress | null>(null);
  elapsed = $state(0);
  result = $state.raw<PlanResult | null>(null);
  /** The scenario of the request under way (or the last one): its objective gives the progress its units. */
  asked = $state.raw<Scenario | null>(null);
  /** The scenario the shown result was solved for. */
  solved = $state.raw<Scenario | null>(null);
  error = $state<string | null>(null);
  /**
   * The last plan shown before a solve that ended without one (no plan meets
   * the new conditions, or the solver failed): the map keeps it, marked as the
   * earlier plan, instead of going blank. Null while the shown result has a plan.
   */
  earlier = $state.raw<{ readonly result: PlanResult; readonly scenario: Scenario } | null>(null);
  /** The shown result is the quick first plan: the solver is still improving on it (or was cancelled). */
  first = $state(false);
  /** What the running request does: a solve, or recomputing a plan found earlier. */
  private work = $state<'running' | 'recomputingShared' | 'recomputingSaved'>('running');

  /** The message key of the status line (`solve.status.<key>`): a shown plan is recomputed, not solved. */
  get statusKey(): string {
    return this.status === 'running' ? this.work : this.status;
  }

  private request = 0;
  private clock: ReturnType<typeof setInterval> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** The tightest bound reported by the solve under way (every one is proven), and whether its objective is maximised. */
  private bound: number | null = null;
  private maximise = true;

  constructor(
    private readonly client: PlannerClient,
    private readonly baseUrl: string,
  ) {}

  async solve(scenario: Scenario): Promise<void> {
    // The limit counts from the click: loading the city is inside it.
    const deadline = Date.now() + scenario.timeLimit * 1000;
    this.bound = null;
    this.maximise = maximises(scenario.objective);
    const onProgress = (id: number) =>
      Comlink.proxy((progress: MipProgress) => {
        if (id !== this.request) return;
        this.progress = progress;
        this.tighten(progress.bound);
      });
    const onPlan = (id: number) =>
      Comlink.proxy((result: PlanResult) => {
        if (id !== this.request) return;
        this.tighten(result.bound);
        this.earlier = null;
        this.result = result;
        this.solved = scenario;
        this.first = true;
      });
    this.work = 'running';
    await this.run(
      scenario,
      (id) => {
        clearTimeout(this.watchdog);
        this.watchdog = setTimeout(() => id === this.request && this.status === 'running' && this.stop('timeout'), deadline - Date.now() + SOLVE_GRACE * 1000);
        return this.client.planner.solve(this.baseUrl, scenario, onProgress(id), onPlan(id), deadline);
      },
      true,
    );
    clearTimeout(this.watchdog);
  }

  private tighten(bound: number | null | undefined): void {
    if (bound == null || !Number.isFinite(bound)) return;
    this.bound = this.bound === null ? bound : this.maximise ? Math.min(this.bound, bound) : Math.max(this.bound, bound);
  }

  /**
   * Shows a plan found earlier (a link, a saved scenario) without solving
   * again: its sites are evaluated. A saved plan's result as last computed
   * (`kept`) is shown at once, as it was proven, while the evaluation checks it
   * on the city as it is now and replaces it.
   */
  async show(scenario: Scenario, plan: SharedPlan, origin: PlanOrigin = 'saved', kept?: PlanResult): Promise<void> {
    const ask = () => this.client.planner.evaluate(this.baseUrl, scenario, plan);
    if (!kept) {
      this.work = origin === 'shared' ? 'recomputingShared' : 'recomputingSaved';
      await this.run(scenario, ask);
      return;
    }
    const id = ++this.request;
    this.stopClock();
    this.progress = null;
    this.result = kept;
    this.solved = scenario;
    this.first = false;
    this.status = kept.status;
    this.error = kept.message ?? null;
    let outcome: Outcome<PlanResult>;
    try {
      outcome = await ask();
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (id !== this.request) return;
    if (outcome.ok) this.result = outcome.value;
    else {
      // Sites that no longer fit the city (its package replaced since) are not shown as if they did.
      this.result = null;
      this.status = 'error';
      this.error = outcome.error;
    }
  }

  /**
   * One request to the worker; only the newest request's answer is kept.
   * `keep`: a solve of the scenario on screen, whose earlier plan the map keeps
   * if it ends without one (a plan shown for another scenario never is).
   */
  private async run(scenario: Scenario, ask: (id: number) => Promise<Outcome<PlanResult>>, keep = false): Promise<void> {
    const id = ++this.request;
    this.asked = scenario;
    if (!keep) this.earlier = null;
    this.status = 'running';
    this.progress = null;
    this.error = null;
    this.startClock();
    let outcome: Outcome<PlanResult>;
    try {
      outcome = await ask(id);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (id !== this.request) return;
    this.stopClock();
    if (!outcome.ok) {
      if (keep) this.keepEarlier(null);
      this.status = 'error';
      this.error = outcome.error;
      return;
    }
    if (keep) this.keepEarlier(outcome.value);
    this.result = outcome.value;
    this.solved = scenario;
    this.first = false;
    this.status = outcome.value.status;
    this.error = outcome.value.message ?? null;
  }

  /** A result without a plan keeps the plan shown so far (or the one kept before it); a plan replaces it. */
  private keepEarlier(next: PlanResult | null): void {
    if (next?.kpis) this.earlier = null;
    else if (this.result?.kpis && this.solved) this.earlier = { result: this.result, scenario: this.solved };
  }

  /** Forgets the shown plan (another scenario without a plan was selected). */
  clear(): void {
    this.request++;
    this.earlier = null;
    this.stopClock();
    this.result = null;
    this.solved = null;
    this.first = false;
    this.status = 'idle';
    this.error = null;
  }

  cancel(): void {
    if (this.status !== 'running') return;
    this.stop('cancelled');
  }

  /**
   * Stops the worker. A plan this solve showed stays as the answer, with the
   * tightest bound reported (at least the first plan's own) and its gap.
   */
  private stop(status: 'cancelled' | 'timeout'): void {
    this.request++;
    this.stopClock();
    clearTimeout(this.watchdog);
    this.client.restart();
    this.status = status;
    const shown = this.result;
    if (this.first && shown && shown.objective !== null) {
      const bound = this.bound === null ? shown.bound : this.maximise ? Math.max(this.bound, shown.objective) : Math.min(this.bound, shown.objective);
      this.result = { ...shown, status: 'timeout', bound, gap: relativeGap(shown.objective, bound) };
      this.first = false;
    }
  }

  private startClock(): void {
    const started = performance.now();
    this.elapsed = 0;
    clearInterval(this.clock);
    this.clock = setInterval(() => (this.elapsed = (performance.now() - started) / 1000), 100);
  }

  private stopClock(): void {
    clearInterval(this.clock);
  }
}
