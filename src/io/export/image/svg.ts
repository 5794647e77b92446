import { DrawingStateKeeper, INITIAL_DRAWING, type DrawingState, type PlanCanvasContext } from './context';

interface State extends DrawingState {
  clip: string | null;
}

const BASELINE: Record<CanvasTextBaseline, string> = { top: 'hanging', hanging: 'hanging', middle: 'central', alphabetic: 'auto', ideographic: 'ideographic', bottom: 'text-after-edge' };
const ANCHOR: Record<CanvasTextAlign, string> = { left: 'start', start: 'start', center: 'middle', right: 'end', end: 'end' };

/** Text as SVG and HTML take it: markup characters escaped, so a name from a file is never markup. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n = (value: number) => String(Math.round(value * 10) / 10);

/**
 * A PlanCanvasContext that writes SVG: drawPlanImage on it gives the same
 * picture as on a canvas, as vectors and text in a string that needs no script
 * to show (the plan page). Text widths are estimated from the font size (no
 * font is at hand in Node), generously, so that boxes sized by them hold their
 * text.
 */
export class SvgContext extends DrawingStateKeeper<State> implements PlanCanvasContext {
  private readonly parts: string[] = [];
  private readonly defs: string[] = [];
  private path = '';
  private current: [number, number] | null = null;
  private start: [number, number] | null = null;
  private clips = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    /** Prefix of the clip paths' ids: unique per picture in a page. */
    private readonly id = 'p',
  ) {
    super({ ...INITIAL_DRAWING, dash: [], clip: null });
  }

  beginPath(): void {
    this.path = '';
    this.current = this.start = null;
  }
  closePath(): void {
    if (!this.path) return;
    this.path += 'Z';
    this.current = this.start;
  }
  moveTo(x: number, y: number): void {
    this.path += `M${n(x)} ${n(y)}`;
    this.current = this.start = [x, y];
  }
  lineTo(x: number, y: number): void {
    if (!this.current) return this.moveTo(x, y);
    this.path += `L${n(x)} ${n(y)}`;
    this.current = [x, y];
  }
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void {
    const from: [number, number] = [x + radius * Math.cos(startAngle), y + radius * Math.sin(startAngle)];
    if (!this.current) this.moveTo(...from);
    else if (Math.abs(this.current[0] - from[0]) > 0.05 || Math.abs(this.current[1] - from[1]) > 0.05) this.lineTo(...from);
    const r = n(radius);
    const sweep = endAngle - startAngle;
    if (sweep >= 2 * Math.PI - 1e-9) {
      // A whole circle: two half arcs (one arc from a point to itself draws nothing).
      const [ox, oy] = [x - radius * Math.cos(startAngle), y - radius * Math.sin(startAngle)];
      this.path += `A${r} ${r} 0 1 1 ${n(ox)} ${n(oy)}A${r} ${r} 0 1 1 ${n(from[0])} ${n(from[1])}`;
      this.current = from;
      return;
    }
    const to: [number, number] = [x + radius * Math.cos(endAngle), y + radius * Math.sin(endAngle)];
    const angle = ((sweep % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    this.path += `A${r} ${r} 0 ${angle > Math.PI ? 1 : 0} 1 ${n(to[0])} ${n(to[1])}`;
    this.current = to;
  }
  rect(x: number, y: number, width: number, height: number): void {
    this.path += `M${n(x)} ${n(y)}h${n(width)}v${n(height)}h${n(-width)}Z`;
    this.current = this.start = [x, y];
  }
  fill(fillRule?: CanvasFillRule): void {
    if (!this.path) return;
    this.parts.push(`<path d="${this.path}"${this.paint('fill')}${fillRule === 'evenodd' ? ' fill-rule="evenodd"' : ''}${this.clipped()}/>`);
  }
  stroke(): void {
    if (!this.path) return;
    this.parts.push(`<path d="${this.path}" fill="none"${this.paint('stroke')}${this.clipped()}/>`);
  }
  clip(): void {
    const id = `${this.id}-clip${++this.clips}`;
    // A clip inside a clip: the new region is clipped by the one before.
    this.defs.push(`<clipPath id="${id}"${this.clipped()}><path d="${this.path}"/></clipPath>`);
    this.state.clip = id;
  }
  fillRect(x: number, y: number, width: number, height: number): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}"${this.paint('fill')}${this.clipped()}/>`);
  }
  strokeRect(x: number, y: number, width: number, height: number): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" fill="none"${this.paint('stroke')}${this.clipped()}/>`);
  }
  fillText(text: string, x: number, y: number, maxWidth?: number): void {
    if (!text) return;
    const fit = maxWidth !== undefined && this.measureText(text).width > maxWidth ? ` textLength="${n(Math.max(maxWidth, 1))}" lengthAdjust="spacingAndGlyphs"` : '';
    const style = escapeXml(`font:${this.state.font}`);
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" style="${style}" text-anchor="${ANCHOR[this.state.textAlign]}" dominant-baseline="${BASELINE[this.state.textBaseline]}"${fit}${this.paint('fill')}${this.clipped()}>${escapeXml(text)}</text>`,
    );
  }
  measureText(text: string): { readonly width: number } {
    const { size, bold } = parseFont(this.state.font);
    let em = 0;
    for (const c of text) em += charWidth(c);
    return { width: em * size * (bold ? 1.08 : 1) };
  }

  /** A round spot that names what is under it when pointed at (the SVG's own tooltip, plain text). */
  hotspot(x: number, y: number, radius: number, title: string): void {
    this.parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(radius)}" fill="transparent"${this.clipped()}><title>${escapeXml(title)}</title></circle>`);
  }

  /** The SVG document: the drawing in a viewBox of the given size (or of `view`, a part of it). */
  override toString(view?: { left: number; top: number; width: number; height: number }, attributes = ''): string {
    const box = view ?? { left: 0, top: 0, width: this.width, height: this.height };
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(box.left)} ${n(box.top)} ${n(box.width)} ${n(box.height)}"${attributes}>${this.defs.length ? `<defs>${this.defs.join('')}</defs>` : ''}${this.parts.join('')}</svg>`;
  }

  private paint(kind: 'fill' | 'stroke'): string {
    const { globalAlpha: alpha } = this.state;
    const opacity = alpha < 1 ? ` ${kind}-opacity="${Math.round(alpha * 1000) / 1000}"` : '';
    if (kind === 'fill') return ` fill="${escapeXml(this.state.fillStyle)}"${opacity}`;
    const dash = this.state.dash.length ? ` stroke-dasharray="${this.state.dash.map(n).join(' ')}"` : '';
    const join = this.state.lineJoin !== 'miter' ? ` stroke-linejoin="${this.state.lineJoin}"` : '';
    return ` stroke="${escapeXml(this.state.strokeStyle)}" stroke-width="${n(this.state.lineWidth)}"${dash}${join}${opacity}`;
  }

  private clipped(): string {
    return this.state.clip ? ` clip-path="url(#${this.state.clip})"` : '';
  }
}

function parseFont(font: string): { size: number; bold: boolean } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 10);
  return { size, bold: /\bbold\b|\b[6-9]00\b/.test(font) };
}

/** A character's width in ems in a common sans-serif, rounded up: narrow marks, digits, wide capitals, the rest. */
function charWidth(c: string): number {
  if (c === ' ' || c === '\u00a0') return 0.3;
  if (/[.,:;'|!il1()[\]ƒjtfrІі]/.test(c)) return 0.36;
  if (/[0-9]/.test(c)) return 0.58;
  if (/[MWmwШЩЖЮЫшщжюыМм@%₸]/.test(c)) return 0.9;
  if (/[A-ZА-ЯЁӘҒҚҢӨҰҮҺ]/.test(c)) return 0.7;
  return 0.58;
}
