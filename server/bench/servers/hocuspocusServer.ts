/**
 * Hocuspocus server for comparison: `@hocuspocus/server` with no extensions, so documents live in
 * memory only, exactly as a fresh install behaves. Started by the benchmark as its own process;
 * PORT and HOST come from the environment. Its HTTP handler answers 200 to any request, which is
 * the readiness probe. Its wire protocol (document-name prefix, Auth first) is spoken by
 * load/protocols.ts.
 */
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const server = new Server({ port, address: host, quiet: true });
await server.listen();

// Exit promptly on SIGTERM so the next run starts from a clean machine.
process.on('SIGTERM', () => process.exit(0));
