import { describe, expect, it } from 'vitest';
import { demoReport, solvedDemo } from './report';

describe('a report says what the app says (issue 22)', () => {
  it('the headline KPIs, districts, sites and schedule of the solved demo, in each language', async () => {
    const { result } = await solvedDemo();
    expect(result.status).toBe('optimal');
    const kk = await demoReport('kk');
    const en = await demoReport('en');
    expect(en.kpis.map((k) => k.id)).toEqual(['covered-share', 'total-cost', 'sites-opened', 'every-service']);
    expect(en.kpis[0].number).toBe(result.kpis.coveredShare);
    expect(en.kpis[2].value).toBe(String(result.kpis.sitesOpened));
    expect(kk.kpis[1].label).toMatch(/бюджет/i);
    // One row per district, a column per type; every site once; the schedule's counts add up to the sites'.
    expect(en.districts.rows.length).toBe(result.kpis.districts.length);
    expect(en.districts.header.length).toBe(1 + result.kpis.types.length);
    expect(en.districts.header.join('')).not.toContain('\u00ad');
    expect(en.sites.rows.length).toBe(result.sites.length);
    const countColumn = en.schedule.header.indexOf('Count');
    const scheduled = en.schedule.rows.reduce((sum, row) => sum + Number(row[countColumn].value), 0);
    expect(scheduled).toBe(result.sites.reduce((sum, site) => sum + site.count, 0));
    expect(en.status).toMatch(/^Optimal plan \(proven\) · proven within [\d.]+% of the best possible$/);
    expect(kk.headline.length).toBe(result.kpis.types.length + 2);
    expect(kk.picture.labels.date).toContain('2026 жылғы 6 желтоқсан');
    expect(en.credits).toContain('OpenStreetMap');
  }, 60_000);
});
