/**
 * The relational mirror of which items are shared with the customer. The portal derivation writes
 * it from the plan; the access decision reads it. Each change opens or closes the item's sharing
 * period in the same transaction (what customers may see of its history follows those). Returns
 * what changed so the caller can re-check live subscriptions and write the audit log.
 */
import type { PlanItem } from '@atrium/shared/model/plan.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';
import { sharedDespiteLag } from './mirrorBehind.ts';
import { recordSharing } from './sharingPeriods.ts';

export type VisibilityChange = { itemId: string; title: string; shared: boolean };

/** Whether the item is shared with the customer (fail-closed while the mirror is behind the plan). */
export function isItemShared(db: SqliteDatabase, projectId: string, itemId: string): boolean {
  const mirrored =
    sql<[string, string], { shared: number }>(
      db,
      'SELECT shared FROM item_visibility WHERE project_id = ? AND item_id = ?',
    ).get(projectId, itemId)?.shared === 1;
  return sharedDespiteLag(db, projectId, itemId, mirrored);
}

/** The item as the mirror knows it (every item of the plan, shared or not), or null when there is none. */
export function mirroredItem(
  db: SqliteDatabase,
  projectId: string,
  itemId: string,
): { title: string; shared: boolean } | null {
  const row = sql<[string, string], { title: string; shared: number }>(
    db,
    'SELECT title, shared FROM item_visibility WHERE project_id = ? AND item_id = ?',
  ).get(projectId, itemId);
  return row ? { title: row.title, shared: sharedDespiteLag(db, projectId, itemId, row.shared === 1) } : null;
}

/** Brings the mirror in line with the plan's items; returns the items whose visibility changed. */
export function syncItemVisibility(db: SqliteDatabase, projectId: string, items: PlanItem[]): VisibilityChange[] {
  return db.transaction(() => {
    const stored = new Map(
      sql<[string], { item_id: string; title: string; shared: number }>(
        db,
        'SELECT item_id, title, shared FROM item_visibility WHERE project_id = ?',
      )
        .all(projectId)
        .map((row) => [row.item_id, row]),
    );
    const changes: VisibilityChange[] = [];
    for (const item of items) {
      const before = stored.get(item.id);
      stored.delete(item.id);
      if (before && before.shared === Number(item.shared) && before.title === item.title) continue;
      sql(
        db,
        `INSERT INTO item_visibility (project_id, item_id, title, shared) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id, item_id) DO UPDATE SET title = excluded.title, shared = excluded.shared`,
      ).run(projectId, item.id, item.title, Number(item.shared));
      if ((before?.shared ?? 0) !== Number(item.shared)) {
        changes.push({ itemId: item.id, title: item.title, shared: item.shared });
        recordSharing(db, projectId, item.id, item.shared);
      }
    }
    for (const [itemId, row] of stored) {
      sql(db, 'DELETE FROM item_visibility WHERE project_id = ? AND item_id = ?').run(projectId, itemId);
      if (row.shared === 1) {
        changes.push({ itemId, title: row.title, shared: false });
        recordSharing(db, projectId, itemId, false);
      }
    }
    return changes;
  })();
}
