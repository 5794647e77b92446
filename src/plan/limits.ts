/**
 * The limits of every number in a scenario, in the units it is stored in
 * (shares as fractions, money in tenge). One source: the parser checks files,
 * links and storage against them, and the form's fields check what is typed.
 */
export interface Limits {
  readonly min: number;
  readonly max?: number;
}

export const LIMITS = {
  share: { min: 0, max: 1 },
  budget: { min: 0 },
  detourFactor: { min: 1, max: 3 },
  maxConnector: { min: 0, max: 2000 },
  timeLimit: { min: 1, max: 3600 },
  gap: { min: 0, max: 0.5 },
  startYear: { min: 2000, max: 2100 },
  growth: { min: -0.5, max: 1 },
  walkMinutes: { min: 1, max: 120 },
  walkSpeedKmh: { min: 1, max: 10 },
  normMetres: { min: 10, max: 20_000 },
  capacity: { min: 1 },
  unitCost: { min: 0 },
  candidateSpacing: { min: 100, max: 10_000 },
} as const satisfies Record<string, Limits>;
