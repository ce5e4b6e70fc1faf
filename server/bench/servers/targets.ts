/**
 * The servers under test: how to start each one, how to tell it is ready, and which wire protocol
 * the load client must speak to it. Adding a server means adding an entry here (plus a framing in
 * load/protocols.ts if it speaks something new). Besides the three compared servers there is
 * `atrium-open`, Atrium with its access checks off, run only when asked for: it prices the checks
 * (report section "Enforcement cost").
 */
import { fileURLToPath } from 'node:url';
import type { ProtocolSpec } from '../load/protocols.ts';
import type { Prepared } from './atriumSetup.ts';
import { prepareAtrium } from './atriumSetup.ts';

export type ServerId = 'atrium' | 'atrium-open' | 'y-websocket' | 'hocuspocus';

export type ServerTarget = {
  id: ServerId;
  label: string;
  /** What the server does with an update before fanning it out; shown next to the numbers. */
  persistence: string;
  entry: string;
  readyPath: string;
  needsDataDir: boolean;
  env(port: number, dataDir: string): Record<string, string>;
  /** One socket per document: used for the fan-out load and the per-socket memory figures. */
  protocol: ProtocolSpec;
  /** One socket carrying many documents, when the server supports it. */
  multiplexed: ProtocolSpec | null;
  /** Once per bench: accounts, tokens, document naming the server needs. */
  prepare(serverDir: string): Promise<Prepared>;
};

const nothingToPrepare = async (): Promise<Prepared> => ({ template: null, query: '', namePrefix: '' });

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
    label: 'Atrium',
    persistence: 'SQLite, each update committed before broadcast',
    entry: here('../../src/main.ts'),
    readyPath: '/healthz',
    needsDataDir: true,
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
    env: atriumEnv,
    protocol: { kind: 'y-websocket', path: '/sync/' },
    multiplexed: { kind: 'prefixed', path: '/ws' },
    // The same template, token and document names as Atrium, so the load is byte for byte the same
    // (the open policy ignores the token).
    prepare: prepareAtrium,
  },
  {
    id: 'y-websocket',
    label: 'y-websocket 2.1.0 (reference)',
    persistence: 'memory only',
    entry: here('./yWebsocketServer.ts'),
    readyPath: '/',
    needsDataDir: false,
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
    env: (port) => ({ PORT: String(port), HOST: '127.0.0.1' }),
    protocol: { kind: 'hocuspocus' },
    multiplexed: { kind: 'hocuspocus' },
    prepare: nothingToPrepare,
  },
];
