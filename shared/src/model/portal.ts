/**
 * Typed access to a project's portal document (`project/<id>/portal`): the customer-facing index
 * of shared items and the customer-facing workflow. Only the server writes it, deriving it from
 * the plan (`derivePortal`); customers and the team read it.
 */
import * as Y from 'yjs';
import type { Plan } from './plan.ts';
import { wasRemoved } from './removedEntries.ts';
import { readWorkflow, type Workflow, waitsOnCustomer } from './workflow.ts';

export type PortalItem = {
  id: string;
  kind: string;
  title: string;
  status: string;
  order: string;
  dueDate: string | null;
  assignees: string[];
  waitingOnCustomer: boolean;
};

export class Portal {
  constructor(readonly doc: Y.Doc) {}

  private get itemMaps(): Y.Map<Y.Map<unknown>> {
    return this.doc.getMap('items');
  }

  /** Whether the item was on the portal once and is no longer (unshared or removed). */
  wasRemoved(id: string): boolean {
    return wasRemoved(this.itemMaps, id);
  }

  items(): PortalItem[] {
    return [...this.itemMaps.entries()].map(([id, map]) => ({
      id,
      kind: String(map.get('kind') ?? ''),
      title: String(map.get('title') ?? ''),
      status: String(map.get('status') ?? ''),
      order: String(map.get('order') ?? ''),
      dueDate: (map.get('dueDate') as string | null) ?? null,
      assignees: (map.get('assignees') as string[] | undefined) ?? [],
      waitingOnCustomer: map.get('waitingOnCustomer') === true,
    }));
  }

  /** The customer-facing workflow (a portal derived before categories existed reads upgraded). */
  workflow(): Workflow {
    return readWorkflow(this.doc.getMap('workflow').get('value')).workflow;
  }

  /**
   * Makes the portal mirror the plan's shared items (server only). Writes only what differs, so
   * an unrelated plan edit produces no portal update at all.
   */
  deriveFrom(plan: Plan): void {
    const workflow = plan.workflow();
    const wanted = new Map<string, Omit<PortalItem, 'id'>>();
    for (const item of plan.items()) {
      if (!item.shared) continue;
      wanted.set(item.id, {
        kind: item.kind,
        title: item.title,
        status: item.status,
        order: item.order,
        dueDate: item.dueDate,
        assignees: item.assignees,
        waitingOnCustomer: waitsOnCustomer(workflow, item),
      });
    }
    this.doc.transact(() => {
      for (const id of [...this.itemMaps.keys()]) if (!wanted.has(id)) this.itemMaps.delete(id);
      for (const [id, values] of wanted) {
        let map = this.itemMaps.get(id);
        if (!map) {
          map = new Y.Map<unknown>();
          this.itemMaps.set(id, map);
        }
        for (const [key, value] of Object.entries(values)) {
          if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
        }
      }
      const portalWorkflow: Workflow = {
        statuses: workflow.statuses,
        customerTransitions: workflow.customerTransitions,
      };
      const workflowMap = this.doc.getMap('workflow');
      if (JSON.stringify(workflowMap.get('value')) !== JSON.stringify(portalWorkflow))
        workflowMap.set('value', portalWorkflow);
    });
  }
}
