import { readFileSync } from 'node:fs';

/**
 * When the command was launched, as Date.now() milliseconds: the start of
 * `npm run solve` (or `npx tsx`, or `tsx`), not of this Node process, which
 * the launchers start about a second later (more on a busy machine). The
 * time limit counts from there, as a planner's stopwatch does. Linux: the
 * chain of parent processes that are npm, npx, tsx or their `sh -c`, read
 * from /proc; elsewhere, or run directly, this process's start.
 */
export function launchedAt(): number {
  const own = startTicks('self');
  if (own === null) return performance.timeOrigin;
  let earliest = own;
  let pid = process.ppid;
  for (let depth = 0; depth < 5 && pid > 1; depth++) {
    const command = commandLine(pid);
    if (command === null || !/(^|[/\s'"])(npm|npx|tsx)([\s'"]|$)|npm-cli\.js|\/tsx\/dist\/cli/.test(command)) break;
    const ticks = startTicks(String(pid));
    if (ticks === null) break;
    earliest = Math.min(earliest, ticks);
    pid = parentOf(pid) ?? 0;
  }
  // Clock ticks are hundredths of a second on Linux; more than a minute back is not this command's launch.
  const before = Math.min((own - earliest) * 10, 60_000);
  return performance.timeOrigin - before;
}

function stat(pid: string): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/PID/stat: the start time in clock ticks after boot. */
function startTicks(pid: string): number | null {
  const fields = stat(pid);
  const value = fields ? Number(fields[19]) : NaN;
  return Number.isFinite(value) ? value : null;
}

function parentOf(pid: number): number | null {
  const fields = stat(String(pid));
  const value = fields ? Number(fields[1]) : NaN;
  return Number.isFinite(value) ? value : null;
}

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}
