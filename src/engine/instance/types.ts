/**
 * A siting problem as the engine sees it, after validation: the benchmark
 * format `siting-instance/1` (see docs/FORMAT.md) normalised into typed arrays.
 */
export type ModelType = 'lscp' | 'mclp' | 'pmedian' | 'pcenter' | 'cfl';
export const MODEL_TYPES: readonly ModelType[] = ['lscp', 'mclp', 'pmedian', 'pcenter', 'cfl'];

export interface Period {
  readonly label: string;
  readonly budget: number;
}

export interface SitingModel {
  readonly type: ModelType;
  /** mclp: at most p new sites; pmedian, pcenter: exactly p new sites. */
  readonly p: number | null;
  /** Coverage distance, inclusive (d <= radius covers). */
  readonly radius: number | null;
  readonly budget: number | null;
  readonly capacitated: boolean;
  readonly assignment: 'split' | 'single';
  /** Phased mclp: one budget per period, in time order. */
  readonly periods: readonly Period[] | null;
  readonly carryOver: boolean;
  /** Fairness: every demand group must have at least this covered share. */
  readonly minGroupCoverage: number | null;
}

export interface Demand {
  readonly count: number;
  readonly weights: Float64Array;
  /** Phased instances: one weight array per period. */
  readonly weightsByPeriod: readonly Float64Array[] | null;
  /** One group label (e.g. a district) per demand point. */
  readonly groups: readonly string[] | null;
}

export interface Sites {
  readonly count: number;
  readonly costs: Float64Array | null;
  readonly capacities: Float64Array | null;
  /** Facilities already built: always open, free, not counted in p. */
  readonly existing: readonly number[];
  /** New sites that must be opened (they count in p and the budget). */
  readonly required: readonly number[];
  readonly forbidden: readonly number[];
}

export type Distances =
  /** Row-major m x n; Infinity where a site is unreachable. */
  | { readonly kind: 'matrix'; readonly values: Float64Array }
  | {
      readonly kind: 'graph';
      readonly nodes: number;
      /** Triples (u, v, length), repeated edges already resolved (the last one wins). */
      readonly edges: Float64Array;
      readonly demandNodes: Int32Array;
      readonly siteNodes: Int32Array;
    }
  /** Interleaved x, y pairs. */
  | { readonly kind: 'euclidean'; readonly demand: Float64Array; readonly sites: Float64Array }
  | { readonly kind: 'coverage'; readonly covers: readonly Int32Array[] };

export interface Reference {
  readonly objective: number;
  readonly status: string | null;
  readonly source: string | null;
}

export interface SitingInstance {
  readonly name: string;
  readonly source: string | null;
  readonly model: SitingModel;
  readonly demand: Demand;
  readonly sites: Sites;
  readonly distances: Distances;
  readonly reference: Reference | null;
}
