import * as Comlink from 'comlink';
import { untrack } from 'svelte';
import type { ModelFile, ModelFormat } from '../../plan/modelExport';
import type { Scenario } from '../../plan/scenario';
import type { Robustness, WithoutSite } from '../../plan/why';
import type { Outcome } from '../../../workers/planner.worker';
import { PlannerClient } from './plannerClient';

export type WhyEntry =
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly result: WithoutSite; readonly robustness?: Robustness }
  | { readonly state: 'error'; readonly error: string };

/** The context key under which App.svelte hands the store to WhyCard and ExportMenu. */
export const WHY = Symbol('why');

/**
 * "Why this plan" and the model export, in a planner worker of their own
 * (created on first use), so that Cancel stops only this work and the plan on
 * the screen stays. Answers belong to one solved scenario: when the shown
 * plan changes, they are dropped.
 */
export class WhyStore {
  /** Per site id, its answer (or that it is being worked out). */
  entries = $state.raw<Record<string, WhyEntry>>({});
  /** The robust core's progress, while it runs. */
  progress = $state.raw<{ done: number; of: number } | null>(null);
  /** The work under way: one site, the robust core, or an export (one at a time). */
  busy = $state<'site' | 'core' | 'export' | null>(null);
  error = $state<string | null>(null);
  /** Why the last model export failed (shown by the export menu). */
  exportError = $state<string | null>(null);
  /** The core finished (every site classified), was cancelled, or has not run. */
  coreDone = $state(false);

  private client: PlannerClient | null = null;
  private key = $state('');
  private request = 0;

  constructor(
    private readonly baseUrl: string,
    /** The scenario the shown plan was solved for (null: none yet). */
    private readonly solved: () => Scenario | null,
  ) {
    // A new solve (or another plan shown) stops the work for the old one: its answers would no longer apply, and it would slow the solve.
    $effect.root(() => {
      $effect(() => {
        const scenario = this.solved();
        untrack(() => {
          if (this.busy && (scenario ? JSON.stringify(scenario) : '') !== this.key) this.cancel();
        });
      });
    });
  }

  /** The scenario the shown plan was solved for; null while a solve runs or before the first. */
  scenario(): Scenario | null {
    return this.solved();
  }

  private get planner() {
    this.client ??= new PlannerClient();
    return this.client.planner;
  }

  /** The scenario the answers are for; a different one clears them. */
  private current(): Scenario | null {
    const scenario = this.solved();
    const key = scenario ? JSON.stringify(scenario) : '';
    if (key !== this.key) {
      this.key = key;
      this.entries = {};
      this.progress = null;
      this.coreDone = false;
      this.error = null;
    }
    return scenario;
  }

  /** Answers shown for `scenario` only (after a new solve, the old ones no longer apply). */
  entriesFor(scenario: Scenario | null): Record<string, WhyEntry> {
    // Both read every time, so that a view deriving from this follows either.
    const { entries, key } = this;
    return scenario && JSON.stringify(scenario) === key ? entries : {};
  }

  async withoutSite(siteId: string): Promise<void> {
    const scenario = this.current();
    if (!scenario || this.busy) return;
    const id = this.begin('site');
    this.entries = { ...this.entries, [siteId]: { state: 'running' } };
    const outcome = await this.ask(() => this.planner.withoutSite(this.baseUrl, $state.snapshot(scenario) as Scenario, siteId));
    if (id !== this.request) return;
    this.busy = null;
    const before = this.entries[siteId];
    this.entries = { ...this.entries, [siteId]: outcome.ok ? { state: 'done', result: outcome.value, robustness: before?.state === 'done' ? before.robustness : undefined } : { state: 'error', error: outcome.error } };
  }

  async robustCore(): Promise<void> {
    const scenario = this.current();
    if (!scenario || this.busy) return;
    const id = this.begin('core');
    this.coreDone = false;
    this.progress = { done: 0, of: 0 };
    const onSite = Comlink.proxy((result: WithoutSite & { robustness: Robustness }, index: number, of: number) => {
      if (id !== this.request) return;
      this.entries = { ...this.entries, [result.siteId]: { state: 'done', result, robustness: result.robustness } };
      this.progress = { done: index + 1, of };
    });
    const outcome = await this.ask(() => this.planner.robustCore(this.baseUrl, $state.snapshot(scenario) as Scenario, onSite));
    if (id !== this.request) return;
    this.busy = null;
    if (outcome.ok) this.coreDone = true;
    else this.error = outcome.error;
  }

  /** The exact model the scenario's solve sends to the solver (LP, MPS) or its log; null (and `error` set) when it fails. */
  async exportModel(format: ModelFormat): Promise<ModelFile | null> {
    const scenario = this.current();
    if (!scenario || this.busy) return null;
    const id = this.begin('export');
    this.exportError = null;
    const outcome = await this.ask(() => this.planner.exportModel(this.baseUrl, $state.snapshot(scenario) as Scenario, format));
    if (id !== this.request) return null;
    this.busy = null;
    if (!outcome.ok) {
      this.exportError = outcome.error;
      return null;
    }
    return outcome.value;
  }

  /** Stops the work at once (its worker is replaced); answers already in stay. */
  cancel(): void {
    if (!this.busy) return;
    this.request++;
    this.client?.restart();
    this.busy = null;
    this.progress = null;
    this.entries = Object.fromEntries(Object.entries(this.entries).filter(([, entry]) => entry.state !== 'running'));
  }

  private begin(work: 'site' | 'core' | 'export'): number {
    this.busy = work;
    if (work !== 'export') this.error = null;
    return ++this.request;
  }

  private async ask<T>(work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
    try {
      return await work();
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
