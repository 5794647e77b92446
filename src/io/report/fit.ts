/**
 * The width of a text in points at a font size (points), regular or bold: a
 * canvas's measureText in the font the document is set in.
 */
export type Measure = (text: string, pt: number, bold: boolean) => number;

/** Line height as a multiple of the font size: PowerPoint's single spacing in Arial is about 1.15. */
export const LINE_HEIGHT = 1.2;
/** Renderers differ by a few per cent in a text's width: a line is fitted into this share of its box. */
const SLACK = 0.95;
const ELLIPSIS = '…';

/** Lines wrapped at spaces into `width` points; a word wider than the line (a link) is broken between letters. */
export function wrap(line: string, width: number, pt: number, bold: boolean, measure: Measure): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/ +/)) {
    const tried = current === '' ? word : `${current} ${word}`;
    if (measure(tried, pt, bold) <= width) {
      current = tried;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    // A word that is itself too wide: as many letters per line as fit.
    let rest = word;
    while (measure(rest, pt, bold) > width && rest.length > 1) {
      const take = longestFitting(rest, width, pt, bold, measure);
      out.push(rest.slice(0, take));
      rest = rest.slice(take);
    }
    current = rest;
  }
  out.push(current);
  return out;
}

/** How many of the text's first letters fit `width` (at least one), found by halving: a link has thousands. */
function longestFitting(text: string, width: number, pt: number, bold: boolean, measure: Measure, suffix = ''): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, middle) + suffix, pt, bold) <= width) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** `text` cut to fit `width` points, with an ellipsis where it was cut. */
export function cut(text: string, width: number, pt: number, bold: boolean, measure: Measure): string {
  if (measure(text, pt, bold) <= width) return text;
  const keep = longestFitting(text, width, pt, bold, measure, ELLIPSIS);
  return measure(text.slice(0, keep) + ELLIPSIS, pt, bold) <= width ? text.slice(0, keep).trimEnd() + ELLIPSIS : '';
}

/**
 * The largest font size from `maxPt` down to `minPt` at which the paragraphs,
 * wrapped, fit a box of `width` × `height` points: they are given back whole,
 * for the box to wrap as it is edited. At `minPt`, where they still do not fit,
 * the wrapped lines that do are given back (`cut`), the last ending in an
 * ellipsis. Never more text than the box holds.
 */
export function fitLines(lines: readonly string[], width: number, height: number, maxPt: number, minPt: number, bold: boolean, measure: Measure): { pt: number; lines: string[]; cut: boolean } {
  for (let pt = maxPt; pt >= minPt; pt -= pt > 12 ? 1 : 0.5) {
    if (wrappedLines(lines, width, pt, bold, measure).length * pt * LINE_HEIGHT <= height) return { pt, lines: [...lines], cut: false };
  }
  const wrapped = wrappedLines(lines, width, minPt, bold, measure);
  const room = Math.max(1, Math.floor(height / (minPt * LINE_HEIGHT)));
  if (wrapped.length <= room) return { pt: minPt, lines: [...lines], cut: false };
  const kept = wrapped.slice(0, room);
  kept[room - 1] = cut(`${kept[room - 1]}${ELLIPSIS}`, width * SLACK, minPt, bold, measure);
  return { pt: minPt, lines: kept, cut: true };
}

/** The lines a box `width` points wide shows of these paragraphs at `pt`, wrapped as fitLines wraps them. */
export function wrappedLines(paragraphs: readonly string[], width: number, pt: number, bold: boolean, measure: Measure): string[] {
  return paragraphs.flatMap((line) => wrap(line, width * SLACK, pt, bold, measure));
}

/**
 * Column widths (points) for a table of single-line cells inside `width`: each
 * column as wide as its widest text (the header in bold) plus `padding`, at the
 * largest font size that fits; the room left is shared out. At the smallest
 * size, columns wider than their share are narrowed and their texts cut.
 */
export function fitTable(header: readonly string[], rows: readonly (readonly string[])[], width: number, style: { pt: number; min: number; padding: number }, measure: Measure) {
  const natural = (pt: number) => header.map((head, c) => Math.max(measure(head, pt, true), ...rows.map((row) => measure(row[c] ?? '', pt, false))) / SLACK + style.padding);
  let pt = style.pt;
  let widths = natural(pt);
  while (widths.reduce((a, b) => a + b, 0) > width && pt > style.min) {
    pt = Math.max(style.min, pt - (pt > 12 ? 1 : 0.5));
    widths = natural(pt);
  }
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= width) widths = widths.map((w) => w * (width / total));
  else {
    // Still too wide at the smallest size: every column gets at most an equal share of what the others leave.
    const share = width / widths.length;
    const narrow = widths.filter((w) => w <= share).reduce((a, b) => a + b, 0);
    const wide = widths.filter((w) => w > share).length;
    const cap = (width - narrow) / wide;
    widths = widths.map((w) => Math.min(w, cap));
  }
  const room = (c: number) => (widths[c] - style.padding) * SLACK;
  return {
    pt,
    widths,
    header: header.map((head, c) => cut(head, room(c), pt, true, measure)),
    cell: (text: string, c: number) => cut(text, room(c), pt, false, measure),
  };
}
