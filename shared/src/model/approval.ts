/**
 * Approval of a deliverable: the team submits it, the customer approves it or asks for changes.
 * The record lives in the item's shareable part (Y.Map 'approval') so both sides see it live, but
 * only the server writes it — through the REST actions that check who may do what and audit it —
 * and the write rules refuse any client's change to it.
 */
import type * as Y from 'yjs';

export const approvalStates = ['none', 'submitted', 'approved', 'changes_requested'] as const;
export type ApprovalState = (typeof approvalStates)[number];

export type ApprovalRecord = {
  state: ApprovalState;
  submittedBy: string | null;
  submittedAt: number | null;
  decidedBy: string | null;
  decidedAt: number | null;
  comment: string | null;
  /** The version stored when it was submitted (or approved): what "changed since approval" compares to. */
  versionId: string | null;
};

export const approvalMapName = 'approval';

export const noApproval: ApprovalRecord = {
  state: 'none',
  submittedBy: null,
  submittedAt: null,
  decidedBy: null,
  decidedAt: null,
  comment: null,
  versionId: null,
};

export type ApprovalAction =
  | { kind: 'submit'; by: string; at: number; versionId: string }
  | {
      kind: 'decide';
      decision: 'approved' | 'changes_requested';
      by: string;
      at: number;
      comment: string | null;
      versionId: string;
    };

/** The next record, or why the action is not possible now. */
export function applyApproval(current: ApprovalRecord, action: ApprovalAction): ApprovalRecord | string {
  if (action.kind === 'submit') {
    if (current.state === 'submitted') return 'It is already waiting for approval.';
    return {
      ...noApproval,
      state: 'submitted',
      submittedBy: action.by,
      submittedAt: action.at,
      versionId: action.versionId,
    };
  }
  if (current.state !== 'submitted') return 'Nothing is waiting for approval here.';
  return {
    ...current,
    state: action.decision,
    decidedBy: action.by,
    decidedAt: action.at,
    comment: action.comment,
    versionId: action.versionId,
  };
}

export function readApproval(doc: Y.Doc): ApprovalRecord {
  const map = doc.getMap<unknown>(approvalMapName);
  const state = map.get('state');
  if (typeof state !== 'string' || !(approvalStates as readonly string[]).includes(state)) return noApproval;
  const text = (key: string) => (typeof map.get(key) === 'string' ? (map.get(key) as string) : null);
  const number = (key: string) => (typeof map.get(key) === 'number' ? (map.get(key) as number) : null);
  return {
    state: state as ApprovalState,
    submittedBy: text('submittedBy'),
    submittedAt: number('submittedAt'),
    decidedBy: text('decidedBy'),
    decidedAt: number('decidedAt'),
    comment: text('comment'),
    versionId: text('versionId'),
  };
}

/** Server only: the write rules refuse this map from every client. */
export function writeApproval(doc: Y.Doc, record: ApprovalRecord): void {
  const map = doc.getMap<unknown>(approvalMapName);
  doc.transact(() => {
    for (const [key, value] of Object.entries(record)) if (map.get(key) !== value) map.set(key, value);
  });
}
