import { describe, expect, it } from 'vitest';
import { formatMessage, formatProblem } from '../../src/io/import';
import { plotCandidates, readPlots, type PlotsResult } from '../../src/io/import/plots';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { ru } from '../../src/app/i18n/ru';

function ok(result: PlotsResult): Extract<PlotsResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got:\n${result.errors.map(formatProblem).join('\n')}`);
  return result;
}

function errors(result: PlotsResult): string[] {
  if (result.ok) throw new Error(`expected failure, got ${result.plots.length} plots`);
  return result.errors.map(formatProblem);
}

describe('readPlots', () => {
  it('reads a CSV with Russian headers, semicolons, decimal commas and grouped prices; a plot without a price has none', () => {
    const text = '\uFEFFНазвание;Широта;Долгота;Стоимость\r\nУчасток 1;43,238;76,889;1 500 000 000\r\nУчасток 2;43,2;76,95;\r\n';
    const { plots, warnings } = ok(readPlots('участки.csv', text));
    expect(plots).toEqual([
      { lon: 76.889, lat: 43.238, cost: 1.5e9, name: 'Участок 1' },
      { lon: 76.95, lat: 43.2, name: 'Участок 2' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads Kazakh and English headers, and tells which columns it ignored', () => {
    const kazakh = ok(readPlots('plots.csv', 'атауы,ендік,бойлық,бағасы\nA,43.25,76.9,2e9\n'));
    expect(kazakh.plots).toEqual([{ lon: 76.9, lat: 43.25, cost: 2e9, name: 'A' }]);
    const english = ok(readPlots('plots.csv', 'id,lat,lon,price,area_ha\n7,43.25,76.9,900000000,3\n'));
    expect(english.plots).toEqual([{ lon: 76.9, lat: 43.25, cost: 9e8 }]);
    expect(english.warnings.map((w) => formatMessage(w))).toEqual(['ignored columns: "id", "area_ha"']);
  });

  it('reads GeoJSON points, and a parcel polygon at its centroid', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [76.9, 43.25] }, properties: { name: 'Plot 1', cost: 1.2e9 } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [76.91, 43.26] }, properties: { цена: '800 000 000' } },
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[[76.8, 43.2], [76.802, 43.2], [76.802, 43.202], [76.8, 43.202], [76.8, 43.2]]] },
          properties: {},
        },
      ],
    });
    const { plots, warnings } = ok(readPlots('plots.geojson', text));
    expect(plots.slice(0, 2)).toEqual([
      { lon: 76.9, lat: 43.25, cost: 1.2e9, name: 'Plot 1' },
      { lon: 76.91, lat: 43.26, cost: 8e8 },
    ]);
    expect(plots[2].lon).toBeCloseTo(76.801, 9);
    expect(plots[2].lat).toBeCloseTo(43.201, 9);
    expect(warnings.map((w) => formatMessage(w))).toEqual(['1 polygon feature was imported as a point at its centroid (the mean of the vertices)']);
  });

  it('refuses a bad or negative price, naming file, line, column and value', () => {
    expect(errors(readPlots('plots.csv', 'lat,lon,cost\n43.25,76.9,1.5 bn\n43.26,76.9,-5\n43.27,76.9,"1,5"\n'))).toEqual([
      'plots.csv, line 2, column "cost": "1.5 bn" is not a number',
      'plots.csv, line 3, column "cost": "-5" is negative; cost must be 0 or more',
      'plots.csv, line 4, column "cost": "1,5" is not a number (in a comma-separated file, decimals need a dot: 43.25)',
    ]);
    expect(errors(readPlots('plots.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [76.9, 43.25] }, properties: { cost: 'free' } }] })))).toEqual([
      'plots.geojson, features[0].properties.cost: "free" is not a number',
    ]);
  });

  it('refuses bad coordinates and a missing coordinate column', () => {
    expect(errors(readPlots('plots.csv', 'lat,lon,cost\n43.25,,1\n95,76.9,1\n43.2,76.9x,1\n'))).toEqual([
      'plots.csv, line 2, column "lon": missing value: longitude is required',
      'plots.csv, line 3, column "lat": "95" is outside the latitude range [-90, 90]',
      'plots.csv, line 4, column "lon": "76.9x" is not a number',
    ]);
    expect(errors(readPlots('plots.csv', 'name;широта;cost\nA;43,2;1\n'))).toEqual([
      'plots.csv, line 1: no longitude column: the header (read as ";"-separated) has "name", "широта", "cost"; expected one named "lon", "lng", "long", "longitude", "долгота", "бойлық", "x"',
    ]);
    expect(errors(readPlots('plots.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [76.9, 143.25] }, properties: {} }] })))).toEqual([
      'plots.geojson, features[0].geometry.coordinates: [76.9, 143.25] is outside the latitude range [-90, 90]',
    ]);
  });

  it('refuses an empty file, and one with a header only', () => {
    expect(errors(readPlots('plots.csv', ''))).toEqual(['plots.csv: the file is empty']);
    expect(errors(readPlots('plots.geojson', '\uFEFF  \n'))).toEqual(['plots.geojson: the file is empty']);
    expect(errors(readPlots('plots.csv', 'lat,lon,cost\n'))).toEqual(['plots.csv, line 1: has a header but no data rows']);
    expect(errors(readPlots('plots.geojson', '{"type":"FeatureCollection","features":[]}'))).toEqual(['plots.geojson: has no features']);
  });

  it('names the price in all three languages', () => {
    expect([en.importer.role.cost, ru.importer.role.cost, kk.importer.role.cost]).toEqual(['cost', 'стоимость', 'құны']);
  });
});

describe('plotCandidates', () => {
  it('makes candidates of a type with fresh ids, keeping price and name', () => {
    const plots = [{ lon: 76.9, lat: 43.25, cost: 1.5e9, name: 'Участок 1' }, { lon: 76.95, lat: 43.2 }, { lon: 76.97, lat: 43.21, cost: 0 }];
    const taken = [{ id: 'school:plot:1' }, { id: 'school:plot:3' }, { id: 'school:added:abc' }];
    expect(plotCandidates(plots, 'school', taken)).toEqual([
      { id: 'school:plot:2', type: 'school', lon: 76.9, lat: 43.25, cost: 1.5e9, name: 'Участок 1' },
      { id: 'school:plot:4', type: 'school', lon: 76.95, lat: 43.2 },
      { id: 'school:plot:5', type: 'school', lon: 76.97, lat: 43.21, cost: 0 },
    ]);
    expect(plotCandidates(plots.slice(0, 1), 'kindergarten', [])).toEqual([{ id: 'kindergarten:plot:1', type: 'kindergarten', lon: 76.9, lat: 43.25, cost: 1.5e9, name: 'Участок 1' }]);
  });
});
