import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { SERVICE, TYPE_COLOURS } from '../../app/map/style';
import type { CityData } from '../../plan/city';
import { FACILITY_TYPES, coverageRadius, type FacilityType, type Scenario } from '../../plan/scenario';
import type { PlanResult } from '../../plan/solvePlan';

/**
 * A plan as a static picture, without map tiles: districts, the exclusion
 * zone, demand cells coloured by service, the new sites, a title and a legend.
 * Drawing goes through the few canvas calls below, so a browser canvas, an
 * OffscreenCanvas or a recording stand-in in a test all do.
 */
export interface PlanCanvasContext {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  save(): void;
  restore(): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  rect(x: number, y: number, width: number, height: number): void;
  fill(fillRule?: CanvasFillRule): void;
  stroke(): void;
  clip(): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  strokeRect(x: number, y: number, width: number, height: number): void;
  setLineDash(segments: number[]): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  measureText(text: string): { readonly width: number };
}

/** The words on the picture, in the caller's language. */
export interface PlanImageLabels {
  /** Heading of the coverage rows, e.g. "Schools: children within 15 minutes' walk". */
  readonly coverage: string;
  readonly served: string;
  readonly partly: string;
  readonly unserved: string;
  /** Shown instead of the three above when there is no plan yet. */
  readonly unsolved: string;
  /** Legend entry per type of new site, e.g. "New school". */
  readonly newSite: Readonly<Record<FacilityType, string>>;
  readonly exclusion: string;
  /** A second title line (date, KPIs...), when given. */
  readonly subtitle?: string;
  /** The kilometre abbreviation ("km", "км"); a scale bar is drawn when given. */
  readonly km?: string;
}

export const IMAGE_COLOURS = {
  background: '#f1f3f5',
  land: '#ffffff',
  exclusionFill: '#adb5bd',
  exclusionLine: '#868e96',
  border: '#343a40',
  text: '#212529',
  legendLine: '#ced4da',
} as const;

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

const METRES_PER_DEGREE = 111_320;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

export interface PlanImageLayout {
  readonly margin: number;
  readonly titleSize: number;
  readonly textSize: number;
  /** Where the map goes: below the title, inside the margins. */
  readonly box: Box;
  readonly projection: ImageProjection;
  /** Scale of dots and lines relative to the map at zoom 11 (about 2,000 pixels a degree). */
  readonly zoom: number;
}

/** Sizes and the projection drawPlanImage uses, for callers that draw more on the picture. */
export function planImageLayout(width: number, height: number, city: CityData, subtitle: boolean): PlanImageLayout {
  const unit = Math.min(width, height);
  const margin = Math.max(8, Math.round(unit * 0.025));
  const titleSize = clamp(Math.round(unit / 40), 12, 36);
  const textSize = clamp(Math.round(unit / 60), 9, 24);
  const titleBand = titleSize * 1.5 + (subtitle ? textSize * 1.5 : 0);
  const box: Box = { left: margin, top: margin + titleBand, width: Math.max(width - 2 * margin, 1), height: Math.max(height - 2 * margin - titleBand, 1) };
  const projection = fitProjection(shapeBounds(city.districtShapes), box);
  return { margin, titleSize, textSize, box, projection, zoom: projection.pixelsPerDegree / 2000 };
}

/**
 * Draws the plan (or, with `result` null, the city before solving) over the
 * whole width × height of `ctx`. Demand cells are coloured by the share of
 * their `coverageType` demand served, with the thresholds of the map.
 */
