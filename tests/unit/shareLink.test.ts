import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../src/io/link/base64url';
import { deflate } from '../../src/io/link/deflate';
import { decodeShare, encodeShare, sharedPlanOf, type SharedPlan } from '../../src/io/link/shareLink';
import { defaultScenario, type Scenario } from '../../src/plan/scenario';
import { solvePlan } from '../../src/plan/solvePlan';
import { nodeSolver } from '../../src/solvers/node';
import { demoCity } from './city';

const plan: SharedPlan = {
  status: 'optimal',
  solver: 'highs',
  objective: 174.56,
  bound: 174.56,
  gap: 0,
  seconds: 4.25,
  open: { school: [[3, 1, 0], [17, 1, 2], [250, 1, 1]], container: [[0, 2, 0], [5, 1, 0], [5, 2, 3], [2029, 4, 4]] },
};

/** A scenario that changes every kind of field the defaults have. */
function everything(): Scenario {
  const base = defaultScenario();
  return {
    ...base,
    name: 'Вариант «40 млрд», 20 минут',
    objective: 'minCost',
    targetShare: 0.85,
    budgetMode: 'shared',
    budget: 40e9,
    detourFactor: 1.4,
    facilities: {
      school: { ...base.facilities.school, walkMinutes: 20, walkSpeedKmh: 4, capacity: 900, capacitated: false, unitCost: 6.1e9, candidateSpacing: 600, budget: 30e9 },
      polyclinic: { ...base.facilities.polyclinic, enabled: false, normKind: 'walk' },
      container: { ...base.facilities.container, normMetres: 50, capacity: 200 },
    },
    candidates: {
      added: [{ id: 'school:added:abc', type: 'school', lon: 76.91234, lat: 43.23456 }],
      required: ['school:3:-4'],
      forbidden: ['school:0:0', 'container:r10c10'],
    },
    solver: 'glpk',
    timeLimit: 45,
    gap: 0.005,
    imported: {
      demand: [{ lon: 76.9, lat: 43.25, residents: 900, children: 153, households: 273 }],
      schools: [{ lon: 76.91, lat: 43.24, name: 'Школа №1 "Болашақ"', capacity: 1200, students: 1350 }],
      polyclinics: [{ lon: 76.92, lat: 43.23, name: 'Емхана' }],
      exclusions: [{ type: 'Polygon', coordinates: [[[76.9, 43.2], [76.95, 43.2], [76.95, 43.22], [76.9, 43.2]]] }],
    },
  };
}

