/**
 * A number read from text, or why it is not one: a predicate such as "is not
 * a number" and the same as a reason the importers turn into a message key.
 */
export type ParsedNumber = { value: number } | { error: string; reason: NumberProblem };
export type NumberProblem = 'notNumber' | 'notNumberComma' | 'notFinite';

// Deliberately stricter than Number(): no hex, no "Infinity", no "NaN", no
// empty string (which Number() reads as 0).
const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// Russian and Kazakh spreadsheets write 12 500 (often with a no-break space).
const GROUPED = /^[+-]?\d{1,3}([ \u00a0\u202f\u2009]\d{3})+([.,]\d+)?$/;

/**
 * Reads a decimal number as spreadsheets write it. A decimal comma (43,25) is
 * accepted only where a comma cannot also be the field separator, so
 * `decimalComma` is false for comma-separated files.
 */
export function parseNumber(raw: string, decimalComma: boolean): ParsedNumber {
  let text = raw.trim();
  if (GROUPED.test(text)) text = text.replace(/[ \u00a0\u202f\u2009]/g, '');
  const comma = text.indexOf(',');
  if (decimalComma && comma >= 0 && comma === text.lastIndexOf(',') && !text.includes('.')) {
    text = text.replace(',', '.');
  }
  if (!PLAIN.test(text)) {
    if (!decimalComma && comma >= 0) return { error: 'is not a number (in a comma-separated file, decimals need a dot: 43.25)', reason: 'notNumberComma' };
    return { error: 'is not a number', reason: 'notNumber' };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: 'is not a finite number', reason: 'notFinite' };
  return { value };
}
