import type * as Comlink from 'comlink';
import type { CityFiles } from '../../plan/city';
import type { Scenario } from '../../plan/scenario';
import type { StreetGraph, StreetSource } from '../../engine/streets/graph';
import type { ImportedData } from '../../plan/imported';
import type { BoundaryChoices, CityDraft, CityEntry, NewCityInput } from '../../io/city/types';
import type { Outcome, StreetsInfo } from '../../../workers/planner.worker';
import { download } from '../../io/export/download';
import type { PlannerClient } from './plannerClient';

/**
 * The worker's city calls as the app uses them (issue 13): every layer call
 * names the scenario's `data`. Written down here while the worker gains them;
 * once it has, `cityPlanner` is `client.planner` and the checker compares the two.
 */
export interface CityPlanner {
  cities(baseUrl: string): Promise<Outcome<CityEntry[]>>;
  newScenario(baseUrl: string, data: string, name: string): Promise<Outcome<Scenario>>;
  cityFiles(baseUrl: string, data: string, imported: ImportedData | undefined): Promise<Outcome<CityFiles>>;
  streetsInfo(baseUrl: string, data: string, imported: ImportedData | undefined, maxConnector: number): Promise<Outcome<StreetsInfo>>;
  loadStreetFile(baseUrl: string, data: string, file: File, onProgress: (fraction: number) => void): Promise<Outcome<StreetSource>>;
  resetStreets(baseUrl: string, data: string): Promise<Outcome<null>>;
  streetGraph(baseUrl: string, data: string): Promise<Outcome<StreetGraph | null>>;
  boundaryChoices(source: { from: 'file' | 'osm'; file: File }, onProgress: (fraction: number) => void): Promise<Outcome<BoundaryChoices>>;
  draftCity(baseUrl: string, input: NewCityInput, onProgress: (fraction: number, stage: string) => void): Promise<Outcome<CityDraft>>;
  draftFiles(): Promise<Outcome<CityFiles>>;
  saveDraft(): Promise<Outcome<CityEntry>>;
  exportCity(baseUrl: string, id: string | null): Promise<Outcome<{ fileName: string; bytes: Uint8Array }>>;
  importCity(baseUrl: string, file: File): Promise<Outcome<CityEntry>>;
  removeCity(id: string): Promise<Outcome<null>>;
}

/** The planner worker seen through its city calls. */
export function cityPlanner(client: PlannerClient): Comlink.Remote<CityPlanner> {
  return client.planner as unknown as Comlink.Remote<CityPlanner>;
}

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
  const outcome = await ask(() => cityPlanner(client).exportCity(baseUrl, id));
  if (!outcome.ok) return outcome;
  const { fileName, bytes } = outcome.value;
  download(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 'application/zip');
  return { ok: true, value: fileName };
}
