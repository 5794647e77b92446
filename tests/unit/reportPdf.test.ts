import { readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import type { ReportContent } from '../../src/io/report/content';
import { writePdfReport, type PdfWords } from '../../src/io/report/pdf';
import { Words } from '../../src/app/i18n/translator';
import { pdfWords } from '../../src/app/report/pdfWords';
import { demoReport } from './report';

const fonts = {
  regular: new Uint8Array(readFileSync('public/fonts/DejaVuSans.ttf')),
  bold: new Uint8Array(readFileSync('public/fonts/DejaVuSans-Bold.ttf')),
};

/** The demo with a curve and findings too (the demo has neither), so every part of the report is written. */
function fuller(content: ReportContent): ReportContent {
  const points = [0.2, 0.35, 0.5, 0.6, 0.68, 0.72].map((share, k) => ({
    budget: (k + 1) * 10e9,
    share,
    budgetText: `${(k + 1) * 10} bn ₸`,
    shareText: `${Math.round(share * 100)}\u00a0%`,
    proven: k !== 3,
  }));
  return {
    ...content,
    curve: { title: 'Бюджет және қамту', budgetLabel: 'Бюджет', shareLabel: 'Қамтылған', points },
    findings: ['Әр учаске өз ауданындағы ең көп тұрғынды қамтиды; Қ Ү Ә І Ң Ғ Ө Ұ Һ.', 'A second finding long enough to wrap on the page: '.repeat(6)],
  };
}

/**
 * Spaces as they are read back: DejaVu Sans draws the no-break spaces (U+00A0
 * in "65,2 %", U+202F) with its space glyph, which the PDF maps back to a
 * plain space, and a label wrapped in its card reads back with a line break:
 * both sides of a comparison have every run of white space as one space.
 * Letters, digits, signs and punctuation are compared exactly.
 */
const spaces = (text: string) => text.replace(/\s+/g, ' ');

/** Text as it is read back: pdf.js's text of every page (unpdf), no-break spaces as spaces. */
async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; count: number }> {
  const pdf = await getDocumentProxy(bytes.slice());
  const { text, totalPages } = await extractText(pdf, { mergePages: false });
  return { pages: text.map(spaces), count: totalPages };
}

/** Every page's content stream, inflated. */
function streams(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const data = Buffer.from(raw.slice(start, end), 'latin1');
    try {
      out.push(inflateSync(data).toString('latin1'));
    } catch {
      out.push(data.toString('latin1'));
    }
  }
  return out;
}

/** Long words everywhere a planner's data or language can put them: names, labels, a link without a space. */
function stressed(content: ReportContent): ReportContent {
  const long = (text: string) => `${text} ${'Қаратау-Шығыс-Батыс-Солтүстік-Оңтүстік '.repeat(3)}${text}`;
  const grow = (table: ReportContent['sites']) => ({ ...table, header: table.header.map(long), rows: table.rows.map((row) => row.map((cell, c) => (c === 0 ? { ...cell, text: long(cell.text) } : cell))) });
  return {
    ...content,
    title: long(content.title).repeat(2),
    kpis: content.kpis.map((kpi) => ({ ...kpi, label: long(kpi.label), more: long(kpi.more ?? '') })),
    districts: grow(content.districts),
    sites: grow({ ...content.sites, rows: [...content.sites.rows, ...content.sites.rows, ...content.sites.rows] }),
    schedule: grow(content.schedule),
    link: `${content.link}${'x'.repeat(400)}`,
  };
}

/** Every piece of text that runs outside the page's margins (36 pt), with where it is. */
async function outside(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(bytes.slice());
  const out: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const [, , width, height] = page.view;
    const { items } = await page.getTextContent();
    for (const item of items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const [x, y] = [item.transform[4], item.transform[5]];
      if (x < 35 || x + item.width > width - 35 || y < 5 || y > height - 30) out.push(`page ${p}: "${item.str}" at ${x.toFixed(0)}..${(x + item.width).toFixed(0)}, ${y.toFixed(0)}`);
    }
  }
  return out;
}

const langs = ['kk', 'ru', 'en'] as const;

/** The writer's words as the app and the command line give them. */
const wordsOf = (lang: (typeof langs)[number]): PdfWords => pdfWords(new Words(lang));
const written: Record<string, { content: ReportContent; bytes: Uint8Array; ms: number }> = {};

beforeAll(async () => {
  for (const lang of langs) {
    const content = await demoReport(lang);
    const t0 = performance.now();
    const bytes = writePdfReport(content, fonts, wordsOf(lang));
    written[lang] = { content, bytes, ms: performance.now() - t0 };
    if (process.env.PDF_OUT) writeFileSync(`${process.env.PDF_OUT}/report-${lang}.pdf`, bytes);
  }
  const full = writePdfReport(fuller(written.kk.content), fonts, wordsOf('kk'));
  written.full = { content: fuller(written.kk.content), bytes: full, ms: 0 };
  if (process.env.PDF_OUT) writeFileSync(`${process.env.PDF_OUT}/report-full.pdf`, full);
}, 120_000);

