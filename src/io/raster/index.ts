/**
 * A population raster (WorldPop, GHS-POP or any single-band GeoTIFF of people
 * per pixel) summed into the city package's population layer within the
 * district boundaries.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { InputError } from '../../engine/instance/errors';
import { gridFrame } from '../../plan/geo';
import { cellPoints, type CellGrid, type DistrictPixels } from './aggregate';
import { bounds, coverage, pixelPolygon, type LonLatRing } from './coverage';
import { openRaster, readWindow, type GeoRaster, type PixelWindow } from './read';

export { isGeoTiff } from './magic';

export interface RasterOptions {
  cellMetres: number;
  childShare: number;
  householdShare: number;
}

export interface RasterSummary {
  crs: string;
  width: number;
  height: number;
  pixelMetres: number;
  dataType: string;
  /** Sum of the valid pixels of the whole raster. */
  rasterTotal: number;
  /** What rasterTotal sums: the whole raster, or (for a raster far larger than the city) only the window over the districts' box. */
  totalOf: 'raster' | 'window';
  /** Population assigned to the districts. */
  insideTotal: number;
  points: number;
}

const DISTRICTS_FILE = 'districts.geojson';
/** A district's coverage buffer beyond this many pixels means the raster is far finer than a city needs (or misread). */
const MAX_DISTRICT_PIXELS = 60_000_000;

interface District {
  readonly id: string | number;
  readonly rings: LonLatRing[];
}

/** Districts by id; features that share an id are one district. */
function districtRings(districts: FeatureCollection<Polygon | MultiPolygon>): District[] {
  if (!districts || !Array.isArray(districts.features) || districts.features.length === 0) {
    throw new InputError('features', 'has no district boundaries to sum the population within', DISTRICTS_FILE);
  }
  const byId = new Map<string | number, LonLatRing[]>();
  districts.features.forEach((feature: Feature<Polygon | MultiPolygon>, k) => {
    const id = feature.properties?.id;
    if (!((typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id)))) {
      throw new InputError(`features[${k}].properties.id`, `is ${JSON.stringify(id) ?? 'missing'}; every district needs an id`, DISTRICTS_FILE);
    }
    const geometry = feature.geometry;
    const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : null;
    if (polygons === null) {
      throw new InputError(`features[${k}].geometry`, `is ${geometry?.type ?? 'missing'}; a district boundary is a Polygon or MultiPolygon`, DISTRICTS_FILE);
    }
    const rings = byId.get(id) ?? [];
    for (const polygon of polygons) polygon.forEach((points, ring) => rings.push({ points, hole: ring > 0 }));
    byId.set(id, rings);
  });
  return [...byId].map(([id, rings]) => ({ id, rings }));
}

function cellGrid(districts: readonly District[], cellMetres: number): CellGrid {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const district of districts) {
    for (const ring of district.rings) {
      for (const [lon, lat] of ring.points) {
        west = Math.min(west, lon);
        east = Math.max(east, lon);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
      }
    }
  }
  if (!(west <= east && south <= north && west >= -180 && east <= 180 && south >= -90 && north <= 90)) {
    throw new InputError('coordinates', `span longitudes ${west} to ${east} and latitudes ${south} to ${north}; district boundaries are in WGS 84 longitude/latitude`, DISTRICTS_FILE);
  }
  // Cells are laid out in the grid frame, as by earlier versions, so a package's cells (and the candidates on them) stay the same.
  const projection = gridFrame((west + east) / 2, (south + north) / 2);
  const x0 = projection.x(west, south);
  const y1 = projection.y(west, north);
  return {
    projection,
    west: x0,
    north: y1,
    size: cellMetres,
    columns: Math.max(1, Math.ceil((projection.x(east, south) - x0) / cellMetres)),
    rows: Math.max(1, Math.ceil((y1 - projection.y(west, south)) / cellMetres)),
  };
}

/** The ground size of a pixel at the city's centre, from its corners. */
function pixelMetres(raster: GeoRaster, cells: CellGrid, window: PixelWindow): number {
  const out = new Float64Array(2);
  const column = (window.column0 + window.column1) / 2;
  const row = (window.row0 + window.row1) / 2;
  const corner = (dc: number, dr: number) => {
    raster.crs.inverse(raster.originX + (column + dc) * raster.scaleX, raster.originY + (row + dr) * raster.scaleY, out);
    return [cells.projection.x(out[0], out[1]), cells.projection.y(out[0], out[1])];
  };
  const [x0, y0] = corner(0, 0);
  const [x1, y1] = corner(1, 0);
  const [x2, y2] = corner(0, 1);
  return Math.sqrt(Math.abs((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)));
}

function lonLatBox(raster: GeoRaster): string {
  const out = new Float64Array(2);
  const lons: number[] = [];
  const lats: number[] = [];
  for (const [column, row] of [[0, 0], [raster.width, 0], [0, raster.height], [raster.width, raster.height], [raster.width / 2, raster.height / 2]]) {
    raster.crs.inverse(raster.originX + column * raster.scaleX, raster.originY + row * raster.scaleY, out);
    lons.push(out[0]);
    lats.push(out[1]);
  }
  const fixed = (value: number) => value.toFixed(2);
  return `longitudes ${fixed(Math.min(...lons))} to ${fixed(Math.max(...lons))}, latitudes ${fixed(Math.min(...lats))} to ${fixed(Math.max(...lats))}`;
}

