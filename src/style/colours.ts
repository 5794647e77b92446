import type { FacilityType } from '../plan/scenario';

/**
 * The colours of the map and of the exported picture, in one place so the
 * two never drift apart. New sites take hues that no coverage state uses
 * (and a diamond or square shape), so a site never reads as a served cell.
 */
export const TYPE_COLOURS: Record<FacilityType, string> = {
  school: '#1c5fd4',
  polyclinic: '#9c36b5',
  container: '#0b7285',
};

/**
 * Types whose new sites are many and small (container sites: hundreds of
 * squares). On the map and in the picture alike they are drawn only over
 * their own coverage, and under the other types' sites, so that they hide
 * no other type's coverage.
 */
export const MANY_SITES: Record<FacilityType, boolean> = {
  school: false,
  polyclinic: false,
  container: true,
};

/** The new sites shown while a type's coverage is: every type's, but the many small ones only over their own. */
export function sitesShown<T extends { readonly type: FacilityType }>(sites: readonly T[], coverageType: FacilityType): T[] {
  return sites.filter((site) => !MANY_SITES[site.type] || site.type === coverageType);
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

export const EXISTING = { school: '#1c5fd4', overloaded: '#c92a2a', private: '#868e96', health: '#7048e8', container: '#0b7285' } as const;

/** Candidate sites, ringed in grey so they never read as existing facilities; required ones are filled in their type's colour. */
export const CANDIDATE = '#495057';

/** The outline of a site a compared scenario has and the first one lacks. */
export const HIGHLIGHT = '#000000';

/** The street network layer, and the cells measured by straight lines for want of a street near them. */
export const STREET = '#495057';
export const OFF_STREET = '#5c5f66';
