import { jsPDF } from 'jspdf';
import { drawPlanImage, drawScaleBar, layoutOf, type PlanImageOptions } from '../export/image/draw';
import { legendRows } from '../export/image/legend';
import { shapeBounds } from '../export/image/projection';
import type { Cell, Kpi, ReportContent, ReportCurve, Table } from './content';
import { PDF_FONT, PdfCanvas, parseColour } from './pdfCanvas';

/** The embedded fonts: DejaVu Sans regular and bold (public/fonts), so every Cyrillic and Kazakh letter is real text. */
export interface PdfFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

/**
 * The writer's own words, in the report's language (the catalogues'
 * reportPdf block): the headings of the findings and of the link. Without
 * them, the findings and the link stand without a heading.
 */
export interface PdfWords {
  readonly findings: string;
  readonly link: string;
}

const COLOURS = { text: '#212529', muted: '#495057', card: '#f1f3f5', rule: '#ced4da', header: '#e9ecef', stripe: '#f8f9fa', link: '#1c7ed6', curve: '#1971c2' } as const;

/** A4 landscape, in points. */
const PAGE = { width: 841.89, height: 595.28, margin: 36 } as const;
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

/**
 * The plan as a PDF report, A4 landscape: the title, status, headline KPIs
 * and the map (vectors and text, drawn by the picture's own drawing code)
 * on the first page; the district, schedule and site tables, the
 * budget-coverage curve, the findings and the share link after it; the data's
 * credits and the page number at the foot of every page. Runs in the browser
 * and in Node.
 */
export function writePdfReport(report: ReportContent, fonts: PdfFonts, pdfWords?: PdfWords): Uint8Array {
  const doc = new jsPDF({ orientation: 'landscape', unit: 'pt', format: 'a4', compress: true, precision: 2 });
  embedFonts(doc, fonts);
  const drawable = drawableText(doc);
  const content = drawableContent(report, drawable);
  const words = pdfWords && { findings: drawable(pdfWords.findings), link: drawable(pdfWords.link) };
  doc.setProperties({ title: content.title, subject: `${content.city} · ${content.date}`, creator: 'siting-planner' });
  doc.setLanguage(content.lang);

  const footer = footerLines(doc, content.credits);
  const page = new Pages(doc, PAGE.height - PAGE.margin / 2 - footer.height - 10);
  firstPage(doc, content, page.bottom);

  page.add();
  const tables = [content.districts, content.every, ...content.transit, content.schedule, content.sites].filter((t): t is Table => t !== null && t.rows.length > 0);
  tables.forEach((table) => drawTable(doc, page, table));
  const curve = content.curve && { ...content.curve, points: content.curve.points.filter((p) => Number.isFinite(p.budget) && Number.isFinite(p.share)) };
  if (curve && curve.points.length > 0) drawCurve(doc, page, curve);
  if (content.findings.length > 0) drawFindings(doc, page, content.findings, words?.findings);
  if (content.link) drawLink(doc, page, content.link, words?.link);

  const count = doc.getNumberOfPages();
  for (let n = 1; n <= count; n++) {
    doc.setPage(n);
    drawFooter(doc, footer, `${n} / ${count}`);
  }
  return new Uint8Array(doc.output('arraybuffer'));
}

function embedFonts(doc: jsPDF, fonts: PdfFonts): void {
  for (const [name, bytes] of [['DejaVuSans.ttf', fonts.regular], ['DejaVuSans-Bold.ttf', fonts.bold]] as const) {
    // A TrueType file begins with its version 1.0 (a failed download, an HTML page, would not).
    if (!(bytes.length > 12 && bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0)) {
      throw new Error(`The PDF report needs the font ${name} (TrueType); the bytes given are not one (${bytes.length} bytes)`);
    }
  }
  doc.addFileToVFS('DejaVuSans.ttf', binaryString(fonts.regular));
  doc.addFileToVFS('DejaVuSans-Bold.ttf', binaryString(fonts.bold));
  doc.addFont('DejaVuSans.ttf', PDF_FONT, 'normal', 'normal', 'Identity-H');
  doc.addFont('DejaVuSans-Bold.ttf', PDF_FONT, 'normal', 'bold', 'Identity-H');
  doc.setFont(PDF_FONT, 'normal');
}

