/**
 * The web app's build. `npm run dev -w web` serves it with hot reload on :5173 and forwards the
 * API and the sync socket to the server on :4000 (start it with ALLOWED_ORIGINS=http://localhost:5173);
 * `npm run build -w web` writes web/dist, which the server serves in production.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `asset-list.json`: every file of the build, so the service worker can keep all of them —
 * the screens loaded on demand included — and the app opens offline whatever the person opens.
 */
function assetList(): Plugin {
  return {
    name: 'atrium-asset-list',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/'))
        .map((file) => `/${file}`);
      this.emitFile({ type: 'asset', fileName: 'asset-list.json', source: JSON.stringify(files) });
    },
  };
}

const server = process.env.ATRIUM_SERVER ?? 'http://localhost:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), assetList()],
  define: { __ATRIUM_BUILD__: JSON.stringify(Date.now().toString(36)) },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
