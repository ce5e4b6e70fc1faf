/**
 * The web app's build. `npm run dev -w web` serves it with hot reload on :5173 and forwards the
 * API and the sync socket to the server on :4000 (start it with ALLOWED_ORIGINS=http://localhost:5173);
 * `npm run build -w web` writes web/dist, which the server serves in production.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.ATRIUM_SERVER ?? 'http://localhost:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
