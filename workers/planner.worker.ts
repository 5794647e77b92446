import * as Comlink from 'comlink';
import loadGlpk from 'glpk.js/node';
import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import type { MipProgress, SolverName } from '../src/engine/mip/solver';
import { partRunner, type PartHandle } from '../src/engine/planner/parts';
import type { PartRunner, PlannerResult, PlanUpdate } from '../src/engine/planner/solve';
import type { PartWorker } from './part.worker';
import { generateCandidates, type Candidate } from '../src/plan/candidates';
import { parseCity, type CityData, type CityFiles } from '../src/plan/city';
import { withImports, type ImportedData } from '../src/plan/imported';
import { fetchCityFiles } from '../src/plan/cityFiles';
import type { Scenario } from '../src/plan/scenario';
import { applyImport, type ImportChoice, type ImportOutcome } from '../src/io/import/applyImport';
import type { SharedPlan } from '../src/io/link/shareLink';
import { solvePlan, type PlanResult } from '../src/plan/solvePlan';
import { createGlpkSolver } from '../src/solvers/glpk';
import { createHighsSolver } from '../src/solvers/highs';
import { bbox } from '@turf/turf';
import { cropGraph, type StreetGraph, type StreetSource } from '../src/engine/streets/graph';
import { streetGraphOf } from '../src/io/osm/graph';
import { readGraph, removeGraph, writeGraph } from './streetStore';
import { offStreet } from '../src/plan/streets';

/**
 * The planner's worker: city data, candidates and solving, all off the main
 * thread. Errors cross the boundary as values, never as exceptions.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** The plan's independent parts, each in a worker of its own, as many at once as the machine has cores. */
function workerParts(solver: SolverName): PartRunner {
  return partRunner((part, options, callbacks): PartHandle => {
    const worker = new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module' });
    const remote = Comlink.wrap<PartWorker>(worker);
    const result = remote
      .solve(part, options, solver, Comlink.proxy((progress: MipProgress) => callbacks.onProgress?.(progress)), Comlink.proxy((update: PlanUpdate) => callbacks.onPlan?.(update)))
      .catch((error: unknown): PlannerResult => ({ status: 'error', objective: null, bound: null, gap: null, plan: null, before: null, reasons: [], message: String(error), seconds: 0 }))
      .finally(() => worker.terminate());
    return { result, stop: () => worker.terminate() };
  }, navigator.hardwareConcurrency || 2);
}

const solvers = {
  highs: createHighsSolver(() => loadHighs({ locateFile: () => highsWasm })),
  glpk: createGlpkSolver(() => loadGlpk()),
};

// The default solver loads while the planner looks at the map, so the first plan is not kept waiting for it.
void solvers.highs.prepare?.();

let demoFiles: Promise<CityFiles> | null = null;
let lastCity: { key: string; files: CityFiles; city: CityData; planned: Promise<CityData> | null } | null = null;
let streets: Promise<StreetGraph | null> | null = null;
/** Whether the network is the planner's own extract (known once `streets` has settled; kept here, not read again from IndexedDB). */
let ownStreets = false;
/** Why the city's streets could not be read, if they could not (the plan then uses straight lines, and says so). */
let streetsProblem: string | null = null;

const DEMO_STREETS = 'data/almaty/streets.osm.pbf';
const DEMO_SLOT = 'demo:almaty';
const PLANNER_SLOT = 'planner:almaty';

/**
 * The city's walking graph: the one the planner loaded, else the demo's,
 * built from its file once and kept in IndexedDB (rebuilt only when the file
 * changes: its size and date are the key).
 */
