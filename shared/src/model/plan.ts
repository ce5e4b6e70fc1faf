/**
 * Typed access to a project's plan document (`project/<id>/plan`, team only): every item with its
 * status, order, assignees, due date, milestone and visibility, the milestones, and the workflow.
 * The plan is the source of truth for what exists and what is shared; the server derives the
 * customer's portal from it.
 */
import * as Y from 'yjs';
import { type ApprovalState, approvalStates } from './approval.ts';
import { wasRemoved } from './removedEntries.ts';
import { readWorkflow, type Workflow, WorkflowSchema } from './workflow.ts';

export const itemKinds = ['task', 'deliverable', 'document', 'request'] as const;
export type ItemKind = (typeof itemKinds)[number];

export type PlanItem = {
  id: string;
  kind: ItemKind;
  title: string;
  status: string;
  /** Fractional index: items sort by this string within a status column. */
  order: string;
  dueDate: string | null;
  assignees: string[];
  milestoneId: string | null;
  shared: boolean;
  createdBy: string;
  createdAt: number;
  /**
   * A deliverable's approval state as the approval action last wrote it (the server, in the same
   * change as the status it implies): an index of the approval record, so the plan and the portal
   * can say whether a deliverable waits on the customer without opening it. Absent on items the
   * action never touched.
   */
  approval?: ApprovalState;
};

export type Milestone = { id: string; title: string; dueDate: string | null };

const keys = { items: 'items', milestones: 'milestones', workflow: 'workflow' } as const;

/** A view over one plan Y.Doc. Reads return plain values; writes happen in one transaction each. */
export class Plan {
  constructor(readonly doc: Y.Doc) {}

  private get itemMaps(): Y.Map<Y.Map<unknown>> {
    return this.doc.getMap(keys.items);
  }

  private get milestoneMaps(): Y.Map<Y.Map<unknown>> {
    return this.doc.getMap(keys.milestones);
  }

  items(): PlanItem[] {
    return [...this.itemMaps.entries()].map(([id, map]) => readItem(id, map)).filter((item) => item !== null);
  }

  item(id: string): PlanItem | null {
    const map = this.itemMaps.get(id);
    return map ? readItem(id, map) : null;
  }

  addItem(item: PlanItem): void {
    this.doc.transact(() => {
      const map = new Y.Map<unknown>();
      this.itemMaps.set(item.id, map);
      writeItem(map, item);
    });
  }

  updateItem(id: string, changes: Partial<Omit<PlanItem, 'id' | 'createdBy' | 'createdAt'>>): void {
    const map = this.itemMaps.get(id);
    if (!map) return;
    this.doc.transact(() => writeItem(map, changes));
  }

  removeItem(id: string): void {
    this.itemMaps.delete(id);
  }

  /** Whether the item existed and was removed (as opposed to never existing). */
  wasRemoved(id: string): boolean {
    return wasRemoved(this.itemMaps, id);
  }

  milestones(): Milestone[] {
    return [...this.milestoneMaps.entries()].map(([id, map]) => ({
      id,
      title: String(map.get('title') ?? ''),
      dueDate: (map.get('dueDate') as string | null) ?? null,
    }));
  }

  setMilestone(milestone: Milestone): void {
    this.doc.transact(() => {
      const map = this.milestoneMaps.get(milestone.id) ?? new Y.Map<unknown>();
      if (!this.milestoneMaps.has(milestone.id)) this.milestoneMaps.set(milestone.id, map);
      map.set('title', milestone.title);
      map.set('dueDate', milestone.dueDate);
    });
  }

  /**
   * The workflow: the project's own, a legacy one read with the categories its rules implied, or
   * the default one when the project has not configured its own (or what is stored is invalid).
   */
  workflow(): Workflow {
    return readWorkflow(this.doc.getMap(keys.workflow).get('value')).workflow;
  }

  setWorkflow(workflow: Workflow): void {
    this.doc.getMap(keys.workflow).set('value', WorkflowSchema.parse(workflow));
  }

  /**
   * The migration of workflows stored before statuses had categories (server only): writes the
   * upgraded workflow back, so the categories become explicit and stay put when columns are added
   * or moved. Returns whether it wrote.
   */
  hasLegacyWorkflow(): boolean {
    return readWorkflow(this.doc.getMap(keys.workflow).get('value')).legacy;
  }

  upgradeStoredWorkflow(): boolean {
    const { workflow, legacy } = readWorkflow(this.doc.getMap(keys.workflow).get('value'));
    if (legacy) this.setWorkflow(workflow);
    return legacy;
  }

  /** Calls back after every change to the plan (items, milestones or workflow). */
  observe(callback: () => void): () => void {
    const handler = () => callback();
    this.doc.on('afterTransaction', handler);
    return () => this.doc.off('afterTransaction', handler);
  }
}

function readItem(id: string, map: Y.Map<unknown>): PlanItem | null {
  const kind = map.get('kind');
  if (typeof kind !== 'string' || !(itemKinds as readonly string[]).includes(kind)) return null;
  const assignees = map.get('assignees');
  return {
    id,
    kind: kind as ItemKind,
    title: stringOr(map.get('title'), ''),
    status: stringOr(map.get('status'), ''),
    order: stringOr(map.get('order'), ''),
    dueDate: typeof map.get('dueDate') === 'string' ? (map.get('dueDate') as string) : null,
    assignees: Array.isArray(assignees) ? assignees.filter((a): a is string => typeof a === 'string') : [],
    milestoneId: typeof map.get('milestoneId') === 'string' ? (map.get('milestoneId') as string) : null,
    shared: map.get('shared') === true,
    createdBy: stringOr(map.get('createdBy'), ''),
    createdAt: typeof map.get('createdAt') === 'number' ? (map.get('createdAt') as number) : 0,
    ...approvalOf(map.get('approval')),
  };
}

function approvalOf(value: unknown): { approval?: ApprovalState } {
  return typeof value === 'string' && (approvalStates as readonly string[]).includes(value)
    ? { approval: value as ApprovalState }
    : {};
}

function writeItem(map: Y.Map<unknown>, values: Partial<PlanItem>): void {
  for (const [key, value] of Object.entries(values)) {
    if (key === 'id' || value === undefined) continue;
    if (map.get(key) !== value) map.set(key, value);
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
