import type { FacilityType } from '../../plan/scenario';

export const TYPE_COLOURS: Record<FacilityType, string> = {
  school: '#1c5fd4',
  polyclinic: '#c2255c',
  container: '#2b8a3e',
};

export const SERVICE = {
  served: '#2f9e44',
  partly: '#f59f00',
  unserved: '#e03131',
  unsolved: '#748ffc',
};

export const EXISTING = { school: '#1c5fd4', overloaded: '#e03131', private: '#868e96', health: '#7048e8', container: '#0b7285' };
