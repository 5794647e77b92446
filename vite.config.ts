import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [svelte()],
  // The solvers ship their own wasm; pre-bundling them breaks its location.
  optimizeDeps: { exclude: ['highs', 'glpk.js'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1', port: 5173, open: !process.env.CI },
  preview: { host: '127.0.0.1' },
});
