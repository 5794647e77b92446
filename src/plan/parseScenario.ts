import { fail, show } from '../engine/instance/errors';
import { array, number, object, onlyKeys, optionalString, type Json } from '../engine/instance/fields';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ImportedData } from './imported';
import { LIMITS } from './limits';
import {
  DEMAND_OF,
  NORM_KINDS,
  OBJECTIVES,
  ROUTINGS,
  DEFAULT_MAX_CONNECTOR,
  SCENARIO_FORMAT,
  TYPE_ID,
  cityRef,
  type AddedCandidate,
  type ExtensionSettings,
  type Fairness,
  type FacilitySettings,
  type Phases,
  spread,
  type FacilityType,
  type Scenario,
  type TypeDemand,
  type TypeLabel,
} from './scenario';
import { PRESETS, defaultExtension } from './presets';
import { parseHousing } from './housing';
import { parseTransit } from './transit';

/** A layer of a city package, by name (`existing`). */
const LAYER_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * Validates a scenario from storage, a file or a link. Every field is checked
 * and named on error (InputError); nothing is filled in silently, so a
 * damaged scenario is reported rather than half-loaded.
 */
export function parseScenario(json: unknown): Scenario {
  const root = object(json, 'scenario');
  if (root.format !== SCENARIO_FORMAT) {
    fail('format', root.format === undefined ? `missing (expected "${SCENARIO_FORMAT}")` : `unknown format ${show(root.format)} (this version reads "${SCENARIO_FORMAT}")`);
  }
  onlyKeys(root, '', ['format', 'name', 'data', 'objective', 'targetShare', 'budgetMode', 'budget', 'detourFactor', 'routing', 'maxConnector', 'facilities', 'candidates', 'solver', 'timeLimit', 'gap', 'phases', 'fairness', 'imported', 'housing', 'transit']);
  if (typeof root.data !== 'string' || cityRef(root.data) === null) {
    fail('data', `${show(root.data)} is not a city (give "demo:almaty", "city:<id>" or a package folder relative to the scenario file, such as "./")`);
  }
  const facilitiesJson = object(root.facilities, 'facilities');
  const ids = Object.keys(facilitiesJson);
  if (ids.length === 0) fail('facilities', 'has no facility type (give at least one)');
  if (ids.length > 12) fail('facilities', `has ${ids.length} types (at most 12)`);
  for (const id of ids) if (!TYPE_ID.test(id)) fail(`facilities.${id}`, `${show(id)} is not a type id (lower-case letters, digits and _, starting with a letter, at most 32 characters)`);
  const facilities: Record<FacilityType, FacilitySettings> = Object.fromEntries(ids.map((type) => [type, parseFacility(facilitiesJson[type], `facilities.${type}`, type)]));
  return {
    format: SCENARIO_FORMAT,
    name: optionalString(root.name, 'name') ?? 'Scenario',
    data: root.data,
    objective: oneOf(root.objective, 'objective', OBJECTIVES),
    targetShare: number(root.targetShare, 'targetShare', { ...LIMITS.share, what: 'a share' }),
    budgetMode: oneOf(root.budgetMode, 'budgetMode', ['shared', 'perType'] as const),
    budget: number(root.budget, 'budget', { ...LIMITS.budget, what: 'a budget' }),
    detourFactor: number(root.detourFactor, 'detourFactor', { ...LIMITS.detourFactor, what: 'the detour factor' }),
    // Scenarios from before streets were solved with straight lines; they open as they were solved.
    routing: root.routing === undefined ? 'straight' : oneOf(root.routing, 'routing', ROUTINGS),
    maxConnector: root.maxConnector === undefined ? DEFAULT_MAX_CONNECTOR : number(root.maxConnector, 'maxConnector', { ...LIMITS.maxConnector, what: 'a distance' }),
    facilities,
    candidates: parseCandidates(object(root.candidates, 'candidates'), ids),
    solver: oneOf(root.solver, 'solver', ['auto', 'highs', 'glpk'] as const),
    timeLimit: number(root.timeLimit, 'timeLimit', { ...LIMITS.timeLimit, what: 'the time limit' }),
    gap: number(root.gap, 'gap', { ...LIMITS.gap, what: 'the gap' }),
    phases: parsePhases(object(root.phases, 'phases'), facilities),
    fairness: parseFairness(object(root.fairness, 'fairness')),
    ...(root.imported === undefined ? {} : { imported: parseImported(object(root.imported, 'imported')) }),
    ...(root.housing === undefined ? {} : { housing: parseHousing(root.housing) }),
    ...(root.transit === undefined ? {} : { transit: parseTransit(root.transit) }),
  };
}

