import type { Scenario } from './scenario';

/**
 * Whether a plan solved for `solved` is still the plan for `current`: the two
 * ask the same question. The name does not matter, nor the settings of phases
 * or fairness while they are switched off (switching one on and back off
 * changes nothing), so a plan is stale only when the answer could differ.
 */
export function sameProblem(solved: Scenario, current: Scenario): boolean {
  return solved === current || deepEqual(problemOf(solved), problemOf(current));
}

function problemOf(scenario: Scenario): unknown {
  const { name: _name, phases, fairness, ...rest } = scenario;
  return {
    ...rest,
    // The first year labels the results even without phases.
    phases: phases.enabled ? phases : { enabled: false, startYear: phases.startYear },
    fairness: fairness.enabled ? fairness : { enabled: false },
  };
}

/** Plain values compared field by field (an undefined field counts as absent). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
