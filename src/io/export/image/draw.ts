import type { MultiPolygon, Polygon } from 'geojson';
import type { CityData } from '../../../plan/city';
import { coverageRadius, type FacilityType, type Scenario } from '../../../plan/scenario';
import { typeSpec } from '../../../plan/presets';
import { demandWeights } from '../../../plan/city';
import type { PlanResult } from '../../../plan/solvePlan';
import { EXISTING, SERVICE, serviceColour, sitesShown, typeLook } from '../../../style/colours';
import { FONT, IMAGE_COLOURS, siteRadius, traceSite, type PlanCanvasContext, type PlanImageLabels } from './context';
import { drawLegend } from './legend';
import { METRES_PER_DEGREE, planImageLayout, type Box, type ImageProjection } from './projection';

/** Everything a picture of a plan is drawn from. */
export interface PlanImageOptions {
  readonly width: number;
  readonly height: number;
  readonly city: CityData;
  /** null: the city before solving. */
  readonly result: PlanResult | null;
  readonly scenario: Scenario;
  /** The type whose coverage the cells show: the one the map shows. */
  readonly coverageType: FacilityType;
  readonly labels: PlanImageLabels;
  /** false: no legend on the map (the plan page lists it beside the map). */
  readonly legend?: boolean;
}

/** The layout the options give: callers that draw more on the picture use the same one. */
export function layoutOf(options: PlanImageOptions) {
  const { labels } = options;
  return planImageLayout(options.width, options.height, options.city, { headlineLines: labels.headline?.length ?? 0, footer: Boolean(labels.attribution) });
}

/**
 * Draws the plan as a slide over the whole width × height of `ctx`: the
 * scenario's name, the headline KPIs and the date above; districts, the
 * no-build zone, demand cells coloured by service of `coverageType`, existing
 * facilities and the new sites; a legend, a scale bar and the data's
 * attribution below.
 */
