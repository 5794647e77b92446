import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** Origin of the preview server, e.g. `http://127.0.0.1:41234`, no trailing slash. */
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(root, 'vite.config.ts');

/** Builds the app once and serves it like production, so tests see what users get. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A temp folder keeps the developer's own dist/ untouched.
  const outDir = await mkdtemp(join(tmpdir(), 'siting-e2e-'));
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });

  const server = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    // port 0 = any free port; open must be explicit since preview inherits server.open.
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  project.provide('baseUrl', `http://127.0.0.1:${port}`);

  return async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
}
