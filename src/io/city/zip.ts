import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { InputError } from '../../engine/instance/errors';
import { MANIFEST } from './package';

/** Beyond this a zip is refused before it is unpacked (a package is a few layers, its street file the largest). */
const MAX_UNPACKED = 1024 * 1024 * 1024;

/** A package as one file: its files at the top level of a zip (layers already compressed, such as PBF, stored as they are). */
export function zipPackage(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, bytes] of Object.entries(files)) entries[name] = [bytes, { level: /\.(pbf|tiff?|zip)$/i.test(name) ? 0 : 6 }];
  return zipSync(entries, { mtime: new Date('2026-01-01T00:00:00Z') });
}

/**
 * The files of a zipped package. A zip made by "compress folder" holds them
 * in a folder of the package's name: that folder is taken as the package.
 */
export function unzipPackage(fileName: string, bytes: Uint8Array): Record<string, Uint8Array> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new InputError('', 'is not a zip file (a city package is exported as one)', fileName);
  let unpacked = 0;
  let files: Unzipped;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED) throw new InputError('', `unpacks to more than ${MAX_UNPACKED / 1024 ** 3} GB`, fileName);
        return !file.name.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(file.name);
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('', `is a damaged zip file (${error instanceof Error ? error.message : String(error)})`, fileName);
  }
  const names = Object.keys(files);
  const manifest = names.filter((name) => name === MANIFEST || name.endsWith(`/${MANIFEST}`)).sort((a, b) => a.length - b.length)[0];
  if (manifest === undefined) throw new InputError('', `has no ${MANIFEST}: not a city package`, fileName);
  const folder = manifest.slice(0, manifest.length - MANIFEST.length);
  const result: Record<string, Uint8Array> = {};
  for (const name of names) if (name.startsWith(folder) && !name.slice(folder.length).includes('/')) result[name.slice(folder.length)] = files[name];
  return result;
}