/**
 * The text with '?' for each character the fonts have no glyph for (a
 * Chinese name in an imported city, an emoji): jsPDF would end the text at
 * the first one, and a name would lose its end.
 */
function drawableText(doc: jsPDF): (text: string) => string {
  const glyphs = (['normal', 'bold'] as const).map((style) => {
    doc.setFont(PDF_FONT, style);
    const metadata = (doc.getFont() as unknown as { metadata: { characterToGlyph(code: number): number } }).metadata;
    return (code: number) => metadata.characterToGlyph(code) !== 0;
  });
  doc.setFont(PDF_FONT, 'normal');
  const known = new Map<number, boolean>();
  const has = (code: number) => {
    let yes = known.get(code);
    if (yes === undefined) known.set(code, (yes = code <= 0xffff && glyphs.every((glyph) => glyph(code))));
    return yes;
  };
  return (text) => {
    for (let i = 0; i < text.length; i++) {
      if (!has(text.charCodeAt(i))) return Array.from(text, (c) => (has(c.codePointAt(0)!) ? c : '?')).join('');
    }
    return text;
  };
}

/** The content's words, each drawable (see drawableText); its numbers and the picture's data as they are. */
function drawableContent(content: ReportContent, drawable: (text: string) => string): ReportContent {
  const words = <T>(value: T): T => {
    if (typeof value === 'string') return drawable(value) as T;
    if (Array.isArray(value)) return value.map(words) as T;
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, words(v)])) as T;
    return value;
  };
  const { picture, ...rest } = content;
  return { ...words(rest), picture: { ...picture, labels: words(picture.labels) } };
}

const binaryStrings = new WeakMap<Uint8Array, string>();

/**
 * The font file as jsPDF's file system keeps it: a string of bytes (a
 * TrueType file's first bytes tell jsPDF it is not base64). Kept per font
 * bytes: the app writes several reports with the same fonts.
 */
function binaryString(bytes: Uint8Array): string {
  let binary = binaryStrings.get(bytes);
  if (binary === undefined) {
    const parts: string[] = [];
    for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
    binary = parts.join('');
    binaryStrings.set(bytes, binary);
  }
  return binary;
}

// ---------------------------------------------------------------- text

function setFont(doc: jsPDF, size: number, bold = false, colour: string = COLOURS.text): void {
  doc.setFont(PDF_FONT, bold ? 'bold' : 'normal');
  doc.setFontSize(size);
  doc.setTextColor(...parseColour(colour).rgb);
}

/** Line height in points of a font size. */
const leading = (size: number) => size * 1.25;

/**
 * The text broken into lines no wider than `width` at the current font: at
 * spaces (a no-break space keeps a number with its unit), and inside a word
 * only when the word alone is wider (a link).
 */
