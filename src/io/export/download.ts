/**
 * Saves `content` as a file through a temporary `<a download>` (browser only).
 * The object URL is revoked a little later: revoking it at once cancels the
 * download in some browsers.
 */
export function download(filename: string, content: Blob | string, mime: string): void {
  const blob = typeof content === 'string' || content.type !== mime ? new Blob([content], { type: mime }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** A file name from a scenario or plan name: letters and digits kept (any script), the rest one dash. */
export function fileNameOf(name: string, fallback: string): string {
  return name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || fallback;
}

/** The scenario as the JSON file that the app imports and the command-line solver opens. */
export function downloadScenario(scenario: { readonly name: string }): void {
  download(`${fileNameOf(scenario.name, 'scenario')}.json`, JSON.stringify(scenario, null, 2), 'application/json');
}
