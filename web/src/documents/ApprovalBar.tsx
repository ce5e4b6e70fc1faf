/**
 * Where a deliverable stands: draft, waiting for the customer's approval, approved, or changes
 * requested — who and when — and the action at hand: the team submits; the customer's
 * collaborators approve or ask for changes with a comment. After approval, any edit shows
 * "Changed since approval" with the difference from the approved version.
 */
import type { ApprovalRecord } from '@atrium/shared/model/approval.ts';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { api, type Person } from '../app/api.ts';
import { useDocValue } from '../app/replicaHooks.ts';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { ApprovalDecision, submitForApproval } from './approval.tsx';
import { ChangedBy } from './ChangedBy.tsx';
import { blocksOf, fragmentFromState } from './richText.ts';
import { TextDiff } from './TextDiff.tsx';

type ApprovalBarProps = {
  projectId: string;
  itemId: string;
  approval: ApprovalRecord;
  doc: Y.Doc | undefined;
  team: boolean;
  shared: boolean;
  canDecide: boolean;
  customerName: string;
  people: Person[];
  /** The deliverable's title, to name it in the actions' accessible labels. */
  title: string;
};

export function ApprovalBar(props: ApprovalBarProps) {
  const { projectId, itemId, approval, doc, team, shared, canDecide, customerName, people, title } = props;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (id: string | null) => people.find((p) => p.userId === id)?.name ?? 'someone';

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await submitForApproval(projectId, itemId);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const when = (at: number | null) => (at ? <RelativeTime at={at} /> : null);
  const status =
    approval.state === 'submitted' ? (
      <>
        Waiting for {team ? `${customerName}’s` : 'your'} approval — submitted by {nameOf(approval.submittedBy)},{' '}
        {when(approval.submittedAt)}
      </>
    ) : approval.state === 'approved' ? (
      <>
        Approved by {nameOf(approval.decidedBy)}, {when(approval.decidedAt)}
      </>
    ) : approval.state === 'changes_requested' ? (
      <>
        Changes requested by {nameOf(approval.decidedBy)}, {when(approval.decidedAt)}
      </>
    ) : (
      'Not submitted for approval'
    );

  return (
    <section className={`approval-bar approval-${approval.state}`} aria-label="Approval" data-testid="approval">
      <p className="approval-status">
        <strong>{status}</strong>
        {approval.comment && <span className="approval-comment"> “{approval.comment}”</span>}
      </p>
      <div className="row wrap">
        {team && approval.state !== 'submitted' && (
          <button
            type="button"
            disabled={busy || !shared}
            title={shared ? undefined : `Share it with ${customerName} first`}
            onClick={() => void submit()}
          >
            {approval.state === 'none' ? 'Submit for approval' : 'Submit again for approval'}
          </button>
        )}
        {team && !shared && approval.state !== 'submitted' && (
          <span className="hint">Share it with {customerName} to ask for their approval.</span>
        )}
      </div>
      {!team && canDecide && approval.state === 'submitted' && (
        <ApprovalDecision projectId={projectId} itemId={itemId} title={title} />
      )}
      <FormError error={error} />
      {approval.state === 'approved' && approval.versionId && doc && (
        <ChangedSinceApproval
          projectId={projectId}
          itemId={itemId}
          versionId={approval.versionId}
          doc={doc}
          people={people}
        />
      )}
    </section>
  );
}

function ChangedSinceApproval({
  projectId,
  itemId,
  versionId,
  doc,
  people,
}: {
  projectId: string;
  itemId: string;
  versionId: string;
  doc: Y.Doc;
  people: Person[];
}) {
  const [approved, setApproved] = useState<{ blocks: string[]; state: Uint8Array } | null>(null);
  const [show, setShow] = useState(false);
  const current = useDocValue(doc, (d) => blocksOf(d.getXmlFragment('description')), []);
  useEffect(() => {
    let live = true;
    api<{ state: string }>('GET', `/projects/${projectId}/items/${itemId}/versions/${versionId}`).then(
      (version) => {
        const { doc: old, fragment } = fragmentFromState(version.state);
        if (live) setApproved({ blocks: blocksOf(fragment), state: Y.encodeStateAsUpdate(old) });
        old.destroy();
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId, itemId, versionId]);
  if (!approved || JSON.stringify(approved.blocks) === JSON.stringify(current)) return null;
  return (
    <div className="changed-since" data-testid="changed-since-approval">
      <span className="pill warn">Changed since approval</span>
      <button type="button" className="link-button" onClick={() => setShow(!show)}>
        {show ? 'Hide the changes' : 'Show the changes'}
      </button>
      {show && (
        <>
          <TextDiff before={approved.blocks} after={current} />
          <ChangedBy projectId={projectId} itemId={itemId} since={approved.state} doc={doc} people={people} />
        </>
      )}
    </div>
  );
}
