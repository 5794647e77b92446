import * as Comlink from 'comlink';
import type { CityDraft, CityEntry, DraftMap, NewCityInput } from '../../io/city/types';
import { latinId } from '../../io/city/latin';
import { CITY_LAYER_NAMES } from '../../io/city/types';
import { DEFAULT_OSM_LAYERS, LAYER_NAME, parseLayerRules } from '../../io/osm/rules';
import { ask } from './cityApi';
import type { PlannerClient } from './plannerClient';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors, ODbL 1.0';
/** The population sources offered by name, with the credit their licences ask for. */
export const POPULATION_SOURCES = {
  worldpop: 'WorldPop (www.worldpop.org), CC BY 4.0',
  'ghs-pop': 'GHS-POP, European Commission, Joint Research Centre, CC BY 4.0',
} as const;
export type PopulationSource = '' | keyof typeof POPULATION_SOURCES | 'other';
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** "Sant Julià de Lòria" -> "sant-julia-de-loria", "Өскемен" -> "oskemen": the id a package gets unless the planner writes another. */
export function idFromName(name: string): string {
  return latinId(name).slice(0, 40).replace(/-+$/, '');
}

const isRaster = (file: File | null) => file !== null && /\.tiff?$/i.test(file.name);

export type Missing = 'needName' | 'needId' | 'needBoundaries' | 'needNameField' | 'needLevel' | 'needPopulation' | 'needOsm' | 'needRules';

/** A facility layer taken from the OSM extract: its name (the package's file and a scenario's `existing`) and its tag rules as the planner writes them. */
export interface OsmLayerRow {
  readonly name: string;
  readonly tags: string;
}

/** Why a new layer cannot be added as written (null: it can). */
export type LayerProblem = 'layerName' | 'layerTaken' | 'layerTags';

/** The layers the app names in the planner's language (others by their own name). */
const NAMED_LAYERS = new Set(['schools', 'health', 'containers', ...Object.keys(DEFAULT_OSM_LAYERS)]);

/** A layer as the dialog and the review show it: "Kindergartens (kindergartens)", or a planner's own layer by its name. */
export function layerLabel(t: (path: string) => string, name: string): string {
  return NAMED_LAYERS.has(name) ? `${t(`city.layer.${name}`)} (${name})` : name;
}

/** Whether a layer's tag rules can be read (src/io/osm/rules.ts). */
export function rulesReadable(tags: string): boolean {
  try {
    parseLayerRules('', tags);
    return true;
  } catch {
    return false;
  }
}

/**
 * The "New city" form and what the worker made of it: the files and
 * assumptions the planner gives, the boundaries' choices read from them, the
 * draft read and checked (with its layers for the review map), and keeping it.
 * Every file is read in the worker; nothing is stored before `save`.
 */
export class NewCityForm {
  nameEn = $state('');
  nameRu = $state('');
  nameKk = $state('');
  private typedId = $state<string | null>(null);
  private typedAttribution = $state<string | null>(null);

  osm = $state.raw<File | null>(null);
  boundariesFrom = $state<'file' | 'osm'>('file');
  boundariesFile = $state.raw<File | null>(null);
  fields = $state.raw<{ fields: readonly string[]; polygons: number } | null>(null);
  nameField = $state('');
  levels = $state.raw<readonly { level: number; names: readonly string[] }[] | null>(null);
  adminLevel = $state<number | null>(null);
  /** The file whose boundary choices are being read, and why they could not be. */
  choicesReading = $state<string | null>(null);
  choicesError = $state<string | null>(null);

  population = $state.raw<File | null>(null);
  /** Where the population comes from, as the planner says: nothing is credited until they do. */
  populationSource = $state<PopulationSource>('');
  populationOther = $state('');
  cellMetres = $state(250);
  childShare = $state(0.17);
  householdShare = $state(0.3);
  growth = $state(0.015);

  facilitiesFrom = $state<'osm' | 'files'>('files');
  schools = $state.raw<File | null>(null);
  health = $state.raw<File | null>(null);
  containers = $state.raw<File | null>(null);
  schoolCapacity = $state(1000);
  streets = $state(true);
  /** The layers taken from the extract with their tag rules, in order: the defaults until the planner edits them. */
  osmLayers = $state.raw<readonly OsmLayerRow[]>(Object.entries(DEFAULT_OSM_LAYERS).map(([name, tags]) => ({ name, tags })));
  newLayerName = $state('');
  newLayerTags = $state('');