export function drawPlanImage(ctx: PlanCanvasContext, options: PlanImageOptions): void {
  const { width, height, city, result, scenario, coverageType, labels } = options;
  const layout = layoutOf(options);
  const { margin, titleSize, textSize, box, projection, zoom } = layout;
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
  drawGround(ctx, city, px, zoom);
  drawCells(ctx, city, result, scenario, coverageType, px, zoom);
  drawServiceAreas(ctx, result, scenario, coverageType, projection, px, zoom);
  ctx.strokeStyle = IMAGE_COLOURS.border;
  ctx.lineWidth = Math.max(1, 1.5 * zoom);
  for (const feature of city.districtShapes.features) {
    tracePolygons(ctx, feature.geometry, px);
    ctx.stroke();
  }
  if (labels.existing) drawExisting(ctx, city, px, zoom);
  drawSites(ctx, result, coverageType, px, zoom);
  ctx.restore();

  drawHeading(ctx, scenario.name, labels, { width, margin, titleSize, textSize });
  if (labels.attribution) {
    ctx.fillStyle = IMAGE_COLOURS.muted;
    ctx.font = `${Math.round(textSize * 0.85)}px ${FONT}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(labels.attribution, margin, height - margin / 2, width - 2 * margin);
  }
  if (labels.km) drawScaleBar(ctx, box, projection, labels.km, textSize, margin);
  if (options.legend !== false) drawLegend(ctx, { box, result, coverageType, labels, textSize, zoom, exclusions: city.exclusions.features.length > 0 });
  ctx.restore();
}

function drawGround(ctx: PlanCanvasContext, city: CityData, px: (lon: number, lat: number) => [number, number], zoom: number): void {
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
}

/** Demand cells, one path per colour, opaque as on the map (overlapping translucent dots would mix colours). */
function drawCells(ctx: PlanCanvasContext, city: CityData, result: PlanResult | null, scenario: Scenario, coverageType: FacilityType, px: (lon: number, lat: number) => [number, number], zoom: number): void {
  const { demand } = city;
  // Every essential service (the map's "*" layer): the share of residents reaching them all.
  const every = coverageType === '*' ? result?.kpis?.everyService : undefined;
  if (every) {
    drawDots(ctx, city, (i) => serviceColour(every.share[i]), px, zoom);
    return;
  }
  const served = result?.served[coverageType];
  const weight = coverageType in scenario.facilities ? demandWeights(city, typeSpec(scenario.facilities, coverageType).demand) : demand.residents;
  drawDots(ctx, city, (i) => (served ? serviceColour(weight[i] > 0 ? served[i] / weight[i] : 1) : SERVICE.unsolved), px, zoom);
}

function drawDots(ctx: PlanCanvasContext, city: CityData, colourOf: (i: number) => string, px: (lon: number, lat: number) => [number, number], zoom: number): void {
  const { demand } = city;
  const byColour = new Map<string, number[]>();
  for (let i = 0; i < demand.count; i++) {
    const colour = colourOf(i);
    let list = byColour.get(colour);
    if (!list) byColour.set(colour, (list = []));
    list.push(i);
  }
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
}

/** The norm around each new site of the type shown (container norms are too small to see). */
function drawServiceAreas(
  ctx: PlanCanvasContext,
  result: PlanResult | null,
  scenario: Scenario,
  coverageType: FacilityType,
  projection: ImageProjection,
  px: (lon: number, lat: number) => [number, number],
  zoom: number,
): void {
  if (typeLook(coverageType).many || !result) return;
  const radius = (coverageRadius(scenario, coverageType) / METRES_PER_DEGREE) * projection.pixelsPerDegree;
  ctx.strokeStyle = typeLook(coverageType).colour;
  ctx.fillStyle = typeLook(coverageType).colour;
  ctx.lineWidth = Math.max(0.75, zoom);
  for (const site of result.sites.filter((s) => s.type === coverageType)) {
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

/** State schools (overloaded ones in red) and hospitals, as white dots ringed in their colour. */
function drawExisting(ctx: PlanCanvasContext, city: CityData, px: (lon: number, lat: number) => [number, number], zoom: number): void {
  const r = Math.max(2, 4 * Math.min(zoom, 2));
  const ring = (lon: number, lat: number, colour: string, weight: number) => {
    const [x, y] = px(lon, lat);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.strokeStyle = colour;
    ctx.lineWidth = weight;
    ctx.stroke();
  };
  const { schools, health } = city;
  for (let j = 0; j < schools.count; j++) {
    const overloaded = schools.students[j] > schools.capacity[j];
    ring(schools.lon[j], schools.lat[j], overloaded ? EXISTING.overloaded : EXISTING.schools, Math.max(1, (overloaded ? 2.5 : 1.5) * Math.min(zoom, 2)));
  }
  for (let j = 0; j < health.count; j++) ring(health.lon[j], health.lat[j], EXISTING.health, Math.max(1, 2 * Math.min(zoom, 2)));
}

/**
 * New sites: the many small container sites first, the others on top. As on
 * the map, container sites are drawn only over their own coverage (hundreds
 * of squares would hide another type's).
 */
function drawSites(ctx: PlanCanvasContext, result: PlanResult | null, coverageType: FacilityType, px: (lon: number, lat: number) => [number, number], zoom: number): void {
  const sites = sitesShown(result?.sites ?? [], coverageType).sort((a, b) => Number(typeLook(b.type).many) - Number(typeLook(a.type).many));
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(1, 2 * zoom);
  for (const site of sites) {
    const [x, y] = px(site.lon, site.lat);
    if (site.kind === 'extension') {
      // An extension, as on the map: a white disc ringed thickly in its type's colour, on the existing facility.
      ctx.beginPath();
      ctx.arc(x, y, siteRadius(site.type, zoom) * 0.8, 0, 2 * Math.PI);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.strokeStyle = typeLook(site.type).colour;
      ctx.lineWidth = Math.max(2, 3 * zoom);
      ctx.stroke();
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = Math.max(1, 2 * zoom);
      continue;
    }
    ctx.fillStyle = typeLook(site.type).colour;
    traceSite(ctx, site.type, x, y, siteRadius(site.type, zoom));
    ctx.fill();
    ctx.stroke();
  }
}

/** The title, the date at its right, and the headline KPIs under it. */
function drawHeading(ctx: PlanCanvasContext, title: string, labels: PlanImageLabels, size: { width: number; margin: number; titleSize: number; textSize: number }): void {
  const { width, margin, titleSize, textSize } = size;
  ctx.textBaseline = 'top';
  let dateWidth = 0;
  if (labels.date) {
    ctx.font = `${textSize}px ${FONT}`;
    ctx.fillStyle = IMAGE_COLOURS.muted;
    ctx.textAlign = 'right';
    ctx.fillText(labels.date, width - margin, margin + (titleSize - textSize) / 2);
    dateWidth = ctx.measureText(labels.date).width + textSize;
  }
  ctx.fillStyle = IMAGE_COLOURS.text;
  ctx.textAlign = 'left';
  ctx.font = `bold ${titleSize}px ${FONT}`;
  ctx.fillText(title, margin, margin, Math.max(width - 2 * margin - dateWidth, 1));
  ctx.font = `${textSize}px ${FONT}`;
  (labels.headline ?? []).forEach((line, k) => ctx.fillText(line, margin, margin + titleSize * 1.4 + k * textSize * 1.45, width - 2 * margin));
}

/** A bar of a round number of kilometres at the bottom left of the map (the PDF draws its own where it moves the map). */
export function drawScaleBar(ctx: PlanCanvasContext, box: Box, projection: ImageProjection, km: string, textSize: number, margin: number): void {
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
  ctx.font = `${textSize}px ${FONT}`;
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
