/**
 * Opening a population GeoTIFF: where its pixels are (coordinate system and
 * the pixel grid), what its values are (data type, nodata), and its values
 * read band by band of rows so that the whole raster is summed and checked
 * while only the window over the districts is kept.
 */
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { InputError } from '../../engine/instance/errors';
import { isGeoTiff } from './magic';
import { crsFromGeoKeys, type Crs, type GeoKeys } from './crs';

export interface GeoRaster {
  readonly file: string;
  readonly crs: Crs;
  readonly width: number;
  readonly height: number;
  /** CRS x/y of the top-left corner of pixel (0, 0); x = originX + column * scaleX, y = originY + row * scaleY. */
  readonly originX: number;
  readonly originY: number;
  readonly scaleX: number;
  /** Negative for the usual north-up raster. */
  readonly scaleY: number;
  readonly dataType: string;
  readonly noData: number | null;
  readonly image: GeoTIFFImage;
}

/** A window of the raster: columns [column0, column1), rows [row0, row1). */
export interface PixelWindow {
  column0: number;
  row0: number;
  column1: number;
  row1: number;
}

const DATA_TYPES: Record<string, string> = {
  '1:8': 'Byte',
  '1:16': 'UInt16',
  '1:32': 'UInt32',
  '2:8': 'Int8',
  '2:16': 'Int16',
  '2:32': 'Int32',
  '3:16': 'Float16',
  '3:32': 'Float32',
  '3:64': 'Float64',
};

function grid(image: GeoTIFFImage, file: string): Pick<GeoRaster, 'originX' | 'originY' | 'scaleX' | 'scaleY'> {
  const directory = image.getFileDirectory();
  const transformation = directory.getValue('ModelTransformation') as ArrayLike<number> | undefined;
  const scale = directory.getValue('ModelPixelScale') as ArrayLike<number> | undefined;
  const tiepoint = directory.getValue('ModelTiepoint') as ArrayLike<number> | undefined;
  let grid: Pick<GeoRaster, 'originX' | 'originY' | 'scaleX' | 'scaleY'>;
  if (transformation && transformation.length >= 8) {
    if (transformation[1] !== 0 || transformation[4] !== 0) {
      throw new InputError('georeferencing', `is rotated or sheared (ModelTransformation terms ${transformation[1]} and ${transformation[4]}); warp it north-up first, e.g. gdalwarp -t_srs EPSG:4326`, file);
    }
    grid = { originX: transformation[3], originY: transformation[7], scaleX: transformation[0], scaleY: transformation[5] };
  } else if (scale && tiepoint && tiepoint.length >= 6) {
    const [column, row, , x, y] = Array.from(tiepoint);
    grid = { originX: x - column * scale[0], originY: y + row * scale[1], scaleX: scale[0], scaleY: -scale[1] };
  } else {
    throw new InputError('georeferencing', 'has no georeferencing (no ModelPixelScale and ModelTiepoint, nor a ModelTransformation): it does not say where its pixels are', file);
  }
  if (!(Number.isFinite(grid.scaleX) && Number.isFinite(grid.scaleY) && grid.scaleX !== 0 && grid.scaleY !== 0)) {
    throw new InputError('georeferencing', `has pixel size ${grid.scaleX} x ${grid.scaleY}, which places no pixel anywhere`, file);
  }
  // PixelIsPoint rasters tie the centre of pixel (0, 0), not its corner (GDAL's reading).
  if (image.getGeoKeys()?.GTRasterTypeGeoKey === 2) grid = { ...grid, originX: grid.originX - grid.scaleX / 2, originY: grid.originY - grid.scaleY / 2 };
  return grid;
}

export async function openRaster(file: string, bytes: ArrayBuffer): Promise<GeoRaster> {
  if (!isGeoTiff(new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength)))) {
    throw new InputError('format', 'is not a TIFF (it does not start with the TIFF signature II*\\0 or MM\\0*); a population raster is a GeoTIFF (.tif)', file);
  }
  let image: GeoTIFFImage;
  try {
    image = await (await fromArrayBuffer(bytes)).getImage(0);
  } catch (error) {
    throw new InputError('format', `could not be read as a TIFF (${error instanceof Error ? error.message : String(error)})`, file);
  }
  const crs = crsFromGeoKeys(image.getGeoKeys() as GeoKeys | null, file);
  const bands = image.getSamplesPerPixel();
  if (bands !== 1) {
    // Summing band 1 of a colour image would count colours as people.
    throw new InputError('bands', `has ${bands} bands; a population raster has one (people per pixel). If band 1 holds the population, save it alone, e.g. gdal_translate -b 1`, file);
  }
  const format = image.getSampleFormat(0);
  const bits = image.getBitsPerSample(0);
  const dataType = DATA_TYPES[`${format}:${bits}`];
  if (dataType === undefined) {
    throw new InputError('data type', `has ${bits}-bit samples of format ${format}, a data type this version cannot read; it reads ${Object.values(DATA_TYPES).join(', ')}`, file);
  }
  const noData = image.getGDALNoData();
  return { file, crs, width: image.getWidth(), height: image.getHeight(), ...grid(image, file), dataType, noData: noData === null || Number.isNaN(noData) ? null : noData, image };
}

/**
 * Reads the rows (to sum the raster and refuse negative populations) and
 * keeps the window's values, nodata as 0. Rows are read in bands of whole
 * strips or tiles so that no block is decoded twice. With `whole` false only
 * the window is read and summed: a country's raster (WorldPop's Kazakhstan
 * is some 800 million pixels) need not be decoded for one city.
 */
export async function readWindow(raster: GeoRaster, window: PixelWindow, whole: boolean, onProgress?: (fraction: number) => void): Promise<{ values: Float64Array; total: number }> {
  const { image, file } = raster;
  const left = whole ? 0 : window.column0;
  const width = whole ? raster.width : window.column1 - window.column0;
  const top = whole ? 0 : window.row0;
  const height = whole ? raster.height : window.row1 - window.row0;
  const windowWidth = window.column1 - window.column0;
  const values = new Float64Array(windowWidth * (window.row1 - window.row0));
  const blockHeight = Math.max(1, image.getTileHeight());
  const rowsPerRead = Math.max(blockHeight, Math.floor((1 << 20) / width / blockHeight) * blockHeight);
  // Float32 nodata such as -3.4028234663852886e38 is written in decimal and must be compared as Float32.
  const noData = raster.noData === null ? NaN : raster.dataType === 'Float32' ? Math.fround(raster.noData) : raster.noData;
  let total = 0;
  for (let row0 = top; row0 < top + height; row0 += rowsPerRead) {
    const row1 = Math.min(top + height, row0 + rowsPerRead);
    const rows = (await image.readRasters({ window: [left, row0, left + width, row1], samples: [0], interleave: true })) as ArrayLike<number>;
    for (let row = row0; row < row1; row++) {
      const inWindow = row >= window.row0 && row < window.row1;
      const base = (row - row0) * width - left;
      const windowBase = (row - window.row0) * windowWidth - window.column0;
      for (let column = left; column < left + width; column++) {
        const value = rows[base + column];
        if (value === noData || value !== value) continue;
        if (!(value >= 0 && value < Infinity)) {
          throw new InputError(`row ${row}, column ${column}`, `has population ${value}; populations cannot be negative or infinite${raster.noData === null ? ' (the file declares no nodata value: is this one?)' : ` (the file's nodata value is ${raster.noData})`}`, file);
        }
        total += value;
        if (inWindow && column >= window.column0 && column < window.column1) values[windowBase + column] = value;
      }
    }
    onProgress?.((row1 - top) / height);
  }
  return { values, total };
}
