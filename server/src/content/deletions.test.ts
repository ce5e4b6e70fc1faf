/**
 * Reading who deleted what on either engine (SQLite, or PostgreSQL under `npm run test:postgres`):
 * a document's deletions come back in the order they were recorded, not by time or position.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { documentDeletions } from './deletions.ts';

let dispose: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('deletions'));
});

afterEach(async () => {
  await dispose();
});

describe('documentDeletions', () => {
  it('returns one document’s deletions in the order they were recorded', async () => {
    const rows = [
      { document: 'a', client_id: 9, clock: 50, length: 3, user_id: 'usr_2', at: 300 },
      { document: 'b', client_id: 1, clock: 0, length: 1, user_id: 'usr_1', at: 100 },
      { document: 'a', client_id: 2, clock: 5, length: 4, user_id: 'usr_1', at: 200 },
    ];
    for (const row of rows) await database.db.insertInto('document_deletions').values(row).execute();
    expect(await documentDeletions(database.db, 'a')).toEqual([
      { clientId: 9, clock: 50, length: 3, userId: 'usr_2', at: 300 },
      { clientId: 2, clock: 5, length: 4, userId: 'usr_1', at: 200 },
    ]);
  });
});
