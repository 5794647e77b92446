import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

/**
 * The built page's Content-Security-Policy: its own scripts and workers,
 * WebAssembly for the solvers, OpenStreetMap tiles, and nothing else. (The dev
 * server needs inline scripts and a websocket, so only the build gets it.)
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob: https://tile.openstreetmap.org",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy()],
  // The solvers ship their own wasm; pre-bundling them breaks its location.
  optimizeDeps: { exclude: ['highs', 'glpk.js'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1', port: 5173, open: !process.env.CI },
  // npm start serves the production build (with its Content-Security-Policy) where the dev server used to be.
  preview: { host: '127.0.0.1', port: 5173, open: !process.env.CI },
});
