import type { Cell, ReportContent, Table } from './content';

/** The words of the workbook that ReportContent does not carry, in its language: sheet names and the summary's row labels (app/report/xlsxWords.ts). */
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

/** How a number is shown: a share as a percent, tenge with thousands, a count, a year or code as it is, a decimal. */
type NumberKind = 'percent' | 'tenge' | 'count' | 'plain' | 'decimal';

/** A cell as written: the value (a number where the cell is one) and how the number is shown. */
interface Written {
  readonly value: string | number | null | { text: string; hyperlink: string };
  readonly kind?: NumberKind;
  readonly decimals?: number;
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
    const columns = Math.max(header.length, ...rows.map((row) => row.length));
    // One format a column: a share shown "41%" beside "40.7%" has the column's one decimal too.
    const decimals = Array.from({ length: columns }, (_, k) => Math.max(0, ...rows.map((row) => row[k]?.decimals ?? 0)));
    const shown = rows.map((row) => row.map((cell, k) => ({ ...cell, decimals: decimals[k] })));
    for (const row of shown) {
      const added = ws.addRow(row.map((cell) => cell.value));
      row.forEach((cell, k) => {
        if (cell.kind) added.getCell(k + 1).numFmt = numberFormat(cell.kind, cell.decimals);
      });
    }
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    });
    for (let k = 0; k < columns; k++) {
      const texts = [header[k] ?? '', ...shown.map((row) => shownText(row[k]))];
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
    ...content.kpis.map((kpi) => [{ value: kpi.label }, cellOf({ value: kpi.number, text: kpi.value }), ...(kpi.more ? [{ value: kpi.more }] : [])]),
    [],
    ...content.headline.map((line) => [{ value: line }]),
    ...(content.findings.length > 0 ? [[], ...content.findings.map((line) => [{ value: line }])] : []),
    [],
    [{ value: words.credits }, { value: content.credits }],
    // A link opens from the cell only when it is a web address (never javascript: or a file).
    ...(content.link ? [[{ value: words.link }, { value: /^https?:\/\//i.test(content.link) ? { text: content.link, hyperlink: content.link } : content.link }]] : []),
  ];
  const first = sheet(words.sheets.summary, [content.title], summary, [48, 60, 48]);
  first.getRow(1).font = { bold: true, size: 14 };
  first.getRow(6).font = { bold: true };
  for (const k of [1, 2, 3]) first.getColumn(k).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  // Each KPI's number with its own decimals, as its card shows it.
  content.kpis.forEach((kpi, k) => {
    const cell = cellOf({ value: kpi.number, text: kpi.value });
    if (cell.kind) first.getRow(7 + k).getCell(2).numFmt = numberFormat(cell.kind, cell.decimals ?? 0);
  });

  const table = (name: string, t: Table) => sheet(name, t.header, t.rows.map((row) => row.map(cellOf)));
  table(words.sheets.sites, content.sites);
  table(words.sheets.districts, content.districts);
  if (content.every) table(words.sheets.every, content.every);
  // A sheet a type reached on foot or by transit, named by its table.
  for (const t of content.transit) table(t.title, t);
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

/**
 * A report cell as written: its number and how the report shows it ("63%" a
 * percent with as many decimals, "5.2 bn ₸" tenge, "1,200" a count, "2027" a
 * year as it is, "76.82134" decimals), its text where it is not a number.
 */
export function cellOf(cell: Cell): Written {
  const { value, text } = cell;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { value: value === null ? text || null : text };
  if (text.includes('%')) return { value, kind: 'percent', decimals: decimalsBefore(text, '%') };
  if (text.includes('₸')) return { value, kind: 'tenge', decimals: 0 };
  if (Number.isInteger(value)) return { value, kind: /^-?\d+$/.test(text) && Math.abs(value) < 10_000 ? 'plain' : 'count', decimals: 0 };
  return { value, kind: 'decimal', decimals: decimalsBefore(text, '') };
}

function numberFormat(kind: NumberKind, decimals = 0): string {
  const fraction = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
  switch (kind) {
    case 'percent':
      return `0${fraction}%`;
    case 'tenge':
      return `#,##0${fraction} "₸"`;
    case 'count':
      return `#,##0${fraction}`;
    case 'plain':
      return '0';
    case 'decimal':
      return `0${fraction}`;
  }
}

/** Decimals of the first number in the text (before `mark` when given): "63,4 %" has 1. */
function decimalsBefore(text: string, mark: string): number {
  const head = mark ? text.slice(0, text.indexOf(mark)) : text;
  const match = /\d[.,](\d+)\D*$/.exec(head.trim()) ?? /\d[.,](\d+)/.exec(head);
  return match ? Math.min(match[1].length, 6) : 0;
}

/** The cell as Excel shows it, for the column's width: a number in its format, not the report's words. */
function shownText(cell: Written | undefined): string {
  if (!cell || cell.value === null) return '';
  if (typeof cell.value === 'object') return cell.value.text;
  if (typeof cell.value !== 'number' || !cell.kind) return String(cell.value);
  const d = cell.decimals ?? 0;
  const grouped = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  switch (cell.kind) {
    case 'percent':
      return `${(cell.value * 100).toFixed(d)}%`;
    case 'tenge':
      return `${grouped(cell.value)} ₸`;
    case 'count':
      return grouped(cell.value);
    default:
      return cell.value.toFixed(d);
  }
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
