import { defaultWorkflow } from '@atrium/shared/model/workflow.ts';
import { describe, expect, it } from 'vitest';
import type { BoardItem } from '../project/projectData.ts';
import { withoutRequests } from './requestItems.ts';

function item(id: string, kind: string): BoardItem {
  return {
    id,
    kind,
    title: id,
    status: 'todo',
    order: 'a',
    dueDate: null,
    assignees: [],
    shared: true,
    waitingOnCustomer: false,
  };
}

describe('withoutRequests', () => {
  it('leaves request items off the board and remembers which they were', () => {
    const view = withoutRequests({ workflow: defaultWorkflow, items: [item('t', 'task'), item('r', 'request')] });
    expect(view.items.map((i) => i.id)).toEqual(['t']);
    expect([...view.requestIds]).toEqual(['r']);
  });

  it('keeps the same items array when there is no request', () => {
    const items = [item('t', 'task')];
    expect(withoutRequests({ workflow: defaultWorkflow, items }).items).toBe(items);
  });
});
