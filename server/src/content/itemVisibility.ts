/**
 * The relational mirror of which items are shared with the customer. The portal derivation writes
 * it from the plan; the access decision reads it. Each change opens or closes the item's sharing
 * period in the same transaction (what customers may see of its history follows those). Returns
 * what changed so the caller can audit it (in the same transaction) and re-check live subscriptions.
 */
import type { PlanItem } from '@atrium/shared/model/plan.ts';
import { bumpAccessEpoch } from '../access/accessChanges.ts';
import type { Db } from '../storage/database.ts';
import { sharedDespiteLag } from './mirrorBehind.ts';
import { recordSharing } from './sharingPeriods.ts';

export type VisibilityChange = { itemId: string; title: string; shared: boolean };

/**
 * Whether the item is shared with the customer (fail-closed while the mirror is behind the plan).
 * `db` is the data layer itself, not a transaction: the hold on a mirror that is behind is kept per data layer.
 */
export async function isItemShared(db: Db, projectId: string, itemId: string): Promise<boolean> {
  return (await mirroredItem(db, projectId, itemId))?.shared ?? false;
}

/** The item as the mirror knows it (every item of the plan, shared or not), or null when there is none. */
export async function mirroredItem(
  db: Db,
  projectId: string,
  itemId: string,
): Promise<{ title: string; shared: boolean } | null> {
  const row = await db
    .selectFrom('item_visibility')
    .select(['title', 'shared'])
    .where('project_id', '=', projectId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return row ? { title: row.title, shared: sharedDespiteLag(db, projectId, itemId, row.shared === 1) } : null;
}

/**
 * Brings the mirror in line with the plan's items; returns the items whose visibility changed.
 * Runs in the caller's transaction (`db` should be one), so whatever the caller records with it —
 * the audit entry — commits or fails together with the mirror, the sharing periods and the access
 * epoch (other servers re-decide their customers' sockets: access/accessChanges.ts).
 */
export async function syncItemVisibility(db: Db, projectId: string, items: PlanItem[]): Promise<VisibilityChange[]> {
  const rows = await db
    .selectFrom('item_visibility')
    .select(['item_id', 'title', 'shared'])
    .where('project_id', '=', projectId)
    .execute();
  const stored = new Map(rows.map((row) => [row.item_id, row]));
  const changes: VisibilityChange[] = [];
  for (const item of items) {
    const before = stored.get(item.id);
    stored.delete(item.id);
    const shared = Number(item.shared);
    if (before && before.shared === shared && before.title === item.title) continue;
    await db
      .insertInto('item_visibility')
      .values({ project_id: projectId, item_id: item.id, title: item.title, shared })
      .onConflict((oc) =>
        oc.columns(['project_id', 'item_id']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          shared: eb.ref('excluded.shared'),
        })),
      )
      .execute();
    if ((before?.shared ?? 0) !== shared) {
      changes.push({ itemId: item.id, title: item.title, shared: item.shared });
      await recordSharing(db, projectId, item.id, item.shared);
    }
  }
  for (const [itemId, row] of stored) {
    await db.deleteFrom('item_visibility').where('project_id', '=', projectId).where('item_id', '=', itemId).execute();
    if (row.shared === 1) {
      changes.push({ itemId, title: row.title, shared: false });
      await recordSharing(db, projectId, itemId, false);
    }
  }
  if (changes.length > 0) await bumpAccessEpoch(db);
  return changes;
}
