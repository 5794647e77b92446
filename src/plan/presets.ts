/**
 * Facility types are data: a scenario's `facilities` holds any number of
 * types keyed by an id, each with its label, its demand, the city layer of
 * its existing facilities and the settings every type has. The types the app
 * offers ready-made are presets of that one mechanism, and this is the one
 * place that names them: school, polyclinic and container site (the demo's
 * three, as they always were) and kindergarten, plus a blank type.
 *
 * A type whose id is a preset's takes the preset's label, demand, existing
 * layer and site rule for every field it does not give, so files, links and
 * command lines written before types were data open and solve unchanged.
 */
import type { ExtensionSettings, FacilitySettings, FacilityType, TypeDemand, TypeLabel } from './facility';

/** Where a type's candidate sites stand: a square grid at its spacing, or the population cells themselves (many small sites). */
export type SiteRule = 'grid' | 'cells';

/** The marker of a type's new sites: shapes no coverage dot has. */
export type SiteShape = 'diamond' | 'square' | 'triangle' | 'cross' | 'hexagon' | 'star' | 'pentagon' | 'bar';

export interface Preset {
  readonly id: FacilityType;
  readonly label: TypeLabel;
  readonly demand: TypeDemand;
  /** The city layer of its existing facilities; absent for none. */
  readonly existing?: string;
  readonly sites: SiteRule;
  /** Whether an existing facility may be extended (container sites: never). */
  readonly extendable: boolean;
  readonly colour: string;
  readonly shape: SiteShape;
  /** Further names an imported file may give the type (its labels and id always count). */
  readonly aliases?: readonly string[];
  /** The message (app catalogue key) stating where its extension's defaults come from. */
  readonly extensionNote?: string;
  /** Its existing facilities must give their capacity (a state school's places; without them coverage is unknown). */
  readonly existingNeedsCapacity?: boolean;
  readonly settings: Omit<FacilitySettings, 'label' | 'demand' | 'existing' | 'sites'>;
}

/**
 * The defaults, from the city's published programmes (DOMAIN.md) where they
 * give a figure, and assumptions, said as such, where they do not.
 */
