import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoredRecord } from './saved';

/**
 * Where the planner's scenarios are kept between visits: IndexedDB, one record
 * per scenario, so that imports of tens of megabytes fit (localStorage holds
 * about 5 million characters in all) and an edit of a small scenario does not
 * rewrite a large one. Records are plain JSON-like values; reading them back
 * into scenarios (and refusing bad ones) is the store's job.
 */
const DB_NAME = 'siting-planner';
const DB_VERSION = 1;
const STATE_KEY = 'state';
/** Where versions up to this one kept everything, as one JSON string (format v1). */
export const LEGACY_KEY = 'siting-planner/scenarios';
const LEGACY_VERSION = 1;
/** When the last save failed (an ISO time), kept apart from the store that refused it. */
const FAILED_KEY = 'siting-planner/save-failed';

export type StoredEntry = StoredRecord;

interface StoredState {
  readonly active: string;
  readonly order: readonly string[];
  /** ISO time of the save. */
  readonly savedAt: string;
}

interface PlannerDb extends DBSchema {
  scenarios: { key: string; value: StoredEntry };
  meta: { key: string; value: StoredState };
}

/** What the last visit left: its scenarios (raw), or nothing. `legacy`: found in localStorage (v1). */
export type Stored =
  | { found: false }
  | { found: true; active: unknown; entries: unknown[]; savedAt: string | null; legacy: boolean }
  | { found: 'unreadable'; detail: string };

export type SaveOutcome = { ok: true } | { ok: false; detail: string };

export interface Changes {
  readonly active: string;
  readonly order: readonly string[];
  /** Entries new or changed since the last successful save. */
  readonly put: readonly StoredEntry[];
  /** Ids saved before and gone now. */
  readonly removed: readonly string[];
}

let database: Promise<IDBPDatabase<PlannerDb>> | null = null;

function open(): Promise<IDBPDatabase<PlannerDb>> {
  database ??= openDB<PlannerDb>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('scenarios', { keyPath: 'id' });
      db.createObjectStore('meta');
    },
  });
  database.catch(() => (database = null));
  return database;
}

/** The saved scenarios: IndexedDB first, else what an older version left in localStorage. */
export async function loadStored(): Promise<Stored> {
  try {
    const db = await open();
    const tx = db.transaction(['scenarios', 'meta'], 'readonly');
    const [state, entries] = await Promise.all([tx.objectStore('meta').get(STATE_KEY), tx.objectStore('scenarios').getAll()]);
    if (state) {
      const byId = new Map(entries.map((entry) => [entry.id, entry]));
      const listed = new Set(state.order);
      // A scenario another tab saved after this list was written is not lost: it comes after the listed ones.
      const ordered = [...state.order.map((id) => byId.get(id)).filter((entry) => entry !== undefined), ...entries.filter((entry) => !listed.has(entry.id))];
      return { found: true, active: state.active, entries: ordered, savedAt: state.savedAt, legacy: false };
    }
  } catch {
    // No IndexedDB (some private modes): an older copy in localStorage may still be there.
  }
  return loadLegacy();
}

function loadLegacy(): Stored {
  let text: string | null = null;
  try {
    text = localStorage.getItem(LEGACY_KEY);
  } catch {
    return { found: false };
  }
  if (text === null) return { found: false };
  try {
    const json = JSON.parse(text);
    if (json?.v !== LEGACY_VERSION || !Array.isArray(json.scenarios) || json.scenarios.length === 0) return unreadableLegacy(text, 'scenarios: not a saved scenario list');
    return { found: true, active: json.active, entries: json.scenarios, savedAt: null, legacy: true };
  } catch {
    return unreadableLegacy(text, 'not valid JSON');
  }
}

/** The unreadable copy is kept aside, not overwritten, so nothing is lost for good. */
export function unreadableLegacy(text: string, detail: string): Stored {
  try {
    localStorage.setItem(`${LEGACY_KEY}/unreadable`, text);
    localStorage.removeItem(LEGACY_KEY);
  } catch {
    // Nothing more can be done without storage.
  }
  return { found: 'unreadable', detail };
}

/** The localStorage copy is dropped once IndexedDB holds the scenarios. */
export function dropLegacy(): void {
  try {
    localStorage.removeItem(LEGACY_KEY);
  } catch {
    // Without localStorage there is nothing to drop.
  }
}

/**
 * Writes the changes in one transaction: all of them or none, so a refused
 * write never leaves a list that names a scenario it does not hold. A failure
 * is returned (and remembered for the next visit), never thrown.
 */
export async function saveChanges(changes: Changes): Promise<SaveOutcome> {
  try {
    const db = await open();
    const tx = db.transaction(['scenarios', 'meta'], 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    // The requests fail with the transaction; `done` carries that failure.
    const quiet = (request: Promise<unknown>) => void request.catch(() => undefined);
    try {
      const scenarios = tx.objectStore('scenarios');
      for (const entry of changes.put) quiet(scenarios.put(entry));
      for (const id of changes.removed) quiet(scenarios.delete(id));
      quiet(tx.objectStore('meta').put({ active: changes.active, order: changes.order, savedAt: new Date().toISOString() }, STATE_KEY));
      // Committed now rather than when the page next idles: a save made as the page is hidden or closed must get through.
      tx.commit?.();
    } catch (error) {
      tx.abort();
      throw error;
    }
    await done;
    setFailed(null);
    return { ok: true };
  } catch (error) {
    const detail = error instanceof Error && error.message ? `${error.name}: ${error.message}` : String(error);
    setFailed(new Date().toISOString());
    return { ok: false, detail };
  }
}

/** When a save last failed, if it has not succeeded since (ISO time), or null. */
export function lastFailure(): string | null {
  try {
    return localStorage.getItem(FAILED_KEY);
  } catch {
    return null;
  }
}

function setFailed(time: string | null): void {
  try {
    if (time === null) localStorage.removeItem(FAILED_KEY);
    else localStorage.setItem(FAILED_KEY, time);
  } catch {
    // The failure is still shown for this visit.
  }
}
