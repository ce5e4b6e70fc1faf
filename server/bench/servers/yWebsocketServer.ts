/**
 * Reference server: the stock y-websocket server logic (`setupWSConnection` from
 * `y-websocket/bin/utils`) behind a plain `ws` WebSocketServer, in memory only. It is the yardstick
 * Atrium is compared against, so it is kept exactly as stock: no batching, no persistence (no
 * YPERSISTENCE), no extra hooks. Started by the benchmark as its own process; PORT and HOST come
 * from the environment. Documents are served at `/sync/<name>` so every server under test sees the
 * same URLs; any GET answers 200, which is the readiness probe.
 */

import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';

// y-websocket's server utilities ship only as CommonJS.
const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket/bin/utils') as {
  setupWSConnection: (conn: WebSocket, req: IncomingMessage, options?: { docName?: string }) => void;
};

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const prefix = '/sync/';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
const wss = new WebSocketServer({ noServer: true });

server.on('upgrade', (req, socket, head) => {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(prefix)) {
    socket.destroy();
    return;
  }
  const docName = decodeURIComponent(path.slice(prefix.length));
  wss.handleUpgrade(req, socket, head, (conn) => setupWSConnection(conn, req, { docName }));
});

server.listen(port, host);

// Exit promptly on SIGTERM so the next run starts from a clean machine.
process.on('SIGTERM', () => process.exit(0));
