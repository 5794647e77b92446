/** Beyond this many rows or features a browser tab struggles to draw the points, and the model to solve. */
export const MAX_ROWS = 200_000;

/**
 * Longest text accepted, in characters (UTF-16 units, so a Cyrillic-heavy
 * file of 60 MB on disk is well under it). A bigger file is refused before
 * parsing, so a stray dump cannot exhaust the worker's memory.
 */
export const MAX_TEXT_LENGTH = 60 * 1024 * 1024;
