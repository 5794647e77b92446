import type { Cell, Kpi, ReportContent, Table } from './content';

/** The words of the workbook that ReportContent does not carry, in its language: sheet names and the summary's row labels (app/report/words.ts). */
export interface WorkbookWords {
  readonly sheets: { readonly summary: string; readonly districts: string; readonly every: string; readonly sites: string; readonly schedule: string; readonly curve: string };
  readonly city: string;
  readonly date: string;
  readonly status: string;
  readonly indicator: string;
  readonly value: string;
  readonly credits: string;
  readonly link: string;
  readonly proven: string;
  readonly yes: string;
}

/** A row of the sheet as written: the value (a number where the cell is one) and its Excel number format. */
interface Written {
  readonly value: string | number | null | { text: string; hyperlink: string };
  readonly format?: string;
}

const HEADER_FILL = 'FFE9ECEF';

/**
 * The plan as an .xlsx workbook in the content's language: a summary sheet
 * (title, city, date, status, the KPIs, credits, link), then one sheet per
 * table (districts, every service, sites, schedule, the budget curve). Cells
 * hold numbers where the report has one (shares 0..1 shown as percents, tenge
 * with thousands), text elsewhere; the header row is bold and frozen.
 *
 * exceljs is imported lazily: the app loads its ~0.9 MB only when a workbook is
 * asked for; the command line runs the same code in Node.
 */
export async function writeWorkbook(content: ReportContent, words: WorkbookWords): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'siting-planner';
  book.title = content.title;
  const used = new Set<string>();
  const sheet = (name: string, header: readonly string[], rows: readonly (readonly Written[])[], widths?: number[]) => {
    const ws = book.addWorksheet(sheetName(name, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...header]);
    for (const row of rows) {
      const added = ws.addRow(row.map((cell) => cell.value));
      row.forEach((cell, k) => {
        if (cell.format) added.getCell(k + 1).numFmt = cell.format;
      });
    }
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      cell.alignment = { vertical: 'middle', wrapText: false };
    });
    const columns = Math.max(header.length, ...rows.map((row) => row.length));
    for (let k = 0; k < columns; k++) {
      const texts = [header[k] ?? '', ...rows.map((row) => shownText(row[k]))];
      ws.getColumn(k + 1).width = widths?.[k] ?? fitWidth(texts);
    }
    return ws;
  };

  // The summary: what the title page of a deck says, one fact a row.
  const summary: Written[][] = [
    [{ value: words.city }, { value: content.city }],
    [{ value: words.date }, { value: content.date }],
    [{ value: words.status }, { value: content.status }],
    [],
    [{ value: words.indicator }, { value: words.value }],
    ...content.kpis.map((kpi) => [{ value: kpi.more ? `${kpi.label} (${kpi.more})` : kpi.label }, kpiCell(kpi)]),
    [],
    ...content.headline.map((line) => [{ value: line }]),
    ...(content.findings.length > 0 ? [[], ...content.findings.map((line) => [{ value: line }])] : []),
    [],
    [{ value: words.credits }, { value: content.credits }],
    ...(content.link ? [[{ value: words.link }, { value: { text: content.link, hyperlink: content.link } }]] : []),
  ];
  const first = sheet(words.sheets.summary, [content.title], summary, [Math.min(60, Math.max(16, ...summary.map((row) => shownText(row[0]).length + 2))), 60]);
  first.getRow(1).font = { bold: true, size: 14 };
  first.getRow(6).font = { bold: true };
  first.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  first.getColumn(1).alignment = { wrapText: true, vertical: 'top' };

  const table = (name: string, t: Table) => sheet(name, t.header, t.rows.map((row) => row.map(cellOf)));
  table(words.sheets.sites, content.sites);
  table(words.sheets.districts, content.districts);
  if (content.every) table(words.sheets.every, content.every);
  table(words.sheets.schedule, content.schedule);
  if (content.curve) {
    const { curve } = content;
    sheet(
      words.sheets.curve,
      [curve.budgetLabel, curve.shareLabel, words.proven],
      curve.points.map((point) => [cellOf({ value: point.budget, text: point.budgetText }), cellOf({ value: point.share, text: point.shareText }), { value: point.proven ? words.yes : '' }]),
    );
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function kpiCell(kpi: Kpi): Written {
  return cellOf({ value: kpi.number, text: kpi.value });
}

/**
 * A report cell as written: its number with a format read from how the report
 * shows it ("63%" a percent with as many decimals, "5.2 bn ₸" tenge with
 * thousands, "1,200" a count, "76.82134" decimals, "2027" a year), its text where
 * it is not a number.
 */
export function cellOf(cell: Cell): Written {
  const { value, text } = cell;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { value: value === null ? text || null : text };
  if (text.includes('%')) return { value, format: `0${zeros(decimalsBefore(text, '%'))}%` };
  if (text.includes('₸')) return { value, format: '#,##0 "₸"' };
  if (Number.isInteger(value)) return { value, format: /^-?\d+$/.test(text) && Math.abs(value) < 10_000 ? '0' : '#,##0' };
  return { value, format: `0${zeros(decimalsBefore(text, ''))}` };
}

/** Decimals of the first number in the text (before `mark` when given): "63,4 %" has 1. */
function decimalsBefore(text: string, mark: string): number {
  const head = mark ? text.slice(0, text.indexOf(mark)) : text;
  const match = /\d[.,](\d+)\D*$/.exec(head.trim()) ?? /\d[.,](\d+)/.exec(head);
  return match ? Math.min(match[1].length, 6) : 0;
}

const zeros = (n: number) => (n > 0 ? `.${'0'.repeat(n)}` : '');

function shownText(cell: Written | undefined): string {
  if (!cell || cell.value === null) return '';
  if (typeof cell.value === 'object') return cell.value.text;
  return String(cell.value);
}

/** A column as wide as its longest text (in characters), within reason. */
function fitWidth(texts: readonly string[]): number {
  return Math.min(60, Math.max(8, ...texts.map((t) => t.length + 2)));
}

/** A sheet name Excel takes: at most 31 characters, none of []:*?/\, not blank, unique in the workbook. */
export function sheetName(name: string, used: Set<string>): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '') || 'Sheet';
  let candidate = clean.slice(0, 31).trim();
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${clean.slice(0, 31 - String(n).length - 1).trim()} ${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
