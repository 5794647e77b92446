import * as Comlink from 'comlink';
import type { Planner } from '../../../workers/planner.worker';

/**
 * The one place the main thread talks to the planner worker. Cancelling
 * terminates the worker at once (a wasm solver cannot be interrupted from
 * outside) and starts a fresh one, so the app keeps working.
 */
export class PlannerClient {
  private worker!: Worker;
  private remote!: Comlink.Remote<Planner>;

  constructor() {
    this.start();
  }

  get planner(): Comlink.Remote<Planner> {
    return this.remote;
  }

  restart(): void {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('../../../workers/planner.worker.ts', import.meta.url), { type: 'module' });
    this.remote = Comlink.wrap<Planner>(this.worker);
  }
}
