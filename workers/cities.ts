import type { CityFiles } from '../src/plan/city';
import { hostedCities } from '../src/io/city/hosted';
import { MANIFEST, memorySource, readCityPackage, readManifest, type PackageSource } from '../src/io/city/package';
import type { CityEntry, CityManifest } from '../src/io/city/types';
import { storedPackage, storedPackages } from './cityStore';

/**
 * The cities the app can plan on: the packages hosted with it (listed in
 * data/cities.json) and those kept in this browser. A hosted id wins: a
 * browser package cannot shadow a hosted city.
 */
export interface LoadedPackage {
  readonly manifest: CityManifest;
  readonly files: CityFiles;
  readonly source: PackageSource;
  readonly origin: 'hosted' | 'browser';
  /** Changes when the package does (the key of its walking graph's cache). */
  readonly version: string;
}

let hosted: Promise<string[]> | null = null;
const loaded = new Map<string, Promise<LoadedPackage>>();

function hostedSource(baseUrl: string, folder: string): PackageSource {
  return async (name) => {
    const response = await fetch(new URL(`data/${folder}${name}`, baseUrl));
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`${folder}${name}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

export function hostedIds(baseUrl: string): Promise<string[]> {
  hosted ??= hostedCities(hostedSource(baseUrl, ''));
  hosted.catch(() => (hosted = null));
  return hosted;
}

export async function listCities(baseUrl: string): Promise<CityEntry[]> {
  const ids = await hostedIds(baseUrl);
  const entries: CityEntry[] = [];
  for (const id of ids) {
    const manifest = await readManifest(hostedSource(baseUrl, `${id}/`), `data/${id}`);
    entries.push({ id, name: manifest.name, origin: 'hosted', attribution: manifest.attribution });
  }
  for (const stored of await storedPackages()) {
    if (!ids.includes(stored.manifest.id)) entries.push({ id: stored.manifest.id, name: stored.manifest.name, origin: 'browser', attribution: stored.manifest.attribution });
  }
  return entries;
}

/** A city's package, read and checked once and kept. */
export function cityPackage(baseUrl: string, id: string): Promise<LoadedPackage> {
  let known = loaded.get(id);
  if (!known) {
    known = load(baseUrl, id);
    known.catch(() => loaded.delete(id));
    loaded.set(id, known);
  }
  return known;
}

/** The city changed (saved, imported, removed): read it again next time. */
export function forgetCity(id: string): void {
  loaded.delete(id);
}

async function load(baseUrl: string, id: string): Promise<LoadedPackage> {
  if ((await hostedIds(baseUrl)).includes(id)) {
    const source = hostedSource(baseUrl, `${id}/`);
    const { manifest, files } = await readCityPackage(source, `data/${id}`);
    return { manifest, files, source, origin: 'hosted', version: 'hosted' };
  }
  const stored = await storedPackage(id);
  if (!stored) throw new Error(`the city "${id}" is neither hosted with this app nor kept in this browser: import its package (.zip) to open it`);
  const source = memorySource(stored.files);
  const { manifest, files } = await readCityPackage(source, id);
  return { manifest, files, source, origin: 'browser', version: String(stored.saved) };
}

/** Every file of a package, to zip: the manifest and its layers. */
export async function packageFiles(pkg: LoadedPackage): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const name of [MANIFEST, ...Object.values(pkg.manifest.layers).filter((file) => file !== undefined)]) {
    const bytes = await pkg.source(name);
    if (bytes) files[name] = bytes;
  }
  return files;
}
