/**
 * Street ways as read from OpenStreetMap (`.osm.pbf`, `.osm` XML) or from
 * GeoJSON LineStrings carrying OSM tags: the parsers in src/io/osm produce
 * this, and the graph builder (graph.ts) turns it into a walking graph. Only
 * ways with a `highway` tag are kept, and only the nodes they use.
 */
export interface WayTags {
  readonly highway: string;
  readonly foot?: string;
  readonly access?: string;
  readonly oneway?: string;
  readonly maxspeed?: string;
  readonly bridge?: string;
  readonly tunnel?: string;
  /** `sidewalk`, `sidewalk:both`, `sidewalk:left` or `sidewalk:right` (the first present). */
  readonly sidewalk?: string;
  readonly area?: string;
}

export interface StreetWays {
  /** Node coordinates in degrees (WGS 84), nodes numbered 0..n-1. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Way k runs through nodes wayNodes[wayStart[k]] .. wayNodes[wayStart[k + 1] - 1]. */
  readonly wayStart: Int32Array;
  readonly wayNodes: Int32Array;
  readonly tags: WayTags[];
  /** What the file says of itself: its newest object timestamp (ISO date) where known, and its bounding box. */
  readonly newest: string | null;
  readonly bbox: readonly [number, number, number, number] | null;
}

/** Progress of a long read: a fraction of the file's bytes. */
export type ReadProgress = (fraction: number) => void;

export const ROUTING_TAGS = ['highway', 'foot', 'access', 'oneway', 'maxspeed', 'bridge', 'tunnel', 'sidewalk', 'area'] as const;
