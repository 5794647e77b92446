import { housingCity, type HousingEstate } from '../src/plan/housing';
import * as Comlink from 'comlink';
import loadGlpk from 'glpk.js/node';
import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import type { MipProgress, MipSolver, SolverName } from '../src/engine/mip/solver';
import { boundedSolver, type SolverThread } from '../src/solvers/bounded';
import type { SolverWorker } from './solver.worker';
import { partRunner, type PartHandle } from '../src/engine/planner/parts';
import type { PartRunner, PlannerResult, PlanUpdate } from '../src/engine/planner/solve';
import type { PartWorker } from './part.worker';
import { generateCandidates, type Candidate } from '../src/plan/candidates';
import { parseCity, type CityData, type CityFiles } from '../src/plan/city';
import { withImports, type ImportedData } from '../src/plan/imported';
import { cityRef, scenarioOn, type Scenario } from '../src/plan/scenario';
import { readCityExtract, type CityExtract } from '../src/io/osm/extract';
import type { LayerRules } from '../src/io/osm/rules';
import { STREET_MARGIN, boundaryFields, buildCityPackage, osmLayers, type BuiltPackage, type GivenFile } from '../src/io/city/build';
import { memorySource, readCityPackage, readPackageStreets } from '../src/io/city/package';
import { widenedBox } from '../src/plan/geo';
import { districtGrowth } from '../src/io/city/manifest';
import { unzipPackage, zipPackage } from '../src/io/city/zip';
import type { BoundaryChoices, CityDraft, CityEntry, CityManifest, DraftMap, NewCityInput } from '../src/io/city/types';
import { cityPackage, forgetCity, hostedIds, listCities, packageFiles } from './cities';
import { removePackage, storePackage } from './cityStore';
import { applyImport, type ImportChoice, type ImportOutcome } from '../src/io/import/applyImport';
import type { SharedPlan } from '../src/io/link/shareLink';
import { solvePlan, type PlanResult } from '../src/plan/solvePlan';
import { budgetCurve, type BudgetCurve, type CurvePoint, type CurveTarget } from '../src/plan/curve';
import { createGlpkSolver } from '../src/solvers/glpk';
import { createHighsSolver } from '../src/solvers/highs';
import { bbox } from '@turf/bbox';
import { cropGraph, type StreetGraph, type StreetSource } from '../src/engine/streets/graph';
import { streetGraphOf } from '../src/io/osm/graph';
import { graphFileName, readGraphFile } from '../src/io/city/graphFile';
import { readGraph, removeGraph, writeGraph } from './streetStore';
import { keepStorageAsIs } from './database';
import { offStreet } from '../src/plan/streets';
import { robustCore, withoutSite, type Robustness, type WithoutSite } from '../src/plan/why';
import { modelFile, solveModel, type ModelFile, type ModelFormat, type SolvedModel } from '../src/plan/modelExport';
import { fileNameOf } from '../src/io/export/download';
import { forgetFeed, loadFeed, transitFeeds, transitMapOf, withTransit } from './transit';
import type { FeedSummary, TransitMap } from '../src/plan/transit';

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

/** A solver in a worker of its own (one per solver, kept between solves), stopped if it overruns its time limit (src/solvers/bounded.ts). */
const workerSolvers: Partial<Record<SolverName, MipSolver>> = {};
function workerSolver(name: SolverName): MipSolver {
  return (workerSolvers[name] ??= boundedSolver(name, (): SolverThread => {
    const worker = new Worker(new URL('./solver.worker.ts', import.meta.url), { type: 'module' });
    const remote = Comlink.wrap<SolverWorker>(worker);
    return {
      solve: (mip, options, onProgress) => remote.solve(name, mip, options, onProgress && Comlink.proxy(onProgress)),
      terminate: () => worker.terminate(),
    };
  }));
}

/** The scenario's solver ("auto" is HiGHS). */
function solverName(scenario: Scenario): 'highs' | 'glpk' {
  return scenario.solver === 'glpk' ? 'glpk' : 'highs';
}

