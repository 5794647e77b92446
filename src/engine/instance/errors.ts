/**
 * Bad input, named precisely: the field (a path such as `distances.values[3][7]`)
 * and what is wrong with its value. Raised at the edge where data enters and
 * turned into a message (CLI: exit code 2), never a stack trace.
 */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
    readonly file?: string,
  ) {
    super([file, field, detail].filter(Boolean).join(': '));
    this.name = 'InputError';
  }

  inFile(file: string): InputError {
    return new InputError(this.field, this.detail, file);
  }
}

export function fail(field: string, detail: string): never {
  throw new InputError(field, detail);
}

/** A value as it appears in a message: short, and quoted when it is a string. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