async function loadStreets(baseUrl: string): Promise<StreetGraph | null> {
  const own = await readGraph(PLANNER_SLOT);
  ownStreets = own !== null;
  if (own) return own.graph;
  try {
    const response = await fetch(new URL(DEMO_STREETS, baseUrl));
    if (!response.ok) throw new Error(`${DEMO_STREETS}: HTTP ${response.status}`);
    const key = `${response.headers.get('content-length')}|${response.headers.get('last-modified')}`;
    const kept = await readGraph(DEMO_SLOT);
    if (kept?.key === key) {
      void response.body?.cancel();
      return kept.graph;
    }
    const graph = streetGraphOf('streets.osm.pbf', new Uint8Array(await response.arrayBuffer()));
    // A cache that cannot be written only costs the next visit a second.
    await writeGraph(DEMO_SLOT, { key, graph }).catch(() => undefined);
    return graph;
  } catch (error) {
    streetsProblem = error instanceof Error ? error.message : String(error);
    return null;
  }
}

/**
 * The demo layers (fetched once) with the scenario's imports laid over them;
 * the last city is kept. Its streets come apart (plannedCity): the map and the
 * candidates need none, and need not wait for the street file to be read.
 */
async function cityFor(baseUrl: string, imported: ImportedData | undefined): Promise<NonNullable<typeof lastCity>> {
  demoFiles ??= fetchCityFiles(baseUrl);
  demoFiles.catch(() => (demoFiles = null));
  streets ??= loadStreets(baseUrl);
  const key = imported ? JSON.stringify(imported) : '';
  if (lastCity?.key !== key) {
    const files = withImports(await demoFiles, imported);
    lastCity = { key, files, city: parseCity(files), planned: null };
  }
  return lastCity;
}

/** The city as plans are made on it: with its walking graph (one object per city, so its network and snapped points are kept). */
async function plannedCity(baseUrl: string, imported: ImportedData | undefined): Promise<CityData> {
  const kept = await cityFor(baseUrl, imported);
  kept.planned ??= streets!.then((graph) => ({ ...kept.city, streets: graph }));
  return kept.planned;
}

/** The city's districts' bounding box, widened by `margin` metres (west, south, east, north). */
function cityBox(city: CityData, margin: number): [number, number, number, number] {
  const [west, south, east, north] = bbox(city.districtShapes);
  const dLat = margin / 111_320;
  const dLon = dLat / Math.cos((((south + north) / 2) * Math.PI) / 180);
  return [west - dLon, south - dLat, east + dLon, north + dLat];
}

