import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * `npm start` is what a planner runs: it must serve the production build with its
 * Content-Security-Policy, not the dev server (which runs inline scripts, so a
 * name turned into markup would execute there).
 */
it('npm start serves the built page with its Content-Security-Policy', async () => {
  // Port 0: any free port; CI=true keeps it from opening a browser; NO_COLOR keeps the address in one piece.
  const { FORCE_COLOR: _, ...env } = process.env;
  const server = spawn('npm', ['start', '--', '--port', '0', '--strictPort'], { cwd: ROOT, env: { ...env, CI: 'true', NO_COLOR: '1' }, detached: true });
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no server address after 100 s:\n${output}`)), 100_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const address = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (address) {
          clearTimeout(timer);
          resolve(address[1]);
        }
      };
      server.stdout.on('data', read);
      server.stderr.on('data', read);
      server.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    const page = (await (await fetch(`${origin}/`)).text()).replaceAll('&#39;', "'");
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval'/);
    // The dev server injects its client; the build never does.
    expect(page).not.toContain('/@vite/client');
  } finally {
    process.kill(-server.pid!, 'SIGTERM');
  }
}, 120_000);
