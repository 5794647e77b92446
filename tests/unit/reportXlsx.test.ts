import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { writeWorkbook } from '../../src/io/report/xlsx';
import { workbookWords } from '../../src/app/report/xlsxWords';
import { Words, type Language } from '../../src/app/i18n/translator';
import type { ReportContent } from '../../src/io/report/content';
import { demoReport, solvedDemo } from './report';

/** A cell of a sheet as stored: its reference, its number or shared string, its style index. */
interface StoredCell {
  readonly ref: string;
  readonly number: number | null;
  readonly text: string | null;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The workbook's sheets by name, each a list of rows of cells, read from the zip's XML as Excel reads it. */
function readXlsx(bytes: Uint8Array): { names: string[]; sheets: Map<string, StoredCell[][]>; frozen: Map<string, boolean> } {
  const files = unzipSync(bytes);
  const xml = (path: string) => strFromU8(files[path]);
  const shared = [...xml('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const workbook = xml('xl/workbook.xml');
  const rels = xml('xl/_rels/workbook.xml.rels');
  const names: string[] = [];
  const sheets = new Map<string, StoredCell[][]>();
  const frozen = new Map<string, boolean>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
    const name = unescapeXml(m[1]);
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*Id="${m[2]}"`).exec(rels)!;
    const path = `xl/${(target[1] ?? target[2]).replace(/^\/?xl\//, '')}`;
    const sheetXml = xml(path);
    names.push(name);
    frozen.set(name, /<pane [^>]*ySplit="1"[^>]*state="frozen"/.test(sheetXml));
    const rows = [...sheetXml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
      [...row[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c): StoredCell => {
        const type = /t="(\w+)"/.exec(c[2])?.[1];
        const v = /<v>([\s\S]*?)<\/v>/.exec(c[3] ?? '')?.[1];
        if (type === 's') return { ref: c[1], number: null, text: shared[Number(v)] };
        if (type === 'str' || type === 'inlineStr') return { ref: c[1], number: null, text: unescapeXml(v ?? /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3] ?? '')?.[1] ?? '') };
        return { ref: c[1], number: v === undefined ? null : Number(v), text: null };
      }),
    );
    sheets.set(name, rows);
  }
  return { names, sheets, frozen };
}

/** The demo's report with a budget curve, so that its sheet is written too. */
async function withCurve(lang: Language): Promise<ReportContent> {
  const content = await demoReport(lang);
  const words = new Words(lang, (await solvedDemo()).scenario.facilities);
  const points = [0.2e9, 0.4e9].map((budget, k) => ({ budget, share: 0.3 + 0.1 * k, proven: k === 0 }));
  return {
    ...content,
    curve: { title: words.t('report.curve'), budgetLabel: words.t('report.curveBudget'), shareLabel: words.t('report.curveShare'), points: points.map((p) => ({ ...p, budgetText: words.tenge(p.budget), shareText: words.percent(p.share) })) },
  };
}

describe('the plan as a workbook (issue 22)', () => {
  it('kk and en: a sheet per table named in the language, header rows as the report says, numbers where the report has them', async () => {
    for (const lang of ['kk', 'en'] as const) {
      const content = await withCurve(lang);
      const words = workbookWords(new Words(lang, (await solvedDemo()).scenario.facilities));
      const bytes = await writeWorkbook(content, words);
      const { names, sheets, frozen } = readXlsx(bytes);
      expect(names).toEqual([words.sheets.summary, words.sheets.sites, words.sheets.districts, words.sheets.every, words.sheets.schedule, words.sheets.curve]);
      for (const name of names) {
        expect(name.length).toBeLessThanOrEqual(31);
        expect(name).not.toMatch(/[[\]:*?/\\]/);
        expect(frozen.get(name), name).toBe(true);
      }
      const tables = [
        [words.sheets.sites, content.sites],
        [words.sheets.districts, content.districts],
        [words.sheets.every, content.every!],
        [words.sheets.schedule, content.schedule],
      ] as const;
      for (const [name, table] of tables) {
        const rows = sheets.get(name)!;
        expect(rows[0].map((c) => c.text), name).toEqual(table.header);
        expect(rows.length - 1, name).toBe(table.rows.length);
        // Every cell as the report has it: a number where Cell.value is one, its text elsewhere.
        table.rows.forEach((row, r) =>
          row.forEach((cell, k) => {
            const stored = rows[r + 1][k];
            if (typeof cell.value === 'number') expect(stored.number, `${name} ${stored.ref}`).toBeCloseTo(cell.value, 10);
            else expect(stored.text, `${name} ${stored.ref}`).toBe(cell.text);
          }),
        );
      }
      // A share is a number 0..1, not "63% (before 58%)".
      const share = sheets.get(words.sheets.districts)![1][1];
      expect(share.number).toBe(content.districts.rows[0][1].value);
      expect(share.number).toBeGreaterThan(0);
      expect(share.number).toBeLessThanOrEqual(1);
      // The summary: title, city, date, status, each KPI's number, credits, link.
      const summary = sheets.get(words.sheets.summary)!;
      const flat = summary.flat();
      expect(summary[0][0].text).toBe(content.title);
      for (const value of [content.city, content.date, content.status, content.credits, content.link!]) expect(flat.some((c) => c.text === value), value).toBe(true);
      for (const kpi of content.kpis) expect(flat.some((c) => c.number === kpi.number), kpi.id).toBe(true);
      // The curve: budgets in tenge, shares 0..1.
      const curve = sheets.get(words.sheets.curve)!;
      expect(curve.length - 1).toBe(content.curve!.points.length);
      expect(curve[1][0].number).toBe(0.2e9);
      expect(curve[2][1].number).toBeCloseTo(0.4, 10);
      if (lang === 'kk') {
        // Kazakh letters survive the round trip, in names and in the table.
        expect(names.join(' ')).toMatch(/Қорытынды/);
        expect(sheets.get(words.sheets.sites)!.flat().some((c) => c.text === 'Әуезов ауданы' || c.text === 'Наурызбай ауданы')).toBe(true);
        expect(content.districts.rows.some((row) => /[ӘҒҚҢӨҰҮҺІәғқңөұүһі]/.test(row[0].text))).toBe(true);
        expect(sheets.get(words.sheets.districts)!.flat().filter((c) => c.text && /[ӘҒҚҢӨҰҮҺІәғқңөұүһі]/.test(c.text)).length).toBeGreaterThan(0);
      }
    }
  }, 120_000);

  it('names from files stay text: no formula from "=...", no hyperlink but a web address', async () => {
    const content = await demoReport('en');
    const words = workbookWords(new Words('en', (await solvedDemo()).scenario.facilities));
    const formula = '=HYPERLINK("http://evil.example","x")';
    const poisoned: ReportContent = { ...content, link: 'javascript:alert(1)', sites: { ...content.sites, rows: content.sites.rows.map((row) => [{ value: formula, text: formula }, ...row.slice(1)]) } };
    const bytes = await writeWorkbook(poisoned, words);
    const files = unzipSync(bytes);
    const all = Object.entries(files).map(([path, data]) => [path, strFromU8(data)] as const);
    expect(all.filter(([, text]) => /<f>|<f /.test(text)).map(([path]) => path)).toEqual([]);
    expect(all.filter(([, text]) => /javascript:/i.test(text) && /Target=/.test(text)).map(([path]) => path)).toEqual([]);
    const { sheets } = readXlsx(bytes);
    expect(sheets.get(words.sheets.sites)![1][0].text).toBe(formula);
    expect(sheets.get(words.sheets.summary)!.flat().some((c) => c.text === 'javascript:alert(1)')).toBe(true);
  }, 120_000);

  it('exceljs reads it back: number formats, bold frozen header, widths that fit', async () => {
    const content = await withCurve('ru');
    const words = workbookWords(new Words('ru', (await solvedDemo()).scenario.facilities));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeWorkbook(content, words)).buffer as ArrayBuffer);
    const districts = book.getWorksheet(words.sheets.districts)!;
    expect(districts.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(districts.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(districts.getCell('B2').numFmt).toBe('0%');
    expect(districts.getColumn(1).width).toBeGreaterThanOrEqual(Math.max(...content.districts.rows.map((r) => r[0].text.length)));
    const sites = book.getWorksheet(words.sheets.sites)!;
    const costColumn = content.sites.header.indexOf(new Words('ru', {} as never).t('report.cost')) + 1;
    expect(sites.getRow(2).getCell(costColumn).numFmt).toBe('#,##0 "₸"');
    expect(sites.getRow(2).getCell(costColumn).value).toBe(content.sites.rows[0][costColumn - 1].value);
    // Wide enough for the number Excel shows ("5,200,000,000 ₸"), not only for the report's "5.2 bn ₸": else Excel shows ####.
    const widest = Math.max(...content.sites.rows.map((row) => `${Number(row[costColumn - 1].value).toLocaleString('en-US')} ₸`.length));
    expect(sites.getColumn(costColumn).width).toBeGreaterThanOrEqual(widest);
    const every = book.getWorksheet(words.sheets.every)!;
    expect(every.getCell('B2').numFmt).toBe('#,##0');
    // One format a column: every row's share with the column's one decimal, even where the report wrote "41%".
    for (let r = 2; r <= content.every!.rows.length + 1; r++) for (const c of ['C', 'D']) expect(every.getCell(`${c}${r}`).numFmt).toBe('0.0%');
    // The summary: a KPI's number as its card shows it.
    const summary = book.getWorksheet(words.sheets.summary)!;
    const cost = content.kpis.findIndex((k) => k.id === 'total-cost');
    expect(summary.getRow(7 + cost).getCell(2).value).toBe(content.kpis[cost].number);
    expect(summary.getRow(7 + cost).getCell(2).numFmt).toBe('#,##0 "₸"');
  }, 120_000);
});
