/**
 * A planner's scenario: what to build, under which norms, costs and budget,
 * towards which objective. Plain, versioned JSON: the same object is saved in
 * the browser, written to a file and carried by a share link.
 */
import { coversDemand } from '../engine/planner/instance';
import type { ImportedData } from './imported';

export const SCENARIO_FORMAT = 'siting-scenario/1';

export type FacilityType = 'school' | 'polyclinic' | 'container';
export const FACILITY_TYPES: readonly FacilityType[] = ['school', 'polyclinic', 'container'];

export type Objective = 'maxCoverage' | 'minCost' | 'minTravel' | 'minWorst';
export const OBJECTIVES: readonly Objective[] = ['maxCoverage', 'minCost', 'minTravel', 'minWorst'];

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

export interface FacilitySettings {
  readonly enabled: boolean;
  /** How the access norm is given: walking time, or a straight distance. */
  readonly normKind: 'walk' | 'distance';
  readonly walkMinutes: number;
  readonly walkSpeedKmh: number;
  readonly normMetres: number;
  /** People one facility serves: pupil places, residents (visits per shift converted), or households. */
  readonly capacity: number;
  /** Whether coverage respects capacity (a school's places are not infinite). */
  readonly capacitated: boolean;
  /** Cost of one new facility, tenge. */
  readonly unitCost: number;
  /** Spacing of the candidate grid, metres (container sites use the population cells instead). */
  readonly candidateSpacing: number;
  /** The type's own budget, tenge, when budgets are per type. */
  readonly budget: number;
  /** Extending existing facilities (schools: an annex; polyclinics: added capacity), chosen beside new sites. */
  readonly extension: ExtensionSettings;
}

/**
 * An extension of an existing facility: `places` more people served (pupil
 * places, residents) at the facility's own position for `cost` tenge; at most
 * one per facility. Only schools and polyclinics have them (container sites:
 * never; a file asking for them is refused). Files without the field open
 * with extensions off, as they were solved.
 *
 * The defaults are a planner's assumptions, not published figures: the city's
 * programme counts "23 schools and annexes (жапсаржай) for 16.9 thousand
 * places" in 2022-2025 without an annex's size or cost (DOMAIN.md). A school
 * annex is taken as 300 places at a new school's 4.33 mn tenge a place (5.2 bn
 * for 1,200) without land, since it stands on the school's plot: 1.3 bn. A
 * polyclinic extension is a quarter of a polyclinic: a quarter of its
 * capacity (24,600 residents) for a quarter of its cost (2 bn).
 *
 * An extension adds only capacity, never reach: it is worth something only
 * where capacity binds (capacitated coverage, or capacitated travel).
 */
export interface ExtensionSettings {
  readonly enabled: boolean;
  /** People the extension adds to the facility's capacity. */
  readonly places: number;
  /** Cost of one extension, tenge. */
  readonly cost: number;
}

/** Types whose existing facilities may be extended. */
export const EXTENDABLE_TYPES: readonly FacilityType[] = ['school', 'polyclinic'];

/** The default extension of each type (switched off; see ExtensionSettings for the assumptions). */
export const DEFAULT_EXTENSIONS: Readonly<Record<FacilityType, ExtensionSettings>> = {
  school: { enabled: false, places: 300, cost: 1.3e9 },
  polyclinic: { enabled: false, places: 6150, cost: 0.5e9 },
  // Never used (container sites are not extended); present so every type has the same shape.
  container: { enabled: false, places: 83, cost: 3.175e6 },
};

export interface AddedCandidate {
  readonly id: string;
  readonly type: FacilityType;
  readonly lon: number;
  readonly lat: number;
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
    facilities: {
      school: {
        enabled: true,
        normKind: 'walk',
        walkMinutes: 15,
        walkSpeedKmh: 4.5,
        normMetres: 1000,
        capacity: 1200,
        capacitated: true,
        unitCost: 5.2e9,
        candidateSpacing: 800,
        // 10 schools.
        budget: 52e9,
        extension: DEFAULT_EXTENSIONS.school,
      },
      polyclinic: {
        enabled: true,
        normKind: 'distance',
        walkMinutes: 15,
        walkSpeedKmh: 5,
        // 15 minutes by public transport, about 3 km.
        normMetres: 3000,
        // 500 visits per shift at the norm of 203 visits per 10,000 residents.
        capacity: 24_600,
        capacitated: true,
        unitCost: 2e9,
        candidateSpacing: 1500,
        // 8 polyclinics for 16 bn, as in the city's programme.
        budget: 16e9,
        extension: DEFAULT_EXTENSIONS.polyclinic,
      },
      container: {
        enabled: true,
        normKind: 'distance',
        walkMinutes: 2,
        walkSpeedKmh: 4,
        normMetres: 100,
        // 4.5 containers per site; 0.55 kg a resident a day, 3.3 residents a household.
        capacity: 330,
        capacitated: true,
        unitCost: 12.7e6,
        candidateSpacing: 500,
        // About 770 sites, as the 772 underground sites planned for 2023-24.
        budget: 9.8e9,
        extension: DEFAULT_EXTENSIONS.container,
      },
    },
    candidates: { added: [], required: [], forbidden: [] },
    solver: 'auto',
    timeLimit: 30,
    gap: 0,
    phases: {
      enabled: false,
      startYear: 2026,
      yearBudgets: [16e9, 16e9, 16e9, 16e9, 16e9],
      // The demo's per-type budgets spread evenly over five years.
      typeYearBudgets: { school: [10.4e9, 10.4e9, 10.4e9, 10.4e9, 10.4e9], polyclinic: [3.2e9, 3.2e9, 3.2e9, 3.2e9, 3.2e9], container: [1.96e9, 1.96e9, 1.96e9, 1.96e9, 1.96e9] },
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
  return cityHasStreets && scenario.routing === 'streets' && scenario.facilities[type].normKind === 'walk';
}

export function enabledTypes(scenario: Scenario): FacilityType[] {
  return FACILITY_TYPES.filter((type) => scenario.facilities[type].enabled);
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
export function totalBudget(scenario: Scenario, type: FacilityType): number {
  const phased = scenario.phases.enabled;
  if (scenario.budgetMode === 'shared') return phased ? scenario.phases.yearBudgets.reduce((a, b) => a + b, 0) : scenario.budget;
  return phased ? scenario.phases.typeYearBudgets[type].reduce((a, b) => a + b, 0) : scenario.facilities[type].budget;
}