  phase = $state<'form' | 'reading' | 'review'>('form');
  progress = $state<{ fraction: number; stage: string }>({ fraction: 0, stage: '' });
  /** One line per problem, as the worker wrote them (each names its file and record). */
  errors = $state.raw<string[]>([]);
  draft = $state.raw<CityDraft | null>(null);
  /** The draft's layers parsed for the review map, or why they could not be. */
  draftCity = $state.raw<DraftMap | null>(null);
  draftMapError = $state<string | null>(null);
  saving = $state(false);
  saveError = $state<string | null>(null);
  exportError = $state<string | null>(null);

  constructor(
    private readonly client: PlannerClient,
    private readonly baseUrl: string,
    /** Ids already taken (hosted and in this browser). */
    private readonly takenIds: () => readonly string[],
  ) {}

  get id(): string {
    return this.typedId ?? idFromName(this.nameEn);
  }
  set id(value: string) {
    this.typedId = value.trim();
  }

  get idProblem(): 'idInvalid' | 'idTaken' | null {
    if (this.id === '') return null;
    if (!ID_PATTERN.test(this.id)) return 'idInvalid';
    return this.takenIds().includes(this.id) ? 'idTaken' : null;
  }

  /** The population's credit: the source the planner chose or wrote, or null when they said none. */
  get populationCredit(): string | null {
    if (this.populationSource === '') return null;
    if (this.populationSource === 'other') return this.populationOther.trim() || null;
    return POPULATION_SOURCES[this.populationSource];
  }

  /** OpenStreetMap's licence, and the population's source as the planner gave it, unless the planner wrote their own credits. */
  get attribution(): string {
    const population = this.populationCredit;
    return this.typedAttribution ?? (population ? `${OSM_ATTRIBUTION}; Population: ${population}` : OSM_ATTRIBUTION);
  }
  set attribution(value: string) {
    this.typedAttribution = value;
  }

  get raster(): boolean {
    return isRaster(this.population);
  }

  get missing(): Missing[] {
    const missing: Missing[] = [];
    if (this.nameEn.trim() === '') missing.push('needName');
    if (this.id === '' || this.idProblem) missing.push('needId');
    if (this.boundariesFrom === 'file') {
      if (!this.boundariesFile) missing.push('needBoundaries');
      else if (this.nameField === '') missing.push('needNameField');
    } else if (!this.osm) missing.push('needOsm');
    else if (this.adminLevel === null) missing.push('needLevel');
    if (!this.population) missing.push('needPopulation');
    if (this.facilitiesFrom === 'osm' && !this.osm && !missing.includes('needOsm')) missing.push('needOsm');
    if (this.facilitiesFrom === 'osm' && this.osmLayers.some((layer) => !rulesReadable(layer.tags))) missing.push('needRules');
    return missing;
  }

  setLayerTags(name: string, tags: string): void {
    this.osmLayers = this.osmLayers.map((layer) => (layer.name === name ? { name, tags } : layer));
  }

  removeLayer(name: string): void {
    this.osmLayers = this.osmLayers.filter((layer) => layer.name !== name);
  }

  /** Why the layer being written cannot be added yet: a name of a city layer that is not facilities, one taken, or rules that cannot be read. */
  get newLayerProblem(): LayerProblem | null {
    const name = this.newLayerName.trim();
    if (!LAYER_NAME.test(name) || ((CITY_LAYER_NAMES as readonly string[]).includes(name) && !['schools', 'health', 'containers'].includes(name))) return 'layerName';
    if (this.osmLayers.some((layer) => layer.name === name)) return 'layerTaken';
    return rulesReadable(this.newLayerTags) ? null : 'layerTags';
  }

  /** Adds the layer being written, when it can be. */
  addLayer(): boolean {
    if (this.newLayerProblem) return false;
    this.osmLayers = [...this.osmLayers, { name: this.newLayerName.trim(), tags: this.newLayerTags.trim() }];
    this.newLayerName = '';
    this.newLayerTags = '';
    return true;
  }

  async chooseOsm(file: File | null): Promise<void> {
    this.osm = file;
    this.levels = null;
    this.adminLevel = null;
    if (file && this.boundariesFrom === 'osm') await this.readChoices();
  }

