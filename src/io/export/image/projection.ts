import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { CityData } from '../../../plan/city';

/** Where the picture's parts go: bounds in degrees, boxes in pixels, and the projection between them. */

export interface LonLatBounds {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Equirectangular, with longitudes shrunk by cos(latitude) so that shapes keep their proportions. */
export interface ImageProjection {
  x(lon: number): number;
  y(lat: number): number;
  /** Pixels per degree of latitude (about 111.32 km). */
  readonly pixelsPerDegree: number;
}

export const METRES_PER_DEGREE = 111_320;

export function shapeBounds(...collections: FeatureCollection<Polygon | MultiPolygon>[]): LonLatBounds {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const collection of collections) {
    for (const ring of rings(collection)) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        minLat = Math.min(minLat, lat);
        maxLon = Math.max(maxLon, lon);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** The bounds fitted into the box, as large as they go, centred. */
export function fitProjection(bounds: LonLatBounds, box: Box): ImageProjection {
  const k = Math.cos((((bounds.minLat + bounds.maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((bounds.maxLon - bounds.minLon) * k, 1e-9);
  const spanY = Math.max(bounds.maxLat - bounds.minLat, 1e-9);
  const scale = Math.max(Math.min(box.width / spanX, box.height / spanY), 0);
  const left = box.left + (box.width - spanX * scale) / 2;
  const top = box.top + (box.height - spanY * scale) / 2;
  return {
    x: (lon) => left + (lon - bounds.minLon) * k * scale,
    y: (lat) => top + (bounds.maxLat - lat) * scale,
    pixelsPerDegree: scale,
  };
}

export interface PlanImageLayout {
  readonly margin: number;
  readonly titleSize: number;
  readonly textSize: number;
  /** Where the map goes: below the title and the headline, above the footer, inside the margins. */
  readonly box: Box;
  readonly projection: ImageProjection;
  /** Scale of dots and lines relative to the map at zoom 11 (about 2,000 pixels a degree). */
  readonly zoom: number;
}

/** What takes room around the map: lines of text under the title, and a footer line. */
export interface LayoutBands {
  readonly headlineLines: number;
  readonly footer: boolean;
}

/** Sizes and the projection drawPlanImage uses, for callers that draw more on the picture. */
export function planImageLayout(width: number, height: number, city: CityData, bands: LayoutBands): PlanImageLayout {
  const unit = Math.min(width, height);
  const margin = Math.max(8, Math.round(unit * 0.025));
  const titleSize = clamp(Math.round(unit / 40), 12, 36);
  const textSize = clamp(Math.round(unit / 60), 9, 24);
  const titleBand = titleSize * 1.5 + bands.headlineLines * textSize * 1.45;
  const footerBand = bands.footer ? textSize * 1.6 : 0;
  const box: Box = { left: margin, top: margin + titleBand, width: Math.max(width - 2 * margin, 1), height: Math.max(height - 2 * margin - titleBand - footerBand, 1) };
  const projection = fitProjection(shapeBounds(city.districtShapes), box);
  return { margin, titleSize, textSize, box, projection, zoom: projection.pixelsPerDegree / 2000 };
}

function* rings(collection: FeatureCollection<Polygon | MultiPolygon>): Generator<Position[]> {
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry) continue;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) yield* polygon;
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
