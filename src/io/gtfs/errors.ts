import { InputError, show } from '../../engine/instance/errors';

/**
 * A feed refused, named to the cell: the feed, the file inside it, the line
 * of that file (1-based, the header is line 1; 0 when the whole file is at
 * fault), the column and its value. An InputError, so the command line and
 * the worker report it as bad input (exit code 2), never as a crash.
 */
export class GtfsError extends InputError {
  constructor(
    readonly feed: string,
    file: string,
    readonly line: number,
    field: string,
    readonly value: string,
    detail: string,
  ) {
    super(field, detail, file);
    this.name = 'GtfsError';
    const place = line > 0 ? `${file} line ${line}${field ? `, field ${field}` : ''}` : file;
    const what = field && line > 0 && value !== '' ? `${show(value)} ${detail}` : detail;
    this.message = `${feed ? `${feed}: ` : ''}${place ? `${place}: ` : ''}${what}`;
  }
}
