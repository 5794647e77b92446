/**
 * Whether bytes begin as a TIFF (classic or BigTIFF, either byte order): by
 * content, not name. Apart from the reader, so that choosing a reader does not
 * load geotiff.
 */
export function isGeoTiff(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const little = bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[3] === 0;
  const big = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0;
  if (little) return bytes[2] === 42 || bytes[2] === 43;
  if (big) return bytes[3] === 42 || bytes[3] === 43;
  return false;
}