describe('the PDF report', () => {
  it.each(langs)('%s: a PDF of several pages with the title, the date, every district, the KPIs and the legend as text', async (lang) => {
    const { content, bytes } = written[lang];
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const { pages, count } = await pdfText(bytes);
    expect(count).toBeGreaterThan(1);
    const all = pages.join('\n');
    const first = pages[0];
    for (const text of [content.title, content.city, content.date, content.status]) expect(first).toContain(spaces(text));
    // The KPI values as the app shows them: digits, separators, units and signs exactly, the no-break spaces read back as spaces (see `spaces`).
    for (const kpi of content.kpis) {
      expect(first).toContain(spaces(kpi.value));
      expect(first).toContain(spaces(kpi.label));
    }
    // The headline (each type's share before and after) beside the map.
    for (const line of content.headline) expect(first).toContain(spaces(line));
    // The legend is drawn as text on the map: its words are in the first page's text.
    const labels = content.picture.labels;
    for (const word of [labels.served, labels.partly, labels.unserved, labels.exclusion, labels.km!]) expect(first).toContain(spaces(word));
    for (const row of content.districts.rows) expect(all).toContain(spaces(row[0].text));
    for (const row of content.every?.rows ?? []) expect(all).toContain(spaces(row[0].text));
    for (const row of content.sites.rows) expect(all).toContain(spaces(row[0].text));
    expect(all).toContain(content.link!);
    expect(all).toContain(spaces(wordsOf(lang).link));
    expect(all).toContain(content.districts.title);
    expect(all).toContain(content.sites.title);
    expect(all).toContain(content.schedule.title);
    // Every page's foot: its number out of the count.
    pages.forEach((text, k) => expect(text).toContain(`${k + 1} / ${count}`));
  });

  it('writes the Kazakh letters as themselves', async () => {
    const { content, bytes } = written.kk;
    const { pages } = await pdfText(bytes);
    const all = pages.join('\n');
    expect(content.date).toBe('2026 жылғы 6 желтоқсан');
    expect(all).toContain('2026 жылғы 6 желтоқсан');
    const kazakh = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;
    const words = [...content.kpis.map((k) => k.label), ...content.districts.rows.map((r) => r[0].text), content.picture.labels.exclusion].filter((w) => kazakh.test(w));
    expect(words.length).toBeGreaterThan(3);
    for (const word of words) expect(all).toContain(spaces(word));
    expect(all).toContain('Әуезов ауданы');
    // No glyph missing: pdf.js reads no replacement character and no empty box.
    expect(all).not.toMatch(/[\ufffd\u25a1]/);
  });

  it('draws the map as vectors: paths, no image', () => {
    const { bytes } = written.kk;
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).not.toMatch(/\/Subtype\s*\/Image/);
    // The first page's content: the stream with the most curves.
    const curves = (s: string) => s.match(/ c\n/g)?.length ?? 0;
    const first = streams(bytes).sort((a, b) => curves(b) - curves(a))[0];
    // The demand cells and sites: hundreds of Bézier curves (circles), filled.
    expect(curves(first)).toBeGreaterThan(500);
    expect(first).toMatch(/\nf\*?\n/);
  });

  it('writes the curve, the findings and the link (a link annotation) when the content has them', async () => {
    const { content, bytes } = written.full;
    const { pages, count } = await pdfText(bytes);
    const all = pages.join('\n');
    const curve = content.curve!;
    for (const word of [curve.title, curve.budgetLabel, curve.shareLabel, curve.points[0].budgetText, curve.points.at(-1)!.shareText]) expect(all).toContain(spaces(word));
    expect(all).toContain('Қ Ү Ә І Ң Ғ Ө Ұ Һ');
    expect(all).toContain(spaces(content.findings[0]));
    expect(all).toContain(wordsOf('kk').findings);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain('/URI (https://example.org/siting/#v1.demo-link)');
    pages.forEach((text, k) => expect(text).toContain(`${k + 1} / ${count}`));
  });

  it('keeps all text inside the margins, long words wrapped or made smaller', async () => {
    for (const lang of langs) expect(await outside(written[lang].bytes)).toEqual([]);
    const content = stressed(written.kk.content);
    const bytes = writePdfReport(content, fonts);
    if (process.env.PDF_OUT) writeFileSync(`${process.env.PDF_OUT}/report-long.pdf`, bytes);
    expect(await outside(bytes)).toEqual([]);
    // Nothing is cut: the wrapped names read back whole.
    const all = (await pdfText(bytes)).pages.join('\n');
    for (const row of content.sites.rows) expect(all.replace(/\s+/g, '')).toContain(row[0].text.replace(/\s+/g, ''));
  });

  it('writes a character the font does not have as "?", and the rest of the text', async () => {
    const content = written.en.content;
    const name = 'Alatau 北京 District 😀 end';
    const rows = content.districts.rows.map((row, r) => (r === 0 ? [{ value: name, text: name }, ...row.slice(1)] : row));
    const bytes = writePdfReport({ ...content, districts: { ...content.districts, rows } }, fonts);
    const all = (await pdfText(bytes)).pages.join('\n');
    expect(all).toContain('Alatau ?? District ? end');
  });

  it('says which font is wrong when the bytes given are not a TrueType font', () => {
    const page = new TextEncoder().encode('<!doctype html><title>Not found</title>');
    expect(() => writePdfReport(written.en.content, { ...fonts, bold: page })).toThrow(/DejaVuSans-Bold\.ttf.*not one \(39 bytes\)/);
  });

  it('says how large and how fast', () => {
    for (const lang of langs) console.log(`PDF ${lang}: ${(written[lang].bytes.length / 1024).toFixed(0)} kB in ${written[lang].ms.toFixed(0)} ms`);
  });
});
