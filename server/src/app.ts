/**
 * The HTTP application (Hono): health, metrics, the REST API under /api, and the JSON error shape
 * every route shares.
 * Unknown routes and thrown errors are answered here, once, in `{ error: { code, message } }`.
 */
import { Hono } from 'hono';
import type { ApiEnv } from './api/context.ts';
import { toHttpError } from './errors.ts';
import type { Logger } from './log.ts';
import type { SyncMetrics } from './metrics.ts';

export type AppDependencies = {
  api: Hono<ApiEnv>;
  metrics: SyncMetrics;
  log: Logger;
  /** Throws when the server cannot serve (for example the database is unreachable). */
  checkReady: () => void;
};

export function createApp({ api, metrics, log, checkReady }: AppDependencies): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => {
    checkReady();
    return c.json({ status: 'ok' });
  });

  // Until the web app is served here, the root tells a visitor where things are.
  app.get('/', (c) =>
    c.json({
      name: 'Atrium',
      api: '/api/openapi.json',
      health: '/healthz',
      metrics: '/metrics',
      sync: { singleDocument: '/sync/<document name>', multiplexed: '/ws' },
    }),
  );

  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });

  app.route('/api', api);

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.onError((error, c) => {
    const { status, body } = toHttpError(error);
    if (status >= 500) log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json(body, status);
  });

  return app;
}