// The default solver loads while the planner looks at the map, so the first plan is not kept waiting for it.
void solvers.highs.prepare?.();

/** The last city asked for, with the scenario's imports laid over it. */
let lastCity: { key: string; files: CityFiles; city: CityData; planned: Promise<CityData> | null } | null = null;
/** Per city id: its walking graph, whether it is the planner's own extract, and why it could not be read. */
const streets = new Map<string, Promise<StreetGraph | null>>();
const ownStreets = new Map<string, boolean>();
const streetsProblem = new Map<string, string>();

/** The planner's own extract for a city replaces the package's ("planner:almaty" is the slot of earlier versions). */
const plannerSlot = (id: string) => `planner:${id}`;
const packageSlot = (id: string) => `package:${id}`;

/** The city id a scenario's `data` names; a folder path is for the command line only. */
function cityId(data: string): string {
  const ref = cityRef(data);
  if (ref === null) throw new Error(`${JSON.stringify(data)} is not a city`);
  if (ref.kind === 'path') throw new Error(`this scenario refers to the city package in the folder "${ref.path}" next to its file: solve it with the command line, or import that package (.zip) here and choose the city`);
  return ref.id;
}

/**
 * A city's walking graph: the one the planner loaded, else its package's,
 * built from the street file once and kept in IndexedDB (rebuilt only when
 * the package changes).
 */
