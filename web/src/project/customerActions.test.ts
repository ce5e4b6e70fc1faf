import { defaultWorkflow, type Workflow } from '@atrium/shared/model/workflow.ts';
import { describe, expect, it } from 'vitest';
import { customerActions } from './customerActions.ts';

const withArchive: Workflow = {
  statuses: [
    ...defaultWorkflow.statuses,
    { id: 'archived', name: 'Archived', color: '#334155', category: 'in_progress' },
  ],
  customerTransitions: [...defaultWorkflow.customerTransitions, ['in-review', 'archived']],
};

describe('customerActions', () => {
  it('words moves by what the target means, not by its position: a column after Done is not "done"', () => {
    const actions = customerActions(withArchive, { kind: 'task', status: 'in-review' });
    expect(actions).toEqual([
      { to: 'done', label: 'Mark done' },
      { to: 'in-progress', label: 'Move to In progress' },
      { to: 'archived', label: 'Move to Archived' },
    ]);
  });

  it('never offers two buttons with the same words', () => {
    for (const status of withArchive.statuses) {
      const labels = customerActions(withArchive, { kind: 'task', status: status.id }).map((a) => a.label);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('hands work back to the team from a status that waits on the customer', () => {
    expect(customerActions(defaultWorkflow, { kind: 'task', status: 'waiting-on-customer' })).toEqual([
      { to: 'in-progress', label: 'Done — back to the team' },
    ]);
    expect(customerActions(defaultWorkflow, { kind: 'task', status: 'in-review' })).toEqual([
      { to: 'done', label: 'Mark done' },
      { to: 'in-progress', label: 'Send back to the team' },
    ]);
  });

  it('offers no moves on a deliverable: it moves by approval', () => {
    expect(customerActions(defaultWorkflow, { kind: 'deliverable', status: 'in-review' })).toEqual([]);
  });
});
