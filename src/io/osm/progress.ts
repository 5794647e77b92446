import type { ReadProgress } from '../../engine/streets/ways';

/**
 * A throttled progress callback: at most about 100 calls whatever the number
 * of blocks or lines, since each call may post a message to the page.
 */
export function throttle(onProgress: ReadProgress | undefined): (fraction: number) => void {
  if (onProgress === undefined) return () => {};
  let last = -1;
  return (fraction) => {
    const f = Math.min(1, Math.max(0, fraction));
    if (f - last >= 0.01 || (f === 1 && last < 1)) {
      last = f;
      onProgress(f);
    }
  };
}

/** An ISO date (YYYY-MM-DD) from milliseconds since 1970, or null when no timestamp was seen. */
export function isoDate(ms: number): string | null {
  // Date's range ends at 8.64e15 ms; a larger value is a broken timestamp, not a date.
  return ms > 0 && ms <= 8.64e15 ? new Date(ms).toISOString().slice(0, 10) : null;
}