export const PRESETS: Readonly<Record<string, Preset>> = {
  school: {
    id: 'school',
    label: { en: 'School', ru: 'Школа', kk: 'Мектеп' },
    demand: { of: 'children' },
    existing: 'schools',
    sites: 'grid',
    extendable: true,
    colour: '#1c5fd4',
    shape: 'diamond',
    existingNeedsCapacity: true,
    extensionNote: 'extension.noteSchool',
    settings: {
      enabled: true,
      normKind: 'walk',
      walkMinutes: 15,
      walkSpeedKmh: 4.5,
      normMetres: 1000,
      capacity: 1200,
      capacitated: true,
      unitCost: 5.2e9,
      candidateSpacing: 800,
      // 10 schools.
      budget: 52e9,
      // An annex: see ExtensionSettings for the assumption.
      extension: { enabled: false, places: 300, cost: 1.3e9 },
    },
  },
  polyclinic: {
    id: 'polyclinic',
    label: { en: 'Polyclinic', ru: 'Поликлиника', kk: 'Емхана' },
    demand: { of: 'residents' },
    existing: 'health',
    sites: 'grid',
    extendable: true,
    colour: '#9c36b5',
    shape: 'cross',
    extensionNote: 'extension.notePolyclinic',
    settings: {
      enabled: true,
      normKind: 'distance',
      walkMinutes: 15,
      walkSpeedKmh: 5,
      // 15 minutes by public transport, about 3 km.
      normMetres: 3000,
      // 500 visits per shift at the norm of 203 visits per 10,000 residents.
      capacity: 24_600,
      capacitated: true,
      unitCost: 2e9,
      candidateSpacing: 1500,
      // 8 polyclinics for 16 bn, as in the city's programme.
      budget: 16e9,
      extension: { enabled: false, places: 6150, cost: 0.5e9 },
    },
  },
  container: {
    id: 'container',
    label: { en: 'Container site', ru: 'Контейнерная площадка', kk: 'Контейнер алаңы' },
    demand: { of: 'households' },
    existing: 'containers',
    sites: 'cells',
    extendable: false,
    colour: '#0b7285',
    shape: 'square',
    aliases: ['контейнер'],
    settings: {
      enabled: true,
      normKind: 'distance',
      walkMinutes: 2,
      walkSpeedKmh: 4,
      normMetres: 100,
      // 4.5 containers per site; 0.55 kg a resident a day, 3.3 residents a household.
      capacity: 330,
      capacitated: true,
      unitCost: 12.7e6,
      candidateSpacing: 500,
      // About 770 sites, as the 772 underground sites planned for 2023-24.
      budget: 9.8e9,
      // Never used (container sites are not extended); present so every type has the same shape.
      extension: { enabled: false, places: 83, cost: 3.175e6 },
    },
  },
  /**
   * Kindergarten. The programme (seed 002) gives the need but no norm, size
   * or cost of one kindergarten; each default below is derived from its
   * figures or is an assumption, and is editable:
   * - demand: children aged 1-6 where the population layer has them
   *   (`children_1_6`), else 11% of residents. Assumption: about 40 thousand
   *   births a year in Almaty, six cohorts, 2.2 mn residents.
   * - norm: 15 minutes on foot at 4.5 km/h, the programme's 2030 aim for every
   *   daily service. The building norms' service radius (SP RK 3.01-101 /
   *   SP 42.13330: 300 m in multi-storey areas, 500 m elsewhere) is stricter:
   *   set the norm to a distance of 300 m to plan by it.
   * - places: 230, the programme's 10 state kindergartens for 2,300 places by
   *   the end of 2025.
   * - cost: 1.08 bn tenge, 230 places at 4.68 mn a place: the programme's
   *   117 bn for kindergarten building over 25 thousand places (10 thousand
   *   state, 10 thousand under memoranda by 2025, 5 thousand more by 2030).
   * - budget: 10.8 bn, ten kindergartens (assumption).
   */
  kindergarten: {
    id: 'kindergarten',
    label: { en: 'Kindergarten', ru: 'Детский сад', kk: 'Балабақша' },
    demand: { property: 'children_1_6', of: 'residents', share: 0.11 },
    existing: 'kindergartens',
    sites: 'grid',
    extendable: true,
    colour: '#d9480f',
    shape: 'triangle',
    extensionNote: 'extension.noteKindergarten',
    settings: {
      enabled: true,
      normKind: 'walk',
      walkMinutes: 15,
      walkSpeedKmh: 4.5,
      normMetres: 500,
      capacity: 230,
      capacitated: true,
      unitCost: 1.08e9,
      candidateSpacing: 800,
      budget: 10.8e9,
      // Assumption: an added group building of 60 places at the place cost.
      extension: { enabled: false, places: 60, cost: 0.28e9 },
    },
  },
};

/** The presets in the order the app offers them ("Add a type"). */
export const PRESET_IDS: readonly FacilityType[] = ['school', 'polyclinic', 'container', 'kindergarten'];

/** The demo's types, in their order. */
export const DEMO_TYPES: readonly FacilityType[] = ['school', 'polyclinic', 'container'];

/** A new type of the planner's own: residents within 15 minutes on foot, one place per resident of a thousand, at no cost yet. */
export function blankType(label: TypeLabel): FacilitySettings {
  return {
    label,
    demand: { of: 'residents' },
    existing: null,
    enabled: true,
    normKind: 'walk',
    walkMinutes: 15,
    walkSpeedKmh: 4.5,
    normMetres: 1000,
    capacity: 1000,
    capacitated: false,
    unitCost: 1e9,
    candidateSpacing: 800,
    budget: 10e9,
    extension: { enabled: false, places: 250, cost: 0.25e9 },
  };
}

