import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { drawPlanImage } from '../io/export/image/draw';
import type { PlanCanvasContext } from '../io/export/image/context';
import type { ReportContent } from '../io/report/content';
import type { Measure } from '../io/report/fit';
import { writeDeck, type DeckPicture } from '../io/report/pptx';
import { writeWorkbook } from '../io/report/xlsx';
import { writePdfReport } from '../io/report/pdf';
import { pdfWords } from '../app/report/pdfWords';
import { writePlanPage } from '../io/report/page';
import { workbookWords } from '../app/report/xlsxWords';
import { pageWords } from '../app/report/pageWords';
import { deckWords, MEASURE_FAMILY, REPORT_FONTS } from '../app/report/deckWords';
import type { Translator } from '../app/i18n/translator';

/** The document formats `--report` writes, by the file's extension. */
export const REPORT_FORMATS = ['.pptx', '.pdf', '.html', '.xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function reportFormat(path: string): ReportFormat | null {
  const extension = extname(path).toLowerCase();
  return (REPORT_FORMATS as readonly string[]).includes(extension) ? (extension as ReportFormat) : null;
}

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));
let fontsReady = false;

/** The bundled fonts for the pictures and the measures (the machine may have none with Kazakh letters). */
function registerFonts(): void {
  if (fontsReady) return;
  GlobalFonts.registerFromPath(join(PUBLIC, REPORT_FONTS.regular), MEASURE_FAMILY);
  GlobalFonts.registerFromPath(join(PUBLIC, REPORT_FONTS.bold), MEASURE_FAMILY);
  fontsReady = true;
}

/** Text widths in points, measured in DejaVu Sans on a Skia canvas (as the app measures them in the browser). */
export function nodeMeasure(): Measure {
  registerFonts();
  const ctx = createCanvas(8, 8).getContext('2d');
  return (text, pt, bold) => {
    ctx.font = `${bold ? 'bold ' : ''}${pt}px "${MEASURE_FAMILY}"`;
    return ctx.measureText(text).width;
  };
}

/** The plan's picture drawn on a Skia canvas at `ratio` times its size, as PNG. */
export async function nodePicture(content: ReportContent, width = 1600, height = 900, ratio = 2): Promise<DeckPicture> {
  registerFonts();
  const canvas = createCanvas(width * ratio, height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  drawPlanImage(ctx as unknown as PlanCanvasContext, { width, height, ...content.picture });
  return { png: new Uint8Array(await canvas.encode('png')), width, height };
}

/** The fonts' bytes for a PDF (they are embedded in it). */
export function reportFonts(): { regular: Uint8Array; bold: Uint8Array } {
  return { regular: new Uint8Array(readFileSync(join(PUBLIC, REPORT_FONTS.regular))), bold: new Uint8Array(readFileSync(join(PUBLIC, REPORT_FONTS.bold))) };
}

/** Writes the report of a solved plan to `path`, in the format its extension names. */
export async function writeReport(path: string, content: ReportContent, words: Translator): Promise<void> {
  const format = reportFormat(path);
  switch (format) {
    case '.pptx':
      writeFileSync(path, await writeDeck(content, { measure: nodeMeasure(), words: deckWords(words), picture: await nodePicture(content), curve: true, findings: true }));
      return;
    case '.pdf':
      writeFileSync(path, writePdfReport(content, reportFonts(), pdfWords(words)));
      return;
    case '.xlsx':
      writeFileSync(path, await writeWorkbook(content, workbookWords(words)));
      return;
    case '.html':
      writeFileSync(path, writePlanPage(content, pageWords(words)));
      return;
    default:
      throw new Error(`--report: "${path}" is not a .pptx, .pdf, .html or .xlsx file`);
  }
}
