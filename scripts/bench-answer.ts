/**
 * Always an answer (#23): the command line's wall time at its time limit, on a
 * quiet machine and with one and two other processes keeping a core busy
 * (`node -e 'for(;;){}'`), measured around `npm run solve -- FILE
 * --time-limit T --json` as a planner would time it. Prints one line per run
 * (wall, status, objective, bound, gap) and a summary per case.
 * Run: npm run bench:answer -- FILE... [--limits 5,10] [--busy 0,1,2] [--repeat 2] [--cwd CHECKOUT]
 * (--cwd: another checkout to measure, for example the code before the change.)
 * Grids: `npx tsx scripts/finerDemo.ts 2 d250.json` (250 m), `... 5 d100.json` (100 m).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const limits = option('limits', '5,10').split(',').map(Number);
const busyCounts = option('busy', '0,1,2').split(',').map(Number);
const repeat = Number(option('repeat', '2'));
const cwd = resolve(option('cwd', '.'));
const files = args.map((file) => resolve(file));
if (files.length === 0) {
  process.stderr.write('usage: npm run bench:answer -- FILE... [--limits 5,10] [--busy 0,1,2] [--repeat 2] [--cwd CHECKOUT]\n');
  process.exit(2);
}

function run(file: string, limit: number): Promise<{ wall: number; line: string }> {
  const started = performance.now();
  const child = spawn('npm', ['run', 'solve', '--silent', '--', file, '--time-limit', String(limit), '--json'], { cwd });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((done) =>
    child.on('close', () => {
      const wall = (performance.now() - started) / 1000;
      let line: string;
      try {
        const report = JSON.parse(stdout);
        const gap = report.gap === null ? '-' : `${(report.gap * 100).toFixed(2)}%`;
        line = `${report.status} objective ${report.objective?.toFixed(3) ?? '-'} bound ${report.bound?.toFixed(3) ?? '-'} gap ${gap} sites ${report.sites?.length ?? 0}${report.message ? ` (${report.message})` : ''}`;
      } catch {
        line = `no JSON: ${stdout.slice(0, 120)}`;
      }
      done({ wall, line });
    }),
  );
}

for (const file of files) {
  for (const limit of limits) {
    for (const busy of busyCounts) {
      const walls: number[] = [];
      for (let n = 0; n < repeat; n++) {
        const hogs: ChildProcess[] = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for(;;){}']));
        try {
          await new Promise((wait) => setTimeout(wait, 300));
          const { wall, line } = await run(file, limit);
          walls.push(wall);
          console.log(`${file.split('/').pop()} limit ${limit} s, ${busy} busy: ${wall.toFixed(2)} s wall; ${line}`);
        } finally {
          for (const hog of hogs) hog.kill();
        }
      }
      walls.sort((a, b) => a - b);
      console.log(`== ${file.split('/').pop()} limit ${limit} s, ${busy} busy: wall ${walls[0].toFixed(1)}-${walls[walls.length - 1].toFixed(1)} s (over the limit by ${(walls[0] - limit).toFixed(1)}-${(walls[walls.length - 1] - limit).toFixed(1)} s)`);
    }
  }
}
