import type { StreetSource } from '../../engine/streets/graph';
import type { ImportedData } from '../../plan/imported';

/** Message keys naming a city's existing health facilities and its no-build zones, on the map, its legend and the picture. */
export interface LayerWords {
  readonly health: 'map.health' | 'map.healthExisting';
  readonly exclusion: 'map.exclusion' | 'map.exclusionZone';
}

/**
 * The demo's layers are Almaty's: its hospitals stand in for polyclinics and
 * its no-build zone is the mountains, and the words say so. Any other city's
 * layers, and polyclinics the planner imported, are only named for what they are.
 */
export function layerWords(data: string, imported: ImportedData | undefined): LayerWords {
  const demo = data === 'demo:almaty';
  return {
    health: demo && !imported?.polyclinics ? 'map.health' : 'map.healthExisting',
    exclusion: demo ? 'map.exclusion' : 'map.exclusionZone',
  };
}

/** A street network's licence: OpenStreetMap data published before 12 September 2012 is CC BY-SA 2.0, later data ODbL. */
export function streetsLicence(source: StreetSource): 'ccbysa' | 'odbl' {
  return source.newest !== null && source.newest < '2012-09-12' ? 'ccbysa' : 'odbl';
}

/** The message key of a street network's credit. */
export function streetsLicenceKey(source: StreetSource): 'streets.licenceOld' | 'streets.licence' {
  return streetsLicence(source) === 'ccbysa' ? 'streets.licenceOld' : 'streets.licence';
}
