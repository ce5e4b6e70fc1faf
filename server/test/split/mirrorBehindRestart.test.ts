/**
 * A visibility mirror that could not be written stays failed-closed across a restart: the hold on
 * sharing is kept in a file beside the database (whose writes are what failed), restored when the
 * server starts, and the mirror is brought up to date at once — so a customer never regains an item
 * that was unshared while the mirror was down, not even for the time until someone opens the plan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startAtrium } from '../../src/atriumServer.ts';
import type { Db } from '../../src/storage/database.ts';
import { ApiClient, buildWorld, makeApiDataDir, startApiServer } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { openTestDatabase, refuseWrites } from '../support/engines.ts';
import { eventually } from '../support/eventually.ts';
import { createItem, setSharing } from '../support/projectItems.ts';
import { testConfig } from '../support/testServer.ts';

const defer = cleanupAfterEach();

it('an unshare the mirror could not follow stays in force after a restart, and the mirror catches up', async () => {
  const dataDir = makeApiDataDir(defer);
  const first = await startAtrium(await testConfig(dataDir, {}));
  const world = await buildWorld(defer, { ...first, dataDir, env: {}, wsUrl: first.url.replace(/^http/, 'ws') });
  const projectId = world.projectA.id;
  const item = await createItem(world.owner, projectId, { title: 'Pricing draft', shared: true });
  const mirrored = async (db: Db) =>
    (
      await db
        .selectFrom('item_visibility')
        .select('shared')
        .where('project_id', '=', projectId)
        .where('item_id', '=', item.id)
        .executeTakeFirst()
    )?.shared;

  // A handle of its own on the same data (the first server's closes with it), to lift the refusal
  // between the two runs.
  const saboteur = await openTestDatabase(dataDir);
  defer(() => saboteur.close());
  const mirrorDown = await refuseWrites(saboteur, {
    name: 'mirror_down',
    table: 'item_visibility',
    event: 'update',
    message: 'mirror down',
  });
  await setSharing(world.owner, projectId, item.id, false);
  expect(await mirrored(saboteur.db)).toBe(1);
  // Stopped while the mirror is still behind (close reports it), then the table is writable again.
  await expect(first.close()).rejects.toThrow(/behind/);
  await mirrorDown.allow();
  expect(await mirrored(saboteur.db)).toBe(1);

  const second = await startApiServer(defer, { dataDir });
  const customer = new ApiClient(second.url, world.collaborator.api.session);
  const versions = await customer.get(`/projects/${projectId}/items/${item.id}/versions`);
  expect(versions.status, versions.text).toBe(404);
  await eventually(async () => expect(await mirrored(second.db)).toBe(0));
  expect(fs.existsSync(path.join(dataDir, 'mirror-behind', `${projectId}.json`))).toBe(false);
  expect((await customer.get(`/projects/${projectId}/items/${item.id}/versions`)).status).toBe(404);
});
