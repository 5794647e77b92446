import PptxGenJS from 'pptxgenjs';
import qrcode from 'qrcode-generator';
import type { ReportContent, Table } from './content';
import { fitLines, fitTable, type Measure } from './fit';

/** A picture of the plan as PNG, drawn at twice its size in points for a sharp slide. */
export interface DeckPicture {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The words of the deck's own furniture, in the planner's language (catalogue block `reportDeck`). */
export interface DeckWords {
  readonly kpis: string;
  readonly continued: string;
  readonly compare: string;
  readonly findings: string;
  readonly link: string;
  readonly linkNoQr: string;
  readonly noLink: string;
}

export interface DeckOptions {
  readonly measure: Measure;
  readonly words: DeckWords;
  /** The map: content.picture drawn (io/export/image/draw.ts) and encoded, 16:9. */
  readonly picture: DeckPicture;
  /** Other scenarios beside this one on a compare slide (1 to 3 more). */
  readonly compare?: readonly { readonly content: ReportContent; readonly picture: DeckPicture }[];
  /** The budget-coverage curve slide, where the content has a curve. */
  readonly curve?: boolean;
  /** The why/robustness findings slide, where the content has findings. */
  readonly findings?: boolean;
}

/** The font every text of the deck is set in: on every PowerPoint, and metric-compatible with Liberation Sans elsewhere. */
export const DECK_FONT = 'Arial';
/** 16:9 at PowerPoint's widescreen size, inches. */
const W = 13.333;
const H = 7.5;
const MARGIN = 0.5;
const INK = '212529';
const MUTED = '495057';
const LINE = 'CED4DA';
const HEAD_FILL = 'E9ECEF';
const TITLE_PT = 28;
/** Table cells' inner margins, inches: left/right and top/bottom. */
const CELL_X = 0.08;
const CELL_Y = 0.04;
const LANGS = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' } as const;

/**
 * The slide deck of a plan: a title slide, the map, the headline KPIs as
 * editable text, the district tables as native tables, the schedule grouped,
 * on request a compare slide, the curve as a native chart and the findings,
 * and a last slide with the share link and its QR code. Every text is fitted
 * by measuring it (`measure`): it wraps, shrinks to a floor, and is cut with
 * an ellipsis rather than overflow its box; long tables continue on further slides.
 */
export async function writeDeck(content: ReportContent, options: DeckOptions): Promise<Uint8Array> {
  const { measure, words } = options;
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_WIDE';
  pres.title = content.title;
  pres.subject = content.city;
  pres.company = content.credits;
  const lang = LANGS[content.lang];
  const text = (slide: PptxGenJS.Slide, lines: readonly string[], box: { x: number; y: number; w: number; h: number }, style: TextStyle) => {
    const fitted = fitLines(lines, box.w * 72, box.h * 72, style.pt, style.min ?? Math.min(style.pt, 9), style.bold === true, measure);
    // Paragraphs, each wrapped by the box (a link copied from the slide has no line breaks in it).
    const runs = fitted.lines.map((line, k): PptxGenJS.TextProps => ({ text: line, options: { breakLine: k < fitted.lines.length - 1, ...(style.link && !fitted.cut && { hyperlink: { url: line } }) } }));
    slide.addText(runs, { ...box, fontFace: DECK_FONT, fontSize: fitted.pt, bold: style.bold === true, color: style.color ?? INK, align: style.align ?? 'left', valign: 'top', margin: 0, lang, fit: 'none', wrap: true, lineSpacingMultiple: 1 });
  };
  const heading = (slide: PptxGenJS.Slide, title: string) => text(slide, [title], { x: MARGIN, y: 0.35, w: W - 2 * MARGIN, h: 0.6 }, { pt: TITLE_PT, min: 16, bold: true });
  const footer = (slide: PptxGenJS.Slide) => text(slide, [content.credits], { x: MARGIN, y: H - 0.4, w: W - 2 * MARGIN, h: 0.3 }, { pt: 9, min: 6, color: MUTED });

  // 1. The title slide.
  const title = pres.addSlide();
  text(title, [content.title], { x: MARGIN, y: 2.0, w: W - 2 * MARGIN, h: 1.4 }, { pt: 40, min: 20, bold: true });
  text(title, [`${content.city} · ${content.date}`], { x: MARGIN, y: 3.6, w: W - 2 * MARGIN, h: 0.5 }, { pt: 20, min: 12, color: MUTED });
  text(title, [content.status], { x: MARGIN, y: 4.2, w: W - 2 * MARGIN, h: 0.5 }, { pt: 16, min: 10, color: MUTED });
  text(title, [content.credits], { x: MARGIN, y: H - 1.0, w: W - 2 * MARGIN, h: 0.7 }, { pt: 11, min: 7, color: MUTED });

  // 2. The map, whole: its heading, legend, scale bar and credits are in the picture.
  const map = pres.addSlide();
  map.addImage({ data: pngData(options.picture.png), ...contain(options.picture, { x: 0, y: 0, w: W, h: H }), altText: content.headline.join('\n') });

  // 3. The headline KPIs as editable text: a card each, then a line per type.
  const kpis = pres.addSlide();
  heading(kpis, words.kpis);
  const gap = 0.25;
  const cardW = (W - 2 * MARGIN - gap * (content.kpis.length - 1)) / content.kpis.length;
  content.kpis.forEach((kpi, k) => {
    const x = MARGIN + k * (cardW + gap);
    kpis.addShape(pres.ShapeType.rect, { x, y: 1.2, w: cardW, h: 2.2, fill: { color: 'F8F9FA' }, line: { color: LINE, width: 0.75 } });
    text(kpis, [kpi.value], { x: x + 0.15, y: 1.35, w: cardW - 0.3, h: 0.75 }, { pt: 32, min: 14, bold: true });
    text(kpis, [kpi.label, ...(kpi.more ? [kpi.more] : [])], { x: x + 0.15, y: 2.15, w: cardW - 0.3, h: 1.15 }, { pt: 14, min: 8, color: MUTED });
  });
  text(kpis, [content.status, ...content.headline], { x: MARGIN, y: 3.7, w: W - 2 * MARGIN, h: 3.2 }, { pt: 16, min: 9 });
  footer(kpis);

  // 4. The tables, continued on further slides where they are long.
  for (const table of [content.districts, ...(content.every ? [content.every] : []), ...content.transit, content.schedule]) tableSlides(pres, table, { text, heading, footer, measure, lang, words });

  // 5. On request: scenarios compared, the curve, the findings.
  if (options.compare && options.compare.length > 0) compareSlide(pres, [{ content, picture: options.picture }, ...options.compare.slice(0, 3)], { text, heading, words });
  if (options.curve && content.curve) {
    const curve = content.curve;
    const slide = pres.addSlide();
    heading(slide, curve.title);
    slide.addChart(
      pres.ChartType.line,
      [{ name: curve.shareLabel, labels: curve.points.map((p) => p.budgetText), values: curve.points.map((p) => Math.round(p.share * 1000) / 10) }],
      { x: MARGIN, y: 1.1, w: W - 2 * MARGIN, h: H - 1.8, lang, showLegend: false, valAxisMinVal: 0, valAxisMaxVal: 100, valAxisLabelFormatCode: '0"%"', showValAxisTitle: true, valAxisTitle: curve.shareLabel, showCatAxisTitle: true, catAxisTitle: curve.budgetLabel, catAxisLabelFontFace: DECK_FONT, valAxisLabelFontFace: DECK_FONT, catAxisLabelFontSize: 10, valAxisLabelFontSize: 10, lineDataSymbol: 'circle', chartColors: ['1971C2'] },
    );
    footer(slide);
  }
  if (options.findings && content.findings.length > 0) {
    const slide = pres.addSlide();
    heading(slide, words.findings);
    text(slide, content.findings.map((finding) => `• ${finding}`), { x: MARGIN, y: 1.2, w: W - 2 * MARGIN, h: H - 2 }, { pt: 18, min: 9 });
    footer(slide);
  }

  // 6. The link and its QR code.
  const last = pres.addSlide();
  heading(last, words.link);
  const qr = content.link ? qrGif(content.link) : null;
  if (qr) last.addImage({ data: qr, x: W - MARGIN - 4, y: 1.3, w: 4, h: 4, altText: content.link ?? '' });
  const linkW = qr ? W - 2 * MARGIN - 4.4 : W - 2 * MARGIN;
  text(last, [content.link ?? words.noLink], { x: MARGIN, y: 1.3, w: linkW, h: 4 }, { pt: 14, min: 6, color: '1971C2', link: content.link !== null });
  if (content.link && !qr) text(last, [words.linkNoQr], { x: MARGIN, y: 5.5, w: linkW, h: 0.6 }, { pt: 12, min: 8, color: MUTED });
  footer(last);

  return new Uint8Array((await pres.write({ outputType: 'uint8array' })) as Uint8Array);
}

interface TextStyle {
  readonly pt: number;
  readonly min?: number;
  readonly bold?: boolean;
  readonly color?: string;
  readonly align?: 'left' | 'center' | 'right';
  /** The text is a link: it takes you there. */
  readonly link?: boolean;
}

interface Furniture {
  readonly text: (slide: PptxGenJS.Slide, lines: readonly string[], box: { x: number; y: number; w: number; h: number }, style: TextStyle) => void;
  readonly heading: (slide: PptxGenJS.Slide, title: string) => void;
  readonly footer: (slide: PptxGenJS.Slide) => void;
  readonly measure: Measure;
  readonly lang: string;
  readonly words: DeckWords;
}

/** A table as native tables: columns sized to their widest text, the font shrunk to fit the width, rows split over slides. */
function tableSlides(pres: PptxGenJS, table: Table, furniture: Furniture): void {
  const width = W - 2 * MARGIN;
  const rows = table.rows.map((row) => row.map((cell) => cell.text));
  const fitted = fitTable(table.header, rows, width * 72, { pt: 14, min: 7, padding: 2 * CELL_X * 72 }, furniture.measure);
  const rowH = (fitted.pt * 1.2) / 72 + 2 * CELL_Y + 0.04;
  const perSlide = Math.max(1, Math.floor((H - 1.2 - 0.6) / rowH) - 1);
  const parts = Math.max(1, Math.ceil(rows.length / perSlide));
  for (let part = 0; part < parts; part++) {
    const slide = pres.addSlide();
    furniture.heading(slide, part === 0 ? table.title : `${table.title} (${furniture.words.continued})`);
    const cell = (value: string, head: boolean, numeric: boolean): PptxGenJS.TableCell => ({
      text: value,
      options: { bold: head, fill: head ? { color: HEAD_FILL } : undefined, align: numeric && !head ? 'right' : 'left', margin: [CELL_Y, CELL_X, CELL_Y, CELL_X] },
    });
    const numeric = table.header.map((_, c) => table.rows.length > 0 && table.rows.every((row) => typeof row[c]?.value === 'number'));
    const body = rows.slice(part * perSlide, (part + 1) * perSlide);
    slide.addTable(
      [table.header.map((head, c) => cell(fitted.header[c], true, numeric[c] ?? false)), ...body.map((row) => row.map((value, c) => cell(fitted.cell(value, c), false, numeric[c] ?? false)))],
      { x: MARGIN, y: 1.1, w: fitted.widths.reduce((a, b) => a + b, 0) / 72, colW: fitted.widths.map((w) => w / 72), rowH, fontFace: DECK_FONT, fontSize: fitted.pt, color: INK, border: { type: 'solid', pt: 0.5, color: LINE }, valign: 'middle', lang: furniture.lang } as PptxGenJS.TableProps,
    );
    furniture.footer(slide);
  }
}

/** Two to four scenarios side by side: each one's map, name and headline KPIs. */
function compareSlide(pres: PptxGenJS, plans: readonly { content: ReportContent; picture: DeckPicture }[], furniture: Pick<Furniture, 'text' | 'heading' | 'words'>): void {
  const slide = pres.addSlide();
  furniture.heading(slide, furniture.words.compare);
  const gap = 0.2;
  const colW = (W - 2 * MARGIN - gap * (plans.length - 1)) / plans.length;
  plans.forEach(({ content, picture }, k) => {
    const x = MARGIN + k * (colW + gap);
    furniture.text(slide, [content.title], { x, y: 1.05, w: colW, h: 0.5 }, { pt: 16, min: 8, bold: true });
    slide.addImage({ data: pngData(picture.png), ...contain(picture, { x, y: 1.6, w: colW, h: colW * 0.5625 }), altText: content.title });
    furniture.text(slide, [content.status, ...content.kpis.map((kpi) => `${kpi.value} · ${kpi.label}`)], { x, y: 1.7 + colW * 0.5625, w: colW, h: H - 2.3 - colW * 0.5625 }, { pt: 13, min: 7 });
  });
}

/** The largest box of the picture's proportions inside `box`, centred. */
function contain(picture: { width: number; height: number }, box: { x: number; y: number; w: number; h: number }) {
  const scale = Math.min(box.w / picture.width, box.h / picture.height);
  const w = picture.width * scale;
  const h = picture.height * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

function pngData(png: Uint8Array): string {
  return `image/png;base64,${base64(png)}`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(binary);
}

/**
 * The link as a QR code (a GIF data URL), at the error correction its length
 * allows; null past what a QR code holds (about 2,900 bytes).
 */
export function qrGif(link: string): string | null {
  for (const level of ['M', 'L'] as const) {
    try {
      const qr = qrcode(0, level);
      qr.addData(link, 'Byte');
      qr.make();
      return qr.createDataURL(4, 4).replace(/^data:/, '');
    } catch {
      // Too long for this level: try the next.
    }
  }
  return null;
}
