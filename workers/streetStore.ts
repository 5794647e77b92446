import { databaseOpener, writable } from './database';
import { STREET_GRAPH_FORMAT, type StreetGraph } from '../src/engine/streets/graph';

/**
 * The street networks kept in the browser (IndexedDB, its own database so the
 * scenarios' store keeps its version): the demo's, built once from its file,
 * and one the planner loaded instead. A graph is stored as typed arrays and
 * read back as they are: nothing is parsed or rebuilt on a solve or a visit.
 */
const DB_NAME = 'siting-streets';
const STORE = 'graphs';

export interface StoredGraph {
  /** What the graph was built from (the demo file's size and date), to know when it is stale. */
  readonly key: string;
  readonly graph: StreetGraph;
}

const open = databaseOpener(DB_NAME, STORE);

/** The graph kept under `slot` ("demo:almaty", "planner:almaty"), or null (also when IndexedDB is unavailable). */
export async function readGraph(slot: string): Promise<StoredGraph | null> {
  try {
    const stored = (await (await open()).get(STORE, slot)) as StoredGraph | undefined;
    return stored && stored.graph?.format === STREET_GRAPH_FORMAT ? stored : null;
  } catch {
    return null;
  }
}

/** Keeps a graph; rejects with the reason when the browser refuses (quota, private mode). */
export async function writeGraph(slot: string, stored: StoredGraph): Promise<void> {
  writable();
  await (await open()).put(STORE, stored, slot);
}

export async function removeGraph(slot: string): Promise<void> {
  writable();
  await (await open()).delete(STORE, slot);
}
