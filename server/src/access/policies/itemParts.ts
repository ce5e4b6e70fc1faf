/**
 * Policies on one part of one item (its shareable part, or the team's internal part): history
 * (versions, deletions, writers), approvals and files. They decide over the caller's access to
 * the part — the level `documentAccess` gives them for it, the same as their socket gets — so a
 * REST action never allows what sync would refuse. Anyone the part is hidden from gets the 404 of
 * a missing item.
 */
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import { isInternal, type ProjectStanding } from '@atrium/shared/access/roles.ts';
import { duringSharing, type SharingPeriod } from '../../content/sharingPeriods.ts';
import { allowed, conflict, type Decision, forbidden, notFound } from './decision.ts';

export type ItemPart = 'shared' | 'internal';

/** The caller towards one item part: their standing, their level on the part, the item's sharing. */
export type PartStanding = { standing: ProjectStanding; level: AccessLevel; shared: boolean };

/** Seeing the part at all: reading it, its versions, deletions and writers. */
export function mayReadItemPart(part: Pick<PartStanding, 'level'>): Decision {
  return part.level === 'none' ? notFound('Item not found.') : allowed;
}

/** Changing the part through REST: saving or restoring a version, attaching a file. */
export function mayChangeItemPart(part: Pick<PartStanding, 'level'>): Decision {
  const read = mayReadItemPart(part);
  if (!read.ok) return read;
  return part.level === 'write' ? allowed : forbidden('You can read this item but not change it.');
}

export const mayListVersions = mayReadItemPart;
/** Who deleted what and who wrote under which clientID; `itemHistory.ts` filters them for customers. */
export const mayReadHistory = mayReadItemPart;
export const mayTakeVersion = mayChangeItemPart;
export const mayRestoreVersion = mayChangeItemPart;
export const mayUploadFile = mayChangeItemPart;

/** A file is read by whoever may read the part it is attached to; to anyone else it does not exist. */
export function mayDownloadFile(part: Pick<PartStanding, 'level'>): Decision {
  return part.level === 'none' ? notFound('File not found.') : allowed;
}

/** Removing a file: whoever may change the part; on the customer side only the person who attached it. */
export function mayRemoveFile(
  part: Pick<PartStanding, 'standing' | 'level'>,
  file: { uploadedBy: string },
  userId: string,
): Decision {
  const change = mayChangeItemPart(part);
  if (!change.ok) return change;
  if (!isInternal(part.standing) && file.uploadedBy !== userId)
    return forbidden('You can remove only files you attached.');
  return allowed;
}

/** The team submits work for the customer's approval, and only once the customer can see it. */
export function maySubmitForApproval(part: PartStanding): Decision {
  const read = mayReadItemPart(part);
  if (!read.ok) return read;
  if (!isInternal(part.standing)) return forbidden('Only the provider team can submit work for approval.');
  if (!part.shared) return conflict('Share this item with the customer before asking them to approve it.');
  return allowed;
}

/** The customer's people who may change the part decide; the team never decides for them. */
export function mayDecideApproval(part: Pick<PartStanding, 'standing' | 'level'>): Decision {
  const read = mayReadItemPart(part);
  if (!read.ok) return read;
  if (isInternal(part.standing))
    return forbidden('Only the customer’s people can approve or ask for changes; the team cannot decide for them.');
  return mayChangeItemPart(part);
}

/**
 * The team sees the whole history of a part; asked first so that the sharing periods are read only
 * for customers.
 */
export function seesWholeHistory(standing: ProjectStanding): boolean {
  return isInternal(standing);
}

/**
 * Whether a history entry (a version, a deletion, a first write) made at `at` is visible: to
 * customers, only what happened while the item was shared with them. An entry without a time
 * predates the record of sharing, so it is the team's. A stranger sees none of it.
 */
export function maySeeHistoryAt(
  standing: ProjectStanding,
  at: number | null,
  periods: readonly SharingPeriod[],
): boolean {
  if (seesWholeHistory(standing)) return true;
  if (standing.projectRole === null) return false;
  return at !== null && duringSharing(periods, at);
}