  async chooseBoundariesFile(file: File | null): Promise<void> {
    this.boundariesFile = file;
    this.fields = null;
    this.nameField = '';
    if (file) await this.readChoices();
  }

  async setBoundariesFrom(from: 'file' | 'osm'): Promise<void> {
    this.boundariesFrom = from;
    if (from === 'osm' && this.osm && !this.levels) await this.readChoices();
  }

  /** The boundaries file's property names, or the extract's administrative levels. */
  private async readChoices(): Promise<void> {
    const from = this.boundariesFrom;
    const file = from === 'file' ? this.boundariesFile : this.osm;
    if (!file) return;
    this.choicesReading = file.name;
    this.choicesError = null;
    const outcome = await ask(() => this.client.planner.boundaryChoices({ from, file }, Comlink.proxy(() => undefined)));
    // A newer file chosen meanwhile wins.
    if ((from === 'file' ? this.boundariesFile : this.osm) !== file) return;
    this.choicesReading = null;
    if (!outcome.ok) {
      this.choicesError = outcome.error;
      return;
    }
    const choices = outcome.value;
    if (choices.from === 'file') {
      this.fields = { fields: choices.fields, polygons: choices.polygons };
      this.nameField = choices.fields.find((f) => /^name[:_]?en$/i.test(f)) ?? choices.fields.find((f) => /^name$/i.test(f)) ?? choices.fields.find((f) => /name/i.test(f)) ?? choices.fields[0] ?? '';
    } else {
      this.levels = choices.levels;
      // Districts of a city are usually the level with a handful of areas, not the one city.
      this.adminLevel = choices.levels.find((l) => l.names.length > 1)?.level ?? choices.levels[0]?.level ?? null;
    }
  }

  input(): NewCityInput {
    const name = { en: this.nameEn.trim(), ru: this.nameRu.trim() || this.nameEn.trim(), kk: this.nameKk.trim() || this.nameEn.trim() };
    return {
      id: this.id,
      name,
      attribution: this.attribution.trim(),
      boundaries: this.boundariesFrom === 'file' ? { from: 'file', file: this.boundariesFile!, nameField: this.nameField } : { from: 'osm', adminLevel: this.adminLevel! },
      population: { file: this.population!, cellMetres: this.cellMetres, childShare: this.childShare, householdShare: this.householdShare, ...(this.populationCredit ? { source: this.populationCredit } : {}) },
      facilities:
        this.facilitiesFrom === 'osm'
          ? { from: 'osm', layers: Object.fromEntries(this.osmLayers.map((layer) => [layer.name, layer.tags])) }
          : { from: 'files', ...(this.schools ? { schools: this.schools } : {}), ...(this.health ? { health: this.health } : {}), ...(this.containers ? { containers: this.containers } : {}) },
      ...(this.osm ? { osm: this.osm } : {}),
      streets: this.osm !== null && this.streets,
      schoolCapacity: this.schoolCapacity,
      growth: this.growth,
    };
  }

  /** Reads and checks everything in the worker; a refusal lists every problem and keeps nothing. */
  async read(): Promise<void> {
    if (this.missing.length > 0) return;
    this.phase = 'reading';
    this.errors = [];
    this.draft = null;
    this.draftCity = null;
    this.draftMapError = null;
    this.saveError = null;
    this.progress = { fraction: 0, stage: '' };
    const outcome = await ask(() => this.client.planner.draftCity(this.baseUrl, this.input(), Comlink.proxy((fraction: number, stage: string) => (this.progress = { fraction, stage }))));
    if (!outcome.ok) {
      this.errors = outcome.error.split('\n').filter((line) => line.trim() !== '');
      this.phase = 'form';
      return;
    }
    this.draft = outcome.value;
    this.phase = 'review';
    const map = await ask(() => this.client.planner.draftMap());
    if (map.ok) this.draftCity = map.value;
    else this.draftMapError = map.error;
  }

  back(): void {
    this.phase = 'form';
  }

  /** Keeps the draft in this browser; on a refusal (quota, private mode) says why at once. */
  async save(): Promise<CityEntry | null> {
    this.saving = true;
    this.saveError = null;
    const outcome = await ask(() => this.client.planner.saveDraft());
    this.saving = false;
    if (outcome.ok) return outcome.value;
    this.saveError = outcome.error;
    return null;
  }
}