export function wrapText(doc: jsPDF, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const joined = line ? `${line} ${word}` : word;
      if (doc.getTextWidth(joined) <= width) {
        line = joined;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (doc.getTextWidth(rest) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && doc.getTextWidth(rest.slice(0, cut)) > width) cut--;
        // After a hyphen or a slash where one is near the cut.
        const mark = Math.max(rest.lastIndexOf('-', cut - 1), rest.lastIndexOf('/', cut - 1)) + 1;
        if (mark > cut / 2) cut = mark;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** The text at the largest size from `size` down to `min` that takes at most `maxLines` lines of `width`; wrapped at `min` otherwise. */
function fitText(doc: jsPDF, text: string, width: number, size: number, min: number, maxLines: number, bold = false): { size: number; lines: string[] } {
  for (let s = size; ; s = Math.max(min, s - 0.5)) {
    doc.setFont(PDF_FONT, bold ? 'bold' : 'normal');
    doc.setFontSize(s);
    const lines = wrapText(doc, text, width);
    if (lines.length <= maxLines || s <= min) return { size: s, lines };
  }
}

/** At most `count` lines, the last ending in an ellipsis where some were left out (page 1 keeps its room for the map). */
function atMost(doc: jsPDF, fitted: { size: number; lines: string[] }, count: number, width: number): { size: number; lines: string[] } {
  if (fitted.lines.length <= count) return fitted;
  const lines = fitted.lines.slice(0, count);
  let last = lines[count - 1];
  while (last.length > 0 && doc.getTextWidth(`${last}…`) > width) last = last.slice(0, -1);
  lines[count - 1] = `${last.trimEnd()}…`;
  return { size: fitted.size, lines };
}

/** Lines drawn from their top, one under another; returns the height taken. */
function drawLines(doc: jsPDF, lines: readonly string[], x: number, top: number, size: number, align: 'left' | 'right' | 'center' = 'left', width = 0): number {
  lines.forEach((line, k) => {
    const shift = align === 'right' ? width - doc.getTextWidth(line) : align === 'center' ? (width - doc.getTextWidth(line)) / 2 : 0;
    if (line) doc.text(line, x + shift, top + k * leading(size), { baseline: 'top' });
  });
  return lines.length * leading(size);
}

function fillBox(doc: jsPDF, x: number, y: number, width: number, height: number, colour: string, radius = 0): void {
  doc.setFillColor(...parseColour(colour).rgb);
  if (radius > 0) doc.roundedRect(x, y, width, height, radius, radius, 'F');
  else doc.rect(x, y, width, height, 'F');
}

// ---------------------------------------------------------------- pages

/** Where the next thing goes: a cursor down the current page, and a new page when it is full. */
class Pages {
  y: number = PAGE.margin;

  constructor(
    private readonly doc: jsPDF,
    readonly bottom: number,
  ) {}

  add(): void {
    this.doc.addPage('a4', 'landscape');
    this.y = PAGE.margin;
  }

  /** Room for `height` more points on this page, else a new page. */
  need(height: number): boolean {
    if (this.y + height <= this.bottom || this.y === PAGE.margin) return false;
    this.add();
    return true;
  }
}

function footerLines(doc: jsPDF, credits: string): { size: number; lines: string[]; height: number } {
  const { size, lines } = atMost(doc, fitText(doc, credits, CONTENT_WIDTH - 60, 7.5, 6, 2), 4, CONTENT_WIDTH - 60);
  return { size, lines, height: lines.length * leading(size) };
}

function drawFooter(doc: jsPDF, footer: { size: number; lines: string[]; height: number }, number: string): void {
  const top = PAGE.height - PAGE.margin / 2 - footer.height;
  doc.setDrawColor(...parseColour(COLOURS.rule).rgb);
  doc.setLineWidth(0.5);
  doc.setLineDashPattern([], 0);
  doc.line(PAGE.margin, top - 5, PAGE.width - PAGE.margin, top - 5);
  setFont(doc, footer.size, false, COLOURS.muted);
  drawLines(doc, footer.lines, PAGE.margin, top, footer.size);
  setFont(doc, 8, false, COLOURS.muted);
  drawLines(doc, [number], PAGE.margin, top, 8, 'right', CONTENT_WIDTH);
}

// ---------------------------------------------------------------- page 1

function firstPage(doc: jsPDF, content: ReportContent, bottom: number): void {
  const x = PAGE.margin;
  let y = PAGE.margin;
  const title = atMost(doc, fitText(doc, content.title, CONTENT_WIDTH, 20, 13, 2, true), 3, CONTENT_WIDTH);
  setFont(doc, title.size, true);
  y += drawLines(doc, title.lines, x, y, title.size) + 2;
  for (const [text, size] of [[`${content.city} · ${content.date}`, 11], [content.status, 10]] as const) {
    const fitted = atMost(doc, fitText(doc, text, CONTENT_WIDTH, size, 7, 2), 2, CONTENT_WIDTH);
    setFont(doc, fitted.size, false, COLOURS.muted);
    y += drawLines(doc, fitted.lines, x, y, fitted.size);
  }
  y += 8;
  if (content.kpis.length > 0) y += drawKpis(doc, content.kpis, y) + 10;
  if (bottom - y >= 80) drawMap(doc, content, y, bottom);
}

/**
 * The map picture between `top` and `bottom`, as vectors. The page says the
 * title, the date, the KPIs and the credits: the picture goes without them,
 * and its empty title band is pushed up above the page's clip. The map is
 * moved to the left of the page, where the picture would centre it, so the
 * legend at the bottom right covers less of it: the picture is drawn wider,
 * its left part beyond the clip, and the scale bar drawn here where it shows.
 */
function drawMap(doc: jsPDF, content: ReportContent, top: number, bottom: number): void {
  const { picture } = content;
  const options = (band: number, shift: number): PlanImageOptions => ({
    ...picture,
    width: CONTENT_WIDTH + shift,
    height: bottom - top + band,
    scenario: { ...picture.scenario, name: '' },
    labels: { ...picture.labels, headline: undefined, date: undefined, attribution: undefined, km: undefined },
  });
  const bandOf = (band: number) => {
    const layout = layoutOf(options(band, 0));
    return layout.box.top - layout.margin;
  };
  const band = bandOf(bandOf(0));
  const layout = layoutOf(options(band, 0));
  // Twice the room left of the centred map: the map moves by half the picture's growth.
  const bounds = shapeBounds(picture.city.districtShapes);
  const free = layout.projection.x(bounds.minLon) - layout.box.left;
  const shift = Number.isFinite(free) && free > 0 ? 2 * free : 0;
  doc.saveGraphicsState();
  doc.rect(PAGE.margin, top, CONTENT_WIDTH, bottom - top, null);
  doc.clip();
  doc.discardPath();
  drawPlanImage(new PdfCanvas(doc, PAGE.margin - shift, top - band, 1), options(band, shift));
  if (picture.labels.km) drawScaleBar(new PdfCanvas(doc, PAGE.margin, top - band, 1), layout.box, layout.projection, picture.labels.km, layout.textSize, layout.margin);
  doc.restoreGraphicsState();

  // The headline (each type's covered share, before and after) in the room right of the map, above the legend.
  const { textSize } = layout;
  const legendHeight = legendRows(picture.result, picture.coverageType, picture.labels, picture.city.exclusions.features.length > 0).length * textSize * 1.5 + 2 * textSize * 0.7 - textSize / 2;
  const left = PAGE.margin + layout.projection.x(bounds.maxLon) - shift / 2 + 16;
  const right = PAGE.margin + CONTENT_WIDTH - layout.margin;
  const room = { top: top + layout.margin, bottom: top - band + layout.box.top + layout.box.height - legendHeight - 10 };
  if (!(right - left >= 160) || content.headline.length === 0) return;
  const size = Math.min(Math.max(textSize, 8), 10);
  let y = room.top;
  for (const line of content.headline) {
    const fitted = fitText(doc, line, right - left, size, size, 1);
    const count = Math.floor((room.bottom - y) / leading(size));
    if (count < 1) break;
    const shown = atMost(doc, fitted, count, right - left);
    setFont(doc, size, false, COLOURS.text);
    y += drawLines(doc, shown.lines, left, y, size) + 3;
  }
}

/** The KPI cards in a row: the value large, its label and second line under it, wrapped inside the card. */
function drawKpis(doc: jsPDF, kpis: readonly Kpi[], top: number): number {
  const gap = 10;
  const pad = 8;
  const width = (CONTENT_WIDTH - gap * (kpis.length - 1)) / kpis.length;
  const inner = width - 2 * pad;
  const cards = kpis.map((kpi) => ({
    value: atMost(doc, fitText(doc, kpi.value, inner, 18, 10, 1, true), 2, inner),
    label: atMost(doc, fitText(doc, kpi.label, inner, 9, 6.5, 3), 5, inner),
    more: kpi.more ? atMost(doc, fitText(doc, kpi.more, inner, 8, 6, 2), 4, inner) : null,
  }));
  const heightOf = (card: (typeof cards)[number]) =>
    leading(card.value.size) * card.value.lines.length + 3 + leading(card.label.size) * card.label.lines.length + (card.more ? 2 + leading(card.more.size) * card.more.lines.length : 0);
  const height = Math.max(...cards.map(heightOf)) + 2 * pad;
  cards.forEach((card, k) => {
    const x = PAGE.margin + k * (width + gap);
    fillBox(doc, x, top, width, height, COLOURS.card, 4);
    let y = top + pad;
    setFont(doc, card.value.size, true);
    y += drawLines(doc, card.value.lines, x + pad, y, card.value.size) + 3;
    setFont(doc, card.label.size);
    y += drawLines(doc, card.label.lines, x + pad, y, card.label.size);
    if (card.more) {
      setFont(doc, card.more.size, false, COLOURS.muted);
      drawLines(doc, card.more.lines, x + pad, y + 2, card.more.size);
    }
  });
  return height;
}

// ---------------------------------------------------------------- tables

const TABLE = { size: 9, min: 7, pad: 4, titleSize: 13 } as const;

function sectionTitle(doc: jsPDF, page: Pages, title: string, keep: number): void {
  const fitted = fitText(doc, title, CONTENT_WIDTH, TABLE.titleSize, 9, 2, true);
  const height = fitted.lines.length * leading(fitted.size) + 6;
  if (page.y > PAGE.margin) page.y += 14;
  page.need(height + keep);
  setFont(doc, fitted.size, true);
  page.y += drawLines(doc, fitted.lines, PAGE.margin, page.y, fitted.size) + 6;
}

/**
 * Column widths over the page's width, as a browser lays out a table: each
 * column between its longest word (its narrowest without breaking a word)
 * and its longest text on one line; the room beyond the narrowest shared in
 * proportion to what each column would still take.
 */
function columnWidths(doc: jsPDF, table: Table, size: number): number[] {
  const extra = 2 * TABLE.pad + 1;
  const limits = table.header.map((header, c) => {
    const texts: [string, boolean][] = [[header, true], ...table.rows.map((row): [string, boolean] => [row[c]?.text ?? '', false])];
    let [min, max] = [0, 0];
    for (const [text, bold] of texts) {
      setFont(doc, size, bold);
      // A header may take two lines.
      max = Math.max(max, doc.getTextWidth(text) / (bold ? 2 : 1));
      for (const word of text.split(' ')) min = Math.max(min, doc.getTextWidth(word));
    }
    // Not wider than an equal share of the page: a longer word is broken.
    min = Math.min(min + extra, CONTENT_WIDTH / table.header.length);
    return { min, max: Math.max(max + extra, min) };
  });
  const most = limits.reduce((sum, l) => sum + l.max, 0);
  // Room to spare: some air in each column, the table no wider than it needs (a number stays near its label).
  if (most <= CONTENT_WIDTH) return limits.map((l) => l.max + Math.min((CONTENT_WIDTH - most) / limits.length, 48));
  const least = limits.reduce((sum, l) => sum + l.min, 0);
  const room = Math.max(CONTENT_WIDTH - least, 0);
  return limits.map((l) => l.min + (room * (l.max - l.min)) / (most - least || 1));
}

const isNumber = (cell: Cell | undefined) => typeof cell?.value === 'number';

/** A table under its title, its header repeated at the top of every page it runs onto; numbers right-aligned. */
function drawTable(doc: jsPDF, page: Pages, table: Table): void {
  const columns = table.header.length;
  if (columns === 0) return;
  // A size at which each column's header fits its width in two lines at most.
  let size: number = TABLE.size;
  let widths = columnWidths(doc, table, size);
  while (size > TABLE.min && table.header.some((h, c) => (setFont(doc, size, true), wrapText(doc, h, widths[c] - 2 * TABLE.pad).length > 2))) {
    size -= 0.5;
    widths = columnWidths(doc, table, size);
  }
  const right = table.header.map((_, c) => table.rows.length > 0 && table.rows.every((row) => row[c] === undefined || row[c].value === null || isNumber(row[c])) && table.rows.some((row) => isNumber(row[c])));
  const lh = leading(size);
  const wrapRow = (texts: readonly string[], bold: boolean) => {
    setFont(doc, size, bold);
    const lines = texts.map((text, c) => wrapText(doc, text, widths[c] - 2 * TABLE.pad));
    return { lines, height: Math.max(...lines.map((l) => l.length)) * lh + 2 * TABLE.pad };
  };
  const header = wrapRow(table.header, true);
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  const drawRow = (row: { lines: string[][]; height: number }, bold: boolean, fill: string | null) => {
    if (fill) fillBox(doc, PAGE.margin, page.y, tableWidth, row.height, fill);
    setFont(doc, size, bold);
    let x = PAGE.margin;
    row.lines.forEach((lines, c) => {
      drawLines(doc, lines, x + TABLE.pad, page.y + TABLE.pad, size, right[c] ? 'right' : 'left', widths[c] - 2 * TABLE.pad);
      x += widths[c];
    });
    page.y += row.height;
    doc.setDrawColor(...parseColour(COLOURS.rule).rgb);
    doc.setLineWidth(0.4);
    doc.line(PAGE.margin, page.y, PAGE.margin + tableWidth, page.y);
  };
  const rows = table.rows.map((row) => wrapRow(Array.from({ length: columns }, (_, c) => row[c]?.text ?? ''), false));
  // A short table is not broken; a longer one starts where its header and three rows fit.
  const whole = header.height + rows.reduce((sum, row) => sum + row.height, 0);
  const start = header.height + rows.slice(0, 3).reduce((sum, row) => sum + row.height, 0);
  sectionTitle(doc, page, table.title, whole <= 200 ? whole : start);
  drawRow(header, true, COLOURS.header);
  rows.forEach((row, r) => {
    if (page.need(row.height)) drawRow(header, true, COLOURS.header);
    drawRow(row, false, r % 2 === 1 ? COLOURS.stripe : null);
  });
}

// ---------------------------------------------------------------- curve

/** The budget-coverage curve as lines and dots: budget along, covered share up, ticks labelled with the points' own texts. */
function drawCurve(doc: jsPDF, page: Pages, curve: ReportCurve): void {
  const chartHeight = 300;
  sectionTitle(doc, page, curve.title, chartHeight);
  const points = [...curve.points].sort((a, b) => a.budget - b.budget);
  const size = 8;
  setFont(doc, size);
  const yTickWidth = Math.max(...points.map((p) => doc.getTextWidth(p.shareText))) + 6;
  const top = page.y + leading(size) + 4;
  const left = PAGE.margin + yTickWidth;
  const width = Math.min(CONTENT_WIDTH - yTickWidth - 10, 620);
  const height = Math.min(chartHeight, page.bottom - page.y) - 2 * leading(size) - 14 - leading(size);
  const bottom = top + height;
  const [b0, b1] = [Math.min(...points.map((p) => p.budget)), Math.max(...points.map((p) => p.budget))];
  let [s0, s1] = [Math.min(...points.map((p) => p.share)), Math.max(...points.map((p) => p.share))];
  const spread = Math.max(s1 - s0, 0.02);
  [s0, s1] = [Math.max(0, s0 - spread * 0.1), Math.min(1, s1 + spread * 0.1)];
  if (s1 <= s0) s1 = s0 + 0.01;
  const X = (b: number) => left + (b1 > b0 ? ((b - b0) / (b1 - b0)) * width : width / 2);
  const Y = (s: number) => bottom - ((s - s0) / (s1 - s0)) * height;

  // The share's label above its axis, the budget's under the axis.
  setFont(doc, size, true, COLOURS.muted);
  doc.text(curve.shareLabel, left, page.y, { baseline: 'top' });
  doc.setDrawColor(...parseColour(COLOURS.muted).rgb);
  doc.setLineWidth(0.8);
  doc.setLineDashPattern([], 0);
  doc.line(left, top, left, bottom);
  doc.line(left, bottom, left + width, bottom);

  // Tick labels where they do not overlap the previous one.
  setFont(doc, size, false, COLOURS.muted);
  let lastRight = -Infinity;
  for (const p of points) {
    const w = doc.getTextWidth(p.budgetText);
    const x = Math.min(Math.max(X(p.budget) - w / 2, left - yTickWidth), left + width - w);
    if (x < lastRight + 6) continue;
    doc.line(X(p.budget), bottom, X(p.budget), bottom + 3);
    doc.text(p.budgetText, x, bottom + 5, { baseline: 'top' });
    lastRight = x + w;
  }
  let lastTop = Infinity;
  for (const p of [...points].sort((a, b) => a.share - b.share)) {
    const y = Y(p.share);
    if (y + leading(size) / 2 > lastTop - 2) continue;
    doc.setDrawColor(...parseColour(COLOURS.rule).rgb);
    doc.setLineWidth(0.3);
    doc.line(left, y, left + width, y);
    doc.text(p.shareText, left - 4 - doc.getTextWidth(p.shareText), y, { baseline: 'middle' });
    lastTop = y - leading(size) / 2;
  }
  setFont(doc, size, true, COLOURS.muted);
  const budgetWidth = doc.getTextWidth(curve.budgetLabel);
  doc.text(curve.budgetLabel, left + (width - budgetWidth) / 2, bottom + 5 + leading(size) + 4, { baseline: 'top' });

  const colour = parseColour(COLOURS.curve).rgb;
  doc.setDrawColor(...colour);
  doc.setLineWidth(1.5);
  for (let k = 1; k < points.length; k++) doc.line(X(points[k - 1].budget), Y(points[k - 1].share), X(points[k].budget), Y(points[k].share));
  doc.setFillColor(...colour);
  doc.setLineWidth(1);
  for (const p of points) {
    // A proven point is filled; one the solver stopped short of proving is a ring.
    if (p.proven) doc.circle(X(p.budget), Y(p.share), 2.8, 'F');
    else {
      doc.setFillColor(255, 255, 255);
      doc.circle(X(p.budget), Y(p.share), 2.8, 'FD');
      doc.setFillColor(...colour);
    }
  }
  page.y = bottom + 5 + 2 * leading(size) + 8;
}

// ---------------------------------------------------------------- findings and link

function drawFindings(doc: jsPDF, page: Pages, findings: readonly string[], heading: string | undefined): void {
  const size = 10;
  const first = wrapped(doc, findings[0], size, CONTENT_WIDTH - 14);
  if (heading) sectionTitle(doc, page, heading, first.length * leading(size));
  else if (page.y > PAGE.margin) page.y += 14;
  for (const finding of findings) {
    const lines = wrapped(doc, finding, size, CONTENT_WIDTH - 14);
    page.need(lines.length * leading(size) + 4);
    setFont(doc, size);
    doc.text('•', PAGE.margin + 2, page.y, { baseline: 'top' });
    page.y += drawLines(doc, lines, PAGE.margin + 14, page.y, size) + 4;
  }
}

function wrapped(doc: jsPDF, text: string, size: number, width: number): string[] {
  setFont(doc, size);
  return wrapText(doc, text, width);
}

/** The share link as text (a long link broken anywhere), each line a link to it. */
function drawLink(doc: jsPDF, page: Pages, link: string, heading: string | undefined): void {
  const size = 9;
  const lines = wrapped(doc, link, size, CONTENT_WIDTH);
  if (heading) sectionTitle(doc, page, heading, lines.length * leading(size));
  else if (page.y > PAGE.margin) page.y += 14;
  page.need(lines.length * leading(size));
  setFont(doc, size, false, COLOURS.link);
  lines.forEach((line, k) => {
    const y = page.y + k * leading(size);
    doc.text(line, PAGE.margin, y, { baseline: 'top' });
    doc.link(PAGE.margin, y, doc.getTextWidth(line), leading(size), { url: link });
  });
  page.y += lines.length * leading(size);
}
