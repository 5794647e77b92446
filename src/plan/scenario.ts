/**
 * A planner's scenario: what to build, under which norms, costs and budget,
 * towards which objective. Plain, versioned JSON: the same object is saved in
 * the browser, written to a file and carried by a share link.
 */
import { coversDemand } from '../engine/planner/instance';
import type { ImportedData } from './imported';
import type { HousingEstate } from './housing';
import type { TransitSettings } from './transit';
import { DEMO_TYPES, PRESETS, presetSettings } from './presets';
import type { FacilitySettings, FacilityType, TypeDemand } from './facility';

/** A facility type's fields (src/plan/facility.ts), where files and the app have always found them. */
export { DEMAND_OF, NORM_KINDS, TYPE_ID, type NormKind, type DemandOf, type ExtensionSettings, type FacilitySettings, type FacilityType, type TypeDemand, type TypeLabel } from './facility';

export const SCENARIO_FORMAT = 'siting-scenario/1';

/** maxAll: most residents reaching every essential type (src/engine/planner/allEssential.ts). */
export type Objective = 'maxCoverage' | 'minCost' | 'minTravel' | 'minWorst' | 'maxAll';
export const OBJECTIVES: readonly Objective[] = ['maxCoverage', 'minCost', 'minTravel', 'minWorst', 'maxAll'];

export type SolverChoice = 'auto' | 'highs' | 'glpk';

/**
 * How walking norms are measured: along the city's streets, or as a straight
 * line times the detour factor. Distance norms are straight lines either way.
 * Files and links without the field were solved with straight lines, and so
 * they stay.
 */
export type Routing = 'streets' | 'straight';
export const ROUTINGS: readonly Routing[] = ['streets', 'straight'];
/** By default a point farther than this (metres) from every mapped street is measured by the straight line instead. */
export const DEFAULT_MAX_CONNECTOR = 300;

export interface AddedCandidate {
  readonly id: string;
  readonly type: FacilityType;
  readonly lon: number;
  readonly lat: number;
  /** The cost of a facility on this plot, tenge; absent: the type's unitCost. */
  readonly cost?: number;
  /** The plot's name, shown with the site. */
  readonly name?: string;
}

export interface Scenario {
  readonly format: typeof SCENARIO_FORMAT;
  readonly name: string;
  /**
   * The city the plan is built on, referred to, never copied: "demo:almaty"
   * (the demo), "city:<id>" (a city package hosted with the app or kept in
   * the browser) or, on the command line, a package folder relative to the
   * scenario file ("./", "../shymkent/"). See cityRef.
   */
  readonly data: string;
  readonly objective: Objective;
  /** minCost: the share of each type's demand that must be covered. */
  readonly targetShare: number;
  readonly budgetMode: 'shared' | 'perType';
  /** Shared budget, tenge. */
  readonly budget: number;
  /** Walking route length over straight-line distance (straight routing, and points too far from any street). */
  readonly detourFactor: number;
  readonly routing: Routing;
  /** A point farther than this from every street (metres) is measured by the straight line times the detour factor. */
  readonly maxConnector: number;
  readonly facilities: Readonly<Record<FacilityType, FacilitySettings>>;
  readonly candidates: {
    readonly added: readonly AddedCandidate[];
    readonly required: readonly string[];
    readonly forbidden: readonly string[];
  };
  readonly solver: SolverChoice;
  readonly timeLimit: number;
  readonly gap: number;
  /** Sites open in a year and serve from then on; each year has its budget and its demand. */
  readonly phases: Phases;
  /** A minimum covered share in every district, for every type (and in every year). */
  readonly fairness: Fairness;
  /** Data the planner imported; absent for the demo as it is. */
  readonly imported?: ImportedData;
  /** Planned housing estates: their residents add demand from their year of completion (src/plan/housing.ts); absent: none. */
  readonly housing?: readonly HousingEstate[];
  /** Public transport: a GTFS feed's day and lines the planner draws (src/plan/transit.ts); absent: none. */
  readonly transit?: TransitSettings;
}

export interface Phases {
  readonly enabled: boolean;
  readonly startYear: number;
  /** Shared budgets, one per year (budget mode "shared"); their count is the horizon. */
  readonly yearBudgets: readonly number[];
  /** Per type, one budget per year (budget mode "per type"), as long as yearBudgets. */
  readonly typeYearBudgets: Readonly<Record<FacilityType, readonly number[]>>;
  /** Unspent money moves on to the next year. */
  readonly carryOver: boolean;
  /** Yearly population growth per district id (0.05 = 5% a year). */
  readonly growth: Readonly<Record<string, number>>;
}

export interface Fairness {
  readonly enabled: boolean;
  readonly minShare: number;
  /** District ids with their own minimum share, overriding minShare. */
  readonly perDistrict: Readonly<Record<string, number>>;
}

/**
 * Almaty grows by about 55 thousand residents a year, fastest in Alatau and
 * Nauryzbay: 5% there and 1.75% elsewhere gives 55.3 thousand on 2023 figures.
 */
export const DEFAULT_GROWTH: Readonly<Record<string, number>> = {
  alatau: 0.05,
  nauryzbay: 0.05,
  almaly: 0.0175,
  auezov: 0.0175,
  bostandyk: 0.0175,
  medeu: 0.0175,
  turksib: 0.0175,
  zhetysu: 0.0175,
};

export const DEMO_DATA = 'demo:almaty';

