type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** The parts of `value` that differ from `base` (objects compared key by key; anything else as a whole). */
export function diff(value: Plain, base: Plain): Plain | undefined {
  if (isObject(value) && isObject(base)) {
    const changes: { [key: string]: Plain } = {};
    for (const key of Object.keys(value)) {
      const change = diff(value[key], base[key] ?? null);
      if (change !== undefined) changes[key] = change;
    }
    return Object.keys(changes).length > 0 ? changes : undefined;
  }
  return JSON.stringify(value) === JSON.stringify(base) ? undefined : value;
}

/** `base` with `changes` laid over it, recursively; the result still needs validating. */
export function merge(base: Plain, changes: unknown): unknown {
  if (!isObject(base) || !isObject(changes as Plain)) return changes === undefined ? base : changes;
  const result: { [key: string]: unknown } = { ...base };
  for (const [key, change] of Object.entries(changes as object)) result[key] = merge(base[key] ?? null, change);
  return result;
}

function isObject(value: Plain | undefined): value is { [key: string]: Plain } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
