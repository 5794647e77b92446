/**
 * The city package (docs/CITY-PACKAGE.md): a folder with `manifest.json` and
 * its layers. Hosted packages live under public/data/<id>/ and are listed in
 * public/data/cities.json; packages built in the browser are kept in
 * IndexedDB as the same files, and exported as one zip of them.
 */
export const CITY_FORMAT = 'siting-city/1';

export interface CityNames {
  readonly en: string;
  readonly ru: string;
  readonly kk: string;
}

export type CityLayer = 'districts' | 'population' | 'schools' | 'health' | 'containers' | 'exclusions' | 'streets' | 'transit';
export const CITY_LAYER_NAMES: readonly CityLayer[] = ['districts', 'population', 'schools', 'health', 'containers', 'exclusions', 'streets', 'transit'];

export interface CityManifest {
  readonly format: typeof CITY_FORMAT;
  /** Lower-case letters, digits and hyphens; a scenario names the city as `city:<id>`. */
  readonly id: string;
  readonly name: CityNames;
  readonly attribution: string;
  /**
   * File names inside the package; districts and population are required.
   * Any other name (a lower-case latin letter, then letters, digits or _, up
   * to 32: "kindergartens") is a further point layer of existing facilities
   * that a scenario's facility type may name (extraLayers, src/io/city/manifest.ts).
   */
  readonly layers: { readonly districts: string; readonly population: string } & Partial<Record<Exclude<CityLayer, 'districts' | 'population'>, string>> & { readonly [extra: string]: string | undefined };
  /** Where the population data come from, with its licence, as the planner gave it ("WorldPop (www.worldpop.org), CC BY 4.0"); absent when not stated. */
  readonly populationSource?: string;
  /** How a GeoTIFF population layer is turned into points (ignored for GeoJSON population). */
  readonly raster?: RasterParameters;
  /** Yearly population growth per district id; "*" for every district not named. Default 0. */
  readonly growth?: Readonly<Record<string, number>>;
}

export interface RasterParameters {
  /** Side of the square cells the raster is summed into, metres (100 to 1000). */
  readonly cellMetres: number;
  /** Children of school age (6-17) per resident. */
  readonly childShare: number;
  /** Households per resident (1 / household size). */
  readonly householdShare: number;
}

/** A city the app can plan on: hosted with the app, or built (or imported) in this browser. */
export interface CityEntry {
  readonly id: string;
  readonly name: CityNames;
  readonly origin: 'hosted' | 'browser';
  readonly attribution: string;
}

/** The `data` of a scenario on this city. */
export function cityData(id: string): string {
  return id === 'almaty' ? 'demo:almaty' : `city:${id}`;
}

/**
 * What the planner gives "New city" (all files are read in the worker).
 * `osm` is one OpenStreetMap extract (.osm.pbf or .osm) that may supply the
 * boundaries, the existing facilities and the streets.
 */
export interface NewCityInput extends CityInput<File> {
  readonly osm?: File;
}

/** What a new city is built from, its files as `F`: Files in the page, their bytes in the builder. */
export interface CityInput<F> {
  readonly id: string;
  readonly name: CityNames;
  readonly attribution: string;
  readonly boundaries: { readonly from: 'file'; readonly file: F; readonly nameField: string } | { readonly from: 'osm'; readonly adminLevel: number };
  /** A GeoTIFF (WorldPop, GHS-POP) or points (CSV/GeoJSON with residents, as the population import reads them). */
  readonly population: { readonly file: F; readonly source?: string } & RasterParameters;
  /**
   * Facilities from the OSM extract, or from CSV/GeoJSON files per type (either may be absent).
   * From the extract, `layers` names each layer with its tag rules (src/io/osm/rules.ts: "amenity=kindergarten");
   * absent: DEFAULT_OSM_LAYERS. `schools`, `health` and `containers` are the city's own layers, any other name a further one.
   */
  readonly facilities: { readonly from: 'osm'; readonly layers?: Readonly<Record<string, string>> } | { readonly from: 'files'; readonly schools?: F; readonly health?: F; readonly containers?: F };
  /** Streets from the OSM extract (when there is one). */
  readonly streets: boolean;
  /** Places of an existing school whose capacity the data does not give. */
  readonly schoolCapacity: number;
  /** Yearly population growth of every district. */
  readonly growth: number;
}

