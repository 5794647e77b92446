/**
 * A minimal GeoTIFF writer for tests, benchmarks and browser tests: baseline
 * TIFF, little-endian, uncompressed strips, one IFD. geotiff 3.0.5's own
 * `writeArrayBuffer` was not usable: signed integers come back wrong (Int16
 * [1, -2, 3, 4] reads back as [510, 772, 0, 0]: it has no branch for them),
 * every tag must fit a 1,000-byte header, and it allocates a DataView per
 * pixel (0.5 s for 1000 x 900 Float32; this copies the typed array).
 */

export type RasterValues = Float32Array | Float64Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Uint8Array | Int8Array;

/** A GeoKey: numbers go inline (SHORT), strings to GeoAsciiParams, `{ double }` to GeoDoubleParams. */
export type GeoKeyValue = number | string | { double: number };

export interface RasterToWrite {
  width: number;
  height: number;
  /** Row-major, band-interleaved when `bands` > 1. */
  values: RasterValues;
  bands?: number;
  /** x/y of the top-left corner of pixel (0, 0) in the raster's CRS. */
  origin?: [number, number];
  /** Pixel width and height (positive; rows go south). */
  pixelSize?: [number, number];
  /** A 4x4 ModelTransformation instead of origin/pixelSize (rotated rasters). */
  transformation?: number[];
  /** GeoKey id -> value; see `geoKeysFor`. Omit for an image without georeferencing. */
  geoKeys?: Record<number, GeoKeyValue>;
  noData?: number;
}

/** The GeoKeys GDAL writes for the systems population rasters come in. */
export function geoKeysFor(crs: 'EPSG:4326' | 'EPSG:3857' | 'ESRI:54009' | `EPSG:32${6 | 7}${number}`): Record<number, GeoKeyValue> {
  const pixelIsArea = 1;
  if (crs === 'EPSG:4326') return { 1024: 2, 1025: pixelIsArea, 2048: 4326, 2054: 9102 };
  if (crs === 'ESRI:54009') {
    // GDAL writes ESRI:54009 as a user-defined projection named in its citation.
    return { 1024: 1, 1025: pixelIsArea, 1026: 'World_Mollweide', 2048: 32767, 2049: 'GCS_WGS_1984', 3072: 32767, 3074: 32767, 3075: 32767, 3076: 9001, 3082: { double: 0 }, 3083: { double: 0 }, 3088: { double: 0 } };
  }
  return { 1024: 1, 1025: pixelIsArea, 3072: Number(crs.slice(5)), 3076: 9001 };
}

const TYPE = { SHORT: 3, LONG: 4, DOUBLE: 12, ASCII: 2 } as const;
type Entry = { tag: number; type: number; values: number[] | string };

function sampleFormat(values: RasterValues): { format: number; bits: number } {
  const bits = values.BYTES_PER_ELEMENT * 8;
  if (values instanceof Float32Array || values instanceof Float64Array) return { format: 3, bits };
  if (values instanceof Int16Array || values instanceof Int32Array || values instanceof Int8Array) return { format: 2, bits };
  return { format: 1, bits };
}

