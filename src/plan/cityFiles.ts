import type { CityFiles } from './city';

export const CITY_LAYERS = ['districts', 'population', 'schools', 'health', 'exclusions'] as const;

/** Fetches the demo city's five GeoJSON layers from `baseUrl` (where public/data is served). */
export async function fetchCityFiles(baseUrl: string): Promise<CityFiles> {
  const layers = await Promise.all(
    CITY_LAYERS.map(async (layer) => {
      const url = new URL(`data/almaty/${layer}.geojson`, baseUrl);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${layer}.geojson: HTTP ${response.status}`);
      try {
        return await response.json();
      } catch {
        throw new Error(`${layer}.geojson: not valid JSON`);
      }
    }),
  );
  return Object.fromEntries(CITY_LAYERS.map((layer, k) => [layer, layers[k]])) as unknown as CityFiles;
}
