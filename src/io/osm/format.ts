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

