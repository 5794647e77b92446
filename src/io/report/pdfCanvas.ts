import { GState, type jsPDF } from 'jspdf';
import { DrawingStateKeeper, INITIAL_DRAWING, type DrawingState, type PlanCanvasContext } from '../export/image/context';

/** The embedded fonts' names in the document (addFont). */
export const PDF_FONT = 'DejaVuSans';

type Op = readonly ['m' | 'l', number, number] | readonly ['c', number, number, number, number, number, number] | readonly ['h'];

/** A CSS colour as the picture writes them (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()), as RGB and an alpha. */
export function parseColour(colour: string): { rgb: [number, number, number]; alpha: number } {
  const text = colour.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(text);
  if (hex) {
    let h = hex[1];
    if (h.length <= 4) h = [...h].map((c) => c + c).join('');
    const n = (k: number) => parseInt(h.slice(k, k + 2), 16);
    return { rgb: [n(0), n(2), n(4)], alpha: h.length >= 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(text);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean).map(Number.parseFloat);
    return { rgb: [parts[0] || 0, parts[1] || 0, parts[2] || 0], alpha: parts.length > 3 && Number.isFinite(parts[3]) ? parts[3] : 1 };
  }
  if (text === 'white') return { rgb: [255, 255, 255], alpha: 1 };
  if (text === 'transparent') return { rgb: [0, 0, 0], alpha: 0 };
  return { rgb: [0, 0, 0], alpha: 1 };
}

/**
 * The canvas calls the map picture is drawn with, written as PDF paths and
 * text: the picture stays vectors and its words stay text (DejaVu Sans, so
 * Cyrillic and Kazakh letters are searchable). The picture's pixels are
 * `scale` points each, its origin at (left, top) on the page.
 *
 * A canvas keeps its path after fill() and stroke(), a PDF paints and ends
 * it: the path is recorded here and written again for each paint.
 */
export class PdfCanvas extends DrawingStateKeeper<DrawingState> implements PlanCanvasContext {
  private path: Op[] = [];
  private current: [number, number] | null = null;
  private start: [number, number] | null = null;

  constructor(
    private readonly doc: jsPDF,
    private readonly left = 0,
    private readonly top = 0,
    private readonly scale = 1,
  ) {
    super({ ...INITIAL_DRAWING, dash: [] });
  }

  override save(): void {
    super.save();
    this.doc.saveGraphicsState();
  }

  override restore(): void {
    if (this.popState()) this.doc.restoreGraphicsState();
  }

  beginPath(): void {
    this.path = [];
    this.current = this.start = null;
  }

  closePath(): void {
    if (!this.current) return;
    this.path.push(['h']);
    this.current = this.start;
  }

  moveTo(x: number, y: number): void {
    this.path.push(['m', x, y]);
    this.current = this.start = [x, y];
  }

  lineTo(x: number, y: number): void {
    if (!this.current) return this.moveTo(x, y);
    this.path.push(['l', x, y]);
    this.current = [x, y];
  }

  /** An arc as Bézier curves of a quarter turn at most, joined by a line to the current point as a canvas does. */
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void {
    let sweep = endAngle - startAngle;
    if (Math.abs(sweep) >= 2 * Math.PI) sweep = 2 * Math.PI;
    else if (sweep < 0) sweep += 2 * Math.PI;
    const at = (a: number): [number, number] => [x + radius * Math.cos(a), y + radius * Math.sin(a)];
    const [sx, sy] = at(startAngle);
    if (this.current) this.lineTo(sx, sy);
    else this.moveTo(sx, sy);
    const pieces = Math.max(1, Math.ceil(sweep / (Math.PI / 2) - 1e-9));
    const step = sweep / pieces;
    const k = (4 / 3) * Math.tan(step / 4) * radius;
    for (let i = 0; i < pieces; i++) {
      const a0 = startAngle + i * step;
      const a1 = a0 + step;
      const [x0, y0] = at(a0);
      const [x1, y1] = at(a1);
      this.path.push(['c', x0 - k * Math.sin(a0), y0 + k * Math.cos(a0), x1 + k * Math.sin(a1), y1 - k * Math.cos(a1), x1, y1]);
      this.current = [x1, y1];
    }
  }

  rect(x: number, y: number, width: number, height: number): void {
    this.moveTo(x, y);
    this.lineTo(x + width, y);
    this.lineTo(x + width, y + height);
    this.lineTo(x, y + height);
    this.closePath();
    this.current = [x, y];
  }

