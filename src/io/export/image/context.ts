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

/**
 * The drawing state of a canvas stand-in (the plan page's SVG, the PDF's
 * paths), kept as a canvas keeps it: values a canvas ignores (a gradient, a
 * width of 0, an alpha out of 0..1) are ignored, and save() and restore()
 * keep a stack. The subclass writes the paths and text.
 */
export abstract class DrawingStateKeeper<S extends DrawingState> {
  private readonly stack: S[] = [];

  constructor(protected state: S) {}

  get fillStyle() { return this.state.fillStyle; }
  set fillStyle(value: string | CanvasGradient | CanvasPattern) { if (typeof value === 'string') this.state.fillStyle = value; }
  get strokeStyle() { return this.state.strokeStyle; }
  set strokeStyle(value: string | CanvasGradient | CanvasPattern) { if (typeof value === 'string') this.state.strokeStyle = value; }
  get lineWidth() { return this.state.lineWidth; }
  set lineWidth(value: number) { if (Number.isFinite(value) && value > 0) this.state.lineWidth = value; }
  get lineJoin() { return this.state.lineJoin; }
  set lineJoin(value: CanvasLineJoin) { this.state.lineJoin = value; }
  get globalAlpha() { return this.state.globalAlpha; }
  set globalAlpha(value: number) { if (value >= 0 && value <= 1) this.state.globalAlpha = value; }
  get font() { return this.state.font; }
  set font(value: string) { this.state.font = value; }
  get textAlign() { return this.state.textAlign; }
  set textAlign(value: CanvasTextAlign) { this.state.textAlign = value; }
  get textBaseline() { return this.state.textBaseline; }
  set textBaseline(value: CanvasTextBaseline) { this.state.textBaseline = value; }

  save(): void {
    this.stack.push({ ...this.state, dash: [...this.state.dash] });
  }

  restore(): void {
    this.popState();
  }

  /** Restores the last saved state; false when none was saved. */
  protected popState(): boolean {
    const state = this.stack.pop();
    if (state) this.state = state;
    return state !== undefined;
  }

  setLineDash(segments: number[]): void {
    this.state.dash = segments.filter((s) => Number.isFinite(s) && s >= 0);
  }
}

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
