/**
 * Reading who wrote under which clientID on either engine (SQLite, or PostgreSQL under
 * `npm run test:postgres`): people only, never the server's own clientIDs, in clientID order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { documentWriters, serverOwner } from './clientOwnership.ts';

let dispose: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('writers'));
});

afterEach(async () => {
  await dispose();
});

describe('documentWriters', () => {
  it('lists the people who wrote a document by clientID, without the server', async () => {
    await database.db
      .insertInto('document_clients')
      .values([
        { document: 'a', client_id: 3_000_000_000, user_id: 'usr_2', claimed_at: 20 },
        { document: 'a', client_id: 7, user_id: serverOwner, claimed_at: 10 },
        { document: 'a', client_id: 5, user_id: 'usr_1', claimed_at: null },
        { document: 'b', client_id: 1, user_id: 'usr_1', claimed_at: 5 },
      ])
      .execute();
    expect(await documentWriters(database.db, 'a')).toEqual([
      { clientId: 5, userId: 'usr_1', claimedAt: null },
      { clientId: 3_000_000_000, userId: 'usr_2', claimedAt: 20 },
    ]);
  });
});
