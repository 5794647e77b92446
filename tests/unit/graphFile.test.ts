import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { graphFileName, readGraphFile, writeGraphFile } from '../../src/io/city/graphFile';
import { streetGraphOf } from '../../src/io/osm/graph';
import type { StreetGraph } from '../../src/engine/streets/graph';

const DATA = new URL('../../public/data/', import.meta.url);
const plain = (graph: StreetGraph) => ({
  format: graph.format,
  source: graph.source,
  lon: Array.from(graph.lon),
  lat: Array.from(graph.lat),
  edgeFrom: Array.from(graph.edgeFrom),
  edgeTo: Array.from(graph.edgeTo),
  edgeKind: Array.from(graph.edgeKind),
});

describe('the prebuilt street graphs of hosted cities', () => {
  const { cities } = JSON.parse(readFileSync(new URL('cities.json', DATA), 'utf8')) as { cities: string[] };

  test.each(cities)('%s ships the walking graph of its street file, exactly (npm run streets:prebuild)', (id) => {
    const folder = new URL(`${id}/`, DATA);
    const file = (JSON.parse(readFileSync(new URL('manifest.json', folder), 'utf8')) as { layers: { streets?: string } }).layers.streets;
    if (file === undefined) return;
    const shipped = readGraphFile(readFileSync(new URL(graphFileName(file), folder)));
    const built = streetGraphOf(file, readFileSync(new URL(file, folder)));
    expect(shipped.edgeFrom.length).toBeGreaterThan(1000);
    expect(plain(shipped)).toEqual(plain(built));
  });

  test('a graph file reads back as its graph; a damaged one is refused with the reason', () => {
    const graph = streetGraphOf('streets.osm.pbf', readFileSync(new URL('almaty/streets.osm.pbf', DATA)));
    const bytes = writeGraphFile(graph);
    expect(plain(readGraphFile(bytes))).toEqual(plain(graph));
    // Read from the middle of a larger buffer, as a fetch or a zip may give it.
    const inside = new Uint8Array(bytes.length + 3);
    inside.set(bytes, 3);
    expect(plain(readGraphFile(inside.subarray(3)))).toEqual(plain(graph));
    expect(() => readGraphFile(new TextEncoder().encode('<!doctype html><html></html>'))).toThrow('not a street graph file');
    expect(() => readGraphFile(bytes.subarray(0, bytes.length - 1))).toThrow(/has \d+ bytes, not the \d+ its header says/);
    const bad = bytes.slice();
    new DataView(bad.buffer).setInt32(bad.length - graph.edgeFrom.length * 5 - 4, graph.lon.length, true);
    expect(() => readGraphFile(bad)).toThrow(/segment \d+ names a node it does not have/);
  });
});
