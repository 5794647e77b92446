import { renderPlanPng } from '../../io/export/png';
import type { ReportContent } from '../../io/report/content';
import type { Measure } from '../../io/report/fit';
import type { DeckPicture } from '../../io/report/pptx';
import type { Translator } from '../i18n/translator';
import { deckWords, MEASURE_FAMILY, REPORT_FONTS } from './deckWords';

/**
 * The documents of a plan in the browser: the writers (io/report) are loaded
 * when first asked for, with the bundled fonts (the PDF embeds them; texts are
 * measured in them, as the command line measures them).
 */

export type DocumentFormat = 'pptx' | 'pdf' | 'html' | 'xlsx';

export const DOCUMENT_MIME: Record<DocumentFormat, string> = {
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
  html: 'text/html',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;

/** The bundled fonts' bytes, fetched once, and added to the page's fonts for measuring and drawing. */
export function reportFonts(baseUrl: string): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  fonts ??= (async () => {
    const fetchFont = async (path: string) => {
      const response = await fetch(new URL(path, baseUrl));
      if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    };
    const [regular, bold] = await Promise.all([fetchFont(REPORT_FONTS.regular), fetchFont(REPORT_FONTS.bold)]);
    const faces = [new FontFace(MEASURE_FAMILY, regular.slice().buffer, { weight: 'normal' }), new FontFace(MEASURE_FAMILY, bold.slice().buffer, { weight: 'bold' })];
    for (const face of faces) document.fonts.add(await face.load());
    return { regular, bold };
  })();
  // A failed fetch is said at once and tried again next time.
  fonts.catch(() => (fonts = null));
  return fonts;
}

/** Text widths in points from the page's canvas, in the bundled font. */
export function browserMeasure(): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  return (text, pt, bold) => {
    ctx.font = `${bold ? 'bold ' : ''}${pt}px "${MEASURE_FAMILY}"`;
    return ctx.measureText(text).width;
  };
}

/** The plan's picture at `ratio` times its size, as PNG bytes. */
export async function browserPicture(content: ReportContent, width = 1600, height = 900, ratio = 2): Promise<DeckPicture> {
  const blob = await renderPlanPng({ width, height, ...content.picture }, ratio);
  return { png: new Uint8Array(await blob.arrayBuffer()), width, height };
}

export interface DeckRequest {
  readonly compare?: readonly ReportContent[];
  readonly curve?: boolean;
  readonly findings?: boolean;
}

/** The slide deck of the plan, with the slides asked for. */
export async function deckDocument(baseUrl: string, content: ReportContent, words: Translator, request: DeckRequest = {}): Promise<Uint8Array> {
  await reportFonts(baseUrl);
  const [{ writeDeck }, picture, compare] = await Promise.all([
    import('../../io/report/pptx'),
    browserPicture(content),
    Promise.all((request.compare ?? []).map(async (other) => ({ content: other, picture: await browserPicture(other) }))),
  ]);
  return writeDeck(content, { measure: browserMeasure(), words: deckWords(words), picture, compare, curve: request.curve, findings: request.findings });
}

/** The plan as a workbook: sites, districts, schedule and curve, a sheet each. */
export async function workbookDocument(content: ReportContent, words: Translator): Promise<Uint8Array> {
  const [{ writeWorkbook }, { workbookWords }] = await Promise.all([import('../../io/report/xlsx'), import('./xlsxWords')]);
  return writeWorkbook(content, workbookWords(words));
}

/** The plan as one HTML page that opens from disk with no network. */
export async function pageDocument(content: ReportContent, words: Translator): Promise<Uint8Array> {
  const [{ writePlanPage }, { pageWords }] = await Promise.all([import('../../io/report/page'), import('./pageWords')]);
  return new TextEncoder().encode(writePlanPage(content, pageWords(words)));
}

/** The PDF report (A4 landscape), the bundled fonts embedded in it. */
export async function pdfDocument(baseUrl: string, content: ReportContent, words: Translator): Promise<Uint8Array> {
  const [{ writePdfReport }, { pdfWords }, fonts] = await Promise.all([import('../../io/report/pdf'), import('./pdfWords'), reportFonts(baseUrl)]);
  return writePdfReport(content, fonts, pdfWords(words));
}
