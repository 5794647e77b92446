import type { Outcome } from '../../../workers/planner.worker';
import { download } from '../../io/export/download';
import type { PlannerClient } from './plannerClient';

/** A worker call that never throws: a terminated worker (a cancelled solve) is an error like any other. */
export async function ask<T>(call: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await call();
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A city's package (null: the draft) saved as its zip file. */
export async function downloadCityPackage(client: PlannerClient, baseUrl: string, id: string | null): Promise<Outcome<string>> {
  const outcome = await ask(() => client.planner.exportCity(baseUrl, id));
  if (!outcome.ok) return outcome;
  const { fileName, bytes } = outcome.value;
  download(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 'application/zip');
  return { ok: true, value: fileName };
}
