import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** Where the app is served: the preview server's origin and the build's base, e.g. `http://127.0.0.1:41234/siting/` (with its trailing slash). */
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(root, 'vite.config.ts');
/**
 * Every browser test runs the app built for a sub-path, as a host that serves it
 * beside other sites does (`npm run build -- --base /siting/`): a URL that
 * assumes the server's root fails in every test, not on the day it is hosted.
 */
export const BASE = '/siting/';

/** Builds the app once and serves it like production (under BASE), so tests see what users get. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A temp folder keeps the developer's own dist/ untouched.
  const outDir = await mkdtemp(join(tmpdir(), 'siting-e2e-'));
  await build({ root, configFile, base: BASE, logLevel: 'warn', build: { outDir, emptyOutDir: true } });

  const server = await preview({
    root,
    configFile,
    base: BASE,
    logLevel: 'warn',
    build: { outDir },
    // port 0 = any free port; open must be explicit since preview inherits server.open.
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  project.provide('baseUrl', `http://127.0.0.1:${port}${BASE}`);

  return async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
}
