/**
 * The access epoch against a real database (SQLite file, or PostgreSQL under `npm run
 * test:postgres`), with a second connection standing in for another process (the CLI): its
 * committed changes reach the watcher, the watching server's own do not, and an unreadable epoch
 * is logged and read again later.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { PlanItem } from '@atrium/shared/model/plan.ts';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/engines.ts';
import { eventually } from '../../test/support/eventually.ts';
import { dropTestDatabase } from '../../test/support/testDatabase.ts';
import { syncItemVisibility } from '../content/itemVisibility.ts';
import { createApiToken, revokeApiToken } from '../identity/apiTokens.ts';
import { newId } from '../identity/secrets.ts';
import { createSession, deleteSession, deleteUserSessions } from '../identity/sessions.ts';
import { createProject, removeProjectMember, setProjectRole } from '../org/projects.ts';
import { createWorkspace, removeWorkspaceMember, setWorkspaceRole } from '../org/workspaces.ts';
import type { Database, Db } from '../storage/database.ts';
import { AccessWatcher, bumpAccessEpoch, inAccessTransaction, readAccessEpoch } from './accessChanges.ts';

let dataDir: string;
/** The watching server's data layer. */
let here: Database;
/** Another process on the same database. */
let elsewhere: Database;
let errors: string[];
let changes: number;
let watcher: AccessWatcher;

function recordingLogger() {
  return pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        const entry = JSON.parse(chunk.toString()) as { level: number; msg: string };
        if (entry.level >= 50) errors.push(entry.msg);
        done();
      },
    }),
  );
}

function watch(onChange: () => void = () => void changes++, intervalMs?: number): AccessWatcher {
  watcher = new AccessWatcher({ db: here.db, onChange, log: recordingLogger(), ...(intervalMs ? { intervalMs } : {}) });
  return watcher;
}

/** A change as another process makes one: bumped in its own transaction. */
const changeElsewhere = () => elsewhere.db.transaction().execute((tx) => bumpAccessEpoch(tx));
/** A change as the watching server makes one. */
const changeHere = () => inAccessTransaction(here.db, (tx) => bumpAccessEpoch(tx));

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-epoch-'));
  here = await openTestDatabase(dataDir);
  elsewhere = await openTestDatabase(dataDir);
  errors = [];
  changes = 0;
});

