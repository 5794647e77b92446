import { demoCityFiles } from '../../src/cli/scenarioJob';
import { parseCity, type CityData } from '../../src/plan/city';

/** The Almaty demo layers and streets as the app serves them (the command line reads them the same way). */
export function demoFiles() {
  return demoCityFiles();
}

export function demoCity(): CityData {
  return parseCity(demoFiles());
}
