import { describe, expect, it } from 'vitest';
import { sameProblem } from '../../src/plan/sameProblem';
import { defaultScenario } from '../../src/plan/scenario';

describe('sameProblem', () => {
  const solved = defaultScenario();

  it('ignores the name and switched-off phases or fairness, and their settings while off', () => {
    expect(sameProblem(solved, { ...solved, name: 'Renamed' })).toBe(true);
    expect(sameProblem(solved, { ...solved, phases: { ...solved.phases, carryOver: !solved.phases.carryOver } })).toBe(true);
    expect(sameProblem(solved, { ...solved, fairness: { ...solved.fairness, minShare: 0.9 } })).toBe(true);
    expect(sameProblem(solved, JSON.parse(JSON.stringify(solved)))).toBe(true);
  });

  it('sees every change the solve depends on', () => {
    expect(sameProblem(solved, { ...solved, phases: { ...solved.phases, enabled: true } })).toBe(false);
    expect(sameProblem(solved, { ...solved, fairness: { ...solved.fairness, enabled: true } })).toBe(false);
    expect(sameProblem(solved, { ...solved, facilities: { ...solved.facilities, school: { ...solved.facilities.school, budget: 1 } } })).toBe(false);
    expect(sameProblem(solved, { ...solved, candidates: { ...solved.candidates, required: ['school:3'] } })).toBe(false);
    expect(sameProblem(solved, { ...solved, phases: { ...solved.phases, startYear: solved.phases.startYear + 1 } })).toBe(false);
  });
});