/** A package read and checked, shown for review before it is kept. */
export interface CityDraft {
  readonly manifest: CityManifest;
  readonly counts: {
    readonly districts: number;
    readonly residents: number;
    readonly children: number;
    readonly populationPoints: number;
    readonly schools: number;
    readonly health: number;
    readonly containers: number;
    /** The further layers' points (kindergartens, pharmacies, ...), by layer, in the package's order. */
    readonly layers: Readonly<Record<string, number>>;
    readonly streetSegments: number;
    /** The extract's ways within reach of the city a pedestrian may use, as OpenStreetMap counts them. */
    readonly streetWays: number;
  };
  /** The district names, in the package's order. */
  readonly districtNames: readonly string[];
  /** Things the planner should know that did not stop the build (e.g. facilities outside the boundaries left out). */
  readonly notes: readonly CityNote[];
}

/** Property names of a boundaries file (to choose the name column), or the administrative levels of an OSM extract with their areas' names. */
export type BoundaryChoices = { readonly from: 'file'; readonly fields: readonly string[]; readonly polygons: number } | { readonly from: 'osm'; readonly levels: readonly { readonly level: number; readonly names: readonly string[] }[] };

/** What "New city" is doing, as its progress reports it (the app names each in the planner's language). */
export const BUILD_STAGES = ['osm', 'population', 'facilities', 'streets', 'checking'] as const;
export type BuildStage = (typeof BUILD_STAGES)[number];

/**
 * What the review's small map draws, made in the worker: the district
 * shapes, and the points as typed arrays (a 100 m raster gives some 80,000
 * cells; as GeoJSON, copied to the page and parsed there, they held the page
 * for seconds).
 */
export interface DraftMap {
  readonly districtShapes: import('geojson').FeatureCollection<import('geojson').Polygon | import('geojson').MultiPolygon>;
  readonly districts: readonly { readonly id: string; readonly names: CityNames }[];
  readonly demand: { readonly lon: Float64Array; readonly lat: Float64Array; readonly residents: Float64Array };
  /** Existing facilities by the city layer they are in (schools, health, containers, and any further layer). */
  readonly facilities: readonly { readonly layer: string; readonly lon: number; readonly lat: number; readonly name: string }[];
}

/**
 * A note of the review: a message the app words in the planner's language
 * (numbers as numbers; a boundary's `problem` is itself a message key).
 */
export interface CityNote {
  readonly key: CityNoteKey;
  readonly values: Readonly<Record<string, string | number>>;
}

/**
 * The notes in the order the review shows them, by what they change: people
 * and facilities left out first (with counts), then estimates, then what was
 * read; boundary relations at other levels that could not be built (mostly
 * neighbours' relations the extract cuts) come last, folded.
 */
export const CITY_NOTE_KEYS = [
  'peopleLeftOut',
  'districtLeftOut',
  'leftOutSchools',
  'leftOutHealth',
  'leftOutContainers',
  'leftOutLayer',
  'facilitiesCut',
  'noStreets',
  'estimatedChildren',
  'estimatedHouseholds',
  'raster',
  'rasterWindow',
  'boundaryLeftOut',
] as const;
export type CityNoteKey = (typeof CITY_NOTE_KEYS)[number];
/** Notes the review folds away: they change nothing in the city. */
export const FOLDED_NOTES: ReadonlySet<CityNoteKey> = new Set(['boundaryLeftOut']);

/** The notes in the review's order (stable within a key). */
export function orderedNotes(notes: readonly CityNote[]): CityNote[] {
  return notes.map((note, k) => ({ note, k, rank: CITY_NOTE_KEYS.indexOf(note.key) })).sort((a, b) => a.rank - b.rank || a.k - b.k).map(({ note }) => note);
}
