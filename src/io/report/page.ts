import type { Cell, ReportContent, Table } from './content';
import { drawPlanImage, layoutOf, type PlanImageOptions } from '../export/image/draw';
import { drawSwatch, legendRows } from '../export/image/legend';
import { shapeBounds } from '../export/image/projection';
import { escapeXml, SvgContext } from '../export/image/svg';
import { siteRadius } from '../export/image/context';
import { sitesShown } from '../../style/colours';

/** The plan page's own headings, in its language (app/report/pageWords.ts). */
export interface PageWords {
  readonly kpis: string;
  readonly map: string;
  readonly credits: string;
  readonly link: string;
  readonly offline: string;
}

/** The map's width in the SVG's own units; its height follows the city's shape. */
const MAP_WIDTH = 1000;

/**
 * The plan as one self-contained HTML file that opens from disk with no
 * network and no script: the title, the KPI cards, the map (drawn by
 * drawPlanImage as inline SVG: demand cells coloured by coverage, districts,
 * existing facilities, new sites, a scale bar), its legend, the tables and
 * the credits, in the content's language. Every name is escaped text; the
 * page's Content-Security-Policy allows inline styles only.
 */
export function writePlanPage(content: ReportContent, words: PageWords): string {
  const { lang } = content;
  const esc = escapeXml;
  const table = (t: Table | null, id: string, open = true) => {
    if (!t || t.rows.length === 0) return '';
    // A column of numbers is right-aligned, its head too.
    const numbers = t.header.map((_, k) => t.rows.every((row) => row[k] && numeric(row[k])));
    const body = `<div class="scroll"><table data-table="${id}"><thead><tr>${t.header.map((h, k) => `<th scope="col"${numbers[k] ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
      .map((row) => `<tr>${row.map((cell, k) => (k === 0 && typeof cell.value !== 'number' ? `<th scope="row">${esc(cell.text)}</th>` : `<td${numeric(cell) ? ' class="num"' : ''}>${esc(cell.text)}</td>`)).join('')}</tr>`)
      .join('')}</tbody></table></div>`;
    return open ? `<section><h2>${esc(t.title)}</h2>${body}</section>` : `<section><details><summary><h2>${esc(t.title)}</h2></summary>${body}</details></section>`;
  };
  const curve = content.curve
    ? table(
        {
          title: content.curve.title,
          header: [content.curve.budgetLabel, content.curve.shareLabel],
          rows: content.curve.points.map((p) => [
            { value: p.budget, text: p.budgetText },
            { value: p.share, text: p.shareText },
          ]),
        },
        'curve',
      )
    : '';
  const link = content.link && /^https?:\/\//i.test(content.link) ? `<p><a href="${esc(content.link)}" rel="noopener noreferrer">${esc(words.link)}</a></p>` : '';
  const kpis = content.kpis
    .map(
      (kpi) =>
        `<div class="kpi" data-kpi="${esc(kpi.id)}"><span class="kpi-value">${esc(kpi.value)}</span><span class="kpi-label">${esc(kpi.label)}</span>${kpi.more ? `<span class="kpi-more">${esc(kpi.more)}</span>` : ''}</div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="siting-planner">
<title>${esc(content.title)} · ${esc(content.city)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(content.title)}</h1>
<p class="meta"><span data-field="city">${esc(content.city)}</span> · <span data-field="date">${esc(content.date)}</span></p>
<p class="status" data-field="status">${esc(content.status)}</p>
</header>
<main>
<section aria-labelledby="kpis-heading"><h2 id="kpis-heading" class="hidden">${esc(words.kpis)}</h2><div class="kpis">${kpis}</div>
<ul class="headline">${content.headline.map((line) => `<li>${esc(line)}</li>`).join('')}</ul></section>
<section aria-labelledby="map-heading"><h2 id="map-heading">${esc(words.map)}</h2>${planMap(content.picture, content.sites.rows)}</section>
${table(content.districts, 'districts')}
${table(content.every, 'every')}
${content.transit.map((t, k) => table(t, `transit-${k}`)).join('\n')}
${table(content.schedule, 'schedule')}
${table(content.sites, 'sites', false)}
${curve}
${content.findings.length ? `<section><ul class="findings">${content.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul></section>` : ''}
</main>
<footer>
<h2>${esc(words.credits)}</h2>
<p data-field="credits">${esc(content.credits)}</p>
${link}
<p class="offline">${esc(words.offline)}</p>
</footer>
</body>
</html>
`;
}

function numeric(cell: Cell): boolean {
  return typeof cell.value === 'number';
}

/** The map as inline SVG (no heading, no legend: the page has them) and its legend as a list beside it. */
function planMap(picture: ReportContent['picture'], rows: Table['rows']): string {
  const { city, labels } = picture;
  const bounds = shapeBounds(city.districtShapes);
  const k = Math.cos((((bounds.minLat + bounds.maxLat) / 2) * Math.PI) / 180);
  const aspect = Number.isFinite(bounds.minLon) ? (bounds.maxLat - bounds.minLat) / Math.max((bounds.maxLon - bounds.minLon) * k, 1e-9) : 0.75;
  const height = Math.round(Math.min(Math.max(MAP_WIDTH * aspect, 300), 1600) + 60);
  const options: PlanImageOptions = {
    ...picture,
    width: MAP_WIDTH,
    height,
    scenario: { ...picture.scenario, name: '' },
    labels: { ...labels, headline: [], date: undefined, attribution: undefined },
    legend: false,
  };
  const ctx = new SvgContext(MAP_WIDTH, height, 'map');
  drawPlanImage(ctx, options);
  // The picture's own frame less the empty band of its (blank) heading.
  const { box, margin, zoom, projection } = layoutOf(options);
  // Each new site drawn says what it is when pointed at: its row of the sites table (the same order as the plan's sites).
  const sites = picture.result?.sites ?? [];
  const shown = new Set(sitesShown(sites, picture.coverageType));
  sites.forEach((site, i) => {
    const row = rows[i];
    if (!shown.has(site) || !row) return;
    const title = row.filter((cell, k) => k < 2 || (typeof cell.value === 'number' && /₸/.test(cell.text))).map((cell) => cell.text).join(' · ');
    ctx.hotspot(projection.x(site.lon), projection.y(site.lat), Math.max(siteRadius(site.type, zoom), 6), title);
  });
  const view = { left: box.left - margin / 2, top: box.top - margin / 2, width: box.width + margin, height: box.height + margin };
  const svg = ctx.toString(view, ` class="map" role="img" aria-label="${escapeXml(labels.coverage)}" preserveAspectRatio="xMidYMid meet"`);
  const legend = legendRows(picture.result, picture.coverageType, labels, city.exclusions.features.length > 0)
    .map((row) => {
      if (!row.swatch) return `<li class="legend-head">${escapeXml(row.text)}</li>`;
      const swatch = new SvgContext(18, 18, 'swatch');
      drawSwatch(swatch, row.swatch, 9, 9, 14, zoom);
      return `<li>${swatch.toString(undefined, ' class="swatch" aria-hidden="true" width="18" height="18"')}<span>${escapeXml(row.text)}</span></li>`;
    })
    .join('');
  return `<div class="map-wrap"><figure>${svg}</figure><ul class="legend" data-legend>${legend}</ul></div>`;
}

const STYLE = `
:root{color-scheme:light;--text:#212529;--muted:#495057;--line:#dee2e6;--soft:#f1f3f5;--accent:#1864ab}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--text);background:#fff}
header,main,footer{max-width:1280px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:28px 0 10px}
.meta{margin:0;color:var(--muted)}
.status{margin:4px 0 0;font-weight:600}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-top:20px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:var(--soft);display:flex;flex-direction:column;gap:2px;min-width:0}
.kpi-value{font-size:1.6rem;font-weight:700;line-height:1.2;white-space:nowrap}
.kpi-label{color:var(--text);overflow-wrap:anywhere}
.kpi-more{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
.headline{margin:14px 0 0;padding-left:1.2em;color:var(--muted)}
.map-wrap{display:flex;gap:16px;align-items:flex-start}
figure{margin:0;flex:1 1 auto;min-width:0;border:1px solid var(--line);border-radius:8px;overflow:hidden;background:#f1f3f5}
svg.map{display:block;width:100%;height:auto;max-height:80vh}
.legend{list-style:none;margin:0;padding:12px 14px;flex:0 0 260px;border:1px solid var(--line);border-radius:8px}
.legend li{display:flex;align-items:center;gap:8px;margin:3px 0}
.legend .legend-head{font-weight:700;margin-bottom:6px}
.swatch{flex:0 0 auto}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;white-space:nowrap}
tbody th{font-weight:400}
tbody tr:last-child>*{border-bottom:0}
td.num,th.num{text-align:right}
td.num{white-space:nowrap}
details>summary{cursor:pointer;list-style:revert}
details>summary h2{display:inline;margin:0}
details>summary{margin:28px 0 10px}
.findings{padding-left:1.2em}
footer{margin-top:32px;padding-bottom:32px;color:var(--muted);font-size:.9rem}
footer h2{font-size:1rem;color:var(--text)}
a{color:var(--accent)}
.offline{font-style:italic}
@media (max-width:760px){
header,main,footer{padding:0 12px}
header{padding-top:16px}
h1{font-size:1.35rem}
.kpis{grid-template-columns:1fr 1fr;gap:8px}
.kpi{padding:10px}
.kpi-value{font-size:1.25rem}
.kpi-label,.kpi-more{font-size:.85rem}
.map-wrap{flex-direction:column;align-items:stretch}
figure{width:100%}
td.num{white-space:normal}
.legend{flex:none;width:100%}
th,td{padding:5px 8px}
}
@media print{svg.map{max-height:none}.kpi{break-inside:avoid}}
`;
