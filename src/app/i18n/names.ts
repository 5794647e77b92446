/**
 * A name with a note in brackets: "Almaty (demo)" and "shared" give
 * "Almaty (demo, shared)", not "Almaty (demo) (shared)"; a name without a
 * closing bracket gets its own: "Plan B (shared)".
 */
export function withNote(name: string, note: string): string {
  const trimmed = name.trimEnd();
  if (/\([^()]*\)$/.test(trimmed)) return `${trimmed.slice(0, -1)}, ${note})`;
  return `${trimmed} (${note})`;
}