/** A new street network for the city: the graph is built here, kept, and every later plan uses it. */
function replaceStreets(graph: StreetGraph | null): void {
  streets = Promise.resolve(graph);
  streetsProblem = null;
  lastCity = null;
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const planner = {
  /**
   * The layers of the city a scenario is planned on, imports merged (the
   * district lookups run here); the main thread parses them for the map.
   */
  cityFiles(baseUrl: string, imported: ImportedData | undefined): Promise<Outcome<CityFiles>> {
    return outcome(async () => (await cityFor(baseUrl, imported)).files);
  },

  /** Which street network plans use (or why there is none), and how many residents of the city live too far from it. */
  streetsInfo(baseUrl: string, imported: ImportedData | undefined, maxConnector: number): Promise<Outcome<StreetsInfo>> {
    return outcome(async () => {
      const city = await plannedCity(baseUrl, imported);
      const off = offStreet(city, maxConnector);
      return {
        source: city.streets?.source ?? null,
        ownFile: ownStreets,
        problem: streetsProblem,
        offStreetResidents: off.residents,
        offStreetPoints: off.points.length,
        residents: city.demand.residents.reduce((a, b) => a + b, 0),
      };
    });
  },

  /**
   * A current extract of the city from the planner (`.osm.pbf`, `.osm` or
   * GeoJSON), read and built here with progress, then kept in IndexedDB in
   * place of the demo's. A file that cannot be read changes nothing.
   */
  loadStreetFile(baseUrl: string, file: File, onProgress: (fraction: number) => void): Promise<Outcome<StreetSource>> {
    return outcome(async () => {
      const { city } = await cityFor(baseUrl, undefined);
      // A region's extract is cut to the city and 5 km around it.
      const graph = cropGraph(streetGraphOf(file.name, new Uint8Array(await file.arrayBuffer()), onProgress), cityBox(city, 5000));
      if (graph.edgeFrom.length === 0) throw new Error(`${file.name}: no street a pedestrian may use within the city`);
      try {
        await writeGraph(PLANNER_SLOT, { key: file.name, graph });
      } catch (error) {
        throw new Error(`${file.name} was read, but the browser refused to keep it (${error instanceof Error ? error.message : String(error)}); nothing changed`);
      }
      replaceStreets(graph);
      ownStreets = true;
      return graph.source;
    });
  },

  /** Back to the demo's streets. */
  resetStreets(baseUrl: string): Promise<Outcome<null>> {
    return outcome(async () => {
      await removeGraph(PLANNER_SLOT);
      streets = loadStreets(baseUrl);
      lastCity = null;
      return null;
    });
  },

  /** The city's walking graph for the map's streets layer (null without one); read once, kept in IndexedDB. */
  streetGraph(baseUrl: string): Promise<Outcome<StreetGraph | null>> {
    return outcome(async () => {
      streets ??= loadStreets(baseUrl);
      return streets;
    });
  },

  candidates(baseUrl: string, scenario: Scenario): Promise<Outcome<Candidate[]>> {
    return outcome(async () => generateCandidates((await cityFor(baseUrl, scenario.imported)).city, scenario));
  },

  /** `onPlan`: the first plan (the greedy's) and every better one, to show while the solver works; the plan's independent parts run in workers of their own. */
  solve(baseUrl: string, scenario: Scenario, onProgress: (progress: MipProgress) => void, onPlan?: (result: PlanResult) => void): Promise<Outcome<PlanResult>> {
    return outcome(async () => {
      const name = scenario.solver === 'glpk' ? 'glpk' : 'highs';
      const result = await solvePlan(await plannedCity(baseUrl, scenario.imported), scenario, solvers[name], { onProgress, onPlan, runPart: workerParts(name) });
      return Comlink.transfer(result, Object.values(result.served).map((served) => served!.buffer as ArrayBuffer));
    });
  },

  /** Reads and checks an imported file here, so that even a 50 MB file leaves the page responsive. */
  importFile(baseUrl: string, file: File, choice: ImportChoice, scenario: Scenario): Promise<Outcome<ImportOutcome>> {
    return outcome(async () => {
      demoFiles ??= fetchCityFiles(baseUrl);
      return applyImport(file.name, await file.text(), choice, scenario, await demoFiles);
    });
  },

  /**
   * A plan already found (from a link or a saved scenario), shown without
   * solving the MIP again: the sites are fixed and only the flows and KPIs are
   * computed. Status, bound and gap are those of the original solve.
   */
  evaluate(baseUrl: string, scenario: Scenario, plan: SharedPlan): Promise<Outcome<PlanResult>> {
    return outcome(async () => {
      const evaluated = await solvePlan(await plannedCity(baseUrl, scenario.imported), scenario, solvers.highs, { fixed: plan.open });
      if (evaluated.status !== 'optimal') throw new Error(`the plan does not fit its scenario (${evaluated.status})`);
      const result: PlanResult = { ...evaluated, status: plan.status, solver: plan.solver, objective: plan.objective, bound: plan.bound, gap: plan.gap, seconds: plan.seconds };
      return Comlink.transfer(result, Object.values(result.served).map((served) => served!.buffer as ArrayBuffer));
    });
  },
};

export type Planner = typeof planner;

export interface StreetsInfo {
  readonly source: StreetSource | null;
  /** The planner loaded this network (it replaces the demo's). */
  readonly ownFile: boolean;
  readonly problem: string | null;
  readonly offStreetResidents: number;
  readonly offStreetPoints: number;
  readonly residents: number;
}

Comlink.expose(planner);