afterEach(async () => {
  await watcher?.stop();
  await elsewhere.close();
  await here.close();
  await dropTestDatabase(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the access epoch', () => {
  it('counts committed changes only: a bump rolled back with its change leaves the epoch as it was', async () => {
    const start = await readAccessEpoch(here.db);
    expect(await changeElsewhere()).toBe(start + 1);
    await expect(
      here.db.transaction().execute(async (tx) => {
        await bumpAccessEpoch(tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await readAccessEpoch(elsewhere.db)).toBe(start + 1);
  });
});

describe('every write that changes access', () => {
  async function person(db: Db): Promise<string> {
    const id = newId('usr');
    await db
      .insertInto('users')
      .values({ id, email: `${id}@example.test`, name: 'P', password_hash: 'x', created_at: Date.now() })
      .execute();
    return id;
  }

  it('moves the epoch in its own transaction; a write that changes nothing does not', async () => {
    const { db } = elsewhere;
    const [owner, customer] = [await person(db), await person(db)];
    const workspace = await createWorkspace(db, 'Studio', owner);
    const project = await createProject(db, { workspaceId: workspace.id, customerId: null, name: 'Site' });
    const { session } = await createSession(db, customer, 60_000, {});
    await createSession(db, customer, 60_000, {});
    const { apiToken } = await createApiToken(db, customer, 'script');
    const shared = (on: boolean): PlanItem[] => [
      {
        id: 'itm',
        kind: 'task',
        title: 'T',
        status: 'todo',
        order: 'a0',
        dueDate: null,
        assignees: [],
        milestoneId: null,
        shared: on,
        createdBy: owner,
        createdAt: 0,
      },
    ];
    const changes: Array<[string, (db: Db) => Promise<unknown>]> = [
      ['a team role', (db) => setWorkspaceRole(db, workspace.id, customer, 'member')],
      ['a team member removed', (db) => removeWorkspaceMember(db, workspace.id, customer)],
      ['a project role', (db) => setProjectRole(db, project.id, customer, 'viewer')],
      ['a project member removed', (db) => removeProjectMember(db, project.id, customer)],
      ['a session ended', (db) => deleteSession(db, session.id)],
      ["the account's sessions ended", (db) => deleteUserSessions(db, customer)],
      ['a token revoked', (db) => revokeApiToken(db, customer, apiToken.id)],
      ['an item shared', (db) => db.transaction().execute((tx) => syncItemVisibility(tx, project.id, shared(true)))],
      ['an item unshared', (db) => db.transaction().execute((tx) => syncItemVisibility(tx, project.id, shared(false)))],
    ];
    for (const [change, write] of changes) {
      const before = await readAccessEpoch(here.db);
      await write(db);
      expect(await readAccessEpoch(here.db), change).toBe(before + 1);
      // Written again, the same change finds nothing to do (the member, session, token or sharing is gone already).
      if (change !== 'a team role' && change !== 'a project role') {
        await write(db);
        expect(await readAccessEpoch(here.db), `${change}, again`).toBe(before + 1);
      }
    }
  });
});

describe('AccessWatcher', () => {
  it('calls back once per poll that finds a change committed by another connection, not for the starting epoch', async () => {
    await changeElsewhere();
    await watch().start();
    await watcher.poll();
    expect(changes).toBe(0);

    await changeElsewhere();
    await changeElsewhere();
    await watcher.poll();
    expect(changes).toBe(1);
    await watcher.poll();
    expect(changes).toBe(1);
  });

  it("ignores the server's own committed changes, but not another's committed between two of them", async () => {
    await watch().start();
    await changeHere();
    await changeHere();
    await watcher.poll();
    expect(changes).toBe(0);

    await changeHere();
    await changeElsewhere();
    await changeHere();
    await watcher.poll();
    expect(changes).toBe(1);
  });

  it("does not take another's change for its own when its own bump was rolled back", async () => {
    await watch().start();
    await expect(
      inAccessTransaction(here.db, async (tx) => {
        await bumpAccessEpoch(tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // Another process's change takes the number the rolled-back bump had.
    await changeElsewhere();
    await watcher.poll();
    expect(changes).toBe(1);
  });

  it('polls on its own once started', async () => {
    await watch(undefined, 20).start();
    await changeElsewhere();
    await eventually(() => expect(changes).toBe(1), 2_000);
  });

  it('logs failed reads once and notices the change at the next read that succeeds', async () => {
    await watch().start();
    await sql`ALTER TABLE access_epoch RENAME TO access_epoch_away`.execute(elsewhere.db);
    await watcher.poll();
    await watcher.poll();
    expect(errors).toEqual(['reading the access epoch failed; retrying']);
    expect(changes).toBe(0);

    await sql`ALTER TABLE access_epoch_away RENAME TO access_epoch`.execute(elsewhere.db);
    await changeElsewhere();
    await watcher.poll();
    expect(changes).toBe(1);
  });

  it('re-decides once when the starting read failed (changes meanwhile were not seen)', async () => {
    await sql`ALTER TABLE access_epoch RENAME TO access_epoch_away`.execute(elsewhere.db);
    await watch().start();
    expect(errors).toEqual(['reading the access epoch failed; retrying']);
    await sql`ALTER TABLE access_epoch_away RENAME TO access_epoch`.execute(elsewhere.db);
    await watcher.poll();
    expect(changes).toBe(1);
  });

  it('logs a failed re-decision and goes on watching', async () => {
    await watch(() => {
      changes++;
      throw new Error('re-deciding failed');
    }).start();
    await changeElsewhere();
    await watcher.poll();
    await changeElsewhere();
    await watcher.poll();
    expect(changes).toBe(2);
    expect(errors).toEqual([
      're-deciding access after a change elsewhere failed',
      're-deciding access after a change elsewhere failed',
    ]);
  });
});
