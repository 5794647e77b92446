import { parseCity, type CityData } from '../../plan/city';
import type { ImportedData } from '../../plan/imported';
import type { Outcome } from '../../../workers/planner.worker';
import type { PlannerClient } from './plannerClient';

/**
 * The city a scenario is planned on (its `data`: "demo:almaty" or
 * "city:<id>"), the one way the app and the embed view load it: the worker
 * reads the city's layers once and lays the scenario's imports over them
 * (off this thread); the map needs them parsed here.
 * Rejects only when the worker is gone (terminated by a cancel).
 */
export async function loadCity(client: PlannerClient, baseUrl: string, data: string, imported: ImportedData | undefined): Promise<Outcome<CityData>> {
  const outcome = await client.planner.cityFiles(baseUrl, data, imported);
  if (!outcome.ok) return outcome;
  try {
    return { ok: true, value: parseCity(outcome.value) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
