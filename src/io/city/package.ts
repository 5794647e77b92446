import { InputError } from '../../engine/instance/errors';
import type { StreetGraph } from '../../engine/streets/graph';
import type { CityFiles } from '../../plan/city';
import { streetGraphOf } from '../osm/graph';
import { DEFAULT_RASTER, extraLayers, isTiffName, parseManifest } from './manifest';
import { PackageProblems, normaliseLayers, packageDistricts, type PackageLayers } from './layers';
import type { CityManifest } from './types';

/**
 * Reads a city package from wherever its files are: a folder served with the
 * app (fetch), a folder on disk (the command line), IndexedDB or a zip. Every
 * reader is given the same function, `read(name)`: the file's bytes, or null
 * when the package has no such file.
 */
export type PackageSource = (name: string) => Promise<Uint8Array | null>;

export const MANIFEST = 'manifest.json';

/** A package held in memory as its files (kept in IndexedDB, unzipped, or just built). */
export function memorySource(files: Readonly<Record<string, Uint8Array>>): PackageSource {
  return async (name) => files[name] ?? null;
}

export interface CityPackage {
  readonly manifest: CityManifest;
  /** The layers, checked and in the planner's shape (further point layers in `files.layers`); no streets (read apart: readPackageStreets). */
  readonly files: CityFiles;
}

export async function readManifest(source: PackageSource, where: string): Promise<CityManifest> {
  const bytes = await source(MANIFEST);
  if (bytes === null) throw new InputError('', `has no ${MANIFEST}: not a city package`, where);
  return parseManifest(json(bytes, `${where}/${MANIFEST}`), `${where}/${MANIFEST}`);
}

/** The manifest and every layer, checked against each other; a package with any problem is refused with all of them (PackageProblems). */
export async function readCityPackage(source: PackageSource, where: string, onProgress?: (fraction: number) => void): Promise<CityPackage> {
  const manifest = await readManifest(source, where);
  const problems: string[] = [];
  const layers: Partial<PackageLayers> = {};
  const names = manifest.layers;
  for (const layer of ['districts', 'population', 'schools', 'health', 'containers', 'exclusions', ...extraLayers(manifest).map(([name]) => name)]) {
    const file = names[layer];
    if (file === undefined || (layer === 'population' && isTiffName(file))) continue;
    const bytes = await source(file);
    if (bytes === null) problems.push(`${file}: named in ${MANIFEST} (layers.${layer}) but not in the package`);
    else {
      try {
        layers[layer] = json(bytes, file);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  if (problems.length === 0 && isTiffName(names.population)) {
    const bytes = await source(names.population);
    if (bytes === null) problems.push(`${names.population}: named in ${MANIFEST} (layers.population) but not in the package`);
    else {
      try {
        // Loaded only for a raster city: the GeoTIFF reader is not needed for the others.
        const { aggregateRaster } = await import('../raster/index');
        const districts = packageDistricts(layers.districts, names.districts);
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        layers.population = (await aggregateRaster(names.population, buffer, districts as never, manifest.raster ?? DEFAULT_RASTER, onProgress)).population;
      } catch (error) {
        if (error instanceof PackageProblems) throw error;
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  if (problems.length > 0) throw new PackageProblems(problems);
  return { manifest, files: normaliseLayers(layers as PackageLayers, names) };
}

/** The package's walking graph, when it has a street layer (.osm.pbf, .osm or GeoJSON lines); null without one. */
export async function readPackageStreets(source: PackageSource, manifest: CityManifest, onProgress?: (fraction: number) => void): Promise<StreetGraph | null> {
  const file = manifest.layers.streets;
  if (file === undefined) return null;
  const bytes = await source(file);
  if (bytes === null) throw new InputError('', `named in ${MANIFEST} (layers.streets) but not in the package`, file);
  return streetGraphOf(file, bytes, onProgress);
}

function json(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch {
    throw new InputError('', 'is not valid JSON', file);
  }
}
