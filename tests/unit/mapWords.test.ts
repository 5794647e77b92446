import { describe, expect, it } from 'vitest';
import { longDate } from '../../src/app/i18n/date';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { ru } from '../../src/app/i18n/ru';
import { layerWords, streetsLicenceKey } from '../../src/app/map/words';

describe("a city's layers are named for what they are", () => {
  it("Almaty's words (hospitals standing in for polyclinics, the mountains) only for the demo's own layers", () => {
    expect(layerWords('demo:almaty', undefined)).toEqual({ health: 'map.health', exclusion: 'map.exclusion' });
    // Real polyclinics imported into the demo are no stand-ins.
    expect(layerWords('demo:almaty', { polyclinics: [{ lon: 76.9, lat: 43.2, name: 'Polyclinic 1' }] }).health).toBe('map.healthExisting');
    // Another city's layers say nothing of Almaty.
    expect(layerWords('city:trio', undefined)).toEqual({ health: 'map.healthExisting', exclusion: 'map.exclusionZone' });
    for (const catalogue of [en, ru, kk]) {
      expect(catalogue.map.healthExisting).not.toMatch(/\(/);
      expect(catalogue.map.exclusionZone).not.toMatch(/\(/);
    }
  });

  it("a street network's credit follows its data's date: CC BY-SA 2.0 before 12 September 2012, ODbL after", () => {
    const source = (newest: string | null) => ({ name: 'streets.osm.pbf', newest, bbox: null, ways: 1, walkableWays: 1 });
    expect(streetsLicenceKey(source('2012-09-11'))).toBe('streets.licenceOld');
    expect(streetsLicenceKey(source('2023-05-01'))).toBe('streets.licence');
    expect(streetsLicenceKey(source(null))).toBe('streets.licence');
  });
});

describe('dates on the picture', () => {
  it('are written in the language: Kazakh month names, never Russian ones', () => {
    const day = new Date(2026, 11, 6);
    expect(longDate(day, 'kk')).toBe('2026 жылғы 6 желтоқсан');
    expect(longDate(day, 'ru')).toMatch(/^6 декабря 2026/);
    expect(longDate(day, 'en')).toBe('6 December 2026');
    expect(longDate(new Date(2026, 0, 15), 'kk')).toBe('2026 жылғы 15 қаңтар');
  });
});
