import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { demandWeights, districtOf, type CityData, type PointSet } from './city';
import { typeSpecs, type TypeSpec } from './presets';
import { coverageRadius, enabledTypes, type ExtensionSettings, type FacilityType, type Scenario } from './scenario';
import { gridFrame } from './geo';
import { PointIndex } from './spatial';

/** A place where a new facility could go, or an existing facility that could be extended. */
export interface Candidate {
  readonly id: string;
  readonly type: FacilityType;
  readonly lon: number;
  readonly lat: number;
  readonly x: number;
  readonly y: number;
  readonly district: number;
  /** How many facilities may go here (container sites: enough for the cell's households). */
  readonly maxCount: number;
  readonly addedByPlanner: boolean;
  /** A planner-added site's name (a land plot's), where it has one. */
  readonly name?: string;
  /** An extension: the index of the existing facility it extends, in existingOf(city, type). */
  readonly extends?: number;
  /** An extension's own capacity and cost (a new site's are the type's). */
  readonly capacity?: number;
  readonly cost?: number;
}

/** Existing facilities of a type, if the city has any: the layer its `existing` names. */
export function existingOf(city: CityData, spec: Pick<TypeSpec, 'existing'>): (PointSet & { readonly capacity: Float64Array }) | null {
  const layer = spec.existing === null ? undefined : city.layers[spec.existing];
  return layer && layer.count > 0 ? layer : null;
}

/**
 * Candidate sites per type: a square grid (projected metres) with the type's
 * spacing, kept where it falls inside a district, outside every exclusion
 * zone, not on top of an existing facility of the same type (closer than half
 * the spacing), and within reach of some demand; a spacing of 0 means no
 * grid. Types whose sites stand on the cells (container sites, whose norm of
 * 25-100 m is finer than the grid) have the population cells themselves.
 * Sites the planner added by clicking the map are always kept (inside the
 * city and outside exclusions). Where a type's extensions are on, every
 * existing facility of the type is one more candidate, at its own position,
 * with the extension's capacity and cost.
 *
 * Within a type the order is: grid, planner-added, extensions. Extensions come
 * last so that the other candidates keep their indices (plans in links and
 * storage name candidates by index) whether extensions are on or off.
 */
export function generateCandidates(city: CityData, scenario: Scenario): Candidate[] {
  // Demand in the grid frame: which lattice points someone lives near (see gridCandidates).
  const frame = gridFrame(...city.projection.centre);
  const demandIndex = new PointIndex(
    Float64Array.from(city.demand.lon, (lon, k) => frame.x(lon, city.demand.lat[k])),
    Float64Array.from(city.demand.lat, (lat, k) => frame.y(city.demand.lon[k], lat)),
  );
  const result: Candidate[] = [];
  const specs = typeSpecs(scenario.facilities);
  for (const type of enabledTypes(scenario)) {
    const spec = specs.get(type)!;
    const settings = scenario.facilities[type];
    if (spec.sites === 'cells') result.push(...cellCandidates(city, type, demandWeights(city, spec.demand), settings.capacity));
    else if (settings.candidateSpacing > 0) result.push(...gridCandidates(city, spec, settings.candidateSpacing, coverageRadius(scenario, type), demandIndex));
  }
  for (const added of scenario.candidates.added) {
    if (!scenario.facilities[added.type]?.enabled) continue;
    const district = districtOf(city, added.lon, added.lat);
    if (district < 0 || excluded(city, added.lon, added.lat)) continue;
    const { projection } = city;
    result.push({
      ...added,
      x: projection.x(added.lon, added.lat),
      y: projection.y(added.lon, added.lat),
      district,
      maxCount: 1,
      addedByPlanner: true,
    });
  }
  for (const type of enabledTypes(scenario)) {
    const spec = specs.get(type)!;
    const settings = scenario.facilities[type];
    if (spec.extendable && settings.extension.enabled) result.push(...extensionCandidates(city, spec, settings.extension));
  }
  return result;
}

/**
 * One candidate per existing facility of the type: its extension. The id is
 * `extend:<type>:<facility id>` (the facility's index where its id is empty or
 * shared with another), stable while the data is.
 */
