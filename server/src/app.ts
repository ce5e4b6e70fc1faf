/**
 * The HTTP application (Hono): health, metrics, the REST API under /api, and the JSON error shape
 * every route shares.
 * Unknown routes and thrown errors are answered here, once, in `{ error: { code, message } }`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { ApiEnv } from './api/context.ts';
import { isUpload } from './api/files.ts';
import { toHttpError } from './errors.ts';
import type { Logger } from './log.ts';
import type { SyncMetrics } from './metrics.ts';
import { requestBodyLimit } from './requestBodyLimit.ts';
import { securityHeaders } from './securityHeaders.ts';

export type AppDependencies = {
  api: Hono<ApiEnv>;
  metrics: SyncMetrics;
  log: Logger;
  /** Rejects when the server cannot serve (for example the database is unreachable). */
  checkReady: () => Promise<unknown>;
  /** The built web app; when it has not been built, `/` says how to build it. */
  webDist?: string;
  /** The largest request body outside uploads (`MAX_REQUEST_BYTES`). */
  maxRequestBytes: number;
  /** Served over HTTPS (`COOKIE_SECURE`): adds Strict-Transport-Security. */
  https: boolean;
};

/** Paths the web app never owns: unknown ones among them answer 404 in JSON, not the app. */
const serverPaths = /^\/(api|ws|sync|metrics|healthz)(\/|$)/;

export function createApp({ api, metrics, log, checkReady, webDist, maxRequestBytes, https }: AppDependencies): Hono {
  const app = new Hono();

  app.use(securityHeaders({ https }));
  app.use(requestBodyLimit(maxRequestBytes, (c) => isUpload(c.req.method, c.req.path)));

  app.get('/healthz', async (c) => {
    await checkReady();
    return c.json({ status: 'ok' });
  });

  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });

  app.route('/api', api);

  const indexHtml = webDist ? path.join(webDist, 'index.html') : undefined;
  if (indexHtml && fs.existsSync(indexHtml)) {
    const root = path.relative(process.cwd(), webDist as string) || '.';
    // Hashed assets never change under their name; everything else is revalidated.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.get('*', async (c, next) => (serverPaths.test(c.req.path) ? next() : serveStatic({ root })(c, next)));
    // Every other page is the app's own route (/p/…, /join/…): the app shell decides what to show.
    app.get('*', (c, next) => {
      if (serverPaths.test(c.req.path) || path.extname(c.req.path)) return next();
      c.header('Cache-Control', 'no-cache');
      return c.html(fs.readFileSync(indexHtml, 'utf8'));
    });
  } else {
    app.get('/', (c) =>
      c.json({
        name: 'Atrium',
        web: 'The web app is not built: run `npm run build -w web` (npm start does it for you).',
        api: '/api/openapi.json',
        health: '/healthz',
        metrics: '/metrics',
        sync: { singleDocument: '/sync/<document name>', multiplexed: '/ws' },
      }),
    );
  }

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.onError((error, c) => {
    const { status, body } = toHttpError(error);
    if (status >= 500) log.error({ err: error, path: c.req.path }, 'request failed');
    // A body refused for its size was not read: the connection cannot carry another request, so
    // say so rather than let the client reuse it and meet a closed socket.
    if (status === 413) c.header('Connection', 'close');
    return c.json(body, status);
  });

  return app;
}
