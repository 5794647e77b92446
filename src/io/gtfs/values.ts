/** Cell readers of GTFS values; each returns -1 (or NaN) for a value it cannot read, so the caller names the cell. */

/** Seconds after midnight of a GTFS time H:MM:SS (hours may pass 24: 25:10:00 is 90,600), or -1. */
export function parseTime(cell: string): number {
  const s = cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) ? cell.trim() : cell;
  const colon = s.indexOf(':');
  if (colon < 1 || colon > 3 || s.length !== colon + 6 || s.charCodeAt(colon + 3) !== 58) return -1;
  let hours = 0;
  for (let i = 0; i < colon; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    hours = hours * 10 + d;
  }
  const m1 = s.charCodeAt(colon + 1) - 48;
  const m2 = s.charCodeAt(colon + 2) - 48;
  const s1 = s.charCodeAt(colon + 4) - 48;
  const s2 = s.charCodeAt(colon + 5) - 48;
  if (m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9 || s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return -1;
  return hours * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
}

/** A non-negative whole number written in digits, or -1. */
export function parseCount(cell: string): number {
  const s = cell.trim();
  if (s.length === 0 || s.length > 9) return -1;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** A decimal number, or NaN. */
export function parseNumber(cell: string): number {
  const s = cell.trim();
  return s === '' ? NaN : Number(s);
}

/** A GTFS date YYYYMMDD as that integer when it is a real day, or -1. */
export function parseDate(cell: string): number {
  const s = cell.trim();
  if (!/^\d{8}$/.test(s)) return -1;
  const value = Number(s);
  const y = Math.floor(value / 10000);
  const m = Math.floor(value / 100) % 100;
  const d = value % 100;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value : -1;
}

/** The day of the week of a YYYYMMDD date, 0 = Monday ... 6 = Sunday (the order of calendar.txt's columns). */
export function weekday(date: number): number {
  const day = new Date(Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, date % 100)).getUTCDay();
  return (day + 6) % 7;
}

/** The YYYYMMDD date `days` after (or before) another. */
export function addDays(date: number, days: number): number {
  const moved = new Date(Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, (date % 100) + days));
  return moved.getUTCFullYear() * 10000 + (moved.getUTCMonth() + 1) * 100 + moved.getUTCDate();
}

/** A time as H:MM:SS (hours past 24 kept), for messages. */
export function formatTime(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** A growable Int32Array, for columns of unknown length (a city's stop_times.txt has millions of rows). */
export class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get values(): Int32Array {
    return this.data;
  }

  /** The values as an array of exactly their length. */
  array(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