export function drawPlanImage(
  ctx: PlanCanvasContext,
  width: number,
  height: number,
  city: CityData,
  result: PlanResult | null,
  scenario: Scenario,
  coverageType: FacilityType,
  labels: PlanImageLabels,
): void {
  const { margin, titleSize, textSize, box, projection, zoom } = planImageLayout(width, height, city, Boolean(labels.subtitle));
  const font = FONT;
  const px = (lon: number, lat: number): [number, number] => [projection.x(lon), projection.y(lat)];

  ctx.save();
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.lineJoin = 'round';
  ctx.fillStyle = IMAGE_COLOURS.background;
  ctx.fillRect(0, 0, width, height);

  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();

  // Land, then the zone where nothing may be built.
  ctx.fillStyle = IMAGE_COLOURS.land;
  for (const feature of city.districtShapes.features) {
    tracePolygons(ctx, feature.geometry, px);
    ctx.fill('evenodd');
  }
  for (const feature of city.exclusions.features) {
    tracePolygons(ctx, feature.geometry, px);
    ctx.globalAlpha = 0.45;
    ctx.fillStyle = IMAGE_COLOURS.exclusionFill;
    ctx.fill('evenodd');
    ctx.globalAlpha = 1;
    ctx.strokeStyle = IMAGE_COLOURS.exclusionLine;
    ctx.lineWidth = Math.max(0.75, zoom);
    ctx.setLineDash([4 * zoom, 4 * zoom]);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // Demand cells, one path per colour.
  const served = result?.served[coverageType];
  const { demand } = city;
  const weight = coverageType === 'school' ? demand.children : coverageType === 'polyclinic' ? demand.residents : demand.households;
  const byColour = new Map<string, number[]>();
  for (let i = 0; i < demand.count; i++) {
    const colour = served ? serviceColour(weight[i] > 0 ? served[i] / weight[i] : 1) : SERVICE.unsolved;
    let list = byColour.get(colour);
    if (!list) byColour.set(colour, (list = []));
    list.push(i);
  }
  ctx.globalAlpha = served ? 0.65 : 0.35;
  for (const [colour, cells] of byColour) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (const i of cells) {
      const [x, y] = px(demand.lon[i], demand.lat[i]);
      const r = Math.max(0.75, (1.5 + Math.sqrt(demand.residents[i]) / 14) * zoom);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  ctx.globalAlpha = 1;

  // The norm around each new site of the type shown (container norms are too small to see).
  const sites = result?.sites ?? [];
  if (coverageType !== 'container') {
    const radius = (coverageRadius(scenario, coverageType) / METRES_PER_DEGREE) * projection.pixelsPerDegree;
    ctx.strokeStyle = TYPE_COLOURS[coverageType];
    ctx.fillStyle = TYPE_COLOURS[coverageType];
    ctx.lineWidth = Math.max(0.75, zoom);
    for (const site of sites.filter((s) => s.type === coverageType)) {
      const [x, y] = px(site.lon, site.lat);
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.06;
      ctx.fill();
      ctx.globalAlpha = 0.8;
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  ctx.strokeStyle = IMAGE_COLOURS.border;
  ctx.lineWidth = Math.max(1, 1.5 * zoom);
  for (const feature of city.districtShapes.features) {
    tracePolygons(ctx, feature.geometry, px);
    ctx.stroke();
  }

  // New sites: the many small container sites first, the others on top.
  const siteOrder = [...sites].sort((a, b) => Number(b.type === 'container') - Number(a.type === 'container'));
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(1, 2 * zoom);
  for (const site of siteOrder) {
    const [x, y] = px(site.lon, site.lat);
    ctx.fillStyle = TYPE_COLOURS[site.type];
    ctx.beginPath();
    ctx.arc(x, y, siteRadius(site.type, zoom), 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();

  // Title.
  ctx.fillStyle = IMAGE_COLOURS.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.font = `bold ${titleSize}px ${font}`;
  ctx.fillText(scenario.name, margin, margin, width - 2 * margin);
  if (labels.subtitle) {
    ctx.font = `${textSize}px ${font}`;
    ctx.fillText(labels.subtitle, margin, margin + titleSize * 1.4, width - 2 * margin);
  }

  if (labels.km) drawScaleBar(ctx, box, projection, labels.km, textSize, font, margin);
  drawLegend(ctx, box, result, coverageType, labels, textSize, font, zoom);
  ctx.restore();
}

/** The colour of a demand cell, by the share of its demand served (as on the map). */
export function serviceColour(share: number): string {
  return share >= 0.99 ? SERVICE.served : share > 0.01 ? SERVICE.partly : SERVICE.unserved;
}

function siteRadius(type: FacilityType, zoom: number): number {
  return Math.max(type === 'container' ? 2.5 : 4, (type === 'container' ? 5 : 8) * Math.min(zoom, 2));
}

type Swatch = { kind: 'dot'; colour: string; alpha: number } | { kind: 'site'; type: FacilityType } | { kind: 'zone' };
type Row = { swatch: Swatch | null; text: string; bold?: boolean };

function drawLegend(
  ctx: PlanCanvasContext,
  box: Box,
  result: PlanResult | null,
  coverageType: FacilityType,
  labels: PlanImageLabels,
  textSize: number,
  font: string,
  zoom: number,
): void {
  const rows: Row[] = [{ swatch: null, text: labels.coverage, bold: true }];
  if (result?.served[coverageType]) {
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.served, alpha: 0.65 }, text: labels.served });
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.partly, alpha: 0.65 }, text: labels.partly });
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.unserved, alpha: 0.65 }, text: labels.unserved });
  } else {
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.unsolved, alpha: 0.35 }, text: labels.unsolved });
  }
  const types = new Set(result?.sites.map((site) => site.type) ?? []);
  for (const type of FACILITY_TYPES) if (types.has(type)) rows.push({ swatch: { kind: 'site', type }, text: labels.newSite[type] });
  rows.push({ swatch: { kind: 'zone' }, text: labels.exclusion });

  const line = textSize * 1.5;
  const pad = textSize * 0.7;
  const swatchWidth = textSize * 1.6;
  let textWidth = 0;
  for (const row of rows) {
    ctx.font = `${row.bold ? 'bold ' : ''}${textSize}px ${font}`;
    textWidth = Math.max(textWidth, ctx.measureText(row.text).width + (row.swatch ? swatchWidth : 0));
  }
  const legendWidth = Math.min(textWidth + 2 * pad, box.width);
  const legendHeight = rows.length * line + 2 * pad - (line - textSize);
  const left = box.left + box.width - legendWidth;
  const top = box.top + box.height - legendHeight;

  ctx.globalAlpha = 0.92;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(left, top, legendWidth, legendHeight);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = IMAGE_COLOURS.legendLine;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, legendWidth, legendHeight);

  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  rows.forEach((row, k) => {
    const y = top + pad + k * line + textSize / 2;
    let x = left + pad;
    if (row.swatch) {
      drawSwatch(ctx, row.swatch, x + textSize / 2, y, textSize, zoom);
      x += swatchWidth;
    }
    ctx.font = `${row.bold ? 'bold ' : ''}${textSize}px ${font}`;
    ctx.fillStyle = IMAGE_COLOURS.text;
    ctx.fillText(row.text, x, y, left + legendWidth - pad - x);
  });
}

