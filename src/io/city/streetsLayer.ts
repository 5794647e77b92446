import { walkable } from '../../engine/streets/graph';
import type { StreetWays, WayTags } from '../../engine/streets/ways';
import { concat, frame, headerBlock, primitiveBlock } from '../osm/write';

/**
 * The street ways of an extract within a box (west, south, east, north;
 * degrees): each way's runs of at least two consecutive nodes inside the box,
 * way[p] the way piece p comes from and wayNodes[start[p] .. end[p]) its
 * nodes. A way inside the box is one piece; only a way crossing its edge is
 * cut. The walking graph of the pieces is the extract's graph cut to the box
 * (cropGraph keeps the segments with both ends inside). Flat typed arrays: a
 * region's extract has millions of ways.
 */
export interface StreetPieces {
  readonly count: number;
  readonly way: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

export function streetPieces(ways: StreetWays, box: readonly [number, number, number, number]): StreetPieces {
  const [west, south, east, north] = box;
  const inside = new Uint8Array(ways.lon.length);
  for (let k = 0; k < inside.length; k++) inside[k] = ways.lon[k] >= west && ways.lon[k] <= east && ways.lat[k] >= south && ways.lat[k] <= north ? 1 : 0;
  // Two passes, counting then filling, so a region's extract needs no arrays sized by its way nodes.
  const runs = (piece: (w: number, from: number, to: number) => void) => {
    for (let w = 0; w < ways.tags.length; w++) {
      let run = -1;
      const last = ways.wayStart[w + 1];
      for (let k = ways.wayStart[w]; k < last; k++) {
        if (inside[ways.wayNodes[k]]) {
          if (run < 0) run = k;
        } else if (run >= 0) {
          if (k - run >= 2) piece(w, run, k);
          run = -1;
        }
      }
      if (run >= 0 && last - run >= 2) piece(w, run, last);
    }
  };
  let count = 0;
  runs(() => count++);
  const way = new Int32Array(count);
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  let p = 0;
  runs((w, from, to) => {
    way[p] = w;
    start[p] = from;
    end[p++] = to;
  });
  return { count, way, start, end };
}

/** The OpenStreetMap ways among the pieces a pedestrian may use, each counted once however it was cut. */
export function walkableWays(ways: StreetWays, pieces: StreetPieces): number {
  let count = 0;
  for (let p = 0; p < pieces.count; p++) if ((p === 0 || pieces.way[p] !== pieces.way[p - 1]) && walkable(ways.tags[pieces.way[p]])) count++;
  return count;
}

/**
 * The street layer of a package built in the browser: the extract's street
 * ways within the city's box written back as an OpenStreetMap extract
 * (.osm.pbf), each with the tags the walking rules read (highway, foot,
 * access, sidewalk, bridge, ...), so the streets reader builds the same
 * walking graph from it and counts the extract's ways, steps and paths as
 * they are. The network's date is the first way's.
 */
export function streetsPbf(ways: StreetWays, pieces: StreetPieces): Uint8Array {
  const newest = ways.newest ? Date.parse(`${ways.newest}T00:00:00Z`) / 1000 : null;
  // The nodes the pieces use, numbered 1..n in order of first use.
  const id = new Int32Array(ways.lon.length);
  const order: number[] = [];
  for (let p = 0; p < pieces.count; p++) {
    for (let k = pieces.start[p]; k < pieces.end[p]; k++) {
      const node = ways.wayNodes[k];
      if (id[node] === 0) {
        order.push(node);
        id[node] = order.length;
      }
    }
  }
  const parts = [...frame('OSMHeader', headerBlock())];
  for (let first = 0; first < order.length; first += BLOCK) {
    const count = Math.min(BLOCK, order.length - first);
    parts.push(
      ...frame(
        'OSMData',
        primitiveBlock((group) =>
          group.writeMessage(
            2,
            (_: null, dense) => {
              // Ids 1..n, so every id step is 1; coordinates delta-coded in 1e-7 degrees.
              dense.writePackedSVarint(1, [first + 1, ...new Array<number>(count - 1).fill(1)]);
              dense.writePackedSVarint(8, deltaE7(ways.lat, order, first, count));
              dense.writePackedSVarint(9, deltaE7(ways.lon, order, first, count));
            },
            null,
          ),
        ),
      ),
    );
  }
  // A way per piece, written field by field.
  for (let first = 0; first < pieces.count; first += BLOCK) {
    const last = Math.min(first + BLOCK, pieces.count);
    parts.push(
      ...frame(
        'OSMData',
        primitiveBlock((group, strings) => {
          // Ways share a few thousand tag sets (the reader shares equal ones): each is looked up once a block.
          const coded = new Map<WayTags, [number[], number[]]>();
          for (let p = first; p < last; p++) {
            const tags = ways.tags[pieces.way[p]];
            let kv = coded.get(tags);
            if (kv === undefined) {
              const entries = Object.entries(tags).filter(([, value]) => value !== undefined) as [string, string][];
              kv = [entries.map(([key]) => strings.id(key)), entries.map(([, value]) => strings.id(value))];
              coded.set(tags, kv);
            }
            group.writeMessage(
              3,
              (_: null, way) => {
                way.writeVarintField(1, p + 1);
                way.writePackedVarint(2, kv[0]);
                way.writePackedVarint(3, kv[1]);
                if (p === 0 && newest !== null) way.writeMessage(4, (__: null, info) => info.writeVarintField(2, newest), null);
                // Node ids delta-coded.
                const steps: number[] = [];
                let previous = 0;
                for (let k = pieces.start[p]; k < pieces.end[p]; k++) {
                  const node = id[ways.wayNodes[k]];
                  steps.push(node - previous);
                  previous = node;
                }
                way.writePackedSVarint(8, steps);
              },
              null,
            );
          }
        }),
      ),
    );
  }
  return concat(parts);
}

const BLOCK = 8000;

function deltaE7(values: Float64Array, order: readonly number[], first: number, count: number): number[] {
  const out = new Array<number>(count);
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const e7 = Math.round(values[order[first + i]] * 1e7);
    out[i] = e7 - previous;
    previous = e7;
  }
  return out;
}
