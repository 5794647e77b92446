import { databaseOpener, writable } from './database';
import type { CityManifest } from '../src/io/city/types';

/**
 * City packages built or imported in this browser (IndexedDB, a database of
 * its own): each kept as its files, exactly as the folder or zip holds them,
 * so what is stored, exported and read back is one and the same thing.
 */
const DB_NAME = 'siting-cities';
const STORE = 'packages';

export interface StoredPackage {
  readonly manifest: CityManifest;
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** When it was kept (ms since 1970): the key of its walking graph's cache. */
  readonly saved: number;
}

const open = databaseOpener(DB_NAME, STORE);

/** Every package kept here; none when IndexedDB is unavailable (private mode), which the save says. */
export async function storedPackages(): Promise<StoredPackage[]> {
  try {
    return ((await (await open()).getAll(STORE)) as StoredPackage[]).filter((stored) => stored?.manifest?.id);
  } catch {
    return [];
  }
}

export async function storedPackage(id: string): Promise<StoredPackage | null> {
  try {
    return ((await (await open()).get(STORE, id)) as StoredPackage | undefined) ?? null;
  } catch {
    return null;
  }
}

/** Keeps a package (replacing one of the same id); rejects with the browser's reason when it refuses (quota, private mode). */
export async function storePackage(stored: StoredPackage): Promise<void> {
  writable();
  await (await open()).put(STORE, stored, stored.manifest.id);
}

export async function removePackage(id: string): Promise<void> {
  writable();
  await (await open()).delete(STORE, id);
}
