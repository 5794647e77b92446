import type { FacilityType } from '../../../plan/scenario';
import { typeLook } from '../../../style/colours';
import { shapePoints } from '../../../style/shapes';

/**
 * The few canvas calls the picture is drawn with, so a browser canvas, an
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

/**
 * What a canvas stand-in that writes another format (the plan page's SVG, the
 * PDF's paths) keeps of the drawing state, saved and restored as a canvas does.
 */
export interface DrawingState {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  dash: number[];
}

/** A canvas's drawing state when it is made. */
export const INITIAL_DRAWING: Readonly<DrawingState> = { fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, lineJoin: 'miter', globalAlpha: 1, font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic', dash: [] };

/** The words on the picture, in the caller's language. Names from data are drawn as canvas text: never markup. */
export interface PlanImageLabels {
  /** Heading of the coverage rows, e.g. "Coverage shown for: Schools". */
  readonly coverage: string;
  readonly served: string;
  readonly partly: string;
  readonly unserved: string;
  /** Shown instead of the three above when there is no plan yet. */
  readonly unsolved: string;
  /** Legend entry per type of new site, e.g. "New school". */
  readonly newSite: Readonly<Record<FacilityType, string>>;
  /** Legend entry per type of extension of an existing facility; without it, extensions have no legend row. */
  readonly extension?: Readonly<Record<FacilityType, string>>;
  readonly exclusion: string;
  /** Legend entries of the existing facilities drawn. */
  readonly existing?: { readonly schools: string; readonly overloaded: string; readonly health: string };
  /** The headline KPIs, one line each, under the title. */
  readonly headline?: readonly string[];
  /** The date the picture shows the plan for, at the top right. */
  readonly date?: string;
  /** Where the data come from, in a footer line. */
  readonly attribution?: string;
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
  muted: '#495057',
  legendLine: '#ced4da',
} as const;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, "DejaVu Sans", sans-serif';

/** A new site's mark, as on the map: its type's shape (a diamond, a small square for container sites; no coverage dot has either). */
export function traceSite(ctx: PlanCanvasContext, type: FacilityType, x: number, y: number, radius: number): void {
  ctx.beginPath();
  shapePoints(typeLook(type).shape).forEach(([px, py], k) => (k === 0 ? ctx.moveTo(x + px * radius, y + py * radius) : ctx.lineTo(x + px * radius, y + py * radius)));
  ctx.closePath();
}

export function siteRadius(type: FacilityType, zoom: number): number {
  const many = typeLook(type).many;
  return Math.max(many ? 2.5 : 4.5, (many ? 4 : 9) * Math.min(zoom, 2));
}
