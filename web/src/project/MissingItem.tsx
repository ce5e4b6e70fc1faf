/**
 * What an item's panel or document page says when the item is not in the plan (or, for customers,
 * the portal): removed, or no longer shared, only when it really was there once; otherwise that
 * there is no such item — a mistyped or foreign link is not "someone removed it".
 */
import type { MeProject } from '../app/api.ts';
import { useDocValue, useReplica } from '../app/replicaHooks.ts';
import { itemWasRemoved, projectIndexName, type Side } from './projectData.ts';

export type MissingReason = 'removed' | 'never';

export function missingItemCopy(
  side: Side,
  reason: MissingReason,
  noun: 'item' | 'document',
  workspaceName: string,
): { heading: string; text: string } {
  if (reason === 'never')
    return {
      heading: `There is no such ${noun}`,
      text: `Nothing in this project has this address. The link may be incomplete, or the ${noun} may be in another project.`,
    };
  return side === 'team'
    ? { heading: `This ${noun} was removed`, text: 'Someone removed it from the plan.' }
    : { heading: `This ${noun} is no longer shared with you`, text: `${workspaceName} stopped sharing it.` };
}

export function MissingItem({
  side,
  project,
  itemId,
  noun,
  headingId,
}: {
  side: Side;
  project: MeProject;
  itemId: string;
  noun: 'item' | 'document';
  headingId?: string;
}) {
  // The board or document list already holds this replica open: acquiring it again costs nothing.
  const { replica } = useReplica(projectIndexName(side, project.id));
  const removed = useDocValue(replica?.doc, (doc) => itemWasRemoved(side, doc, itemId), false);
  const copy = missingItemCopy(side, removed ? 'removed' : 'never', noun, project.workspaceName);
  return (
    <div className="empty-state">
      <h2 id={headingId}>{copy.heading}</h2>
      <p>{copy.text}</p>
    </div>
  );
}
