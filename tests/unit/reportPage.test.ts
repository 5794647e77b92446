import { describe, expect, it } from 'vitest';
import { writePlanPage } from '../../src/io/report/page';
import { pageWords } from '../../src/app/report/pageWords';
import { Words } from '../../src/app/i18n/translator';
import type { Cell, ReportContent } from '../../src/io/report/content';
import { SvgContext } from '../../src/io/export/image/svg';
import { drawPlanImage } from '../../src/io/export/image/draw';
import { SERVICE, typeLook } from '../../src/style/colours';
import { demoReport, solvedDemo } from './report';

const EVIL = '<img src=x onerror=alert(1)>';

describe('the plan page (issue 22)', () => {
  it('one self-contained file under 3 MB for the demo: no script, no URL to fetch, the map as SVG, in the language', async () => {
    for (const lang of ['kk', 'en'] as const) {
      const content = await demoReport(lang);
      const html = writePlanPage(content, pageWords(new Words(lang, (await solvedDemo()).scenario.facilities)));
      const bytes = new TextEncoder().encode(html).length;
      expect(bytes).toBeLessThan(3 * 1024 * 1024);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
      // Nothing to run and nothing to load: no script, no stylesheet or image by URL.
      expect(html).not.toMatch(/<script|<link |<iframe|<object|\son\w+=|src="http|url\(http|@import/i);
      expect(html.match(/<svg[^>]*class="map"/g)?.length).toBe(1);
      // Every demand cell's colour is on the map, and every KPI card's value and label.
      for (const colour of [SERVICE.served, SERVICE.unserved]) expect(html).toContain(`fill="${colour}"`);
      expect(html).toContain(`fill="${typeLook('school').colour}"`);
      for (const kpi of content.kpis) {
        expect(html).toContain(`data-kpi="${kpi.id}"><span class="kpi-value">${kpi.value}</span>`);
        expect(html).toContain(kpi.label);
      }
      for (const row of content.districts.rows) expect(html).toContain(`<th scope="row">${row[0].text}</th>`);
      expect(html).toContain(content.credits.replaceAll('&', '&amp;'));
      // The legend is a list beside the map, not drawn on it again; nor is the title drawn over the map.
      const svg = /<svg[^>]*class="map"[\s\S]*?<\/svg>/.exec(html)![0];
      expect(svg).not.toContain(`>${content.picture.labels.served}<`);
      expect(svg).not.toContain(content.title);
      expect(html).toContain(`<span>${content.picture.labels.served}</span>`);
      // Each new site drawn names itself when pointed at: type, district, cost.
      const titles = [...html.matchAll(/<circle [^>]*fill="transparent"><title>([^<]*)<\/title><\/circle>/g)].map((m) => m[1]);
      expect(titles.length).toBe(content.picture.result!.sites.length);
      expect(titles[0]).toBe([content.sites.rows[0][0].text, content.sites.rows[0][1].text, content.sites.rows[0].find((c) => c.text.includes('₸'))!.text].join(' · '));
      if (lang === 'kk') expect(html).toContain('Жоспар картасы');
    }
  }, 120_000);

  it('a name with markup in it is shown as text, never as markup: districts, sites, title, city, legend, KPI, credits', async () => {
    const content = await demoReport('en');
    const evil = (cell: Cell): Cell => (typeof cell.value === 'number' ? cell : { value: `${cell.text} ${EVIL}`, text: `${cell.text} ${EVIL}` });
    const labels = content.picture.labels;
    const poisoned: ReportContent = {
      ...content,
      title: EVIL,
      city: EVIL,
      credits: EVIL,
      status: EVIL,
      headline: [EVIL],
      findings: [EVIL],
      link: `javascript:alert(1)//${EVIL}`,
      kpis: content.kpis.map((kpi) => ({ ...kpi, label: EVIL, more: EVIL })),
      districts: { ...content.districts, title: EVIL, header: [EVIL, ...content.districts.header.slice(1)], rows: content.districts.rows.map((row) => [evil(row[0]), ...row.slice(1)]) },
      sites: { ...content.sites, rows: content.sites.rows.map((row) => row.map(evil)) },
      schedule: { ...content.schedule, rows: content.schedule.rows.map((row) => row.map(evil)) },
      picture: { ...content.picture, scenario: { ...content.picture.scenario, name: EVIL }, labels: { ...labels, coverage: EVIL, newSite: Object.fromEntries(Object.keys(labels.newSite).map((t) => [t, EVIL])), exclusion: EVIL } },
    };
    const html = writePlanPage(poisoned, { kpis: EVIL, map: EVIL, credits: EVIL, link: EVIL, offline: EVIL });
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // In the HTML and in the SVG's aria-label: an attribute cannot be closed by a name either.
    expect(html).toMatch(/aria-label="&lt;img src=x onerror=alert\(1\)&gt;"/);
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBeGreaterThan(content.districts.rows.length + content.sites.rows.length);
  }, 120_000);

  it('the SVG context draws what a canvas would: whole circles, clipped, texts escaped', async () => {
    const content = await demoReport('ru');
    const ctx = new SvgContext(800, 600, 't');
    drawPlanImage(ctx, { ...content.picture, width: 800, height: 600, scenario: { ...content.picture.scenario, name: `${EVIL} & co` } });
    const svg = ctx.toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 800 600">/);
    expect(svg).toContain('<clipPath id="t-clip1">');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; co');
    expect(svg).not.toContain('<img');
    // A demand cell: a move to its right edge and two half arcs back to it.
    expect(svg).toMatch(/M[\d.]+ [\d.]+A([\d.]+) \1 0 1 1 [\d.]+ [\d.]+A\1 \1 0 1 1 [\d.]+ [\d.]+/);
    // The legend (drawn on the picture) sized by the estimated widths holds its longest line.
    expect(svg).toContain(content.picture.labels.existing!.health);
  }, 120_000);
});