export function writeGeoTiff(raster: RasterToWrite): ArrayBuffer {
  const { width, height, values } = raster;
  const bands = raster.bands ?? 1;
  if (values.length !== width * height * bands) throw new Error(`writeGeoTiff: ${values.length} values for ${width} x ${height} x ${bands}`);
  const { format, bits } = sampleFormat(values);
  const rowBytes = width * bands * values.BYTES_PER_ELEMENT;
  const rowsPerStrip = Math.max(1, Math.floor(65536 / rowBytes));
  const strips = Math.ceil(height / rowsPerStrip);

  const entries: Entry[] = [
    { tag: 256, type: TYPE.LONG, values: [width] },
    { tag: 257, type: TYPE.LONG, values: [height] },
    { tag: 258, type: TYPE.SHORT, values: Array(bands).fill(bits) },
    { tag: 259, type: TYPE.SHORT, values: [1] },
    { tag: 262, type: TYPE.SHORT, values: [1] },
    { tag: 273, type: TYPE.LONG, values: Array(strips).fill(0) },
    { tag: 277, type: TYPE.SHORT, values: [bands] },
    { tag: 278, type: TYPE.LONG, values: [rowsPerStrip] },
    { tag: 279, type: TYPE.LONG, values: Array.from({ length: strips }, (_, k) => Math.min(rowsPerStrip, height - k * rowsPerStrip) * rowBytes) },
    { tag: 284, type: TYPE.SHORT, values: [1] },
    { tag: 339, type: TYPE.SHORT, values: Array(bands).fill(format) },
  ];
  if (raster.transformation) {
    entries.push({ tag: 34264, type: TYPE.DOUBLE, values: raster.transformation });
  } else if (raster.origin && raster.pixelSize) {
    entries.push({ tag: 33550, type: TYPE.DOUBLE, values: [raster.pixelSize[0], raster.pixelSize[1], 0] });
    entries.push({ tag: 33922, type: TYPE.DOUBLE, values: [0, 0, 0, raster.origin[0], raster.origin[1], 0] });
  }
  if (raster.geoKeys) {
    const directory = [1, 1, 0, 0];
    const doubles: number[] = [];
    let ascii = '';
    const ids = Object.keys(raster.geoKeys).map(Number).sort((a, b) => a - b);
    for (const id of ids) {
      const value = raster.geoKeys[id];
      if (typeof value === 'number') directory.push(id, 0, 1, value);
      else if (typeof value === 'string') {
        directory.push(id, 34737, value.length + 1, ascii.length);
        ascii += `${value}|`;
      } else {
        directory.push(id, 34736, 1, doubles.length);
        doubles.push(value.double);
      }
    }
    directory[3] = ids.length;
    entries.push({ tag: 34735, type: TYPE.SHORT, values: directory });
    if (doubles.length > 0) entries.push({ tag: 34736, type: TYPE.DOUBLE, values: doubles });
    if (ascii) entries.push({ tag: 34737, type: TYPE.ASCII, values: ascii });
  }
  if (raster.noData !== undefined) entries.push({ tag: 42113, type: TYPE.ASCII, values: String(raster.noData) });
  entries.sort((a, b) => a.tag - b.tag);

  const size = (e: Entry) => (typeof e.values === 'string' ? e.values.length + 1 : e.values.length * (e.type === TYPE.SHORT ? 2 : e.type === TYPE.LONG ? 4 : 8));
  const ifdBytes = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdBytes;
  const offsets = entries.map((e) => {
    if (size(e) <= 4) return -1;
    const at = extra;
    extra += size(e) + (size(e) % 2);
    return at;
  });
  const dataStart = extra + ((8 - (extra % 8)) % 8);
  const stripOffsets = entries.find((e) => e.tag === 273)!.values as number[];
  for (let k = 0; k < strips; k++) stripOffsets[k] = dataStart + k * rowsPerStrip * rowBytes;

  const buffer = new ArrayBuffer(dataStart + height * rowBytes);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  bytes.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  view.setUint16(8, entries.length, true);
  const put = (e: Entry, at: number) => {
    if (typeof e.values === 'string') {
      for (let i = 0; i < e.values.length; i++) bytes[at + i] = e.values.charCodeAt(i);
      return;
    }
    e.values.forEach((v, i) => {
      if (e.type === TYPE.SHORT) view.setUint16(at + 2 * i, v, true);
      else if (e.type === TYPE.LONG) view.setUint32(at + 4 * i, v, true);
      else view.setFloat64(at + 8 * i, v, true);
    });
  };
  entries.forEach((e, k) => {
    const at = 10 + k * 12;
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, typeof e.values === 'string' ? e.values.length + 1 : e.values.length, true);
    if (offsets[k] < 0) put(e, at + 8);
    else {
      view.setUint32(at + 8, offsets[k], true);
      put(e, offsets[k]);
    }
  });
  // Typed arrays are little-endian on every platform a browser runs on.
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), dataStart);
  return buffer;
}
