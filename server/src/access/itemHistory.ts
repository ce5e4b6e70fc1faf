/**
 * History visibility for customers: what a caller may see of the history of an item's shareable
 * part — its versions (listed, opened, compared, restored), who deleted what, who wrote under which
 * editing identity. The team sees all of it. A customer's people see only what happened while the
 * item was shared with them (`content/sharingPeriods.ts`): a version taken while the part was
 * internal, or unshared for a while, holds text the team may have removed before sharing it, and a
 * deletion or a first write from then tells what the team did meanwhile.
 *
 * A version taken while shared holds only what customers could sync at that moment: the server's
 * copy garbage-collects deleted text, so text removed before the sharing is not in it (only its
 * length, as a customer's own replica has it).
 *
 * The REST routes on history ask here and nowhere else; a hidden version answers as one that does
 * not exist.
 */
import { isInternal, type ProjectStanding } from '@atrium/shared/access/roles.ts';
import { type DeletionRange, documentDeletions } from '../content/deletions.ts';
import { duringSharing, type SharingPeriod, sharingPeriods } from '../content/sharingPeriods.ts';
import { getVersion, listVersions, type VersionInfo } from '../content/versions.ts';
import { dbOf } from '../storage/database.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { documentWriters } from './clientOwnership.ts';

export type ItemHistory = {
  /** Newest first. */
  versions(): VersionInfo[];
  version(id: string): (VersionInfo & { state: Uint8Array }) | undefined;
  /** Oldest first. */
  deletions(): Array<Omit<DeletionRange, 'at'>>;
  writers(): Array<{ clientId: number; userId: string }>;
};

/** The history of the item's shareable part (`document`) as `standing` may see it. */
export async function itemHistory(
  db: SqliteDatabase,
  item: { projectId: string; itemId: string; document: string; standing: ProjectStanding },
): Promise<ItemHistory> {
  const { document } = item;
  // Read once per request: a request sees one consistent answer.
  const periods: SharingPeriod[] = isInternal(item.standing)
    ? []
    : await sharingPeriods(dbOf(db), item.projectId, item.itemId);
  const visible = (at: number | null): boolean => {
    if (isInternal(item.standing)) return true;
    return at !== null && duringSharing(periods, at);
  };
  return {
    versions: () => listVersions(db, document).filter((version) => visible(version.createdAt)),
    version: (id) => {
      const version = getVersion(db, document, id);
      return version && visible(version.createdAt) ? version : undefined;
    },
    deletions: () =>
      documentDeletions(db, document)
        .filter((deletion) => visible(deletion.at))
        .map(({ at: _at, ...range }) => range),
    writers: () =>
      documentWriters(db, document)
        .filter((writer) => visible(writer.claimedAt))
        .map(({ clientId, userId }) => ({ clientId, userId })),
  };
}
