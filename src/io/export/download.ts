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
