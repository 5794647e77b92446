import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { generateCandidates } from '../../src/plan/candidates';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { demoCity } from './city';

const city = demoCity();

describe('candidate sites on the Almaty demo', () => {
  const scenario = defaultScenario();
  const candidates = generateCandidates(city, scenario);

  it('gives every enabled type candidates', () => {
    for (const type of ['school', 'polyclinic', 'container'] as const) expect(candidates.filter((c) => c.type === type).length).toBeGreaterThan(50);
  });

  it('puts nothing inside the exclusion zone', () => {
    const zone = city.exclusions.features[0];
    const inside = candidates.filter((c) => booleanPointInPolygon([c.lon, c.lat], zone));
    expect(inside).toEqual([]);
  });

  it('puts every candidate inside the district it names', () => {
    for (const candidate of candidates.filter((c) => c.type !== 'container')) {
      expect(booleanPointInPolygon([candidate.lon, candidate.lat], city.districtShapes.features[candidate.district])).toBe(true);
    }
  });

  it('keeps grid candidates off existing facilities of the same type (half a spacing away)', () => {
    const spacing = scenario.facilities.school.candidateSpacing;
    for (const candidate of candidates.filter((c) => c.type === 'school')) {
      for (let j = 0; j < city.schools.count; j++) {
        expect(Math.hypot(city.schools.x[j] - candidate.x, city.schools.y[j] - candidate.y)).toBeGreaterThanOrEqual(spacing / 2);
      }
    }
  });

  it('sizes container sites to the households of their cell', () => {
    const capacity = scenario.facilities.container.capacity;
    for (const candidate of candidates.filter((c) => c.type === 'container')) {
      const i = city.demand.ids.indexOf(candidate.id.slice('container:'.length));
      expect(candidate.maxCount).toBe(Math.ceil(city.demand.households[i] / capacity));
    }
  });

  it('keeps a site the planner added, but not one in the mountains', () => {
    const withAdded: Scenario = {
      ...scenario,
      candidates: {
        ...scenario.candidates,
        added: [
          { id: 'school:added:a', type: 'school', lon: 76.92, lat: 43.25 },
          { id: 'school:added:b', type: 'school', lon: 76.95, lat: 43.1 },
        ],
      },
    };
    const ids = generateCandidates(city, withAdded).map((c) => c.id);
    expect(ids).toContain('school:added:a');
    expect(ids).not.toContain('school:added:b');
  });

  it('gives the same ids for the same scenario (stable references for required and forbidden sites)', () => {
    expect(generateCandidates(city, scenario).map((c) => c.id)).toEqual(candidates.map((c) => c.id));
  });
});

describe('candidates stay those of earlier versions (issue 23)', () => {
  it("the demo's candidates, ids in order, are those made before the ellipsoidal measure: links and saved plans name them by index", () => {
    const ids = generateCandidates(demoCity(), defaultScenario()).map((candidate) => candidate.id);
    // FNV-1a over the ids joined by newlines, as main (5508588) made them.
    let hash = 2166136261;
    for (const c of ids.join('\n')) {
      hash ^= c.charCodeAt(0);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    expect(ids.length).toBe(2798);
    expect(ids.slice(130, 135)).toEqual(['school:-7:-8', 'school:-7:-7', 'school:-7:-3', 'school:-7:-2', 'school:-7:-1']);
    expect(hash).toBe(3986923996);
  });
});