function parsePhases(json: Json, facilities: Readonly<Record<FacilityType, FacilitySettings>>): Phases {
  onlyKeys(json, 'phases', ['enabled', 'startYear', 'yearBudgets', 'typeYearBudgets', 'carryOver', 'growth']);
  const budgets = (value: unknown, field: string, length?: number) => {
    const list = array(value, field, length, 'the number of years');
    if (list.length < 1 || list.length > 10) fail(field, `has ${list.length} years (give 1 to 10)`);
    return list.map((b, k) => number(b, `${field}[${k}]`, { ...LIMITS.budget, what: 'a budget' }));
  };
  const yearBudgets = budgets(json.yearBudgets, 'phases.yearBudgets');
  const typeJson = object(json.typeYearBudgets, 'phases.typeYearBudgets');
  const ids = Object.keys(facilities);
  onlyKeys(typeJson, 'phases.typeYearBudgets', ids);
  const growthJson = object(json.growth, 'phases.growth');
  return {
    enabled: boolean(json.enabled, 'phases.enabled'),
    startYear: number(json.startYear, 'phases.startYear', { ...LIMITS.startYear, what: 'a year' }),
    yearBudgets,
    // A type without yearly budgets (one added by hand to a file) spends its budget evenly over the years.
    typeYearBudgets: Object.fromEntries(
      ids.map((type) => [type, typeJson[type] === undefined ? spread(facilities[type].budget, yearBudgets.length) : budgets(typeJson[type], `phases.typeYearBudgets.${type}`, yearBudgets.length)]),
    ),
    carryOver: boolean(json.carryOver, 'phases.carryOver'),
    growth: Object.fromEntries(Object.entries(growthJson).map(([id, rate]) => [id, number(rate, `phases.growth.${id}`, { ...LIMITS.growth, what: 'a growth rate' })])),
  };
}

function parseFairness(json: Json): Fairness {
  onlyKeys(json, 'fairness', ['enabled', 'minShare', 'perDistrict']);
  const perDistrict = object(json.perDistrict, 'fairness.perDistrict');
  return {
    enabled: boolean(json.enabled, 'fairness.enabled'),
    minShare: number(json.minShare, 'fairness.minShare', { ...LIMITS.share, what: 'a share' }),
    perDistrict: Object.fromEntries(Object.entries(perDistrict).map(([id, share]) => [id, number(share, `fairness.perDistrict.${id}`, { ...LIMITS.share, what: 'a share' })])),
  };
}

function parseImported(json: Json): ImportedData {
  onlyKeys(json, 'imported', ['demand', 'schools', 'polyclinics', 'containers', 'layers', 'exclusions']);
  const lonLat = (entry: Json, field: string) => ({
    lon: number(entry.lon, `${field}.lon`, { min: -180, max: 180, what: 'a longitude' }),
    lat: number(entry.lat, `${field}.lat`, { min: -90, max: 90, what: 'a latitude' }),
  });
  const list = <T>(key: string, read: (entry: Json, field: string) => T): T[] | undefined =>
    json[key] === undefined ? undefined : array(json[key], `imported.${key}`).map((entry, k) => read(object(entry, `imported.${key}[${k}]`), `imported.${key}[${k}]`));
  const count = (value: unknown, field: string) => number(value, field, { min: 0, what: 'a count' });
  const result: { -readonly [K in keyof ImportedData]: ImportedData[K] } = {};
  const demand = list('demand', (e, f) => ({ ...lonLat(e, f), residents: count(e.residents, `${f}.residents`), children: count(e.children, `${f}.children`), households: count(e.households, `${f}.households`) }));
  const schools = list('schools', (e, f) => ({
    ...lonLat(e, f),
    name: optionalString(e.name, `${f}.name`) ?? '',
    capacity: count(e.capacity, `${f}.capacity`),
    students: e.students === null || e.students === undefined ? null : count(e.students, `${f}.students`),
  }));
  const polyclinics = list('polyclinics', (e, f) => ({ ...lonLat(e, f), name: optionalString(e.name, `${f}.name`) ?? '' }));
  const containers = list('containers', (e, f) => ({
    ...lonLat(e, f),
    name: optionalString(e.name, `${f}.name`) ?? '',
    capacity: e.capacity === null || e.capacity === undefined ? null : number(e.capacity, `${f}.capacity`, { min: 0, what: 'a capacity in households' }),
  }));
  const facility = (e: Json, f: string) => ({
    ...lonLat(e, f),
    name: optionalString(e.name, `${f}.name`) ?? '',
    capacity: e.capacity === null || e.capacity === undefined ? null : number(e.capacity, `${f}.capacity`, { ...LIMITS.capacity, what: 'a capacity' }),
  });
  if (json.layers !== undefined) {
    const layers = object(json.layers, 'imported.layers');
    result.layers = Object.fromEntries(
      Object.entries(layers).map(([name, list]) => {
        if (!LAYER_NAME.test(name)) fail(`imported.layers.${name}`, `${show(name)} is not a layer name`);
        return [name, array(list, `imported.layers.${name}`).map((entry, k) => facility(object(entry, `imported.layers.${name}[${k}]`), `imported.layers.${name}[${k}]`))];
      }),
    );
  }
  const exclusions = json.exclusions === undefined ? undefined : array(json.exclusions, 'imported.exclusions').map((g, k) => polygon(g, `imported.exclusions[${k}]`));
  if (demand) result.demand = demand;
  if (schools) result.schools = schools;
  if (polyclinics) result.polyclinics = polyclinics;
  if (containers) result.containers = containers;
  if (exclusions) result.exclusions = exclusions;
  return result;
}

