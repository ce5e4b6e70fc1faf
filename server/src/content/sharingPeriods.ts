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
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';

let last = 0;

/** Milliseconds since the epoch, strictly increasing across calls (to stamp history rows). */
export function historyNow(): number {
  last = Math.max(Date.now(), last + 1);
  return last;
}

export type SharingPeriod = { sharedAt: number; unsharedAt: number | null };

/** Opens (shared) or closes (not shared) the item's sharing period; a no-op when it already is so. */
export function recordSharing(db: SqliteDatabase, projectId: string, itemId: string, shared: boolean): void {
  const open = sql<[string, string], { shared_at: number }>(
    db,
    'SELECT shared_at FROM item_sharing_periods WHERE project_id = ? AND item_id = ? AND unshared_at IS NULL',
  ).get(projectId, itemId);
  if (shared && !open) {
    sql(db, 'INSERT INTO item_sharing_periods (project_id, item_id, shared_at) VALUES (?, ?, ?)').run(
      projectId,
      itemId,
      historyNow(),
    );
  } else if (!shared && open) {
    sql(
      db,
      'UPDATE item_sharing_periods SET unshared_at = ? WHERE project_id = ? AND item_id = ? AND unshared_at IS NULL',
    ).run(historyNow(), projectId, itemId);
  }
}

/** The item's sharing periods, oldest first. */
export function sharingPeriods(db: SqliteDatabase, projectId: string, itemId: string): SharingPeriod[] {
  return sql<[string, string], { shared_at: number; unshared_at: number | null }>(
    db,
    'SELECT shared_at, unshared_at FROM item_sharing_periods WHERE project_id = ? AND item_id = ? ORDER BY shared_at',
  )
    .all(projectId, itemId)
    .map((row) => ({ sharedAt: row.shared_at, unsharedAt: row.unshared_at }));
}

/** Whether a moment stamped by `historyNow()` lies inside one of the periods. */
export function duringSharing(periods: readonly SharingPeriod[], at: number): boolean {
  return periods.some((period) => period.sharedAt < at && (period.unsharedAt === null || at < period.unsharedAt));
}
