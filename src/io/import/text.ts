/** Spreadsheet exports (Excel's "CSV UTF-8") start with a byte-order mark that would otherwise stick to the first header. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const DELIMITERS = ['\t', ';', ','] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The field separator, judged from the header line alone: headers rarely hold
 * commas, whereas data rows of a semicolon file are full of decimal commas,
 * which can fool a guess made over the rows. Quoted text is not counted. Ties
 * go to tab, then semicolon; a single-column header gives a comma.
 */
export function detectDelimiter(text: string): Delimiter {
  const start = text.search(/[^\r\n]/);
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let k = Math.max(start, 0); k < text.length; k++) {
    const c = text[k];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: Delimiter = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    if (counts.get(d)! > most) {
      best = d;
      most = counts.get(d)!;
    }
  }
  return best;
}

/**
 * 1-based line numbers of character offsets, asked for in increasing order
 * (as a parser moves through the file), so the whole file is scanned once.
 */
export class LineCounter {
  private readonly newline: string;
  private offset = 0;
  private line = 1;

  constructor(private readonly text: string) {
    // Old Mac files end lines with a bare CR; everything else has LF.
    this.newline = text.includes('\n') ? '\n' : '\r';
  }

  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    for (let k = this.text.indexOf(this.newline, this.offset); k >= 0 && k < offset; k = this.text.indexOf(this.newline, k + 1)) this.line++;
    this.offset = offset;
    return this.line;
  }
}

/** Line and column (both 1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const line = new LineCounter(text).lineAt(offset);
  const before = offset > 0 ? text.lastIndexOf(text.includes('\n') ? '\n' : '\r', offset - 1) : -1;
  return { line, column: offset - before };
}
