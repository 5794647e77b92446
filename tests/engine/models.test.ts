import { describe, expect, it } from 'vitest';
import { bruteForce, type SmallProblem } from './bruteForce';
import { instance, random, solve } from './helpers';

/** A random small problem of the given kind; the rest of the options decide its extras. */
function smallProblem(seed: number, type: SmallProblem['type'], extras: { phased?: boolean; fair?: boolean; roles?: boolean }): SmallProblem {
  const next = random(seed);
  const n = extras.phased ? 5 : 7;
  const m = 12;
  const point = () => [Math.round(next() * 100), Math.round(next() * 100)];
  const sites = Array.from({ length: n }, point);
  const demand = Array.from({ length: m }, point);
  const distance = demand.map(([x, y]) => sites.map(([u, v]) => Math.hypot(x - u, y - v)));
  const weights = demand.map(() => 1 + Math.floor(next() * 20));
  // Opening costs on the scale of service costs, so that cfl must choose.
  const costs = sites.map(() => (1 + Math.floor(next() * 9)) * (type === 'cfl' ? 40 : 1));
  const pick = (count: number, from: number[]) => from.filter(() => next() < count / from.length).slice(0, count);
  const existing = extras.roles ? pick(1, [0, 1]) : [];
  const required = extras.roles ? pick(1, [2, 3]) : [];
  const forbidden = extras.roles ? pick(1, [4, 5]) : [];
  const problem: SmallProblem = {
    type,
    distance,
    weights,
    costs,
    radius: 25 + next() * 20,
    p: type === 'lscp' || type === 'cfl' ? null : 2 + Math.floor(next() * 2),
    budget: type === 'mclp' && !extras.phased ? 8 + Math.floor(next() * 10) : null,
    existing,
    required,
    forbidden,
  };
  if (type === 'lscp') problem.radius = 60;
  if (extras.phased) {
    problem.p = null;
    problem.periods = [4 + Math.floor(next() * 4), 3 + Math.floor(next() * 4), 5];
    problem.carryOver = next() < 0.5;
    problem.weightsByPeriod = problem.periods.map((_, t) => weights.map((w) => w + t * Math.floor(next() * 3)));
  }
  if (extras.fair) {
    problem.groups = demand.map(([x]) => (x < 50 ? 'west' : 'east'));
    problem.minGroupCoverage = 0.3;
  }
  return problem;
}

function asInstance(problem: SmallProblem) {
  const model: Record<string, unknown> = { type: problem.type };
  if (problem.p !== null) model.p = problem.p;
  if (problem.type === 'lscp' || problem.type === 'mclp') model.radius = problem.radius;
  if (problem.budget !== null) model.budget = problem.budget;
  if (problem.periods) {
    model.periods = problem.periods.map((budget, t) => ({ label: String(2026 + t), budget }));
    model.carryOver = problem.carryOver;
  }
  if (problem.minGroupCoverage !== undefined) model.minGroupCoverage = problem.minGroupCoverage;
  return instance({
    model,
    demand: {
      count: problem.weights.length,
      weights: problem.weights,
      ...(problem.weightsByPeriod ? { weightsByPeriod: problem.weightsByPeriod } : {}),
      ...(problem.groups ? { groups: problem.groups } : {}),
    },
    sites: { count: problem.costs.length, costs: problem.costs, existing: problem.existing, required: problem.required, forbidden: problem.forbidden },
    distances: { kind: 'matrix', values: problem.distance },
  });
}

const kinds: [string, SmallProblem['type'], { phased?: boolean; fair?: boolean; roles?: boolean }][] = [
  ['lscp', 'lscp', {}],
  ['lscp with existing, required and forbidden sites', 'lscp', { roles: true }],
  ['mclp with p and a budget', 'mclp', {}],
  ['mclp with existing, required and forbidden sites', 'mclp', { roles: true }],
  ['mclp with a minimum share per group', 'mclp', { fair: true }],
  ['phased mclp with yearly budgets', 'mclp', { phased: true }],
  ['phased mclp with a minimum share per group and existing sites', 'mclp', { phased: true, fair: true, roles: true }],
  ['pmedian', 'pmedian', {}],
  ['pmedian with existing, required and forbidden sites', 'pmedian', { roles: true }],
  ['pcenter', 'pcenter', {}],
  ['pcenter with existing, required and forbidden sites', 'pcenter', { roles: true }],
  ['cfl', 'cfl', {}],
  ['cfl with existing, required and forbidden sites', 'cfl', { roles: true }],
];

describe('every model against enumeration of all plans (seeded random instances)', () => {
  for (const [what, type, extras] of kinds) {
    for (const solver of ['highs', 'glpk'] as const) {
      it(`${what} with ${solver}`, async () => {
        let feasible = 0;
        for (let seed = 1; seed <= 6; seed++) {
          const problem = smallProblem(seed * 101 + what.length, type, extras);
          const expected = bruteForce(problem);
          const report = await solve(asInstance(problem), solver);
          if (expected === null) {
            expect(report.status, `seed ${seed}`).toBe('infeasible');
            expect(report.reasons!.length).toBeGreaterThan(0);
            continue;
          }
          feasible++;
          expect(report.status, `seed ${seed}`).toBe('optimal');
          expect(report.objective).toBeCloseTo(expected, 6);
          for (const j of problem.forbidden) expect(report.open).not.toContain(j);
          for (const j of problem.required) expect(report.open).toContain(j);
          for (const j of problem.existing) expect(report.open).not.toContain(j);
          if (problem.periods) {
            expect(report.schedule!.map((entry) => entry.site).sort((a, b) => a - b)).toEqual(report.open);
            assertWithinBudgets(problem, report.schedule!);
          }
        }
        expect(feasible).toBeGreaterThan(0);
      });
    }
  }
});

function assertWithinBudgets(problem: SmallProblem, schedule: { site: number; period: number }[]) {
  let spent = 0;
  let allowed = 0;
  problem.periods!.forEach((budget, t) => {
    const spend = schedule.filter((entry) => entry.period === t).reduce((sum, entry) => sum + problem.costs[entry.site], 0);
    spent = problem.carryOver ? spent + spend : spend;
    allowed = problem.carryOver ? allowed + budget : budget;
    expect(spent).toBeLessThanOrEqual(allowed + 1e-9);
  });
}
