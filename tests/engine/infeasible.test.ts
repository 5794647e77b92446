import { describe, expect, it } from 'vitest';
import { instance, solve } from './helpers';

const line = (xs: number[]) => xs.map((x) => [x, 0]);

describe('infeasibility is explained in a planner\'s terms', () => {
  it('demand points out of reach of every candidate site', async () => {
    const report = await solve(
      instance({
        model: { type: 'lscp', radius: 1200 },
        demand: { count: 4 },
        sites: { count: 2 },
        distances: { kind: 'euclidean', demand: line([0, 500, 5000, 9000]), sites: line([0, 1000]) },
      }),
      'highs',
    );
    expect(report.status).toBe('infeasible');
    expect(report.reasons).toEqual(['demand points 2, 3 have no candidate site within 1,200']);
  });

  it('a forbidden site does not count as reachable', async () => {
    const report = await solve(
      instance({
        model: { type: 'lscp', radius: 10 },
        demand: { count: 2 },
        sites: { count: 2, forbidden: [1] },
        distances: { kind: 'euclidean', demand: line([0, 100]), sites: line([0, 100]) },
      }),
      'glpk',
    );
    expect(report.reasons).toEqual(['demand points 1 have no candidate site within 10']);
  });

  it('required sites that cost more than the budget', async () => {
    const report = await solve(
      instance({
        model: { type: 'mclp', radius: 1000, budget: 10e9 },
        demand: { count: 1 },
        sites: { count: 3, costs: [5.2e9, 5.2e9, 1.6e9], required: [0, 1, 2] },
        distances: { kind: 'euclidean', demand: line([0]), sites: line([0, 10, 20]) },
      }),
      'highs',
    );
    expect(report.reasons).toEqual(['the required sites alone cost 12,000,000,000, over the 10,000,000,000 budget']);
  });

  it('p sites that cannot hold the demand together', async () => {
    const report = await solve(
      instance({
        model: { type: 'pmedian', p: 3, capacitated: true },
        demand: { count: 3, weights: [1800, 1800, 1800] },
        sites: { count: 4, capacities: [1200, 1200, 1200, 1200] },
        distances: { kind: 'euclidean', demand: line([0, 1, 2]), sites: line([0, 1, 2, 3]) },
      }),
      'highs',
    );
    expect(report.reasons).toEqual(['p = 3 sites cannot hold a demand of 5,400: their largest possible total capacity is 3,600']);
  });

  it('a demand point larger than any site when it cannot be split', async () => {
    const report = await solve(
      instance({
        model: { type: 'pmedian', p: 2, capacitated: true, assignment: 'single' },
        demand: { count: 2, weights: [1500, 100] },
        sites: { count: 2, capacities: [1200, 1200] },
        distances: { kind: 'euclidean', demand: line([0, 1]), sites: line([0, 1]) },
      }),
      'glpk',
    );
    expect(report.reasons).toEqual(['demand points 0 each need more than the largest capacity (1,200) and cannot be split']);
  });

  it('more sites asked for than may be opened', async () => {
    const report = await solve(
      instance({
        model: { type: 'pcenter', p: 2 },
        demand: { count: 2 },
        sites: { count: 3, existing: [0], forbidden: [1] },
        distances: { kind: 'euclidean', demand: line([0, 1]), sites: line([0, 1, 2]) },
      }),
      'highs',
    );
    expect(report.reasons).toEqual(['p = 2 new sites are asked for, but only 1 sites may be opened (the others are existing or forbidden)']);
  });

  it('a group that cannot reach its minimum share with every site open', async () => {
    const report = await solve(
      instance({
        model: { type: 'mclp', radius: 10, p: 2, minGroupCoverage: 0.7 },
        demand: { count: 4, weights: [10, 10, 30, 10], groups: ['Medeu', 'Medeu', 'Alatau', 'Alatau'] },
        sites: { count: 2 },
        distances: { kind: 'euclidean', demand: line([0, 5, 100, 200]), sites: line([0, 200]) },
      }),
      'highs',
    );
    expect(report.reasons).toEqual(['group Alatau can reach at most 25% coverage even with every candidate site open, 45% short of the required 70%']);
  });

  it('a conflict only the solver can find still gets a message', async () => {
    // Each district needs its own site, but the budget pays for one.
    const report = await solve(
      instance({
        model: { type: 'mclp', radius: 10, budget: 5, minGroupCoverage: 1 },
        demand: { count: 2, groups: ['west', 'east'] },
        sites: { count: 2, costs: [5, 5] },
        distances: { kind: 'euclidean', demand: line([0, 100]), sites: line([0, 100]) },
      }),
      'glpk',
    );
    expect(report.status).toBe('infeasible');
    expect(report.reasons![0]).toMatch(/no plan meets all the constraints/);
  });
});
