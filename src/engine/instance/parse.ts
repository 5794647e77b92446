import { InputError, fail, show } from './errors';
import { array, indices, integer, number, numbers, object, onlyKeys, optionalBoolean, optionalString, type Json } from './fields';
import { parseDistances } from './distances';
import { MODEL_TYPES, type Demand, type ModelType, type Period, type Reference, type SitingInstance, type SitingModel, type Sites } from './types';

export const INSTANCE_FORMAT = 'siting-instance/1';

/** Parses and validates JSON text; every problem becomes an InputError naming the file. */
export function parseInstanceText(text: string, file: string): SitingInstance {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError('', describeJsonError(text, error), file);
  }
  try {
    return parseInstance(json, baseName(file));
  } catch (error) {
    if (error instanceof InputError) throw error.inFile(file);
    throw error;
  }
}

/** Validates an already-parsed instance object. */
export function parseInstance(json: unknown, fallbackName = 'instance'): SitingInstance {
  const root = object(json, 'instance');
  if (root.format !== INSTANCE_FORMAT) {
    fail('format', root.format === undefined ? `missing (expected "${INSTANCE_FORMAT}")` : `unknown format ${show(root.format)} (this solver reads "${INSTANCE_FORMAT}")`);
  }
  onlyKeys(root, '', ['format', 'name', 'source', 'model', 'demand', 'sites', 'distances', 'reference', 'notes']);
  const demandJson = object(root.demand, 'demand');
  const sitesJson = object(root.sites, 'sites');
  const demandCount = integer(demandJson.count, 'demand.count', { min: 1, what: 'the number of demand points' });
  const siteCount = integer(sitesJson.count, 'sites.count', { min: 1, what: 'the number of sites' });
  const modelJson = object(root.model, 'model');
  const model = parseModel(modelJson, siteCount);
  const demand = parseDemand(demandJson, demandCount, model);
  const sites = parseSites(sitesJson, siteCount, model);
  const distances = parseDistances(object(root.distances, 'distances'), demandCount, siteCount);
  checkModelNeeds(model, sites, distances.kind);
  return {
    name: optionalString(root.name, 'name') ?? fallbackName,
    source: optionalString(root.source, 'source') ?? null,
    model,
    demand,
    sites,
    distances,
    reference: root.reference === undefined ? null : parseReference(object(root.reference, 'reference')),
  };
}

const MODEL_FIELDS: Record<ModelType, readonly string[]> = {
  lscp: ['radius'],
  mclp: ['p', 'radius', 'budget', 'periods', 'carryOver', 'minGroupCoverage'],
  pmedian: ['p', 'capacitated', 'assignment'],
  pcenter: ['p'],
  cfl: ['capacitated', 'assignment'],
};

function parseModel(json: Json, siteCount: number): SitingModel {
  const type = json.type;
  if (typeof type !== 'string' || !MODEL_TYPES.includes(type as ModelType)) {
    fail('model.type', `unknown model type ${show(type)} (known: ${MODEL_TYPES.join(', ')})`);
  }
  const modelType = type as ModelType;
  onlyKeys(json, 'model', ['type', ...MODEL_FIELDS[modelType]]);
  const p = json.p === undefined ? null : integer(json.p, 'model.p', { min: 1, what: 'p' });
  if (p !== null && p > siteCount) fail('model.p', `${p} is larger than the number of sites (${siteCount})`);
  if (p === null && (modelType === 'pmedian' || modelType === 'pcenter')) fail('model.p', `missing (${modelType} opens exactly p sites)`);
  const radius = json.radius === undefined ? null : number(json.radius, 'model.radius', { min: 0, what: 'the radius' });
  const budget = json.budget === undefined ? null : number(json.budget, 'model.budget', { min: 0, what: 'the budget' });
  const capacitated = optionalBoolean(json.capacitated, 'model.capacitated') ?? false;
  const assignment = json.assignment ?? 'split';
  if (assignment !== 'split' && assignment !== 'single') fail('model.assignment', `${show(assignment)} is neither "split" nor "single"`);
  if (json.assignment !== undefined && !capacitated) fail('model.assignment', 'is only meaningful with "capacitated": true');
  const periods = json.periods === undefined ? null : parsePeriods(json.periods);
  const carryOver = optionalBoolean(json.carryOver, 'model.carryOver') ?? false;
  if (json.carryOver !== undefined && periods === null) fail('model.carryOver', 'is only meaningful with model.periods');
  const minGroupCoverage = json.minGroupCoverage === undefined ? null : number(json.minGroupCoverage, 'model.minGroupCoverage', { min: 0, max: 1, what: 'the share' });
  if (modelType === 'mclp' && p === null && budget === null && periods === null) fail('model', 'mclp needs a count limit p, a budget, or periods with budgets');
  return { type: modelType, p, radius, budget, capacitated, assignment, periods, carryOver, minGroupCoverage };
}

