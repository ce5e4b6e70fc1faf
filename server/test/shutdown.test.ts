/**
 * Shutdown closes everything even when a step fails: a version flush that throws still leaves the
 * registry, store, database and port closed, and `close()` reports the failure.
 */
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { startAtrium } from '../src/atriumServer.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { openTestDatabase, refuseWrites } from './support/engines.ts';
import { SyncClient } from './support/syncClient.ts';
import { makeDataDir, testConfig } from './support/testServer.ts';

const defer = cleanupAfterEach();

it('a version flush that fails at shutdown still closes the database, and close() rejects with it', async () => {
  const dataDir = makeDataDir(defer);
  const config = await testConfig(dataDir, {
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

  // Another connection to the database makes every version insert fail, as a full disk would.
  const saboteur = await openTestDatabase(dataDir);
  defer(() => saboteur.close());
  const noVersions = await refuseWrites(saboteur, {
    name: 'no_versions',
    table: 'document_versions',
    event: 'insert',
    message: 'disk full',
  });

  await expect(server.close()).rejects.toThrow('disk full');
  // The server's database is closed: it runs no more queries.
  await expect(server.db.selectFrom('document_snapshots').select('document').execute()).rejects.toThrow();
  expect(server.registry.size).toBe(0);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  // What the editor wrote was compacted and kept despite the failure.
  await noVersions.allow();
  const stored = await saboteur.db
    .selectFrom('document_snapshots')
    .select('document')
    .where('document', '=', name)
    .execute();
  expect(stored).toEqual([{ document: name }]);
});
