import { gunzipSync, unzipSync } from 'fflate';
import { InputError } from '../../engine/instance/errors';

export type Format = 'pbf' | 'xml' | 'json' | 'gzip' | 'bzip2' | 'zip' | 'unknown';

/**
 * The format from the content, not the name: a file saved as ".osm" may be
 * PBF, and a download may have lost its extension.
 */
export function detectFormat(bytes: Uint8Array): Format {
  // PBF: a 4-byte big-endian length, then a BlobHeader whose first field (1, string) is "OSMHeader".
  const headerLength = bytes.length >= 4 ? ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0 : 0;
  if (headerLength > 0 && headerLength < 65536 && bytes[4] === 0x0a && bytes[5] === 9 && ascii(bytes, 6, 15) === 'OSMHeader') return 'pbf';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (ascii(bytes, 0, 3) === 'BZh') return 'bzip2';
  if (ascii(bytes, 0, 4) === 'PK\u0003\u0004') return 'zip';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 byte order mark
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (ascii(bytes, i, i + 5) === '<?xml' || ascii(bytes, i, i + 4) === '<osm') return 'xml';
  if (bytes[i] === 0x7b /* { */) return 'json';
  return 'unknown';
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}


/**
 * The OSM data inside a compressed download: a gzip (.osm.gz, BBBike and
 * Overpass downloads) is unpacked, and a zip holding one .osm, .osm.pbf or
 * GeoJSON file gives that file. bzip2 (Geofabrik's .osm.bz2) is refused with
 * what to do, since no kept library here reads it; Geofabrik offers the same
 * data as .osm.pbf.
 */
export function unpacked(bytes: Uint8Array): Uint8Array {
  const format = detectFormat(bytes);
  if (format === 'gzip') {
    try {
      return gunzipSync(bytes);
    } catch (error) {
      throw new InputError('', `is a damaged gzip file (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (format === 'zip') {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, { filter: (file) => /\.(osm|pbf|geojson|json)$/i.test(file.name) && !/(^|\/)__MACOSX\//.test(file.name) });
    } catch (error) {
      throw new InputError('', `is a damaged zip file (${error instanceof Error ? error.message : String(error)})`);
    }
    const names = Object.keys(files);
    if (names.length !== 1) throw new InputError('', `is a zip holding ${names.length === 0 ? 'no' : names.length} .osm, .osm.pbf or GeoJSON files; it must hold exactly one`);
    return files[names[0]];
  }
  if (format === 'bzip2') throw new InputError('', 'is bzip2-compressed, which this version cannot unpack: unpack it first, or download the .osm.pbf of the same area');
  return bytes;
}