describe('the share link codec', () => {
  it('round-trips every scenario feature and the plan', async () => {
    const scenario = everything();
    const fragment = await encodeShare({ scenario, plan });
    const decoded = await decodeShare(fragment);
    expect(decoded).toEqual({ ok: true, payload: { scenario, plan } });
  });

  it('round-trips the defaults without a plan', async () => {
    const decoded = await decodeShare(await encodeShare({ scenario: defaultScenario(), plan: null }));
    expect(decoded).toEqual({ ok: true, payload: { scenario: defaultScenario(), plan: null } });
  });

  it('keeps the solved default demo plan (789 sites) under 2,000 characters', async () => {
    const scenario = defaultScenario();
    const result = await solvePlan(demoCity(), scenario, nodeSolver('highs'));
    const fragment = await encodeShare({ scenario, plan: sharedPlanOf(result) });
    expect(result.sites.reduce((sum, site) => sum + site.count, 0)).toBeGreaterThan(700);
    expect(`https://planner.example.kz/#${fragment}`.length).toBeLessThan(2000);
    const decoded = await decodeShare(fragment);
    expect(decoded.ok && decoded.payload.plan?.open.container?.length).toBe(result.sites.filter((s) => s.type === 'container').length);
  });

  it('opens a link made before streets (no routing in it) with straight lines, as it was solved; new links carry their routing', async () => {
    // A link of the earlier version: the scenario's difference from the demo defaults, no routing field.
    const old = 's1.' + toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify({ v: 1, s: { budget: 70e9 }, p: null }))));
    const decoded = await decodeShare(old);
    expect(decoded.ok && decoded.payload.scenario.routing).toBe('straight');
    expect(decoded.ok && decoded.payload.scenario.budget).toBe(70e9);
    for (const routing of ['streets', 'straight'] as const) {
      const again = await decodeShare(await encodeShare({ scenario: { ...defaultScenario(), routing }, plan: null }));
      expect(again.ok && again.payload.scenario.routing).toBe(routing);
    }
  });

  it('carries another city: its data, its own districts\' growth (not merged with Almaty\'s) and its names', async () => {
    const base = defaultScenario('Shymkent plan');
    const scenario: Scenario = { ...base, data: 'city:shymkent', phases: { ...base.phases, growth: { abay: 0.03, alatau: 0.05 } } };
    const names = { en: 'Shymkent', ru: 'Шымкент', kk: 'Шымкент' };
    const decoded = await decodeShare(await encodeShare({ scenario, plan: null, city: names }));
    expect(decoded.ok && decoded.payload.scenario).toEqual(scenario);
    expect(decoded.ok && decoded.payload.city).toEqual(names);
    // A demo link has no city names, and still opens as before.
    const demo = await decodeShare(await encodeShare({ scenario: defaultScenario(), plan: null }));
    expect(demo.ok && demo.payload.city).toBeUndefined();
    expect(demo.ok && demo.payload.scenario.phases.growth).toEqual(defaultScenario().phases.growth);
  });

  it('refuses a link from a future version, saying so', async () => {
    const fragment = (await encodeShare({ scenario: defaultScenario(), plan })).replace(/^s1\./, 's2.');
    expect(await decodeShare(fragment)).toMatchObject({ ok: false, problem: 'future' });
    const inner = 's1.' + toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify({ v: 7, s: {} }))));
    expect(await decodeShare(inner)).toMatchObject({ ok: false, problem: 'future' });
  });

  it('refuses truncated and tampered links', async () => {
    const fragment = await encodeShare({ scenario: everything(), plan });
    expect(await decodeShare(fragment.slice(0, fragment.length - 12))).toMatchObject({ ok: false, problem: 'damaged' });
    expect(await decodeShare(fragment.slice(0, 10) + '!!' + fragment.slice(12))).toMatchObject({ ok: false, problem: 'damaged' });
    expect(await decodeShare('')).toMatchObject({ ok: false, problem: 'damaged' });
  });

  it('says a link cut anywhere is truncated, and names stray characters apart', async () => {
    const fragment = await encodeShare({ scenario: everything(), plan });
    // Every cut length, including those base64 cannot have (a remainder of 1 in 4).
    for (let cut = fragment.length - 8; cut < fragment.length; cut++) {
      const decoded = await decodeShare(fragment.slice(0, cut));
      expect(!decoded.ok && decoded.detail).toBe('the link is truncated or damaged');
    }
    const stray = await decodeShare(fragment.slice(0, 10) + '!!' + fragment.slice(12));
    expect(!stray.ok && stray.detail).toBe('the link contains characters that cannot be part of it');
  });

  it('names the field when a link decodes to an invalid scenario', async () => {
    const bad = 's1.' + toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify({ v: 1, s: { facilities: { school: { capacity: -3 } } }, p: null }))));
    const decoded = await decodeShare(bad);
    expect(decoded).toMatchObject({ ok: false, problem: 'invalid' });
    expect(!decoded.ok && decoded.detail).toContain('facilities.school.capacity: -3');
  });

  it('never throws and never accepts garbage (random and mutated links)', async () => {
    const valid = await encodeShare({ scenario: everything(), plan });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('s1.', 's1.AAAA', 's0.x', '#s1.')), async (text) => {
        const decoded = await decodeShare(text);
        expect(decoded.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: valid.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), async (position, character) => {
        const mutated = valid.slice(0, position) + character + valid.slice(position + 1);
        const decoded = await decodeShare(mutated);
        // A mutation either breaks the link (reported) or yields a payload that passed full validation.
        if (decoded.ok) expect(decoded.payload.scenario.format).toBe('siting-scenario/1');
        else expect(['damaged', 'invalid', 'future']).toContain(decoded.problem);
      }),
      { numRuns: 150 },
    );
  });
});
