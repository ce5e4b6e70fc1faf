/**
 * Shutdown closes everything even when a step fails: a version flush that throws still leaves the
 * registry, store, database and port closed, and `close()` reports the failure.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { startAtrium } from '../src/atriumServer.ts';
import { loadConfig } from '../src/config.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { SyncClient } from './support/syncClient.ts';
import { makeDataDir } from './support/testServer.ts';

const defer = cleanupAfterEach();

it('a version flush that fails at shutdown still closes the database, and close() rejects with it', async () => {
  const dataDir = makeDataDir(defer);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ATRIUM_DEMO: 'off',
    PORT: '0',
    DATA_DIR: dataDir,
    // No automatic version before the shutdown takes the pending one.
    VERSION_QUIET_MS: String(24 * 3600_000),
  });
  const server = await startAtrium(config, { openSync: true });
  const name = 'project/p1/item/i1';
  const editor = await SyncClient.multiplexed(server.url.replace(/^http/, 'ws'), defer);
  const document = editor.open(name);
  await editor.waitForSync(name);
  document.doc.getXmlFragment('description').insert(0, [new Y.XmlText('Draft')]);
  await editor.waitForAck(name);

  // Another connection to the file makes every version insert fail, as a full disk would.
  const saboteur = new Database(path.join(dataDir, 'atrium.db'));
  defer(() => saboteur.close());
  saboteur.exec(
    `CREATE TRIGGER no_versions BEFORE INSERT ON document_versions BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
  );

  await expect(server.close()).rejects.toThrow('disk full');
  expect(server.sqlite.open).toBe(false);
  expect(server.registry.size).toBe(0);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  // What the editor wrote was compacted and kept despite the failure.
  saboteur.exec('DROP TRIGGER no_versions');
  const stored = saboteur.prepare('SELECT count(*) AS n FROM document_snapshots WHERE document = ?').get(name);
  expect(stored).toEqual({ n: 1 });
});