function polygon(value: unknown, field: string): Polygon | MultiPolygon {
  const geometry = object(value, field);
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') fail(`${field}.type`, `${show(geometry.type)} is not Polygon or MultiPolygon`);
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates] : array(geometry.coordinates, `${field}.coordinates`);
  rings.forEach((polygonRings, p) =>
    array(polygonRings, `${field}.coordinates[${p}]`).forEach((ring, r) =>
      array(ring, `${field}.coordinates[${p}][${r}]`).forEach((position, q) => {
        const pair = array(position, `${field}.coordinates[${p}][${r}][${q}]`);
        number(pair[0], `${field}.coordinates[${p}][${r}][${q}][0]`, { min: -180, max: 180, what: 'a longitude' });
        number(pair[1], `${field}.coordinates[${p}][${r}][${q}][1]`, { min: -90, max: 90, what: 'a latitude' });
      }),
    ),
  );
  return geometry as unknown as Polygon | MultiPolygon;
}

/**
 * One type. A preset's id (src/plan/presets.ts) may leave out its label,
 * demand, existing layer and site rule, as every file written before types
 * were data does; any other id must give its label and demand. Only fields
 * the file gives are kept, so it saves back as it came.
 */
function parseFacility(value: unknown, field: string, type: FacilityType): FacilitySettings {
  const json = object(value, field);
  onlyKeys(json, field, ['label', 'demand', 'existing', 'sites', 'essential', 'enabled', 'normKind', 'walkMinutes', 'walkSpeedKmh', 'normMetres', 'capacity', 'capacitated', 'unitCost', 'candidateSpacing', 'budget', 'extension']);
  const preset = PRESETS[type];
  if (!preset && json.label === undefined) fail(`${field}.label`, `missing (a type of your own needs its name in en, ru and kk)`);
  if (!preset && json.demand === undefined) fail(`${field}.demand`, `missing (give {"of": "residents" | "children" | "households", "share": 0..1} or {"property": "<population property>"})`);
  const capacity = number(json.capacity, `${field}.capacity`, { ...LIMITS.capacity, what: 'a capacity' });
  const unitCost = number(json.unitCost, `${field}.unitCost`, { ...LIMITS.unitCost, what: 'a cost' });
  const extendable = preset?.extendable ?? true;
  return {
    ...(json.label === undefined ? {} : { label: parseLabel(json.label, `${field}.label`) }),
    ...(json.demand === undefined ? {} : { demand: parseDemand(json.demand, `${field}.demand`) }),
    ...(json.existing === undefined ? {} : { existing: parseExisting(json.existing, `${field}.existing`) }),
    ...(json.sites === undefined ? {} : { sites: oneOf(json.sites, `${field}.sites`, ['grid', 'cells'] as const) }),
    ...(json.essential === undefined ? {} : { essential: boolean(json.essential, `${field}.essential`) }),
    enabled: boolean(json.enabled, `${field}.enabled`),
    normKind: oneOf(json.normKind, `${field}.normKind`, NORM_KINDS),
    walkMinutes: number(json.walkMinutes, `${field}.walkMinutes`, { ...LIMITS.walkMinutes, what: 'minutes' }),
    walkSpeedKmh: number(json.walkSpeedKmh, `${field}.walkSpeedKmh`, { ...LIMITS.walkSpeedKmh, what: 'a walking speed' }),
    normMetres: number(json.normMetres, `${field}.normMetres`, { ...LIMITS.normMetres, what: 'a distance' }),
    capacity,
    capacitated: boolean(json.capacitated, `${field}.capacitated`),
    unitCost,
    // 0: no grid, only the planner's own sites.
    candidateSpacing: json.candidateSpacing === 0 ? 0 : number(json.candidateSpacing, `${field}.candidateSpacing`, { ...LIMITS.candidateSpacing, what: 'a spacing (or 0 for none)' }),
    budget: number(json.budget, `${field}.budget`, { ...LIMITS.budget, what: 'a budget' }),
    // Files from before extensions open with them off (the type's defaults otherwise), and solve as they did.
    extension: json.extension === undefined ? defaultExtension(type, capacity, unitCost) : parseExtension(object(json.extension, `${field}.extension`), `${field}.extension`, type, extendable),
  };
}

