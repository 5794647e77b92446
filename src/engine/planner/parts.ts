import type { MipProgress } from '../mip/solver';
import { relativeGap } from '../mip/solver';
import { maximises, type PlannerInstance } from './instance';
import { safeBound, tighter, type PartCallbacks, type PartOptions, type PartRunner, type PlannerResult, type PlanUpdate } from './part';

/** A part being solved somewhere that can be stopped (a worker thread or a web worker). */
export interface PartHandle {
  readonly result: Promise<PlannerResult>;
  stop(): void;
}

export type PartSpawner = (part: PlannerInstance, options: PartOptions, callbacks: PartCallbacks) => PartHandle;

/**
 * Runs independent parts in parallel, at most `parallel` at a time, and keeps
 * the time limit whatever the solver does: a part that has not answered
 * shortly after its limit is stopped, and its answer is the best plan it
 * reported (at least the greedy's) with the best bound it reported.
 */
export function partRunner(spawn: PartSpawner, parallel: number, graceSeconds = 0.5): PartRunner {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = () => (running < Math.max(parallel, 1) ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(() => (running++, resolve()))));
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async (part, options, callbacks, first = null) => {
    const started = performance.now();
    // A part waiting for a free thread still answers by its deadline: with its first plan.
    const due = Math.min(Date.now() + options.timeLimit * 1000, options.deadline ?? Infinity);
    // Past the deadline already (preparing took the time): the first plan is the answer, and no thread is started.
    if (first && Date.now() >= due) return fromLatest(first, first.bound, part, 0);
    let wait: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => (wait = setTimeout(() => resolve(false), Math.max(due - Date.now(), 0) + graceSeconds * 1000)));
    const turn = slot().then(() => true);
    const got = await Promise.race([turn, late]);
    clearTimeout(wait);
    if (!got) {
      // The thread it would have had goes to the next part.
      void turn.then(release);
      return fromLatest(first, first?.bound ?? null, part, (performance.now() - started) / 1000);
    }
    const timeLimit = Math.max(options.timeLimit - (performance.now() - started) / 1000, 0.2);
    const deadline = Math.min(Date.now() + timeLimit * 1000, options.deadline ?? Infinity);
    let latest: PlanUpdate | null = first;
    let bound: number | null = first?.bound ?? null;
    // Every bound reported is proven: the tightest one holds.
    const tighten = (next: number | null) => (bound = tighter(part.objective, bound, next));
    const handle = spawn(
      part,
      { ...options, timeLimit, deadline },
      {
        onPlan: (update) => {
          const better = latest === null || (maximises(part.objective) ? update.objective > latest.objective : update.objective < latest.objective);
          if (better) latest = update;
          tighten(update.bound);
          callbacks.onPlan?.(update);
        },
        onProgress: (progress: MipProgress) => {
          tighten(progress.bound);
          callbacks.onProgress?.(progress);
        },
        onModel: callbacks.onModel,
      },
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overdue = new Promise<PlannerResult>((resolve) => {
      timer = setTimeout(() => {
        handle.stop();
        resolve(fromLatest(latest, bound, part, (performance.now() - started) / 1000));
      }, Math.max(deadline - Date.now(), 0) + graceSeconds * 1000);
    });
    try {
      return await Promise.race([handle.result, overdue]);
    } finally {
      clearTimeout(timer);
      release();
    }
  };
}

/** The answer of a part stopped at its limit: its best reported plan and bound. */
function fromLatest(latest: PlanUpdate | null, bound: number | null, part: PlannerInstance, seconds: number): PlannerResult {
  const message = 'stopped at the time limit';
  if (!latest) return { status: 'timeout', objective: null, bound: null, gap: null, plan: null, before: null, reasons: [], message, seconds };
  const safe = bound === null ? null : safeBound(part.objective, bound, latest.objective);
  return { status: 'timeout', objective: latest.objective, bound: safe, gap: relativeGap(latest.objective, safe), plan: latest.plan, before: latest.before, reasons: [], message, seconds };
}
