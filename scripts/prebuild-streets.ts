/**
 * Builds the walking graph of every hosted city that has streets and writes
 * it beside the street file (public/data/<id>/<streets file>.graph), so that
 * the app reads the graph on a first visit instead of reading and building
 * the extract. Run again whenever a hosted street file changes; the unit test
 * tests/unit/graphFile.test.ts fails while a shipped graph differs from the
 * one built from its street file.
 * Run: npm run streets:prebuild
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { graphFileName, writeGraphFile } from '../src/io/city/graphFile';
import { streetGraphOf } from '../src/io/osm/graph';

const DATA = new URL('../public/data/', import.meta.url);
const { cities } = JSON.parse(readFileSync(new URL('cities.json', DATA), 'utf8')) as { cities: string[] };
for (const id of cities) {
  const folder = new URL(`${id}/`, DATA);
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', folder), 'utf8')) as { layers: { streets?: string } };
  const file = manifest.layers.streets;
  if (file === undefined) continue;
  const graph = streetGraphOf(file, readFileSync(new URL(file, folder)));
  const out = new URL(graphFileName(file), folder);
  const bytes = writeGraphFile(graph);
  writeFileSync(out, bytes);
  console.log(`${fileURLToPath(out)}: ${graph.lon.length} nodes, ${graph.edgeFrom.length} segments, ${bytes.length} bytes`);
}