export function extensionCandidates(city: CityData, spec: Pick<TypeSpec, 'id' | 'existing'>, extension: ExtensionSettings): Candidate[] {
  const type = spec.id;
  const existing = existingOf(city, spec);
  if (!existing) return [];
  const seen = new Map<string, number>();
  for (const id of existing.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return Array.from({ length: existing.count }, (_, j): Candidate => {
    const own = existing.ids[j];
    const key = own !== '' && seen.get(own) === 1 && !/^\d+$/.test(own) ? own : String(j);
    return {
      id: `extend:${type}:${key}`,
      type,
      lon: existing.lon[j],
      lat: existing.lat[j],
      x: existing.x[j],
      y: existing.y[j],
      district: existing.district[j],
      maxCount: 1,
      addedByPlanner: false,
      extends: j,
      capacity: extension.places,
      cost: extension.cost,
    };
  });
}

/**
 * The lattice is laid out, and its points kept, in the grid frame of
 * src/plan/geo.ts (the projection of earlier versions), so that the
 * candidates and their order are those earlier versions made; each
 * candidate's position is then the city's (the one distance measure).
 */
function gridCandidates(city: CityData, spec: TypeSpec, spacing: number, radius: number, demandIndex: PointIndex): Candidate[] {
  const type = spec.id;
  const { projection } = city;
  const frame = gridFrame(...projection.centre);
  const existing = existingOf(city, spec);
  const inFrame = (set: PointSet) => ({ x: Float64Array.from(set.lon, (lon, k) => frame.x(lon, set.lat[k])), y: Float64Array.from(set.lat, (lat, k) => frame.y(set.lon[k], lat)) });
  const existingFramed = existing && inFrame(existing);
  const existingIndex = existingFramed ? new PointIndex(existingFramed.x, existingFramed.y) : null;
  const [minX, minY, maxX, maxY] = extent(demandIndex.x, demandIndex.y, radius);
  const candidates: Candidate[] = [];
  // The grid is anchored at the projection's origin, so ids stay stable while the data does.
  for (let column = Math.ceil(minX / spacing); column * spacing <= maxX; column++) {
    for (let row = Math.ceil(minY / spacing); row * spacing <= maxY; row++) {
      const x = column * spacing;
      const y = row * spacing;
      if (demandIndex.within(x, y, radius).length === 0) continue;
      if (existingIndex && existingIndex.within(x, y, spacing / 2).length > 0) continue;
      const lon = frame.lon(x, y);
      const lat = frame.lat(x, y);
      const district = districtOf(city, lon, lat);
      if (district < 0 || excluded(city, lon, lat)) continue;
      candidates.push({ id: `${type}:${column}:${row}`, type, lon, lat, x: projection.x(lon, lat), y: projection.y(lon, lat), district, maxCount: 1, addedByPlanner: false });
    }
  }
  return candidates;
}

/** A candidate on every population cell with demand, with room for enough facilities to serve it: `<type>:<cell id>`. */
function cellCandidates(city: CityData, type: FacilityType, weights: Float64Array, typeCapacity: number): Candidate[] {
  const { demand } = city;
  const capacity = Math.max(typeCapacity, 1);
  const candidates: Candidate[] = [];
  for (let i = 0; i < demand.count; i++) {
    if (weights[i] <= 0 || excluded(city, demand.lon[i], demand.lat[i])) continue;
    candidates.push({
      id: `${type}:${demand.ids[i]}`,
      type,
      lon: demand.lon[i],
      lat: demand.lat[i],
      x: demand.x[i],
      y: demand.y[i],
      district: demand.district[i],
      maxCount: Math.ceil(weights[i] / capacity),
      addedByPlanner: false,
    });
  }
  return candidates;
}

export function excluded(city: CityData, lon: number, lat: number): boolean {
  return city.exclusions.features.some((feature) => booleanPointInPolygon([lon, lat], feature));
}

function extent(x: Float64Array, y: Float64Array, margin: number): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < x.length; k++) {
    minX = Math.min(minX, x[k]);
    minY = Math.min(minY, y[k]);
    maxX = Math.max(maxX, x[k]);
    maxY = Math.max(maxY, y[k]);
  }
  return [minX - margin, minY - margin, maxX + margin, maxY + margin];
}
