// The reference client's Vite setup: `npm run example:web` (in the repository's root) serves it on
// port 5173 against the Parley of PARLEY_URL (default http://localhost:4000); `--port` overrides.
import { defineConfig } from 'vite';

export default defineConfig({
  envPrefix: 'PARLEY_',
  esbuild: { jsx: 'automatic' },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true },
});
