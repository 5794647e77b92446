/**
 * A facility type as a scenario holds it: its id, its name, who needs it, and
 * the settings every type has. The types the app offers ready-made are
 * src/plan/presets.ts; the scenario (src/plan/scenario.ts) holds any number.
 */

/** A facility type's id: `[a-z][a-z0-9_]*`, at most 32 characters (src/plan/presets.ts names the ready-made ones). */
export type FacilityType = string;
export const TYPE_ID = /^[a-z][a-z0-9_]{0,31}$/;

/** A type's name in the app's three languages. */
export interface TypeLabel {
  readonly en: string;
  readonly ru: string;
  readonly kk: string;
}

/** The people in a population cell a facility type serves: residents, children 6-17 or households, times a share. */
export type DemandOf = 'residents' | 'children' | 'households';
export const DEMAND_OF: readonly DemandOf[] = ['residents', 'children', 'households'];

/**
 * Who needs a type: `of` times `share` (default 1), or a numeric property of
 * the population layer. With both, the property where the layer has it and
 * `of` times `share` where it does not (the kindergarten: children 1-6, or a
 * share of residents).
 */
export interface TypeDemand {
  readonly of?: DemandOf;
  readonly share?: number;
  readonly property?: string;
}

export type NormKind = 'walk' | 'distance' | 'walkOrTransit';
export const NORM_KINDS: readonly NormKind[] = ['walk', 'distance', 'walkOrTransit'];

export interface FacilitySettings {
  /** The planner's name for the type; absent for a preset's own (translated) name. */
  readonly label?: TypeLabel;
  /** Who needs it; absent: the preset's. */
  readonly demand?: TypeDemand;
  /** The city layer of its existing facilities ("schools", "health", "kindergartens", ...); null for none; absent: the preset's. */
  readonly existing?: string | null;
  /** Where candidates stand: a grid at candidateSpacing, or the population cells; absent: the preset's (a grid). */
  readonly sites?: 'grid' | 'cells';
  /** Counted among the services every resident should reach ("reaches them all"); absent: yes. */
  readonly essential?: boolean;
  readonly enabled: boolean;
  /**
   * How the access norm is given: walking time, a straight distance, or walking time on foot or by public
   * transport (the scenario's `transit`; without it, on foot).
   */
  readonly normKind: NormKind;
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
