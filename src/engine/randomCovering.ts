import type { SitingInstance } from './instance/types';
import { seededRandom } from './seededRandom';

/**
 * A seeded random maximal-covering instance, as in the literature's scaling
 * tests: sites and demand points uniform in a square, integer weights 1-100,
 * and a radius that gives each demand point about `coveringSites` sites
 * within reach on average. The same seed always gives the same instance.
 */
export function randomCovering(sites: number, demandPoints: number, p: number, seed = 1, coveringSites = 10): SitingInstance {
  const next = seededRandom(seed);
  const side = 10_000;
  const radius = side * Math.sqrt(coveringSites / (Math.PI * sites));
  const sitePoints = Float64Array.from({ length: 2 * sites }, () => next() * side);
  const demand = Float64Array.from({ length: 2 * demandPoints }, () => next() * side);
  return {
    name: `random-${sites}x${demandPoints}-p${p}`,
    source: `randomCovering(${sites}, ${demandPoints}, ${p}, seed ${seed})`,
    model: { type: 'mclp', p, radius, budget: null, capacitated: false, assignment: 'split', periods: null, carryOver: false, minGroupCoverage: null },
    demand: { count: demandPoints, weights: Float64Array.from({ length: demandPoints }, () => 1 + Math.floor(next() * 100)), weightsByPeriod: null, groups: null },
    sites: { count: sites, costs: null, capacities: null, existing: [], required: [], forbidden: [] },
    distances: { kind: 'euclidean', demand, sites: sitePoints },
    reference: null,
  };
}
