/**
 * When each item was shared with its customer: one row per period, opened and closed together with
 * the visibility mirror (`itemVisibility.ts`), so the periods change exactly when access does. What
 * a customer may see of an item's history (versions, deletions, writers) is what happened inside
 * these periods — `access/itemHistory.ts` decides it from here.
 *
 * Every history row (a version, a recorded deletion, a clientID's first write, a period's ends) is
 * stamped with `historyNow()`, which never repeats and never goes back within the process: two
 * events are always ordered as they happened, whatever the wall clock does (a step back, two in one
 * millisecond). A row inside a period happened strictly after the sharing and strictly before the
 * unsharing.
 */
import type { Db } from '../storage/database.ts';

let last = 0;

/** Milliseconds since the epoch, strictly increasing across calls (to stamp history rows). */
export function historyNow(): number {
  last = Math.max(Date.now(), last + 1);
  return last;
}

export type SharingPeriod = { sharedAt: number; unsharedAt: number | null };

/**
 * Opens (shared) or closes (not shared) the item's sharing period; a no-op when it already is so.
 * Takes the caller's transaction: the period changes with the mirror, never on its own.
 */
export async function recordSharing(db: Db, projectId: string, itemId: string, shared: boolean): Promise<void> {
  const open = await db
    .selectFrom('item_sharing_periods')
    .select('shared_at')
    .where('project_id', '=', projectId)
    .where('item_id', '=', itemId)
    .where('unshared_at', 'is', null)
    .executeTakeFirst();
  if (shared && !open) {
    await db
      .insertInto('item_sharing_periods')
      .values({ project_id: projectId, item_id: itemId, shared_at: historyNow() })
      .execute();
  } else if (!shared && open) {
    await db
      .updateTable('item_sharing_periods')
      .set({ unshared_at: historyNow() })
      .where('project_id', '=', projectId)
      .where('item_id', '=', itemId)
      .where('unshared_at', 'is', null)
      .execute();
  }
}

/** The item's sharing periods, oldest first. */
export async function sharingPeriods(db: Db, projectId: string, itemId: string): Promise<SharingPeriod[]> {
  const rows = await db
    .selectFrom('item_sharing_periods')
    .select(['shared_at', 'unshared_at'])
    .where('project_id', '=', projectId)
    .where('item_id', '=', itemId)
    .orderBy('shared_at')
    .execute();
  return rows.map((row) => ({ sharedAt: row.shared_at, unsharedAt: row.unshared_at }));
}

/** Whether a moment stamped by `historyNow()` lies inside one of the periods. */
export function duringSharing(periods: readonly SharingPeriod[], at: number): boolean {
  return periods.some((period) => period.sharedAt < at && (period.unsharedAt === null || at < period.unsharedAt));
}
