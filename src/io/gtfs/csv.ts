import { GtfsError } from './errors';

/**
 * One CSV file of a feed, read record by record: RFC 4180 quotes (a quoted
 * cell may hold commas, doubled quotes and line breaks), a byte-order mark,
 * CRLF or LF, blank lines skipped, cells beyond the header ignored and cells
 * short of it empty. Lines without a quote, nearly all of a real feed, take
 * a fast path (String.split); papaparse took three times as long on a 50 MB
 * stop_times.txt (npm run bench:gtfs). Every record knows the file line it
 * starts on.
 */
export class CsvFile {
  /** The header's column names, trimmed. */
  readonly header: string[];
  private position = 0;
  private nextLine = 1;

  constructor(
    private readonly text: string,
    readonly feed: string,
    readonly file: string,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.position = 1;
    const header = this.record();
    if (header === null) throw new GtfsError(feed, file, 0, '', '', 'is empty (it needs at least its header line)');
    this.header = header.cells.map((name) => name.trim());
  }

  /** The index of a column, or -1 when the file has none. */
  column(name: string): number {
    return this.header.indexOf(name);
  }

  /** The index of a column the file must have; refused on line 1 when it is missing. */
  required(name: string): number {
    const index = this.header.indexOf(name);
    if (index < 0) throw new GtfsError(this.feed, this.file, 1, name, '', `is missing: the header has no column ${name} (it has ${this.header.join(', ')})`);
    return index;
  }

  /** Refuses the feed at a cell of this file. */
  fail(line: number, field: string, value: string, detail: string): never {
    throw new GtfsError(this.feed, this.file, line, field, value, detail);
  }

  /** Calls `row` with each record's cells and line; `progress` now and then with the share of the file read. */
  rows(row: (cells: string[], line: number) => void, progress?: (fraction: number) => void): void {
    const length = this.text.length;
    let count = 0;
    for (let record = this.record(); record !== null; record = this.record()) {
      row(record.cells, record.line);
      if (progress !== undefined && (++count & 255) === 0) progress(this.position / length);
    }
    progress?.(1);
  }

  /** The next non-blank record, or null at the end of the file. */
  private record(): { cells: string[]; line: number } | null {
    const text = this.text;
    while (this.position < text.length) {
      const start = this.position;
      const line = this.nextLine;
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let content = text.slice(start, end);
      if (content.includes('"')) return { cells: this.quoted(start, line), line };
      this.position = end + 1;
      this.nextLine++;
      if (content.charCodeAt(content.length - 1) === 13) content = content.slice(0, -1);
      if (content.trim() === '') continue;
      return { cells: content.split(','), line };
    }
    return null;
  }

  /** A record with quotes, read character by character from `start` (it may span lines). */
  private quoted(start: number, line: number): string[] {
    const text = this.text;
    const cells: string[] = [];
    let cell = '';
    let inQuotes = false;
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inQuotes) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            cell += '"';
            i++;
          } else inQuotes = false;
        } else {
          if (c === 10) this.nextLine++;
          cell += text[i];
        }
      } else if (c === 34) inQuotes = true;
      else if (c === 44) {
        cells.push(cell);
        cell = '';
      } else if (c === 10) break;
      else if (c !== 13) cell += text[i];
    }
    if (inQuotes) throw new GtfsError(this.feed, this.file, line, '', '', 'has a quote that is never closed');
    cells.push(cell);
    this.position = i + 1;
    this.nextLine++;
    return cells;
  }
}
