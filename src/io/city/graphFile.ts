import { STREET_GRAPH_FORMAT, type StreetGraph, type StreetSource } from '../../engine/streets/graph';

/**
 * A walking graph as a file: what a hosted city ships beside its street
 * extract (`<streets file>.graph`, built by `npm run streets:prebuild`), so
 * that a first visit reads the graph's arrays as they are instead of reading
 * and building the extract (0.6-1 s of the worker on a busy machine).
 *
 * Layout: the bytes of MAGIC, a little-endian uint32 length, that many bytes
 * of a JSON header ({ source, nodes, edges }), zero padding to a multiple of
 * 8, then lon and lat (float64 x nodes), edgeFrom and edgeTo (int32 x edges)
 * and edgeKind (uint8 x edges), all little-endian.
 */
const MAGIC = 'siting-street-graph/1\n';

/** The prebuilt graph's name beside the street file it was built from. */
export const graphFileName = (streetsFile: string): string => `${streetsFile}.graph`;

interface Header {
  readonly source: StreetSource;
  readonly nodes: number;
  readonly edges: number;
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

export function writeGraphFile(graph: StreetGraph): Uint8Array {
  const magic = new TextEncoder().encode(MAGIC);
  const header = new TextEncoder().encode(JSON.stringify({ source: graph.source, nodes: graph.lon.length, edges: graph.edgeFrom.length } satisfies Header));
  const start = pad8(magic.length + 4 + header.length);
  const nodes = graph.lon.length;
  const edges = graph.edgeFrom.length;
  const bytes = new Uint8Array(start + nodes * 16 + edges * 9);
  const view = new DataView(bytes.buffer);
  bytes.set(magic, 0);
  view.setUint32(magic.length, header.length, true);
  bytes.set(header, magic.length + 4);
  let at = start;
  for (const values of [graph.lon, graph.lat]) for (let k = 0; k < nodes; k++, at += 8) view.setFloat64(at, values[k], true);
  for (const values of [graph.edgeFrom, graph.edgeTo]) for (let e = 0; e < edges; e++, at += 4) view.setInt32(at, values[e], true);
  bytes.set(graph.edgeKind, at);
  return bytes;
}

/** The graph a file holds; throws with the reason when it is not one (the caller then builds the graph from the street file). */
export function readGraphFile(bytes: Uint8Array): StreetGraph {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length < magic.length + 4 || magic.some((b, k) => bytes[k] !== b)) throw new Error('not a street graph file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(magic.length, true);
  if (magic.length + 4 + headerLength > bytes.length) throw new Error('the street graph file is cut short');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(magic.length + 4, magic.length + 4 + headerLength))) as Header;
  const { nodes, edges, source } = header;
  if (!Number.isInteger(nodes) || !Number.isInteger(edges) || nodes < 0 || edges < 0 || typeof source?.name !== 'string') throw new Error('the street graph file has a bad header');
  let at = pad8(magic.length + 4 + headerLength);
  if (at + nodes * 16 + edges * 9 !== bytes.length) throw new Error(`the street graph file has ${bytes.length} bytes, not the ${at + nodes * 16 + edges * 9} its header says`);
  const floats = () => {
    const values = new Float64Array(nodes);
    for (let k = 0; k < nodes; k++, at += 8) values[k] = view.getFloat64(at, true);
    return values;
  };
  const ints = () => {
    const values = new Int32Array(edges);
    for (let e = 0; e < edges; e++, at += 4) values[e] = view.getInt32(at, true);
    return values;
  };
  const lon = floats();
  const lat = floats();
  const edgeFrom = ints();
  const edgeTo = ints();
  const edgeKind = bytes.slice(at, at + edges);
  for (let e = 0; e < edges; e++) {
    if (edgeFrom[e] < 0 || edgeFrom[e] >= nodes || edgeTo[e] < 0 || edgeTo[e] >= nodes) throw new Error(`the street graph file's segment ${e} names a node it does not have`);
  }
  return { format: STREET_GRAPH_FORMAT, lon, lat, edgeFrom, edgeTo, edgeKind, source };
}