function parseLabel(value: unknown, field: string): TypeLabel {
  const json = object(value, field);
  onlyKeys(json, field, ['en', 'ru', 'kk']);
  const text = (language: 'en' | 'ru' | 'kk') => {
    const label = json[language];
    if (typeof label !== 'string' || label.trim() === '' || label.length > 60) fail(`${field}.${language}`, `${show(label)} is not a name (1 to 60 characters)`);
    return label.trim();
  };
  return { en: text('en'), ru: text('ru'), kk: text('kk') };
}

function parseDemand(value: unknown, field: string): TypeDemand {
  const json = object(value, field);
  onlyKeys(json, field, ['of', 'share', 'property']);
  if (json.of === undefined && json.property === undefined) fail(field, 'gives neither "of" nor "property"');
  const property = json.property === undefined ? undefined : optionalString(json.property, `${field}.property`);
  if (property !== undefined && !LAYER_NAME.test(property)) fail(`${field}.property`, `${show(property)} is not a property name`);
  return {
    ...(json.of === undefined ? {} : { of: oneOf(json.of, `${field}.of`, DEMAND_OF) }),
    ...(json.share === undefined ? {} : { share: number(json.share, `${field}.share`, { ...LIMITS.share, what: 'a share' }) }),
    ...(property === undefined ? {} : { property }),
  };
}

function parseExisting(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !LAYER_NAME.test(value)) fail(field, `${show(value)} is not a layer name (or null for none)`);
  return value;
}

function parseExtension(json: Json, field: string, type: FacilityType, extendable: boolean): ExtensionSettings {
  onlyKeys(json, field, ['enabled', 'places', 'cost']);
  const enabled = boolean(json.enabled, `${field}.enabled`);
  if (enabled && !extendable) fail(`${field}.enabled`, `${type} sites cannot be extended`);
  return {
    enabled,
    places: number(json.places, `${field}.places`, { ...LIMITS.capacity, what: 'a capacity' }),
    cost: number(json.cost, `${field}.cost`, { ...LIMITS.unitCost, what: 'a cost' }),
  };
}

function parseCandidates(json: Json, types: readonly FacilityType[]): Scenario['candidates'] {
  onlyKeys(json, 'candidates', ['added', 'required', 'forbidden']);
  const ids = (field: 'required' | 'forbidden') =>
    array(json[field], `candidates.${field}`).map((id, k) => {
      if (typeof id !== 'string' || id === '') fail(`candidates.${field}[${k}]`, `${show(id)} is not a candidate id`);
      return id;
    });
  const added = array(json.added, 'candidates.added').map((entry, k): AddedCandidate => {
    const field = `candidates.added[${k}]`;
    const candidate = object(entry, field);
    onlyKeys(candidate, field, ['id', 'type', 'lon', 'lat', 'cost', 'name']);
    const id = optionalString(candidate.id, `${field}.id`);
    if (!id) fail(`${field}.id`, 'missing');
    const name = optionalString(candidate.name, `${field}.name`);
    return {
      id,
      type: oneOf(candidate.type, `${field}.type`, types),
      lon: number(candidate.lon, `${field}.lon`, { min: -180, max: 180, what: 'a longitude' }),
      lat: number(candidate.lat, `${field}.lat`, { min: -90, max: 90, what: 'a latitude' }),
      ...(candidate.cost === undefined ? {} : { cost: number(candidate.cost, `${field}.cost`, { ...LIMITS.unitCost, what: 'a cost' }) }),
      ...(name === undefined ? {} : { name }),
    };
  });
  return { added, required: ids('required'), forbidden: ids('forbidden') };
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) fail(field, `${show(value)} is not one of ${allowed.join(', ')}`);
  return value as T;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(field, `expected true or false, found ${show(value)}`);
  return value;
}