  fill(fillRule?: CanvasFillRule): void {
    if (!this.paint('fill')) return;
    if (fillRule === 'evenodd') this.doc.fillEvenOdd();
    else this.doc.fill();
  }

  stroke(): void {
    if (!this.paint('stroke')) return;
    this.doc.stroke();
  }

  clip(): void {
    this.writePath();
    this.doc.clip();
    this.doc.discardPath();
  }

  fillRect(x: number, y: number, width: number, height: number): void {
    const [path, current, start] = [this.path, this.current, this.start];
    this.beginPath();
    this.rect(x, y, width, height);
    this.fill();
    [this.path, this.current, this.start] = [path, current, start];
  }

  strokeRect(x: number, y: number, width: number, height: number): void {
    const [path, current, start] = [this.path, this.current, this.start];
    this.beginPath();
    this.rect(x, y, width, height);
    this.stroke();
    [this.path, this.current, this.start] = [path, current, start];
  }


  /** Text as the canvas draws it, narrowed to maxWidth by a smaller size (a canvas squeezes it). */
  fillText(text: string, x: number, y: number, maxWidth?: number): void {
    if (!text) return;
    const colour = parseColour(this.state.fillStyle);
    const alpha = colour.alpha * this.state.globalAlpha;
    if (alpha <= 0) return;
    const size = this.useFont();
    let width = this.doc.getTextWidth(text);
    if (maxWidth !== undefined && maxWidth > 0 && width > maxWidth * this.scale) {
      this.doc.setFontSize((size * maxWidth * this.scale) / width);
      width = maxWidth * this.scale;
    }
    const align = this.state.textAlign;
    const shift = align === 'right' || align === 'end' ? width : align === 'center' ? width / 2 : 0;
    this.doc.setTextColor(...colour.rgb);
    this.doc.setGState(new GState({ opacity: alpha }));
    const baseline = this.state.textBaseline === 'hanging' ? 'hanging' : this.state.textBaseline;
    this.doc.text(text, this.X(x) - shift, this.Y(y), { baseline });
  }

  measureText(text: string): { readonly width: number } {
    this.useFont();
    return { width: this.doc.getTextWidth(text) / this.scale };
  }

  /** Sets the document's font from the canvas font ("bold 12px …"), returns its size in points. */
  private useFont(): number {
    const match = /(?:^|\s)([\d.]+)px/.exec(this.state.font);
    const size = (match ? Number.parseFloat(match[1]) : 10) * this.scale;
    this.doc.setFont(PDF_FONT, /\bbold\b|\b[6-9]00\b/.test(this.state.font) ? 'bold' : 'normal');
    this.doc.setFontSize(size);
    return size;
  }

  private X(x: number): number {
    return this.left + x * this.scale;
  }

  private Y(y: number): number {
    return this.top + y * this.scale;
  }

  /** Colour, alpha, width and dash of a fill or a stroke, then the path; false when nothing would show. */
  private paint(kind: 'fill' | 'stroke'): boolean {
    if (this.path.length === 0) return false;
    const colour = parseColour(kind === 'fill' ? this.state.fillStyle : this.state.strokeStyle);
    const alpha = colour.alpha * this.state.globalAlpha;
    if (alpha <= 0) return false;
    const doc = this.doc;
    if (kind === 'fill') {
      doc.setFillColor(...colour.rgb);
      doc.setGState(new GState({ opacity: alpha }));
    } else {
      doc.setDrawColor(...colour.rgb);
      doc.setGState(new GState({ 'stroke-opacity': alpha }));
      doc.setLineWidth(this.state.lineWidth * this.scale);
      doc.setLineJoin(this.state.lineJoin);
      doc.setLineDashPattern(this.state.dash.map((d) => d * this.scale), 0);
    }
    this.writePath();
    return true;
  }

  private writePath(): void {
    const doc = this.doc;
    for (const op of this.path) {
      if (op[0] === 'm') doc.moveTo(this.X(op[1]), this.Y(op[2]));
      else if (op[0] === 'l') doc.lineTo(this.X(op[1]), this.Y(op[2]));
      else if (op[0] === 'c') doc.curveTo(this.X(op[1]), this.Y(op[2]), this.X(op[3]), this.Y(op[4]), this.X(op[5]), this.Y(op[6]));
      else doc.close();
    }
  }
}
