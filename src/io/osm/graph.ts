import { walkingGraph, type StreetGraph } from '../../engine/streets/graph';
import type { ReadProgress } from '../../engine/streets/ways';
import { readStreets } from './index';

/** A street file (`.osm.pbf`, `.osm`, GeoJSON) as the walking graph the planner keeps: read, then built. */
export function streetGraphOf(fileName: string, bytes: Uint8Array, onProgress?: ReadProgress): StreetGraph {
  return walkingGraph(readStreets(fileName, bytes, onProgress), fileName);
}
