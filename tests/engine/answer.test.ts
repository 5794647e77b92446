import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { finerScenario } from '../../scripts/finerDemo';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the command line; resolves with its output and wall time from the spawn. */
function solve(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/solve.ts', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ stdout, stderr, code, seconds: (performance.now() - started) / 1000 })));
}

describe('always an answer (issue 23): the command line', () => {
  it('answers a 250 m grid within its 4 s limit + 1 s while another process keeps a core busy: a plan with a proven bound and its gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'answer-'));
    const file = join(dir, 'demo-250m.json');
    writeFileSync(file, JSON.stringify(finerScenario(2)));
    const busy = spawn(process.execPath, ['-e', 'for(;;){}']);
    try {
      const run = await solve([file, '--time-limit', '4', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(run.seconds).toBeLessThanOrEqual(4 + 1);
      expect(['timeout', 'optimal']).toContain(report.status);
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