/** Where a scenario's city is: the demo (the hosted Almaty package), a package by id, or a folder relative to the scenario file. */
export type CityRef = { readonly kind: 'city'; readonly id: string } | { readonly kind: 'path'; readonly path: string };

const CITY_REF = /^city:([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)$/;
/** A relative folder: no scheme, not absolute, plain path characters. */
const PATH_REF = /^(?!\/)(?![A-Za-z]:)[A-Za-z0-9._\/ -]{1,300}$/;

/** Reads `data`; null when it is none of the three forms. */
export function cityRef(data: string): CityRef | null {
  if (data === DEMO_DATA) return { kind: 'city', id: 'almaty' };
  const city = CITY_REF.exec(data);
  if (city) return { kind: 'city', id: city[1] };
  if (!data.includes(':') && PATH_REF.test(data)) return { kind: 'path', path: data };
  return null;
}

/** The default scenario on a city: the demo's norms, costs and budgets, and the city's own districts' growth. */
export function scenarioOn(data: string, growth: Readonly<Record<string, number>>, name: string): Scenario {
  const base = defaultScenario(name);
  return { ...base, data, phases: { ...base.phases, growth } };
}

export function periodCount(scenario: Scenario): number {
  return scenario.phases.enabled ? scenario.phases.yearBudgets.length : 1;
}

/**
 * The demo defaults, from the city's published programmes (docs: DOMAIN.md).
 * The app names it in the planner's language; files and links keep whatever name they carry.
 */
export function defaultScenario(name = 'Almaty demo'): Scenario {
  return {
    format: SCENARIO_FORMAT,
    name,
    data: DEMO_DATA,
    objective: 'maxCoverage',
    targetShare: 0.9,
    budgetMode: 'perType',
    budget: 80e9,
    detourFactor: 1.25,
    routing: 'streets',
    maxConnector: DEFAULT_MAX_CONNECTOR,
    facilities: Object.fromEntries(DEMO_TYPES.map((id) => [id, presetSettings(id)])),
    candidates: { added: [], required: [], forbidden: [] },
    solver: 'auto',
    timeLimit: 30,
    gap: 0,
    phases: {
      enabled: false,
      startYear: 2026,
      yearBudgets: [16e9, 16e9, 16e9, 16e9, 16e9],
      // The demo's per-type budgets spread evenly over five years.
      typeYearBudgets: Object.fromEntries(DEMO_TYPES.map((id) => [id, spread(PRESETS[id].settings.budget, 5)])),
      carryOver: false,
      growth: DEFAULT_GROWTH,
    },
    fairness: { enabled: false, minShare: 0.7, perDistrict: {} },
  };
}

/** The access radius in straight-line metres. */
export function coverageRadius(scenario: Scenario, type: FacilityType): number {
  const settings = scenario.facilities[type];
  if (settings.normKind === 'distance') return settings.normMetres;
  return walkMetres(scenario, type) / scenario.detourFactor;
}

/** How far the walking norm reaches along a route, metres. */
export function walkMetres(scenario: Scenario, type: FacilityType): number {
  const settings = scenario.facilities[type];
  return (settings.walkMinutes / 60) * settings.walkSpeedKmh * 1000;
}

/** Whether a type's access is measured along streets: a walking norm, streets routing, and a city with streets. */
export function alongStreets(scenario: Scenario, type: FacilityType, cityHasStreets: boolean): boolean {
  return cityHasStreets && scenario.routing === 'streets' && scenario.facilities[type].normKind !== 'distance';
}

/** The scenario's types, in its order. */
export function typeIds(scenario: Pick<Scenario, 'facilities'>): FacilityType[] {
  return Object.keys(scenario.facilities);
}

export function enabledTypes(scenario: Pick<Scenario, 'facilities'>): FacilityType[] {
  return typeIds(scenario).filter((type) => scenario.facilities[type].enabled);
}

/** The enabled types a resident should reach all of: those not marked `essential: false`. */
export function essentialTypes(scenario: Pick<Scenario, 'facilities'>): FacilityType[] {
  return enabledTypes(scenario).filter((type) => scenario.facilities[type].essential !== false);
}

/** A budget spread evenly over `years` years (a type's yearly budgets when none are given). */
export function spread(budget: number, years: number): number[] {
  return Array.from({ length: years }, () => budget / years);
}

/** Coverage objectives count people served within the norm; the travel objectives measure trips. The one place this rule lives. */
export function coverageObjective(scenario: Pick<Scenario, 'objective'>): boolean {
  return coversDemand(scenario.objective);
}

/** A district's minimum covered share under fairness: its own, or the scenario's. */
export function districtShare(scenario: Scenario, districtId: string): number {
  return districtId in scenario.fairness.perDistrict ? scenario.fairness.perDistrict[districtId] : scenario.fairness.minShare;
}

/** What a type may spend over the whole plan. */
export function totalBudget(scenario: Scenario, type: FacilityType | null): number {
  const phased = scenario.phases.enabled;
  if (scenario.budgetMode === 'shared') return phased ? scenario.phases.yearBudgets.reduce((a, b) => a + b, 0) : scenario.budget;
  if (type === null) return typeIds(scenario).reduce((sum, id) => sum + totalBudget(scenario, id), 0);
  return phased ? scenario.phases.typeYearBudgets[type].reduce((a, b) => a + b, 0) : scenario.facilities[type].budget;
}
