import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/plan/scenario';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the command line; resolves with its output and the seconds from the spawn to its answer (the last
 * output written: the process's exit after it, its threads stopped, is not what a caller waits for).
 */
function solve(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null; seconds: number }> {
  const started = performance.now();
  let answered = started;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    answered = performance.now();
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ stdout, stderr, code, seconds: (answered - started) / 1000 })));
}

/**
 * Seconds. Within the suite the machine carries two Chromiums and the unit files besides the busy process the
 * issue names; at 6 s the answer came at 5.4 s with one busy process and 7.04 s inside the suite. The engine
 * answers about 2 s before a 10 s limit, which leaves room for that load without waiting the whole limit.
 */
const LIMIT = 10;

describe('always an answer (issue 23): the command line', () => {
  it('answers the demo with a shared budget within its 10 s limit + 1 s while another process keeps a core busy: a plan with a proven bound and its gap', async () => {
    // One budget for the three types couples them into one model that takes about 27 s to prove: the limit cuts it short.
    // The demo at 500 m is prepared in about 1.5 s, which leaves room for a machine far busier than one busy process.
    const dir = mkdtempSync(join(tmpdir(), 'answer-'));
    const file = join(dir, 'demo.json');
    writeFileSync(file, JSON.stringify({ ...defaultScenario(), budgetMode: 'shared' }));
    const busy = spawn(process.execPath, ['-e', 'for(;;){}']);
    try {
      const run = await solve([file, '--time-limit', String(LIMIT), '--json']);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(run.seconds).toBeLessThanOrEqual(LIMIT + 1);
      expect(report.status).toBe('timeout');
      expect(report.sites.length).toBeGreaterThan(0);
      expect(report.objective).not.toBeNull();
      // Maximal coverage: the bound is never below the plan (the brute-force checks of the bounds are in planner.test.ts).
      expect(report.bound).not.toBeNull();
      expect(report.bound).toBeGreaterThanOrEqual(report.objective - 1e-9);
      expect(report.gap).not.toBeNull();
      expect(report.coveredShare).toBeGreaterThan(0);
    } finally {
      busy.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