function parsePeriods(value: unknown): Period[] {
  const list = array(value, 'model.periods');
  if (list.length === 0) fail('model.periods', 'is empty (give at least one period)');
  return list.map((entry, t) => {
    const period = object(entry, `model.periods[${t}]`);
    onlyKeys(period, `model.periods[${t}]`, ['label', 'budget']);
    return {
      label: optionalString(period.label, `model.periods[${t}].label`) ?? String(t + 1),
      budget: number(period.budget, `model.periods[${t}].budget`, { min: 0, what: 'a budget' }),
    };
  });
}

function parseDemand(json: Json, count: number, model: SitingModel): Demand {
  onlyKeys(json, 'demand', ['count', 'weights', 'weightsByPeriod', 'groups']);
  const rule = { min: 0, what: 'weights' };
  const weights = json.weights === undefined ? new Float64Array(count).fill(1) : numbers(json.weights, 'demand.weights', count, 'demand.count', rule);
  let weightsByPeriod: Float64Array[] | null = null;
  if (json.weightsByPeriod !== undefined) {
    if (model.periods === null) fail('demand.weightsByPeriod', 'is only meaningful with model.periods');
    weightsByPeriod = array(json.weightsByPeriod, 'demand.weightsByPeriod', model.periods.length, 'the number of periods').map((row, t) =>
      numbers(row, `demand.weightsByPeriod[${t}]`, count, 'demand.count', rule),
    );
  }
  let groups: string[] | null = null;
  if (json.groups !== undefined) {
    groups = array(json.groups, 'demand.groups', count, 'demand.count').map((label, i) => {
      if (typeof label !== 'string' && typeof label !== 'number') fail(`demand.groups[${i}]`, `${show(label)} is not a group label`);
      return String(label);
    });
  }
  if (model.minGroupCoverage !== null && groups === null) fail('model.minGroupCoverage', 'needs demand.groups (one group label per demand point)');
  return { count, weights, weightsByPeriod, groups };
}

function parseSites(json: Json, count: number, model: SitingModel): Sites {
  onlyKeys(json, 'sites', ['count', 'costs', 'capacities', 'existing', 'required', 'forbidden']);
  const costs = json.costs === undefined ? null : numbers(json.costs, 'sites.costs', count, 'sites.count', { min: 0, what: 'costs' });
  const capacities = json.capacities === undefined ? null : numbers(json.capacities, 'sites.capacities', count, 'sites.count', { min: 0, what: 'capacities' });
  const list = (field: 'existing' | 'required' | 'forbidden') =>
    json[field] === undefined ? [] : indices(json[field], `sites.${field}`, count, 'sites.count');
  const existing = list('existing');
  const required = list('required');
  const forbidden = list('forbidden');
  const clash = (a: number[], aName: string, b: number[], bName: string) => {
    const overlap = a.find((j) => b.includes(j));
    if (overlap !== undefined) fail(`sites.${bName}`, `site ${overlap} is both ${aName} and ${bName}`);
  };
  clash(existing, 'existing', required, 'required');
  clash(existing, 'existing', forbidden, 'forbidden');
  clash(required, 'required', forbidden, 'forbidden');
  if (model.p !== null && required.length > model.p) {
    fail('sites.required', `${required.length} required sites are more than p = ${model.p}`);
  }
  return { count, costs, capacities, existing, required, forbidden };
}

function checkModelNeeds(model: SitingModel, sites: Sites, distanceKind: string): void {
  const needsRadius = model.type === 'lscp' || model.type === 'mclp';
  if (needsRadius && distanceKind !== 'coverage' && model.radius === null) fail('model.radius', `missing (${model.type} needs a coverage radius unless distances are explicit coverage sets)`);
  if (!needsRadius && distanceKind === 'coverage') fail('distances.kind', `"coverage" gives no distances, and ${model.type} needs them (use matrix, graph or euclidean)`);
  if ((model.budget !== null || model.periods !== null) && sites.costs === null) fail('sites.costs', 'missing (a budget needs a cost for every site)');
  if (model.type === 'cfl' && sites.costs === null) fail('sites.costs', 'missing (cfl needs an opening cost for every site)');
  if (model.capacitated && sites.capacities === null) fail('sites.capacities', 'missing (a capacitated model needs a capacity for every site)');
}

function parseReference(json: Json): Reference {
  return {
    objective: number(json.objective, 'reference.objective'),
    status: optionalString(json.status, 'reference.status') ?? null,
    source: optionalString(json.source, 'reference.source') ?? null,
  };
}

function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (text.trim() === '') return 'the file is empty (expected JSON)';
  const position = /position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const truncated = offset >= text.trimEnd().length;
    return `${truncated ? 'truncated JSON: the text ends early' : 'not valid JSON'} at line ${line}, column ${column}`;
  }
  if (/end of (JSON )?input|Unterminated/i.test(message)) return 'truncated JSON: the text ends early';
  const token = /Unexpected token '(.+?)'/.exec(message)?.[1];
  if (token === 'N' || token === 'I') return 'not valid JSON: NaN and Infinity are not JSON numbers (write a finite number)';
  return token ? `not valid JSON: unexpected ${show(token)}` : `not valid JSON (${message})`;
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
}
