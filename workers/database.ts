import { openDB, type IDBPDatabase } from 'idb';

/**
 * Opens an IndexedDB database of one object store, once; a failed open (private
 * mode, storage disabled) is tried again on the next call, not kept.
 */
export function databaseOpener(name: string, store: string): () => Promise<IDBPDatabase> {
  let database: Promise<IDBPDatabase> | null = null;
  return () => {
    database ??= openDB(name, 1, { upgrade: (db) => void db.createObjectStore(store) });
    database.catch(() => (database = null));
    return database;
  };
}
