/** Starts the worker with the query's instance size and keeps its report for the benchmark to read. */
const query = new URLSearchParams(location.search);
const size = (name: string, fallback: number) => Number(query.get(name) ?? fallback);
const worker = new Worker(new URL('./scale.worker.ts', import.meta.url), { type: 'module' });
const page = window as unknown as { report?: unknown };
worker.onmessage = (event) => (page.report = event.data);
worker.onerror = (event) => (page.report = { status: 'error', message: event.message || 'the worker failed (out of memory?)' });
worker.postMessage({ sites: size('sites', 5000), demand: size('demand', 50000), p: size('p', 400), limit: size('limit', 60) });
