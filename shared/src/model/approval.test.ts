import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyApproval, noApproval, readApproval, writeApproval } from './approval.ts';

describe('approval', () => {
  const submit = { kind: 'submit' as const, by: 'team', at: 1, versionId: 'v1' };
  const approve = {
    kind: 'decide' as const,
    decision: 'approved' as const,
    by: 'customer',
    at: 2,
    comment: 'Lovely',
    versionId: 'v2',
  };

  it('goes submitted → approved, and can be submitted again after changes', () => {
    const submitted = applyApproval(noApproval, submit);
    expect(submitted).toMatchObject({ state: 'submitted', submittedBy: 'team', versionId: 'v1' });
    const approved = applyApproval(submitted as never, approve);
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'customer', comment: 'Lovely', versionId: 'v2' });
    expect(applyApproval(approved as never, { ...submit, at: 3 })).toMatchObject({
      state: 'submitted',
      decidedBy: null,
    });
  });

  it('refuses a decision when nothing waits, and a second submission while one waits', () => {
    expect(applyApproval(noApproval, approve)).toBe('Nothing is waiting for approval here.');
    expect(applyApproval(applyApproval(noApproval, submit) as never, submit)).toBe(
      'It is already waiting for approval.',
    );
  });

  it('round-trips through the document, and reads garbage as no approval', () => {
    const doc = new Y.Doc();
    expect(readApproval(doc)).toEqual(noApproval);
    const record = applyApproval(noApproval, submit);
    writeApproval(doc, record as never);
    expect(readApproval(doc)).toEqual(record);
    doc.getMap('approval').set('state', 'hacked');
    expect(readApproval(doc)).toEqual(noApproval);
  });
});