async function loadStreets(baseUrl: string, id: string): Promise<StreetGraph | null> {
  const own = await readGraph(plannerSlot(id));
  ownStreets.set(id, own !== null);
  if (own) return own.graph;
  try {
    const pkg = await cityPackage(baseUrl, id);
    const file = pkg.manifest.layers.streets;
    if (file === undefined) return null;
    let key = pkg.version;
    if (pkg.origin === 'hosted') {
      const prebuilt = await prebuiltGraph(baseUrl, id, file);
      if (prebuilt) return prebuilt;
      // A hosted file is known by its size and date, so it is not even downloaded again while unchanged.
      const response = await fetch(new URL(`data/${id}/${file}`, baseUrl));
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      key = `${response.headers.get('content-length')}|${response.headers.get('last-modified')}`;
      const kept = await readGraph(packageSlot(id));
      if (kept?.key === key) {
        void response.body?.cancel();
        return kept.graph;
      }
      const graph = streetGraphOf(file, new Uint8Array(await response.arrayBuffer()));
      // A cache that cannot be written only costs the next visit a second.
      await writeGraph(packageSlot(id), { key, graph }).catch(() => undefined);
      return graph;
    }
    const kept = await readGraph(packageSlot(id));
    if (kept?.key === key) return kept.graph;
    const graph = await readPackageStreets(pkg.source, pkg.manifest);
    if (graph) await writeGraph(packageSlot(id), { key, graph }).catch(() => undefined);
    return graph;
  } catch (error) {
    streetsProblem.set(id, error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** The graph a hosted city ships beside its street file (graphFile.ts), or null without one (the street file is then read and built). */
async function prebuiltGraph(baseUrl: string, id: string, file: string): Promise<StreetGraph | null> {
  try {
    const response = await fetch(new URL(`data/${id}/${graphFileName(file)}`, baseUrl));
    if (!response.ok) return null;
    return readGraphFile(new Uint8Array(await response.arrayBuffer()));
  } catch {
    return null;
  }
}

function cityStreets(baseUrl: string, id: string): Promise<StreetGraph | null> {
  let graph = streets.get(id);
  if (!graph) {
    streetsProblem.delete(id);
    graph = loadStreets(baseUrl, id);
    streets.set(id, graph);
  }
  return graph;
}

/**
 * The scenario's city (its package, read once) with the scenario's imports
 * laid over it; the last one is kept. Its streets come apart (plannedCity):
 * the map and the candidates need none, and need not wait for them.
 */
async function cityFor(baseUrl: string, data: string, imported: ImportedData | undefined, housing?: readonly HousingEstate[]): Promise<NonNullable<typeof lastCity>> {
  const id = cityId(data);
  const pkg = await cityPackage(baseUrl, id);
  void cityStreets(baseUrl, id);
  const key = `${id}|${pkg.version}|${imported ? JSON.stringify(imported) : ''}|${housing ? JSON.stringify(housing) : ''}`;
  if (lastCity?.key !== key) {
    const files = withImports(pkg.files, imported);
    lastCity = { key, files, city: housingCity(parseCity(files), housing), planned: null };
  }
  return lastCity;
}

/** The city as plans are made on it: with its walking graph (one object per city, so its network and snapped points are kept). */
async function plannedCity(baseUrl: string, data: string, imported: ImportedData | undefined, housing?: readonly HousingEstate[]): Promise<CityData> {
  const kept = await cityFor(baseUrl, data, imported, housing);
  kept.planned ??= cityStreets(baseUrl, cityId(data)).then((graph) => ({ ...kept.city, streets: graph }));
  return kept.planned;
}

/** The city a scenario is planned on: with its walking graph, its housing and its public transport. */
async function scenarioCity(baseUrl: string, scenario: Scenario): Promise<CityData> {
  return withTransit(baseUrl, await plannedCity(baseUrl, scenario.data, scenario.imported, scenario.housing), scenario);
}

/** A new street network for a city: every later plan uses it. */
function replaceStreets(id: string, graph: Promise<StreetGraph | null>): void {
  streets.set(id, graph);
  streetsProblem.delete(id);
  lastCity = null;
}

/** The OSM extract last read, kept so that choosing boundaries and building the city read a 100 MB file once (again only when the facility layers' tag rules change). */
let lastExtract: { key: string; read: CityExtract } | null = null;

async function extractOf(file: File, onProgress: (fraction: number) => void, layers: readonly LayerRules[] = osmLayers()): Promise<CityExtract> {
  const key = `${file.name}|${file.size}|${file.lastModified}|${JSON.stringify(layers, (_, value) => (value instanceof Set ? [...value] : value))}`;
  if (lastExtract?.key !== key) {
    lastExtract = null;
    lastExtract = { key, read: readCityExtract(file.name, new Uint8Array(await file.arrayBuffer()), onProgress, layers) };
  } else onProgress(1);
  return lastExtract.read;
}

async function given(file: File): Promise<GivenFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The package "New city" built, shown for review, kept only when the planner says so. */
let draft: { built: BuiltPackage; files: CityFiles } | null = null;

/** Keeps a package; its walking graph, when already built (to check the package), is kept with it rather than built again on the first plan. */
async function keepPackage(manifest: CityManifest, files: Record<string, Uint8Array>, what: string, graph: StreetGraph | null = null): Promise<CityEntry> {
  const saved = Date.now();
  try {
    await storePackage({ manifest, files, saved });
  } catch (error) {
    throw new Error(`${what} was read, but the browser refused to keep it (${error instanceof Error ? error.message : String(error)}); download its package to keep it, and import it again later`);
  }
  // The same key loadStreets looks for; a cache that cannot be written only costs the first plan a rebuild.
  if (graph) await writeGraph(packageSlot(manifest.id), { key: String(saved), graph }).catch(() => undefined);
  forgetCity(manifest.id);
  streets.delete(manifest.id);
  lastCity = null;
  return { id: manifest.id, name: manifest.name, origin: 'browser', attribution: manifest.attribution };
}

async function refuseHosted(baseUrl: string, id: string): Promise<void> {
  if ((await hostedIds(baseUrl)).includes(id)) throw new Error(`the id "${id}" is a city hosted with this app; give the new city another id`);
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The scenario as the app solves it, with its models and log (src/plan/modelExport.ts), for the
 * audit's export and as the base plan of "why this plan": one solve serves both (the last scenario is kept).
 */
let lastModel: { key: string; candidates: Candidate[]; solved: Promise<SolvedModel> } | null = null;

async function solvedModel(baseUrl: string, scenario: Scenario): Promise<{ solved: SolvedModel; candidates: Candidate[] }> {
  const key = JSON.stringify(scenario);
  if (lastModel?.key !== key) {
    const city = await scenarioCity(baseUrl, scenario);
    const candidates = generateCandidates(city, scenario);
    lastModel = { key, candidates, solved: solveModel(city, scenario, solvers[solverName(scenario)], { candidates }) };
  }
  const { solved, candidates } = lastModel;
  return solved.then(
    (model) => ({ solved: model, candidates }),
    (error: unknown) => {
      if (lastModel?.solved === solved) lastModel = null;
      throw error;
    },
  );
}

/** What the why questions need: the city, the solver, and the base plan with the candidates it was solved on (generated once, by the base solve). */
async function whyContext(baseUrl: string, scenario: Scenario) {
  const city = await scenarioCity(baseUrl, scenario);
  const name = solverName(scenario);
  const { solved, candidates } = await solvedModel(baseUrl, scenario);
  const base = solved.result;
  if (base.objective === null) throw new Error(base.message ?? `the scenario has no plan to explain (${base.status})`);
  return { city, solver: solvers[name], runPart: workerParts(name), candidates, base };
}

const planner = {
  /** A read-only view's worker (see keepStorageAsIs): called first, before anything reads a database. */
  viewOnly(): void {
    keepStorageAsIs();
  },

  /**
   * The layers of the city a scenario is planned on, imports merged (the
   * district lookups run here); the main thread parses them for the map.
   */
  cityFiles(baseUrl: string, data: string, imported: ImportedData | undefined): Promise<Outcome<CityFiles>> {
    return outcome(async () => (await cityFor(baseUrl, data, imported)).files);
  },

  /** The cities to choose from: hosted ones, then this browser's. */
  cities(baseUrl: string): Promise<Outcome<CityEntry[]>> {
    return outcome(() => listCities(baseUrl));
  },

  /** A new scenario on a city: the demo's norms and costs, the city's own districts' growth. */
  newScenario(baseUrl: string, data: string, name: string): Promise<Outcome<Scenario>> {
    return outcome(async () => {
      const pkg = await cityPackage(baseUrl, cityId(data));
      const ids = (pkg.files.districts as { features: { properties: { id: string } }[] }).features.map((f) => f.properties.id);
      return scenarioOn(data, Object.fromEntries(ids.map((id) => [id, districtGrowth(pkg.manifest, id)])), name);
    });
  },

  /** What a boundaries source offers: a GeoJSON file's property names, or an OSM extract's administrative levels with their areas. */
  boundaryChoices(source: { from: 'file' | 'osm'; file: File }, onProgress: (fraction: number) => void): Promise<Outcome<BoundaryChoices>> {
    return outcome(async () => {
      if (source.from === 'file') return { from: 'file' as const, ...boundaryFields(await given(source.file)) };
      const extract = await extractOf(source.file, onProgress);
      const levels = new Map<number, string[]>();
      for (const boundary of extract.boundaries) {
        const names = levels.get(boundary.level) ?? [];
        names.push(boundary.names.name || boundary.names.en || boundary.osmId);
        levels.set(boundary.level, names);
      }
      if (levels.size === 0) throw new Error(`${source.file.name}: has no administrative boundaries (boundary=administrative relations); give the boundaries as a GeoJSON file`);
      return { from: 'osm' as const, levels: [...levels].sort((a, b) => a[0] - b[0]).map(([level, names]) => ({ level, names })) };
    });
  },

  /**
   * Builds a city package from the planner's files, for review: nothing is
   * kept until saveDraft. A refusal lists every problem, one per line.
   */
  draftCity(baseUrl: string, input: NewCityInput, onProgress: (fraction: number, stage: string) => void): Promise<Outcome<CityDraft>> {
    return outcome(async () => {
      draft = null;
      await refuseHosted(baseUrl, input.id);
      // The facility layers' tag rules are checked before the extract is read: the reader decodes only the keys they name.
      const layers = input.facilities.from === 'osm' ? osmLayers(input.facilities.layers) : undefined;
      const extract = input.osm ? { name: input.osm.name, read: await extractOf(input.osm, (f) => onProgress(0.5 * f, 'osm'), layers) } : undefined;
      const built = await buildCityPackage(
        {
          id: input.id,
          name: input.name,
          attribution: input.attribution,
          boundaries: input.boundaries.from === 'file' ? { from: 'file', file: await given(input.boundaries.file), nameField: input.boundaries.nameField } : input.boundaries,
          population: { ...input.population, file: await given(input.population.file) },
          facilities:
            input.facilities.from === 'osm'
              ? input.facilities
              : {
                  from: 'files',
                  schools: input.facilities.schools && (await given(input.facilities.schools)),
                  health: input.facilities.health && (await given(input.facilities.health)),
                  containers: input.facilities.containers && (await given(input.facilities.containers)),
                },
          extract,
          streets: input.streets,
          schoolCapacity: input.schoolCapacity,
          growth: input.growth,
        },
        (fraction, stage) => onProgress(extract ? 0.5 + 0.5 * fraction : fraction, stage),
      );
      draft = { built, files: built.layers };
      return built.draft;
    });
  },

  /** The draft for the review's map: shapes, and the points as typed arrays (transferred, not copied). */
  draftMap(): Promise<Outcome<DraftMap>> {
    return outcome(async () => {
      if (!draft) throw new Error('there is no city being built');
      const city = parseCity(draft.files);
      const points = (layer: string, set: CityData['layers'][string]) => Array.from({ length: set.count }, (_, k) => ({ layer, lon: set.lon[k], lat: set.lat[k], name: set.names[k] }));
      const map: DraftMap = {
        districtShapes: city.districtShapes,
        districts: city.districts.map((district) => ({ id: district.id, names: district.names })),
        demand: { lon: city.demand.lon, lat: city.demand.lat, residents: city.demand.residents },
        facilities: Object.entries(city.layers).flatMap(([layer, set]) => points(layer, set)),
      };
      return Comlink.transfer(map, [map.demand.lon.buffer as ArrayBuffer, map.demand.lat.buffer as ArrayBuffer, map.demand.residents.buffer as ArrayBuffer]);
    });
  },

  /** Keeps the draft in this browser; a refusal (quota, private mode) says so, and the package can still be downloaded. */
  saveDraft(): Promise<Outcome<CityEntry>> {
    return outcome(async () => {
      if (!draft) throw new Error('there is no city being built');
      const entry = await keepPackage(draft.built.draft.manifest, draft.built.files(), draft.built.draft.manifest.name.en);
      return entry;
    });
  },

  /** A city's package as one zip file (null: the draft). */
  exportCity(baseUrl: string, id: string | null): Promise<Outcome<{ fileName: string; bytes: Uint8Array }>> {
    return outcome(async () => {
      const files = id === null ? draft?.built.files() : await packageFiles(await cityPackage(baseUrl, id));
      if (!files) throw new Error('there is no city being built');
      const name = id ?? draft!.built.draft.manifest.id;
      const bytes = zipPackage(files);
      return Comlink.transfer({ fileName: `${name}.city.zip`, bytes }, [bytes.buffer as ArrayBuffer]);
    });
  },

  /** A package zip from a planner: checked whole (every problem named), then kept; nothing changes when it is refused. */
  importCity(baseUrl: string, file: File): Promise<Outcome<CityEntry>> {
    return outcome(async () => {
      const files = unzipPackage(file.name, new Uint8Array(await file.arrayBuffer()));
      const { manifest } = await readCityPackage(memorySource(files), file.name);
      await refuseHosted(baseUrl, manifest.id);
      const graph = await readPackageStreets(memorySource(files), manifest);
      return keepPackage(manifest, files, file.name, graph);
    });
  },

  /** Removes a city kept in this browser (hosted ones cannot be). */
  removeCity(baseUrl: string, id: string): Promise<Outcome<null>> {
    return outcome(async () => {
      await refuseHosted(baseUrl, id);
      await removePackage(id);
      await removeGraph(packageSlot(id)).catch(() => undefined);
      forgetCity(id);
      streets.delete(id);
      lastCity = null;
      return null;
    });
  },

  /** Which street network plans use (or why there is none), and how many residents of the city live too far from it. */
  streetsInfo(baseUrl: string, data: string, imported: ImportedData | undefined, maxConnector: number): Promise<Outcome<StreetsInfo>> {
    return outcome(async () => {
      const city = await plannedCity(baseUrl, data, imported);
      const off = offStreet(city, maxConnector);
      const id = cityId(data);
      return {
        source: city.streets?.source ?? null,
        ownFile: ownStreets.get(id) ?? false,
        problem: streetsProblem.get(id) ?? null,
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
  loadStreetFile(baseUrl: string, data: string, file: File, onProgress: (fraction: number) => void): Promise<Outcome<StreetSource>> {
    return outcome(async () => {
      const id = cityId(data);
      const { city } = await cityFor(baseUrl, data, undefined);
      // A region's extract is cut to the city and 5 km around it.
      const graph = cropGraph(streetGraphOf(file.name, new Uint8Array(await file.arrayBuffer()), onProgress), widenedBox(bbox(city.districtShapes), STREET_MARGIN));
      if (graph.edgeFrom.length === 0) throw new Error(`${file.name}: no street a pedestrian may use within the city`);
      try {
        await writeGraph(plannerSlot(id), { key: file.name, graph });
      } catch (error) {
        throw new Error(`${file.name} was read, but the browser refused to keep it (${error instanceof Error ? error.message : String(error)}); nothing changed`);
      }
      replaceStreets(id, Promise.resolve(graph));
      ownStreets.set(id, true);
      return graph.source;
    });
  },

  /** Back to the city package's own streets. */
  resetStreets(baseUrl: string, data: string): Promise<Outcome<null>> {
    return outcome(async () => {
      const id = cityId(data);
      await removeGraph(plannerSlot(id));
      streets.delete(id);
      lastCity = null;
      void cityStreets(baseUrl, id);
      return null;
    });
  },

  /** The city's walking graph for the map's streets layer (null without one); read once, kept in IndexedDB. */
  /** The GTFS feeds kept in this browser, and whether the city's package has its own. */
  transitFeeds(baseUrl: string, data: string): Promise<Outcome<{ feeds: FeedSummary[]; packageFeed: boolean }>> {
    return outcome(() => transitFeeds(baseUrl, data));
  },

  /** Reads a GTFS feed (.zip) and keeps it; a bad feed is refused with its file, line and field, and nothing is kept. */
  loadFeed(file: File, onProgress: (fraction: number) => void): Promise<Outcome<FeedSummary>> {
    return outcome(() => loadFeed(file, onProgress));
  },

  removeFeed(name: string): Promise<Outcome<null>> {
    return outcome(async () => (await forgetFeed(name), null));
  },

  /** A feed's routes and stops, for the map. */
  transitMap(baseUrl: string, data: string, gtfs: string): Promise<Outcome<TransitMap>> {
    return outcome(() => transitMapOf(baseUrl, data, gtfs));
  },

  streetGraph(baseUrl: string, data: string): Promise<Outcome<StreetGraph | null>> {
    return outcome(() => cityStreets(baseUrl, cityId(data)));
  },

  candidates(baseUrl: string, scenario: Scenario): Promise<Outcome<Candidate[]>> {
    return outcome(async () => generateCandidates((await cityFor(baseUrl, scenario.data, scenario.imported, scenario.housing)).city, scenario));
  },

  /**
   * `onPlan`: the first plan (the greedy's) and every better one, to show while the solver works; the plan's
   * independent parts run in workers of their own. `deadline` (Date.now() milliseconds): when the answer is
   * due, the time limit counted from the planner's click (loading the city is inside it).
   */
  solve(baseUrl: string, scenario: Scenario, onProgress: (progress: MipProgress) => void, onPlan?: (result: PlanResult) => void, deadline?: number): Promise<Outcome<PlanResult>> {
    return outcome(async () => {
      const name = solverName(scenario);
      const result = await solvePlan(await scenarioCity(baseUrl, scenario), scenario, solvers[name], { onProgress, onPlan, runPart: workerParts(name), deadline });
      return Comlink.transfer(result, Object.values(result.served).map((served) => served!.buffer as ArrayBuffer));
    });
  },

  /** Why this plan: the best plan without one of its new sites, and what that costs (the scenario's optimum is solved first, once). */
  withoutSite(baseUrl: string, scenario: Scenario, siteId: string): Promise<Outcome<WithoutSite>> {
    return outcome(async () => {
      const { city, solver, runPart, candidates, base } = await whyContext(baseUrl, scenario);
      return withoutSite(city, scenario, solver, base, siteId, { runPart, candidates });
    });
  },

  /** Every new site forbidden in turn: its loss and whether every plan within 1% of the optimum needs it; `onSite` as each is known. */
  robustCore(baseUrl: string, scenario: Scenario, onSite: (result: WithoutSite & { robustness: Robustness }, index: number, of: number) => void): Promise<Outcome<Array<WithoutSite & { robustness: Robustness }>>> {
    return outcome(async () => {
      const { city, solver, runPart, candidates, base } = await whyContext(baseUrl, scenario);
      return robustCore(city, scenario, solver, base, { runPart, candidates, onSite });
    });
  },

  /**
   * The audit: the exact model the scenario's solve sends to the solver, as
   * CPLEX LP or free MPS (a zip with one file per independent part), or the
   * solve's log. One solve serves all three (and the why questions' base plan).
   */
  exportModel(baseUrl: string, scenario: Scenario, format: ModelFormat): Promise<Outcome<ModelFile>> {
    return outcome(async () => {
      const { solved } = await solvedModel(baseUrl, scenario);
      const file = modelFile(solved, format, fileNameOf(scenario.name, 'plan'));
      return 'bytes' in file ? Comlink.transfer(file, [file.bytes.buffer as ArrayBuffer]) : file;
    });
  },

  /**
   * The budget-coverage curve (src/plan/curve.ts), each point reported as it
   * is solved. The app runs it on a planner worker of its own, so that Cancel
   * stops only the curve.
   */
  budgetCurve(baseUrl: string, scenario: Scenario, target: CurveTarget, points: number, onPoint: (point: CurvePoint, index: number, of: number) => void): Promise<Outcome<BudgetCurve>> {
    return outcome(async () => {
      // Each of the curve's solves in a worker that is stopped if it overruns: HiGHS, past its limit in a phase that
      // does not look at the clock, once held the curve's first point for good (src/solvers/bounded.ts).
      return budgetCurve(await scenarioCity(baseUrl, scenario), scenario, workerSolver(solverName(scenario)), { target, points, onPoint });
    });
  },

  /** Reads and checks an imported file here, so that even a 50 MB file leaves the page responsive. */
  importFile(baseUrl: string, file: File, choice: ImportChoice, scenario: Scenario): Promise<Outcome<ImportOutcome>> {
    return outcome(async () => {
      // Imports replace the city's own layers, so they are checked against the package as it is.
      const pkg = await cityPackage(baseUrl, cityId(scenario.data));
      return applyImport(file.name, await file.text(), choice, scenario, pkg.files);
    });
  },

  /**
   * A plan already found (from a link or a saved scenario), shown without
   * solving the MIP again: the sites are fixed and only the flows and KPIs are
   * computed. Status, bound and gap are those of the original solve.
   */
  evaluate(baseUrl: string, scenario: Scenario, plan: SharedPlan): Promise<Outcome<PlanResult>> {
    return outcome(async () => {
      const evaluated = await solvePlan(await scenarioCity(baseUrl, scenario), scenario, solvers.highs, { fixed: plan.open });
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
