import { describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en';
import { kk } from '../../src/app/i18n/kk';
import { ru } from '../../src/app/i18n/ru';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf of a catalogue as [dotted key path, string]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.push([path, value]);
    else out.push(...leaves(value, path));
  }
  return out;
}

/** The sorted, de-duplicated `{name}` placeholders of a message. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

const english = new Map(leaves(en as Tree));
const languages: [string, Tree][] = [
  ['ru', ru as Tree],
  ['kk', kk as Tree],
];

describe.each(languages)('%s catalogue', (_name, catalogue) => {
  const translated = new Map(leaves(catalogue));

  it('has exactly the key paths of en', () => {
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty strings', () => {
    const empty = [...translated].filter(([, text]) => text.trim() === '').map(([path]) => path);
    expect(empty).toEqual([]);
  });

  it('keeps the placeholders of every English string', () => {
    for (const [path, text] of english) {
      expect(placeholders(translated.get(path) ?? ''), path).toEqual(placeholders(text));
    }
  });

  it('translates at least 90% of the strings', () => {
    const same = [...english].filter(([path, text]) => translated.get(path) === text);
    expect(1 - same.length / english.size).toBeGreaterThanOrEqual(0.9);
  });
});
