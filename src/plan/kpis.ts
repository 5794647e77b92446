import type { CityData } from './city';
import type { PlanSolution } from './planModel';
import type { PlanProblem } from './problem';
import type { FacilityType, Scenario } from './scenario';
import { PointIndex } from './spatial';

export interface TypeKpis {
  readonly type: FacilityType;
  /** People (or households) to serve, and how many the plan serves within the norm. */
  readonly demand: number;
  readonly covered: number;
  readonly share: number;
  /** The same with existing facilities alone. */
  readonly coveredBefore: number;
  readonly newSites: number;
  readonly cost: number;
  /** Places, visits-equivalent residents, or households the new sites add. */
  readonly newCapacity: number;
  /** Straight-line distance to the nearest open facility, averaged over people, and the worst. */
  readonly averageDistance: number;
  readonly worstDistance: number;
}

export interface DistrictKpis {
  readonly district: number;
  readonly byType: { readonly type: FacilityType; readonly demand: number; readonly covered: number; readonly coveredBefore: number }[];
}

export interface PlanKpis {
  /** Mean over the plan's types of the covered share (each type counts equally, as in the objective). */
  readonly coveredShare: number;
  readonly totalCost: number;
  /** The budget that applies: shared, or the sum of the per-type budgets; null for minCost. */
  readonly budget: number | null;
  readonly sitesOpened: number;
  readonly types: TypeKpis[];
  readonly districts: DistrictKpis[];
}

export function computeKpis(city: CityData, scenario: Scenario, problem: PlanProblem, plan: PlanSolution, before: PlanSolution): PlanKpis {
  const types = problem.types.map((type): TypeKpis => {
    const counts = plan.counts.get(type.type)!;
    const served = plan.served.get(type.type)!;
    const servedBefore = before.served.get(type.type)!;
    let newSites = 0;
    let cost = 0;
    let newCapacity = 0;
    const openX: number[] = [];
    const openY: number[] = [];
    for (let j = 0; j < type.siteCount; j++) {
      if (j < type.existingCount || counts[j] > 0) {
        openX.push(type.siteX[j]);
        openY.push(type.siteY[j]);
      }
      newSites += counts[j];
      cost += counts[j] * type.cost[j];
      newCapacity += counts[j] * type.capacity[j];
    }
    const index = new PointIndex(Float64Array.from(openX), Float64Array.from(openY));
    let distanceSum = 0;
    let worst = 0;
    for (let i = 0; i < type.weights.length; i++) {
      if (type.weights[i] <= 0 || index.size === 0) continue;
      const { distance } = index.nearest(city.demand.x[i], city.demand.y[i]);
      distanceSum += type.weights[i] * distance;
      worst = Math.max(worst, distance);
    }
    const covered = sum(served);
    return {
      type: type.type,
      demand: type.total,
      covered,
      share: type.total > 0 ? covered / type.total : 1,
      coveredBefore: sum(servedBefore),
      newSites,
      cost,
      newCapacity,
      averageDistance: index.size === 0 ? Infinity : distanceSum / Math.max(type.total, 1e-9),
      worstDistance: index.size === 0 ? Infinity : worst,
    };
  });
  const districts = city.districts.map((_, district): DistrictKpis => ({
    district,
    byType: problem.types.map((type) => {
      let demand = 0;
      let covered = 0;
      let coveredBefore = 0;
      const served = plan.served.get(type.type)!;
      const servedBefore = before.served.get(type.type)!;
      for (let i = 0; i < type.weights.length; i++) {
        if (city.demand.district[i] !== district) continue;
        demand += type.weights[i];
        covered += served[i];
        coveredBefore += servedBefore[i];
      }
      return { type: type.type, demand, covered, coveredBefore };
    }),
  }));
  const budget =
    scenario.objective === 'minCost' ? null : scenario.budgetMode === 'shared' ? scenario.budget : problem.types.reduce((total, type) => total + scenario.facilities[type.type].budget, 0);
  return {
    coveredShare: types.length === 0 ? 0 : types.reduce((total, type) => total + type.share, 0) / types.length,
    totalCost: types.reduce((total, type) => total + type.cost, 0),
    budget,
    sitesOpened: types.reduce((total, type) => total + type.newSites, 0),
    types,
    districts,
  };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k];
  return total;
}
