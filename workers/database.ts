import { openDB, type IDBPDatabase } from 'idb';

/**
 * A read-only view (a view-only link, an embed) shows someone else's plan: it
 * must leave the viewer's browser as it found it. Its worker then creates no
 * database (reading one that is there is harmless) and writes to none.
 */
let readOnly = false;

export function keepStorageAsIs(): void {
  readOnly = true;
}

/** Throws in a read-only view: every write to a database goes through here first. */
export function writable(): void {
  if (readOnly) throw new Error('a read-only view writes nothing to this browser');
}

/** Whether the database exists, asked without opening it (an open creates it); unknown counts as absent. */
async function exists(name: string): Promise<boolean> {
  const databases = await indexedDB.databases?.();
  return databases?.some((database) => database.name === name) ?? false;
}

/**
 * Opens an IndexedDB database of one object store, once; a failed open (private
 * mode, storage disabled, a read-only view where it does not exist) is tried
 * again on the next call, not kept.
 */
export function databaseOpener(name: string, store: string): () => Promise<IDBPDatabase> {
  let database: Promise<IDBPDatabase> | null = null;
  return () => {
    database ??= (readOnly ? exists(name) : Promise.resolve(true)).then((found) => {
      if (!found) throw new Error(`${name}: not in this browser, and a read-only view creates nothing`);
      return openDB(name, 1, { upgrade: (db) => void db.createObjectStore(store) });
    });
    database.catch(() => (database = null));
    return database;
  };
}
