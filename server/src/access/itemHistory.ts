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
 * not exist. The rule itself is `maySeeHistoryAt` (`policies/itemParts.ts`); this module loads
 * what it needs.
 */
import type { ProjectStanding } from '@atrium/shared/access/roles.ts';
import { type DeletionRange, documentDeletions } from '../content/deletions.ts';
import { type SharingPeriod, sharingPeriods } from '../content/sharingPeriods.ts';
import { getVersion, listVersions, type VersionInfo } from '../content/versions.ts';
import type { Db } from '../storage/database.ts';
import { documentWriters } from './clientOwnership.ts';
import { maySeeHistoryAt, seesWholeHistory } from './policies/itemParts.ts';

export type ItemHistory = {
  /** Newest first. */
  versions(): Promise<VersionInfo[]>;
  version(id: string): Promise<(VersionInfo & { state: Uint8Array }) | undefined>;
  /** Oldest first. */
  deletions(): Promise<Array<Omit<DeletionRange, 'at'>>>;
  writers(): Promise<Array<{ clientId: number; userId: string }>>;
};

/** The history of the item's shareable part (`document`) as `standing` may see it. */
export function itemHistory(
  db: Db,
  item: { projectId: string; itemId: string; document: string; standing: ProjectStanding },
): ItemHistory {
  const { document } = item;
  // Read once per request: a request sees one consistent answer.
  let periods: SharingPeriod[] | undefined;
  const visible = async (at: number | null): Promise<boolean> => {
    if (seesWholeHistory(item.standing)) return true;
    periods ??= await sharingPeriods(db, item.projectId, item.itemId);
    return maySeeHistoryAt(item.standing, at, periods);
  };
  /** The rows the caller may see, by when each happened. */
  const shown = async <T>(rows: T[], at: (row: T) => number | null): Promise<T[]> => {
    const kept: T[] = [];
    for (const row of rows) if (await visible(at(row))) kept.push(row);
    return kept;
  };
  return {
    versions: async () => shown(await listVersions(db, document), (version) => version.createdAt),
    version: async (id) => {
      const version = await getVersion(db, document, id);
      return version && (await visible(version.createdAt)) ? version : undefined;
    },
    deletions: async () =>
      (await shown(await documentDeletions(db, document), (deletion) => deletion.at)).map(
        ({ at: _at, ...range }) => range,
      ),
    writers: async () =>
      (await shown(await documentWriters(db, document), (writer) => writer.claimedAt)).map(({ clientId, userId }) => ({
        clientId,
        userId,
      })),
  };
}
