import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers, read from the import lines of the source (a static scan, nothing
 * is run): the engine is the bottom layer and knows nothing of the planner's
 * translation (src/plan) or of the app (src/app), and the engine's models have
 * no import cycle among them.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The files a module imports by a relative path (static, re-exports, side effects and import() with a literal), resolved as the bundler does. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolveImport(file, s));
}

function resolveImport(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.svelte.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  // Unresolved: kept as written, so that a layering check still sees where it points.
  return base;
}

/** Every import cycle among `files` (imports to other files are ignored), each as a list of paths from the root. */
function cycles(files: string[]): string[][] {
  const inside = new Set(files);
  const edges = new Map(files.map((f) => [f, relativeImports(f).filter((g) => inside.has(g))]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file)!) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map((f) => relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('layering', () => {
  it('no module under src/engine imports from src/plan or src/app', () => {
    const engine = sourceFiles(join(ROOT, 'src/engine'));
    expect(engine.length).toBeGreaterThan(10);
    const upward = engine.flatMap((file) =>
      relativeImports(file)
        .filter((target) => /^src\/(plan|app)\//.test(relative(ROOT, target)))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('the engine models have no import cycle', () => {
    const models = sourceFiles(join(ROOT, 'src/engine/models'));
    expect(models.length).toBeGreaterThan(5);
    expect(cycles(models)).toEqual([]);
  });

  it('the scan sees imports written across lines, and finds a cycle (a made-up pair of modules)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'layering-'));
    try {
      const a = join(folder, 'a.ts');
      const b = join(folder, 'b.ts');
      const c = join(folder, 'c.ts');
      writeFileSync(a, "import {\n  one,\n  two,\n} from './b';\nexport const x = one + two;\n");
      writeFileSync(b, "import type { X } from './c';\nexport { x } from './a';\n");
      writeFileSync(c, 'export type X = number;\n');
      expect(relativeImports(a)).toEqual([b]);
      expect(relativeImports(b)).toEqual([c, a]);
      expect(cycles([a, b, c]).map((cycle) => cycle.map((f) => f.slice(-4)))).toEqual([['a.ts', 'b.ts']]);
      expect(cycles([b, c])).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