function drawSwatch(ctx: PlanCanvasContext, swatch: Swatch, x: number, y: number, size: number, zoom: number): void {
  if (swatch.kind === 'zone') {
    const s = size * 0.8;
    ctx.globalAlpha = 0.45;
    ctx.fillStyle = IMAGE_COLOURS.exclusionFill;
    ctx.fillRect(x - s / 2, y - s / 2, s, s);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = IMAGE_COLOURS.exclusionLine;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 2]);
    ctx.strokeRect(x - s / 2, y - s / 2, s, s);
    ctx.setLineDash([]);
    return;
  }
  ctx.beginPath();
  if (swatch.kind === 'dot') {
    ctx.arc(x, y, size * 0.3, 0, 2 * Math.PI);
    ctx.globalAlpha = swatch.alpha;
    ctx.fillStyle = swatch.colour;
    ctx.fill();
    ctx.globalAlpha = 1;
    return;
  }
  ctx.arc(x, y, Math.min(siteRadius(swatch.type, zoom), size * 0.5), 0, 2 * Math.PI);
  ctx.fillStyle = TYPE_COLOURS[swatch.type];
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

/** A bar of a round number of kilometres at the bottom left of the map. */
function drawScaleBar(ctx: PlanCanvasContext, box: Box, projection: ImageProjection, km: string, textSize: number, font: string, margin: number): void {
  const pixelsPerKm = (projection.pixelsPerDegree * 1000) / METRES_PER_DEGREE;
  if (!(pixelsPerKm > 0)) return;
  const target = box.width / 6 / pixelsPerKm;
  const step = 10 ** Math.floor(Math.log10(target));
  const length = [5, 2, 1].map((f) => f * step).find((value) => value <= target) ?? step;
  const bar = length * pixelsPerKm;
  const x = box.left + margin / 2;
  const y = box.top + box.height - margin / 2;
  ctx.strokeStyle = IMAGE_COLOURS.text;
  ctx.lineWidth = Math.max(1, textSize / 8);
  ctx.beginPath();
  ctx.moveTo(x, y - textSize / 3);
  ctx.lineTo(x, y);
  ctx.lineTo(x + bar, y);
  ctx.lineTo(x + bar, y - textSize / 3);
  ctx.stroke();
  ctx.fillStyle = IMAGE_COLOURS.text;
  ctx.font = `${textSize}px ${font}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`${length} ${km}`, x + 2, y - textSize / 3);
}

function tracePolygons(ctx: PlanCanvasContext, geometry: Polygon | MultiPolygon, px: (lon: number, lat: number) => [number, number]): void {
  ctx.beginPath();
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      ring.forEach(([lon, lat], k) => {
        const [x, y] = px(lon, lat);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.closePath();
    }
  }
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

/** The canvas as PNG: OffscreenCanvas.convertToBlob or HTMLCanvasElement.toBlob. */
export function canvasToPngBlob(canvas: HTMLCanvasElement | OffscreenCanvas): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png');
  });
}

/**
 * Draws the plan on a new canvas and encodes it (browser only). `pixelRatio`
 * 2 gives a sharp picture for print or high-density screens.
 */
export async function renderPlanPng(
  width: number,
  height: number,
  city: CityData,
  result: PlanResult | null,
  scenario: Scenario,
  coverageType: FacilityType,
  labels: PlanImageLabels,
  pixelRatio = 1,
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * pixelRatio);
  canvas.height = Math.round(height * pixelRatio);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.scale(pixelRatio, pixelRatio);
  drawPlanImage(ctx, width, height, city, result, scenario, coverageType, labels);
  return canvasToPngBlob(canvas);
}