/** A preset's settings as a scenario stores them (its label, demand and layer are the preset's: not written). */
export function presetSettings(id: FacilityType): FacilitySettings {
  return { ...PRESETS[id].settings };
}

/** What a type is, resolved: its own fields where given, its preset's where not, and its colour and shape on the map. */
export interface TypeSpec {
  readonly id: FacilityType;
  /** The planner's label, or null for a preset's translated name. */
  readonly label: TypeLabel | null;
  readonly demand: TypeDemand;
  readonly existing: string | null;
  readonly sites: SiteRule;
  readonly extendable: boolean;
}

/** Every type of a scenario resolved, in its order (its colour and shape: src/style/colours.ts). */
export function typeSpecs(facilities: Readonly<Record<FacilityType, FacilitySettings>>): Map<FacilityType, TypeSpec> {
  const specs = new Map<FacilityType, TypeSpec>();
  for (const id of Object.keys(facilities)) {
    const settings = facilities[id];
    const preset = PRESETS[id] as Preset | undefined;
    specs.set(id, {
      id,
      label: settings.label ?? null,
      demand: settings.demand ?? preset?.demand ?? { of: 'residents' },
      existing: settings.existing !== undefined ? settings.existing : (preset?.existing ?? null),
      sites: settings.sites ?? preset?.sites ?? 'grid',
      extendable: preset?.extendable ?? true,
    });
  }
  return specs;
}

/** One type resolved. */
export function typeSpec(facilities: Readonly<Record<FacilityType, FacilitySettings>>, id: FacilityType): TypeSpec {
  const spec = typeSpecs(facilities).get(id);
  if (!spec) throw new Error(`no facility type "${id}" in the scenario`);
  return spec;
}

/** The extension a type has when its file gives none: its preset's, or a quarter of a facility. */
export function defaultExtension(id: FacilityType, capacity: number, unitCost: number): ExtensionSettings {
  return PRESETS[id]?.settings.extension ?? { enabled: false, places: Math.max(1, Math.round(capacity / 4)), cost: unitCost / 4 };
}

/** The label of a type in a language: the planner's own, else the preset's, else its id. */
export function typeLabel(spec: Pick<TypeSpec, 'id' | 'label'>, lang: keyof TypeLabel): string {
  return spec.label?.[lang] ?? PRESETS[spec.id]?.label[lang] ?? spec.id;
}

/** The names an imported file may call each type by: its id, its labels in the three languages and its preset's aliases. */
export function typeNamesOf(facilities: Readonly<Record<FacilityType, FacilitySettings>>): { id: FacilityType; names: string[]; needsCapacity: boolean }[] {
  return [...typeSpecs(facilities).values()].map((spec) => ({
    id: spec.id,
    names: [...(['en', 'ru', 'kk'] as const).map((lang) => typeLabel(spec, lang)), ...(PRESETS[spec.id]?.aliases ?? [])],
    needsCapacity: PRESETS[spec.id]?.existingNeedsCapacity === true && spec.existing === PRESETS[spec.id].existing,
  }));
}

/** The unit a type's demand is counted in (its words in the app, its column on the command line): the population's own columns, children 1-6, or people. */
export type DemandUnit = 'residents' | 'children' | 'households' | 'children_1_6' | 'people';
export function demandUnit(demand: TypeDemand): DemandUnit {
  if (demand.property === 'children_1_6') return 'children_1_6';
  if (demand.property !== undefined) return 'people';
  if ((demand.share ?? 1) !== 1 && demand.of !== 'children') return 'people';
  return demand.of ?? 'residents';
}

/** The units in English, for the command line. */
export const DEMAND_UNIT_EN: Readonly<Record<DemandUnit, string>> = { residents: 'residents', children: 'children 6-17', households: 'households', children_1_6: 'children 1-6', people: 'people' };
