import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Plan, type PlanItem } from './plan.ts';
import { Portal } from './portal.ts';
import { waitingOnPerson } from './waitingOn.ts';
import { defaultWorkflow } from './workflow.ts';

const me = 'user-customer';
const item = (id: string, status: string, assignees: string[], waitingOnCustomer = false) => ({
  id,
  status,
  assignees,
  waitingOnCustomer,
});
const reasons = (list: Array<{ item: { id: string }; reason: string }>) =>
  list.map(({ item: { id }, reason }) => [id, reason]);

describe('what waits on a customer person', () => {
  it('lists open items assigned to them as assigned, and items waiting on the customer for an answer', () => {
    const items = [
      item('mine', 'in-progress', [me]),
      item('shared-with-teammate', 'todo', ['user-team', me]),
      item('not-mine', 'in-progress', ['user-team']),
      item('answer', 'waiting-on-customer', [], true),
      item('mine-and-waiting', 'waiting-on-customer', [me], true),
      item('mine-done', 'done', [me]),
    ];
    expect(reasons(waitingOnPerson(items, defaultWorkflow, { userId: me, canAct: true }))).toEqual([
      ['mine', 'assigned'],
      ['shared-with-teammate', 'assigned'],
      ['answer', 'answer'],
      ['mine-and-waiting', 'assigned'],
    ]);
  });

  it('adds the open requests assigned to them, whatever the request item’s plan status', () => {
    const items = [item('req-1', 'todo', []), item('req-2', 'todo', [])];
    const person = { userId: me, canAct: true, assignedRequestIds: new Set(['req-2', 'req-elsewhere']) };
    expect(reasons(waitingOnPerson(items, defaultWorkflow, person))).toEqual([['req-2', 'assigned']]);
  });

  it('gives a viewer nothing to do', () => {
    const items = [item('mine', 'todo', [me]), item('answer', 'waiting-on-customer', [], true)];
    expect(waitingOnPerson(items, defaultWorkflow, { userId: me, canAct: false })).toEqual([]);
  });

  it('never sees an internal item assigned to them: the portal it is derived from does not carry it', () => {
    const plan = new Plan(new Y.Doc());
    const base: Omit<PlanItem, 'id' | 'shared' | 'title'> = {
      kind: 'task',
      status: 'todo',
      order: 'a',
      dueDate: null,
      assignees: [me],
      milestoneId: null,
      createdBy: 'user-team',
      createdAt: 1,
    };
    plan.addItem({ ...base, id: 'internal', title: 'Internal pricing review', shared: false });
    plan.addItem({ ...base, id: 'shared', title: 'Send the logo files', shared: true });
    const portal = new Portal(new Y.Doc());
    portal.deriveFrom(plan);
    const waiting = waitingOnPerson(portal.items(), portal.workflow(), { userId: me, canAct: true });
    expect(reasons(waiting)).toEqual([['shared', 'assigned']]);
    expect(JSON.stringify(portal.doc.toJSON())).not.toContain('Internal pricing review');

    // Unsharing it later takes the assignment off their list at once.
    plan.updateItem('shared', { shared: false });
    portal.deriveFrom(plan);
    expect(waitingOnPerson(portal.items(), portal.workflow(), { userId: me, canAct: true })).toEqual([]);
  });
});
