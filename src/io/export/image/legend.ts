import type { FacilityType } from '../../../plan/scenario';
import type { PlanResult } from '../../../plan/solvePlan';
import { EXISTING, SERVICE, sitesShown, typeLook } from '../../../style/colours';
import { FONT, IMAGE_COLOURS, siteRadius, traceSite, type PlanCanvasContext, type PlanImageLabels } from './context';
import type { Box } from './projection';

export type Swatch = { kind: 'dot'; colour: string } | { kind: 'ring'; colour: string } | { kind: 'site'; type: FacilityType } | { kind: 'extension'; type: FacilityType } | { kind: 'zone' };
export type LegendRow = { swatch: Swatch | null; text: string; bold?: boolean };

export interface LegendOptions {
  readonly box: Box;
  readonly result: PlanResult | null;
  readonly coverageType: FacilityType;
  readonly labels: PlanImageLabels;
  readonly textSize: number;
  readonly zoom: number;
  /** Whether the city has no-build zones (a legend row only then). */
  readonly exclusions?: boolean;
}

/** The rows of the legend: every colour the picture uses, in the order the eye meets them. */
export function legendRows(result: PlanResult | null, coverageType: FacilityType, labels: PlanImageLabels, exclusions = true): LegendRow[] {
  const rows: LegendRow[] = [{ swatch: null, text: labels.coverage, bold: true }];
  if (result?.served[coverageType] || (coverageType === '*' && result?.kpis?.everyService)) {
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.served }, text: labels.served });
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.partly }, text: labels.partly });
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.unserved }, text: labels.unserved });
  } else {
    rows.push({ swatch: { kind: 'dot', colour: SERVICE.unsolved }, text: labels.unsolved });
  }
  // New sites and extensions of existing facilities apart, each type as drawn.
  const drawn = sitesShown(result?.sites ?? [], coverageType);
  const types = new Set(drawn.filter((site) => site.kind !== 'extension').map((site) => site.type));
  for (const type of types) rows.push({ swatch: { kind: 'site', type }, text: labels.newSite[type] ?? type });
  const extended = new Set(drawn.filter((site) => site.kind === 'extension').map((site) => site.type));
  for (const type of extended) if (labels.extension) rows.push({ swatch: { kind: 'extension', type }, text: labels.extension[type] ?? type });
  if (labels.existing) {
    rows.push({ swatch: { kind: 'ring', colour: EXISTING.schools }, text: labels.existing.schools });
    rows.push({ swatch: { kind: 'ring', colour: EXISTING.overloaded }, text: labels.existing.overloaded });
    rows.push({ swatch: { kind: 'ring', colour: EXISTING.health }, text: labels.existing.health });
  }
  if (exclusions) rows.push({ swatch: { kind: 'zone' }, text: labels.exclusion });
  return rows;
}

/** The legend in the bottom right corner of the map box. */
export function drawLegend(ctx: PlanCanvasContext, options: LegendOptions): void {
  const { box, textSize, zoom } = options;
  const rows = legendRows(options.result, options.coverageType, options.labels, options.exclusions);
  const line = textSize * 1.5;
  const pad = textSize * 0.7;
  const swatchWidth = textSize * 1.6;
  let textWidth = 0;
  for (const row of rows) {
    ctx.font = `${row.bold ? 'bold ' : ''}${textSize}px ${FONT}`;
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
    ctx.font = `${row.bold ? 'bold ' : ''}${textSize}px ${FONT}`;
    ctx.fillStyle = IMAGE_COLOURS.text;
    ctx.fillText(row.text, x, y, left + legendWidth - pad - x);
  });
}

/** A legend row's mark, centred on x, y, `size` pixels high. */
export function drawSwatch(ctx: PlanCanvasContext, swatch: Swatch, x: number, y: number, size: number, zoom: number): void {
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
  if (swatch.kind === 'extension') {
    ctx.beginPath();
    ctx.arc(x, y, size * 0.35, 0, 2 * Math.PI);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.strokeStyle = typeLook(swatch.type).colour;
    ctx.lineWidth = 3;
    ctx.stroke();
    return;
  }
  if (swatch.kind === 'site') {
    traceSite(ctx, swatch.type, x, y, Math.min(siteRadius(swatch.type, zoom), size * 0.5));
    ctx.fillStyle = typeLook(swatch.type).colour;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    return;
  }
  ctx.beginPath();
  ctx.arc(x, y, size * 0.3, 0, 2 * Math.PI);
  ctx.fillStyle = swatch.kind === 'dot' ? swatch.colour : '#ffffff';
  ctx.fill();
  if (swatch.kind === 'ring') {
    ctx.strokeStyle = swatch.colour;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}
