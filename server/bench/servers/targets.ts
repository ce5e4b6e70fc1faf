/**
 * The servers under test: how to start each one, how to tell it is ready, and which wire protocol
 * the load client must speak to it. Adding a server means adding an entry here (plus a framing in
 * load/protocols.ts if it speaks something new). Besides the three compared servers there is
 * `atrium-open`, Atrium with its access checks off, run only when asked for: it prices the checks
 * (report section "Enforcement cost"). `atrium-postgres` is Atrium on PostgreSQL, run when the bench
 * is given a PostgreSQL server (BENCH_DATABASE_URL or ATRIUM_TEST_DATABASE_URL).
 */
import { fileURLToPath } from 'node:url';
import type { ProtocolSpec } from '../load/protocols.ts';
import type { Prepared } from './atriumSetup.ts';
import { prepareAtrium } from './atriumSetup.ts';

export type ServerId = 'atrium' | 'atrium-postgres' | 'atrium-open' | 'y-websocket' | 'hocuspocus';

export type ServerTarget = {
  id: ServerId;
  label: string;
  /** What the server does with an update before fanning it out; shown next to the numbers. */
  persistence: string;
  entry: string;
  readyPath: string;
  needsDataDir: boolean;
  /** Runs only when the bench has a PostgreSQL server to create its databases on. */
  needsPostgres: boolean;
  /** Serves Atrium's Prometheus metrics (storage commit times) at /metrics. */
  servesMetrics: boolean;
  env(port: number, dataDir: string): Record<string, string>;
  /** One socket per document: used for the fan-out load and the per-socket memory figures. */
  protocol: ProtocolSpec;
  /** One socket carrying many documents, when the server supports it. */
  multiplexed: ProtocolSpec | null;
  /** Once per bench: accounts, tokens, document naming, database the server needs. */
  prepare(serverDir: string, databaseUrl: string | null): Promise<Prepared>;
};

const nothingToPrepare = async (): Promise<Prepared> => ({ template: null, query: '', namePrefix: '', database: null });

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const atriumEnv = (port: number, dataDir: string): Record<string, string> => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  ATRIUM_DEMO: 'off',
});

export const targets: readonly ServerTarget[] = [
  {
    id: 'atrium',
    label: 'Atrium (SQLite)',
    persistence: 'SQLite (in-process), each update committed before broadcast',
    entry: here('../../src/main.ts'),
    readyPath: '/healthz',
    needsDataDir: true,
    needsPostgres: false,
    servesMetrics: true,
    env: atriumEnv,
    protocol: { kind: 'y-websocket', path: '/sync/' },
    multiplexed: { kind: 'prefixed', path: '/ws' },
    prepare: (serverDir) => prepareAtrium(serverDir, null),
  },
  {
    id: 'atrium-postgres',
    label: 'Atrium (PostgreSQL)',
    persistence:
      'PostgreSQL over a loopback socket (DATABASE_URL, a fresh database per run), each update committed before broadcast',
    entry: here('../../src/main.ts'),
    readyPath: '/healthz',
    needsDataDir: true,
    needsPostgres: true,
    servesMetrics: true,
    env: atriumEnv,
    protocol: { kind: 'y-websocket', path: '/sync/' },
    multiplexed: { kind: 'prefixed', path: '/ws' },
    prepare: prepareAtrium,
  },
  {
    id: 'atrium-open',
    label: 'Atrium, access checks off',
    persistence:
      'as Atrium, started with the open sync policy (bench only): no authentication, authorization or write rules',
    entry: here('./atriumOpenServer.ts'),
    readyPath: '/healthz',
    needsDataDir: true,
    needsPostgres: false,
    servesMetrics: true,
    env: atriumEnv,
    protocol: { kind: 'y-websocket', path: '/sync/' },
    multiplexed: { kind: 'prefixed', path: '/ws' },
    // The same template, token and document names as Atrium, so the load is byte for byte the same
    // (the open policy ignores the token).
    prepare: (serverDir) => prepareAtrium(serverDir, null),
  },
  {
    id: 'y-websocket',
    label: 'y-websocket 2.1.0 (reference)',
    persistence: 'memory only',
    entry: here('./yWebsocketServer.ts'),
    readyPath: '/',
    needsDataDir: false,
    needsPostgres: false,
    servesMetrics: false,
    env: (port) => ({ PORT: String(port), HOST: '127.0.0.1' }),
    protocol: { kind: 'y-websocket', path: '/sync/' },
    multiplexed: null,
    prepare: nothingToPrepare,
  },
  {
    id: 'hocuspocus',
    label: 'Hocuspocus 3.4.4',
    persistence: 'memory only',
    entry: here('./hocuspocusServer.ts'),
    readyPath: '/',
    needsDataDir: false,
    needsPostgres: false,
    servesMetrics: false,
    env: (port) => ({ PORT: String(port), HOST: '127.0.0.1' }),
    protocol: { kind: 'hocuspocus' },
    multiplexed: { kind: 'hocuspocus' },
    prepare: nothingToPrepare,
  },
];
