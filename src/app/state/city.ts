import { parseCity, type CityData } from '../../plan/city';
import type { ImportedData } from '../../plan/imported';
import { housingCity, type HousingEstate } from '../../plan/housing';
import type { Outcome } from '../../../workers/planner.worker';
import type { PlannerClient } from './plannerClient';

/**
 * The city a scenario is planned on (its `data`: "demo:almaty" or
 * "city:<id>"), the one way the app and the embed view load it: the worker
 * reads the city's layers once and lays the scenario's imports over them
 * (off this thread); the map needs them parsed here.
 * Rejects only when the worker is gone (terminated by a cancel).
 */
export async function loadCity(client: PlannerClient, baseUrl: string, data: string, imported: ImportedData | undefined, housing?: readonly HousingEstate[]): Promise<Outcome<CityData>> {
  const outcome = await client.planner.cityFiles(baseUrl, data, imported);
  if (!outcome.ok) return outcome;
  try {
    // With a point wherever a planned estate stands on empty land, as the worker plans on it (housingCity).
    return { ok: true, value: housingCity(parseCity(outcome.value), housing) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
