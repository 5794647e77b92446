import { readFileSync } from 'node:fs';
import { parseCity, type CityData } from '../../src/plan/city';
import { streetGraphOf } from '../../src/io/osm/graph';

const DATA = new URL('../../public/data/almaty/', import.meta.url);

/** The Almaty demo layers as the app serves them. */
export function demoFiles() {
  const read = (layer: string) => JSON.parse(readFileSync(new URL(`${layer}.geojson`, DATA), 'utf8'));
  return {
    districts: read('districts'),
    population: read('population'),
    schools: read('schools'),
    health: read('health'),
    exclusions: read('exclusions'),
    streets: streetGraphOf('streets.osm.pbf', readFileSync(new URL('streets.osm.pbf', DATA))),
  };
}

export function demoCity(): CityData {
  return parseCity(demoFiles());
}
