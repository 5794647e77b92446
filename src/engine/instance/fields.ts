import { fail, show } from './errors';

export type Json = Record<string, unknown>;

export function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(field, `expected an object, found ${show(value)}`);
  }
  return value as Json;
}

export function array(value: unknown, field: string, length?: number, lengthName?: string): unknown[] {
  if (!Array.isArray(value)) fail(field, `expected a list, found ${show(value)}`);
  if (length !== undefined && value.length !== length) {
    fail(field, `has ${value.length} entries but ${lengthName ?? 'the count'} is ${length}`);
  }
  return value;
}

interface NumberRule {
  min?: number;
  max?: number;
  /** What the number is, for messages such as "weights must be >= 0". */
  what?: string;
}

export function number(value: unknown, field: string, rule: NumberRule = {}): number {
  if (typeof value !== 'number') fail(field, `${show(value)} is not a number`);
  if (!Number.isFinite(value)) fail(field, `${show(value)} is not a finite number`);
  if (rule.min !== undefined && value < rule.min) {
    fail(field, `${show(value)} is ${rule.min === 0 ? 'negative' : `below ${rule.min}`} (${rule.what ?? 'it'} must be >= ${rule.min})`);
  }
  if (rule.max !== undefined && value > rule.max) {
    fail(field, `${show(value)} is above ${rule.max} (${rule.what ?? 'it'} must be <= ${rule.max})`);
  }
  return value;
}

export function integer(value: unknown, field: string, rule: NumberRule = {}): number {
  const result = number(value, field, rule);
  if (!Number.isInteger(result)) fail(field, `${show(value)} is not a whole number`);
  return result;
}

export function numbers(value: unknown, field: string, length: number, lengthName: string, rule: NumberRule): Float64Array {
  const list = array(value, field, length, lengthName);
  const result = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) result[k] = number(list[k], `${field}[${k}]`, rule);
  return result;
}

/** Distinct 0-based indices below `count`. */
export function indices(value: unknown, field: string, count: number, countName: string): number[] {
  const list = array(value, field);
  const seen = new Set<number>();
  return list.map((entry, k) => {
    const index = integer(entry, `${field}[${k}]`, { min: 0 });
    if (index >= count) fail(`${field}[${k}]`, `${index} is not below ${countName} (${count})`);
    if (seen.has(index)) fail(`${field}[${k}]`, `${index} is listed twice`);
    seen.add(index);
    return index;
  });
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(field, `expected true or false, found ${show(value)}`);
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(field, `expected text, found ${show(value)}`);
  return value;
}

/** Rejects keys the format does not define, so a misspelt field is never silently ignored. */
export function onlyKeys(json: Json, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(json)) {
    if (!allowed.includes(key)) {
      fail(field ? `${field}.${key}` : key, `is not a field of ${field || 'the instance'} here (known: ${allowed.join(', ')})`);
    }
  }
}