function checkOptions(options: RasterOptions): void {
  const { cellMetres, childShare, householdShare } = options;
  if (!(cellMetres >= 10 && cellMetres <= 10_000)) throw new InputError('cellMetres', `is ${cellMetres}; cells are 10 to 10,000 metres`);
  if (!(childShare >= 0 && childShare <= 1)) throw new InputError('childShare', `is ${childShare}; a share is 0 to 1`);
  if (!(householdShare >= 0 && householdShare <= 1)) throw new InputError('householdShare', `is ${householdShare}; a share is 0 to 1`);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Reads the raster and sums it into square cells of `cellMetres` within each
 * district (properties.id). Returns Point features { id, district, pop,
 * pop_6_17, households }, one per (cell, district) with any population, at
 * the population-weighted centre of the cell's pixels in that district.
 */
export async function aggregateRaster(
  fileName: string,
  bytes: ArrayBuffer,
  districts: FeatureCollection<Polygon | MultiPolygon>,
  options: RasterOptions,
  onProgress?: (fraction: number) => void,
): Promise<{ population: FeatureCollection<Point>; summary: RasterSummary }> {
  checkOptions(options);
  const raster = await openRaster(fileName, bytes);
  const shapes = districtRings(districts);
  const cells = cellGrid(shapes, options.cellMetres);

  const pixels: DistrictPixels[] = [];
  let window: PixelWindow = { column0: raster.width, row0: raster.height, column1: 0, row1: 0 };
  for (const shape of shapes) {
    const polygon = pixelPolygon(shape.rings, raster);
    const box = bounds(polygon);
    const size = (box.column1 - box.column0 + 2) * (box.row1 - box.row0);
    if (size > MAX_DISTRICT_PIXELS) {
      throw new InputError('pixels', `are too fine for the districts: district ${JSON.stringify(shape.id)} spans ${size.toLocaleString('en')} pixels (at most ${MAX_DISTRICT_PIXELS.toLocaleString('en')}); resample the raster to 100 m first`, fileName);
    }
    pixels.push({ polygon, coverage: coverage(polygon) });
    window = {
      column0: Math.max(0, Math.min(window.column0, box.column0)),
      row0: Math.max(0, Math.min(window.row0, box.row0)),
      column1: Math.min(raster.width, Math.max(window.column1, box.column1)),
      row1: Math.min(raster.height, Math.max(window.row1, box.row1)),
    };
  }
  if (window.column0 >= window.column1 || window.row0 >= window.row1) {
    throw new InputError('extent', `covers ${lonLatBox(raster)} (${raster.crs.name}), which does not overlap the district boundaries: the population is outside the boundaries. Is it the raster of this city?`, fileName);
  }

  const READ_SHARE = 0.7;
  /** Up to this many pixels (100 MB of Float32) a raster is read whole. */
  const WHOLE_RASTER_PIXELS = 25_000_000;
  // The whole raster is read (and summed, for the review) unless it is far larger than the city: then only the part over the districts.
  const windowPixels = (window.column1 - window.column0) * (window.row1 - window.row0);
  const whole = raster.width * raster.height <= Math.max(WHOLE_RASTER_PIXELS, 4 * windowPixels);
  const { values, total } = await readWindow(raster, window, whole, (fraction) => onProgress?.(fraction * READ_SHARE));
  const points = cellPoints(raster, window, values, pixels, cells, (done) => onProgress?.(READ_SHARE + ((1 - READ_SHARE) * done) / pixels.length));
  const insideTotal = points.reduce((sum, point) => sum + point.pop, 0);
  if (insideTotal === 0) {
    throw new InputError('values', `hold no population inside the district boundaries (the raster covers ${lonLatBox(raster)} and holds ${round2(total)} people in all): the population is outside the boundaries`, fileName);
  }

  const districtsPerCell = new Map<number, number>();
  for (const point of points) districtsPerCell.set(point.cell, (districtsPerCell.get(point.cell) ?? 0) + 1);
  const features = points.map((point): Feature<Point> => {
    const id = `r${Math.floor(point.cell / cells.columns)}c${point.cell % cells.columns}`;
    const district = shapes[point.district].id;
    const pop = round2(point.pop);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [cells.projection.lon(point.x, point.y), cells.projection.lat(point.x, point.y)] },
      properties: {
        id: districtsPerCell.get(point.cell)! > 1 ? `${id}-${district}` : id,
        district,
        pop,
        pop_6_17: round2(point.pop * options.childShare),
        households: round2(point.pop * options.householdShare),
      },
    };
  });
  onProgress?.(1);
  return {
    population: { type: 'FeatureCollection', features },
    summary: {
      crs: raster.crs.name,
      width: raster.width,
      height: raster.height,
      pixelMetres: pixelMetres(raster, cells, window),
      dataType: raster.dataType,
      rasterTotal: total,
      totalOf: whole ? 'raster' : 'window',
      insideTotal,
      points: features.length,
    },
  };
}
