/**
 * A deliverable's approval in the web app: the record read live from the item's shareable part (the
 * one source of truth — the server writes it, every screen reads it from there) and the customer's
 * decision, taken through the one approval action (`POST …/approval/decision`) from wherever it is
 * offered: the deliverable, the task panel, the "Waiting on you" list.
 */
import { type ApprovalRecord, approvalMapName, noApproval, readApproval } from '@atrium/shared/model/approval.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { type FormEvent, useId, useState } from 'react';
import type * as Y from 'yjs';
import { api } from '../app/api.ts';
import { useReplica, useTypeValue } from '../app/replicaHooks.ts';
import { FormError } from '../components/FormError.tsx';

/** The approval record of an item's shareable part, live. */
export function useApprovalOf(doc: Y.Doc | undefined): ApprovalRecord {
  return useTypeValue(doc?.getMap(approvalMapName), () => (doc ? readApproval(doc) : noApproval), noApproval);
}

/**
 * Opens the item's shareable part (from this device first) to read its approval — without showing
 * the person as present in it — and null until it is known.
 */
export function useItemApproval(projectId: string, itemId: string): ApprovalRecord | null {
  const { replica, synced } = useReplica(projectDocumentName.itemShared(projectId, itemId), { shown: false });
  const approval = useApprovalOf(replica?.doc);
  return synced || approval.state !== 'none' ? approval : null;
}

export function submitForApproval(projectId: string, itemId: string): Promise<ApprovalRecord> {
  return api('POST', `/projects/${projectId}/items/${itemId}/approval/submit`);
}

export function decideApproval(
  projectId: string,
  itemId: string,
  decision: { decision: 'approved' } | { decision: 'changes_requested'; comment: string },
): Promise<ApprovalRecord> {
  return api('POST', `/projects/${projectId}/items/${itemId}/approval/decision`, decision);
}

/**
 * Approve, or ask for changes with a comment saying what should change (required: the team must
 * know what to do next). Shown only while the deliverable is submitted.
 */
export function ApprovalDecision({
  projectId,
  itemId,
  title,
  small = false,
}: {
  projectId: string;
  itemId: string;
  title: string;
  small?: boolean;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const commentId = useId();
  const size = small ? ' small' : '';

  async function decide(decision: Parameters<typeof decideApproval>[2]) {
    setBusy(true);
    setError(null);
    try {
      await decideApproval(projectId, itemId, decision);
      setAsking(false);
      setComment('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  function requestChanges(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = comment.trim();
    if (!text) return;
    void decide({ decision: 'changes_requested', comment: text });
  }

  return (
    <div className="approval-decision">
      {!asking && (
        <div className="row wrap">
          <button
            type="button"
            className={size.trim() || undefined}
            disabled={busy}
            aria-label={small ? `Approve ${title}` : undefined}
            onClick={() => void decide({ decision: 'approved' })}
          >
            Approve
          </button>
          <button
            type="button"
            className={`secondary${size}`}
            disabled={busy}
            aria-label={small ? `Request changes to ${title}` : undefined}
            onClick={() => setAsking(true)}
          >
            Request changes
          </button>
        </div>
      )}
      {asking && (
        <form className="stack" onSubmit={requestChanges} aria-label={`Request changes to ${title}`}>
          <label htmlFor={commentId}>What should change?</label>
          <textarea
            id={commentId}
            name="comment"
            rows={3}
            required
            value={comment}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to write this comment
            autoFocus
            onChange={(event) => setComment(event.target.value)}
          />
          <div className="row">
            <button type="submit" className={size.trim() || undefined} disabled={busy || comment.trim() === ''}>
              Send request for changes
            </button>
            <button type="button" className={`secondary${size}`} onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <FormError error={error} />
    </div>
  );
}
