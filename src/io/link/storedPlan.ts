import { decodePlan, encodePlan, type SharedPlan } from './shareLink';

/** A plan as kept in browser storage: the link's compact form, validated the same way when read back. */
export function encodeStoredPlan(plan: SharedPlan): unknown {
  return encodePlan(plan);
}

export function decodeStoredPlan(value: unknown): SharedPlan | null {
  return value === null || value === undefined ? null : decodePlan(value);
}
