import { describe, expect, it } from 'vitest';
import {
  customerMoves,
  defaultWorkflow,
  isClosed,
  isWaitingOnCustomer,
  progressOf,
  readWorkflow,
  waitsOnCustomer,
} from './workflow.ts';

const legacy = {
  statuses: [
    { id: 'open', name: 'Open', color: '#64748b', waitingOnCustomer: false },
    { id: 'doing', name: 'Doing', color: '#2563eb' },
    { id: 'with-client', name: 'With client', color: '#d97706', waitingOnCustomer: true },
    { id: 'closed', name: 'Closed', color: '#16a34a', waitingOnCustomer: false },
  ],
  customerTransitions: [['with-client', 'doing']],
};

describe('readWorkflow', () => {
  it('reads a workflow stored before categories with the categories its rules implied, and says it is legacy', () => {
    const { workflow, legacy: wasLegacy } = readWorkflow(legacy);
    expect(wasLegacy).toBe(true);
    expect(workflow.statuses.map((s) => [s.id, s.category])).toEqual([
      ['open', 'not_started'],
      ['doing', 'in_progress'],
      ['with-client', 'waiting_on_customer'],
      ['closed', 'done'],
    ]);
    expect(workflow.customerTransitions).toEqual([['with-client', 'doing']]);
  });

  it('never re-categorises a current workflow that is invalid: it reads as the default, not as legacy', () => {
    const noDone = {
      statuses: [
        { id: 'a', name: 'A', color: '#64748b', category: 'in_progress' },
        { id: 'b', name: 'B', color: '#64748b', category: 'cancelled' },
      ],
      customerTransitions: [],
    };
    const unknownCategory = {
      statuses: [
        { id: 'a', name: 'A', color: '#64748b', category: 'someday' },
        { id: 'b', name: 'B', color: '#64748b', category: 'done' },
      ],
      customerTransitions: [],
    };
    for (const value of [noDone, unknownCategory])
      expect(readWorkflow(value)).toEqual({ workflow: defaultWorkflow, legacy: false });
  });

  it('reads anything else a client might have written as the default', () => {
    for (const value of [undefined, null, 42, 'x', [], {}, { statuses: 'no' }, { statuses: [{}] }])
      expect(readWorkflow(value)).toEqual({ workflow: defaultWorkflow, legacy: false });
  });
});

describe('what statuses mean', () => {
  const workflow = {
    statuses: [
      ...defaultWorkflow.statuses,
      { id: 'dropped', name: 'Dropped', color: '#334155', category: 'cancelled' as const },
      { id: 'archived', name: 'Archived', color: '#334155', category: 'in_progress' as const },
    ],
    customerTransitions: defaultWorkflow.customerTransitions,
  };

  it('counts progress as done out of everything not cancelled, wherever the columns stand', () => {
    expect(progressOf(workflow, ['done', 'done', 'archived', 'dropped', 'todo'])).toEqual({ done: 2, total: 4 });
  });

  it('treats done and cancelled as closed, and only waiting-on-customer statuses as waiting on the customer', () => {
    expect(['done', 'dropped', 'archived', 'todo'].map((id) => isClosed(workflow, id))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(['in-review', 'waiting-on-customer', 'done'].map((id) => isWaitingOnCustomer(workflow, id))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('has a deliverable wait on the customer while it is submitted, whatever its column', () => {
    expect(waitsOnCustomer(workflow, { kind: 'deliverable', status: 'in-progress', approval: 'submitted' })).toBe(true);
    expect(waitsOnCustomer(workflow, { kind: 'deliverable', status: 'in-review', approval: 'none' })).toBe(false);
    expect(waitsOnCustomer(workflow, { kind: 'deliverable', status: 'in-review' })).toBe(false);
    expect(waitsOnCustomer(workflow, { kind: 'task', status: 'in-review' })).toBe(true);
  });

  it('gives customers no hand moves of a deliverable', () => {
    expect(customerMoves(workflow, { kind: 'task', status: 'in-review' })).toEqual(['done', 'in-progress']);
    expect(customerMoves(workflow, { kind: 'deliverable', status: 'in-review' })).toEqual([]);
  });
});
