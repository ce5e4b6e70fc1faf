/**
 * The visibility mirror on the data layer (SQLite, or PostgreSQL under `npm run test:postgres`):
 * what a plan change reports as shared or unshared, the sharing periods it opens and closes with
 * it, and how the holds of `mirrorBehind.ts` make the mirror fail closed.
 */
import type { PlanItem } from '@atrium/shared/model/plan.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase, insertProject } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { isItemShared, mirroredItem, syncItemVisibility } from './itemVisibility.ts';
import { holdSharingToPlan, holdUntilMirrored, mirrorCaughtUp, mirrorWritten } from './mirrorBehind.ts';
import { sharingPeriods } from './sharingPeriods.ts';

let dispose: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('visibility'));
  await insertProject(database.db);
});

afterEach(async () => {
  await dispose();
});

const item = (id: string, title: string, shared: boolean): PlanItem => ({
  id,
  kind: 'task',
  title,
  status: 'todo',
  order: 'a0',
  dueDate: null,
  assignees: [],
  milestoneId: null,
  shared,
  createdBy: 'usr',
  createdAt: 0,
});

const sync = (items: PlanItem[]) => database.db.transaction().execute((tx) => syncItemVisibility(tx, 'prj', items));

describe('the visibility mirror', () => {
  it('reports only changes of sharing, and opens and closes sharing periods with them', async () => {
    expect(await sync([item('a', 'A', true), item('b', 'B', false)])).toEqual([
      { itemId: 'a', title: 'A', shared: true },
    ]);
    // A rename is mirrored but is no change of sharing; removing a shared item unshares it.
    expect(await sync([item('a', 'A2', true), item('b', 'B', true)])).toEqual([
      { itemId: 'b', title: 'B', shared: true },
    ]);
    expect(await mirroredItem(database.db, 'prj', 'a')).toEqual({ title: 'A2', shared: true });
    expect(await sync([item('b', 'B', false)])).toEqual([
      { itemId: 'b', title: 'B', shared: false },
      { itemId: 'a', title: 'A2', shared: false },
    ]);
    expect(await mirroredItem(database.db, 'prj', 'a')).toBeNull();
    expect(await isItemShared(database.db, 'prj', 'b')).toBe(false);
    for (const id of ['a', 'b']) {
      const periods = await sharingPeriods(database.db, 'prj', id);
      expect(periods).toHaveLength(1);
      expect(periods[0]?.unsharedAt).not.toBeNull();
    }
  });

  it('a rolled-back transaction leaves neither mirror nor period behind', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await syncItemVisibility(tx, 'prj', [item('a', 'A', true)]);
        throw new Error('the audit entry failed');
      }),
    ).rejects.toThrow('the audit entry failed');
    expect(await mirroredItem(database.db, 'prj', 'a')).toBeNull();
    expect(await sharingPeriods(database.db, 'prj', 'a')).toEqual([]);
  });

  it('fails closed while a plan change is on its way into the mirror, or the mirror could not follow', async () => {
    await sync([item('a', 'A', true), item('b', 'B', true)]);
    holdUntilMirrored(database.db, 'prj', ['b']);
    expect(await isItemShared(database.db, 'prj', 'a')).toBe(false);
    expect(await isItemShared(database.db, 'prj', 'b')).toBe(true);
    mirrorWritten(database.db, 'prj');
    expect(await isItemShared(database.db, 'prj', 'a')).toBe(true);

    holdSharingToPlan(database.db, 'prj', ['a']);
    expect(await isItemShared(database.db, 'prj', 'b')).toBe(false);
    expect(mirrorCaughtUp(database.db, 'prj')).toBe(true);
    expect(await isItemShared(database.db, 'prj', 'b')).toBe(true);
  });
});
