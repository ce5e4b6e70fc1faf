/**
 * The `files` table on either engine (SQLite, or PostgreSQL under `npm run test:postgres`): a
 * record reads back as written, and is marked removed once (the first removal's time stays).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { getFile, insertFile, markRemoved } from './files.ts';

let dispose: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('files'));
  await database.db.insertInto('workspaces').values({ id: 'wsp_1', name: 'W', created_at: 1 }).execute();
  await database.db
    .insertInto('projects')
    .values({ id: 'prj_1', workspace_id: 'wsp_1', customer_id: null, name: 'P', created_at: 1 })
    .execute();
});

afterEach(async () => {
  await dispose();
});

describe('file records', () => {
  it('read back as written, and are marked removed once', async () => {
    const { db } = database;
    const record = {
      id: 'fil_1',
      projectId: 'prj_1',
      itemId: 'itm_1',
      part: 'internal' as const,
      name: 'Plan.pdf',
      contentType: 'application/pdf',
      size: 5_000_000_000,
      sha256: 'ab'.repeat(32),
      uploadedBy: 'usr_1',
      uploadedAt: 1_700_000_000_000,
    };
    await insertFile(db, record);
    expect(await getFile(db, 'fil_1')).toEqual({ ...record, removedAt: null });
    expect(await getFile(db, 'fil_2')).toBeNull();

    await markRemoved(db, 'fil_1');
    const removedAt = (await getFile(db, 'fil_1'))?.removedAt;
    expect(removedAt).toEqual(expect.any(Number));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await markRemoved(db, 'fil_1');
    expect((await getFile(db, 'fil_1'))?.removedAt).toBe(removedAt);
  });
});
