import { PRESETS, type SiteShape } from '../plan/presets';
import type { FacilityType } from '../plan/scenario';

/**
 * The colours of the map and of the exported picture, in one place so the
 * two never drift apart. New sites take hues that no coverage state uses
 * and shapes no coverage dot has, so a site never reads as a served cell.
 */
export interface TypeLook {
  readonly colour: string;
  readonly shape: SiteShape;
  /** Many small sites (container sites: hundreds of squares), drawn only over their own coverage and under the others. */
  readonly many: boolean;
}

/**
 * Colours for types beyond the presets, in turn: distinct hues that keep
 * contrast on the light map and are none of the coverage states' (green,
 * yellow, red, grey) nor a preset's.
 */
const PALETTE = ['#8a5a00', '#c2255c', '#087f5b', '#5f3dc4', '#e67700', '#1864ab', '#a61e4d', '#364fc7'];
const SHAPES: readonly SiteShape[] = ['hexagon', 'star', 'pentagon', 'bar'];
const looks = new Map<FacilityType, TypeLook>();

/**
 * A type's colour and shape: a preset's own; a type of the planner's the
 * palette's next, in the order the page first meets the types, so that one
 * type keeps one colour everywhere on the page (map, legend, picture).
 */
export function typeLook(type: FacilityType, sites?: 'grid' | 'cells'): TypeLook {
  const preset = PRESETS[type];
  if (preset) return { colour: preset.colour, shape: preset.shape, many: (sites ?? preset.sites) === 'cells' };
  let look = looks.get(type);
  if (!look) {
    look = { colour: PALETTE[looks.size % PALETTE.length], shape: SHAPES[looks.size % SHAPES.length], many: false };
    looks.set(type, look);
  }
  return sites === undefined ? look : { ...look, many: sites === 'cells' };
}

/** The new sites shown while a type's coverage is: every type's, but the many small ones only over their own. */
export function sitesShown<T extends { readonly type: FacilityType }>(sites: readonly T[], coverageType: FacilityType): T[] {
  return sites.filter((site) => !typeLook(site.type).many || site.type === coverageType);
}

/**
 * Demand cells by service. They are drawn opaque: translucent cells that
 * overlap mix into colours the legend cannot explain (green over red gave
 * olive dots).
 */
export const SERVICE = {
  served: '#51cf66',
  partly: '#fcc419',
  unserved: '#ff6b6b',
  unsolved: '#94a3b8',
} as const;

export type ServiceState = 'served' | 'partly' | 'unserved';

/** A cell counts as served when 99% of its demand is served, and as not served below 1%. */
export function serviceState(share: number): ServiceState {
  return share >= 0.99 ? 'served' : share > 0.01 ? 'partly' : 'unserved';
}

/** The colour of a demand cell by the share of its demand served. */
export function serviceColour(share: number): string {
  return SERVICE[serviceState(share)];
}

/** Existing facilities by the city layer they are in (and overloaded and private schools apart). */
export const EXISTING = { schools: '#1c5fd4', overloaded: '#c92a2a', private: '#868e96', health: '#7048e8', containers: '#0b7285' } as const;

/** The ring colour of a city layer's existing facilities: the built-in layers' own, else the colour of the preset whose layer it is, else one of the palette's. */
export function layerColour(name: string): string {
  if (name === 'schools' || name === 'health' || name === 'containers') return EXISTING[name];
  const preset = Object.values(PRESETS).find((p) => p.existing === name);
  return preset ? preset.colour : typeLook(`layer_${name}`).colour;
}

/** Candidate sites, ringed in grey so they never read as existing facilities; required ones are filled in their type's colour. */
export const CANDIDATE = '#495057';

/** The outline of a site a compared scenario has and the first one lacks. */
export const HIGHLIGHT = '#000000';

/** Planned housing estates (their outline, or a square where only a point is given). */
export const HOUSING = '#212529';

/** The street network layer, and the cells measured by straight lines for want of a street near them. */
export const STREET = '#495057';
/** Public transport: the feed's routes without a colour of their own, the lines drawn, their stops, and cells reached by transit only (cyan, apart from every coverage state's colour; drawn lines orange and thick, their stops white rings). */
export const TRANSIT = '#15aabf';
export const DRAWN_LINE = '#e8590c';
export const OFF_STREET = '#5c5f66';
