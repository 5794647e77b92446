import * as Comlink from 'comlink';
import loadGlpk from 'glpk.js/node';
import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import type { MipProgress } from '../src/engine/mip/solver';
import { generateCandidates, type Candidate } from '../src/plan/candidates';
import { parseCity, type CityData } from '../src/plan/city';
import { fetchCityFiles } from '../src/plan/cityFiles';
import type { Scenario } from '../src/plan/scenario';
import type { SharedPlan } from '../src/io/link/shareLink';
import { solvePlan, type PlanResult } from '../src/plan/solvePlan';
import { createGlpkSolver } from '../src/solvers/glpk';
import { createHighsSolver } from '../src/solvers/highs';

/**
 * The planner's worker: city data, candidates and solving, all off the main
 * thread. Errors cross the boundary as values, never as exceptions.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

const solvers = {
  highs: createHighsSolver(() => loadHighs({ locateFile: () => highsWasm })),
  glpk: createGlpkSolver(() => loadGlpk()),
};

let city: Promise<CityData> | null = null;

function cityFrom(baseUrl: string): Promise<CityData> {
  city ??= fetchCityFiles(baseUrl).then(parseCity);
  city.catch(() => (city = null));
  return city;
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const planner = {
  candidates(baseUrl: string, scenario: Scenario): Promise<Outcome<Candidate[]>> {
    return outcome(async () => generateCandidates(await cityFrom(baseUrl), scenario));
  },

  solve(baseUrl: string, scenario: Scenario, onProgress: (progress: MipProgress) => void): Promise<Outcome<PlanResult>> {
    return outcome(async () => {
      const solver = solvers[scenario.solver === 'glpk' ? 'glpk' : 'highs'];
      const result = await solvePlan(await cityFrom(baseUrl), scenario, solver, { onProgress });
      return Comlink.transfer(result, Object.values(result.served).map((served) => served!.buffer as ArrayBuffer));
    });
  },

  /**
   * A plan already found (from a link or a saved scenario), shown without
   * solving the MIP again: the sites are fixed and only the flows and KPIs are
   * computed. Status, bound and gap are those of the original solve.
   */
  evaluate(baseUrl: string, scenario: Scenario, plan: SharedPlan): Promise<Outcome<PlanResult>> {
    return outcome(async () => {
      const evaluated = await solvePlan(await cityFrom(baseUrl), scenario, solvers.highs, { fixed: plan.open });
      if (evaluated.status !== 'optimal') throw new Error(`the plan does not fit its scenario (${evaluated.status})`);
      const result: PlanResult = { ...evaluated, status: plan.status, solver: plan.solver, objective: plan.objective, bound: plan.bound, gap: plan.gap, seconds: plan.seconds };
      return Comlink.transfer(result, Object.values(result.served).map((served) => served!.buffer as ArrayBuffer));
    });
  },
};

export type Planner = typeof planner;

Comlink.expose(planner);
