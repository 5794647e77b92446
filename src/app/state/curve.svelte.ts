import * as Comlink from 'comlink';
import type { Outcome } from '../../../workers/planner.worker';
import type { BudgetCurve, CurvePoint, CurveTarget } from '../../plan/curve';
import type { Scenario } from '../../plan/scenario';
import { PlannerClient } from './plannerClient';

/** Seconds without a new point after which the curve's worker is taken as stuck (a point takes at most the curve's 24 s). */
const STALL_SECONDS = 90;

export type CurveStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * The budget-coverage curve being computed or shown. It runs on a planner
 * worker of its own (started on the first run), so that Cancel terminates
 * the curve and never the main plan. A curve from a link has no plans.
 */
export class CurveStore {
  status = $state<CurveStatus>('idle');
  /** Points solved so far, of how many. */
  done = $state(0);
  of = $state(0);
  /** The points as they arrive, then the whole curve. */
  points = $state.raw<readonly CurvePoint[]>([]);
  curve = $state.raw<BudgetCurve | null>(null);
  target = $state<CurveTarget>('all');
  /** The scenario the curve was computed for. */
  scenario = $state.raw<Scenario | null>(null);
  /** From a share link: the points carry no plans (a clicked point is solved again). */
  shared = $state(false);
  error = $state<string | null>(null);

  private client: PlannerClient | null = null;
  private request = 0;

  /** `ondone`: a curve computed to its end, for the scenario it was run for (the app keeps it with that scenario). */
  constructor(
    private readonly baseUrl: string,
    private readonly makeClient: () => PlannerClient = () => new PlannerClient(),
    private readonly ondone: (scenario: Scenario, curve: BudgetCurve) => void = () => undefined,
  ) {}

  async run(scenario: Scenario, target: CurveTarget, points: number): Promise<void> {
    const id = ++this.request;
    this.client ??= this.makeClient();
    this.status = 'running';
    this.error = null;
    this.shared = false;
    this.scenario = scenario;
    this.target = target;
    this.curve = null;
    this.points = [];
    this.done = 0;
    this.of = points;
    // A worker that stops answering (seen, rarely, at its first solve in a headless browser) would leave the curve
    // running for ever: without a point for 90 s, it is stopped and the failure said.
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (id !== this.request) return;
        this.request++;
        this.client?.restart();
        this.status = 'error';
        this.error = `the curve's worker gave no point for ${STALL_SECONDS} s and was stopped`;
      }, STALL_SECONDS * 1000);
    };
    watch();
    const onPoint = Comlink.proxy((point: CurvePoint, index: number, of: number) => {
      if (id !== this.request) return;
      watch();
      this.points = [...this.points, point];
      this.done = index + 1;
      this.of = of;
    });
    let outcome: Outcome<BudgetCurve>;
    try {
      outcome = await this.client.planner.budgetCurve(this.baseUrl, scenario, target, points, onPoint);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(watchdog);
    }
    if (id !== this.request) return;
    if (!outcome.ok) {
      this.status = 'error';
      this.error = outcome.error;
      return;
    }
    this.curve = outcome.value;
    this.points = outcome.value.points;
    this.done = this.of = outcome.value.points.length;
    this.status = 'done';
    this.ondone(scenario, outcome.value);
  }

  /** Stops the curve at once: its worker is terminated (a fresh one starts for the next run); the points so far stay. */
  cancel(): void {
    if (this.status !== 'running') return;
    this.request++;
    this.client?.restart();
    this.status = 'cancelled';
  }

  /** A curve computed earlier (kept with its scenario), or one that came with a share link (its points without plans). */
  show(curve: BudgetCurve, scenario: Scenario): void {
    // A curve being computed goes on (it is kept with its own scenario when done).
    if (this.status === 'running' || (this.curve === curve && this.status === 'done')) return;
    this.request++;
    this.curve = curve;
    this.points = curve.points;
    this.target = curve.target;
    this.scenario = scenario;
    this.shared = curve.points.every((point) => Object.keys(point.open).length === 0);
    this.done = this.of = curve.points.length;
    this.error = null;
    this.status = 'done';
  }
}

/** What CurveCard takes from the app (a context, so that Results places the card in one line): the store, the active scenario, and what a clicked point does. */
export const CURVE_CONTEXT = Symbol('curve');
export interface CurveContext {
  readonly curves: CurveStore;
  readonly scenario: () => Scenario;
  readonly onpoint: (point: CurvePoint) => void;
  /** A read-only view: the curve is shown (open), never run, and its points open nothing. */
  readonly readOnly?: boolean;
}
