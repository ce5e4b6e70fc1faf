import type { ApprovalAction } from '@atrium/shared/model/approval.ts';
import { defaultWorkflow, type Workflow } from '@atrium/shared/model/workflow.ts';
import { describe, expect, it } from 'vitest';
import { statusAfter } from './approvals.ts';

const submit: ApprovalAction = { kind: 'submit', by: 'u', at: 0, versionId: 'v' };
const decide = (decision: 'approved' | 'changes_requested'): ApprovalAction => ({
  kind: 'decide',
  decision,
  by: 'u',
  at: 0,
  comment: decision === 'approved' ? null : 'change it',
  versionId: 'v',
});

describe('statusAfter: the board follows the approval record by what statuses mean', () => {
  it('submitting goes to the waiting status from which customers can finish; approving to the first done status', () => {
    expect(statusAfter(defaultWorkflow, 'in-progress', submit)).toBe('in-review');
    const withArchive: Workflow = {
      ...defaultWorkflow,
      statuses: [
        ...defaultWorkflow.statuses,
        { id: 'archived', name: 'Archived', color: '#334155', category: 'in_progress' },
      ],
    };
    expect(statusAfter(withArchive, 'in-review', decide('approved'))).toBe('done');
  });

  it('asking for changes goes back to work: the customer’s move back, else in progress, else not started', () => {
    expect(statusAfter(defaultWorkflow, 'in-review', decide('changes_requested'))).toBe('in-progress');
    const bare: Workflow = {
      statuses: [
        { id: 'new', name: 'New', color: '#64748b', category: 'not_started' },
        { id: 'review', name: 'Review', color: '#d97706', category: 'waiting_on_customer' },
        { id: 'shipped', name: 'Shipped', color: '#16a34a', category: 'done' },
      ],
      customerTransitions: [],
    };
    expect(statusAfter(bare, 'review', decide('changes_requested'))).toBe('new');
    expect(statusAfter(bare, 'new', submit)).toBe('review');
  });

  it('keeps the item where it is when the workflow has no status for the step', () => {
    const noWaiting: Workflow = {
      statuses: [{ id: 'only', name: 'Only', color: '#16a34a', category: 'done' }],
      customerTransitions: [],
    };
    expect(statusAfter(noWaiting, 'only', submit)).toBeNull();
  });
});
