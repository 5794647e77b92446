import { InputError, fail, show } from '../../engine/instance/errors';
import { number, object, onlyKeys } from '../../engine/instance/fields';
import { LIMITS } from '../../plan/limits';
import { LAYER_NAME } from '../osm/rules';
import { CITY_FORMAT, CITY_LAYER_NAMES, type CityLayer, type CityManifest, type CityNames, type RasterParameters } from './types';

/** A city id: what `city:<id>` names, a folder name and an IndexedDB key alike. */
export const CITY_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** A layer's file inside the package: a plain name, never a path out of it. */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export const RASTER_LIMITS = {
  cellMetres: { min: 100, max: 1000 },
  childShare: { min: 0, max: 1 },
  householdShare: { min: 0, max: 1 },
} as const;

/** The raster parameters of the Almaty demo's population grid (pop_6_17 / pop and households / pop over the city). */
export const DEFAULT_RASTER: RasterParameters = { cellMetres: 250, childShare: 0.17, householdShare: 0.3 };

/**
 * Validates `manifest.json`; every field is checked and a bad one named
 * (InputError with the file), so a package that would be misread is refused.
 */
export function parseManifest(json: unknown, file = 'manifest.json'): CityManifest {
  try {
    return read(json);
  } catch (error) {
    throw error instanceof InputError && error.file === undefined ? error.inFile(file) : error;
  }
}

function read(json: unknown): CityManifest {
  const root = object(json, 'manifest');
  if (root.format !== CITY_FORMAT) {
    fail('format', root.format === undefined ? `missing (expected "${CITY_FORMAT}")` : `unknown format ${show(root.format)} (this version reads "${CITY_FORMAT}")`);
  }
  onlyKeys(root, '', ['format', 'id', 'name', 'attribution', 'populationSource', 'layers', 'raster', 'growth']);
  if (typeof root.id !== 'string' || !CITY_ID.test(root.id)) fail('id', `${show(root.id)} is not a city id (lower-case latin letters, digits and hyphens, up to 40)`);
  const names = object(root.name, 'name');
  onlyKeys(names, 'name', ['en', 'ru', 'kk']);
  const name = Object.fromEntries((['en', 'ru', 'kk'] as const).map((language) => [language, text(names[language], `name.${language}`)])) as unknown as CityNames;
  if (typeof root.attribution !== 'string') fail('attribution', `expected text, found ${show(root.attribution)}`);
  if (root.populationSource !== undefined) text(root.populationSource, 'populationSource');
  const layersJson = object(root.layers, 'layers');
  const layers: Record<string, string> = {};
  for (const layer of [...CITY_LAYER_NAMES, ...Object.keys(layersJson).filter((key) => !isCityLayer(key))]) {
    if (!isCityLayer(layer) && !LAYER_NAME.test(layer)) {
      fail(`layers.${layer}`, `is not a layer name (the layers are ${CITY_LAYER_NAMES.join(', ')}, and further point layers named by a lower-case latin letter, then letters, digits or _, up to 32 in all)`);
    }
    const value = layersJson[layer];
    if (value === undefined) {
      if (layer === 'districts' || layer === 'population') fail(`layers.${layer}`, 'missing (every city needs its districts and its population)');
      continue;
    }
    if (typeof value !== 'string' || !FILE_NAME.test(value)) fail(`layers.${layer}`, `${show(value)} is not a file name inside the package`);
    layers[layer] = value;
  }
  let raster: RasterParameters | undefined;
  if (root.raster !== undefined) {
    const json = object(root.raster, 'raster');
    onlyKeys(json, 'raster', ['cellMetres', 'childShare', 'householdShare']);
    raster = {
      cellMetres: number(json.cellMetres, 'raster.cellMetres', { ...RASTER_LIMITS.cellMetres, what: 'a cell size in metres' }),
      childShare: number(json.childShare, 'raster.childShare', { ...RASTER_LIMITS.childShare, what: 'a share' }),
      householdShare: number(json.householdShare, 'raster.householdShare', { ...RASTER_LIMITS.householdShare, what: 'a share' }),
    };
  }
  let growth: Record<string, number> | undefined;
  if (root.growth !== undefined) {
    const json = object(root.growth, 'growth');
    growth = Object.fromEntries(Object.entries(json).map(([id, rate]) => [id, number(rate, `growth.${id}`, { ...LIMITS.growth, what: 'a growth rate' })]));
  }
  return {
    format: CITY_FORMAT,
    id: root.id,
    name,
    attribution: root.attribution,
    ...(root.populationSource !== undefined ? { populationSource: root.populationSource as string } : {}),
    layers: layers as CityManifest['layers'],
    ...(raster ? { raster } : {}),
    ...(growth ? { growth } : {}),
  };
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, `expected text, found ${show(value)}`);
  return value;
}

/** A district's yearly growth under the manifest: its own, else the manifest's "*", else none. */
export function districtGrowth(manifest: CityManifest, districtId: string): number {
  return manifest.growth?.[districtId] ?? manifest.growth?.['*'] ?? 0;
}

function isCityLayer(name: string): name is CityLayer {
  return (CITY_LAYER_NAMES as readonly string[]).includes(name);
}

/**
 * The package's further point layers (kindergartens, pharmacies, ...: any
 * layer not one of CITY_LAYER_NAMES) as [name, file], in the manifest's order.
 */
export function extraLayers(manifest: CityManifest): [string, string][] {
  return Object.entries(manifest.layers).filter((entry): entry is [string, string] => !isCityLayer(entry[0]) && typeof entry[1] === 'string');
}

/** Whether a layer file is a GeoTIFF by its name (the content decides on reading). */
export function isTiffName(name: string): boolean {
  return /\.tiff?$/i.test(name);
}
