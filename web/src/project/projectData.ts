/**
 * What a project screen reads: the project as the session knows it, its people (kept on this
 * device for offline use), and its items and workflow — from the plan for the team, from the
 * portal for the customer's people. Both become the same `BoardItem`s, so one board shows either.
 */
import { Plan } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { defaultWorkflow, type Workflow, waitsOnCustomer } from '@atrium/shared/model/workflow.ts';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { api, type MeProject, type Person } from '../app/api.ts';
import { useDocValue } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';

export type BoardItem = {
  id: string;
  kind: string;
  title: string;
  status: string;
  order: string;
  dueDate: string | null;
  assignees: string[];
  /** Always true on the customer's side: they only ever see shared items. */
  shared: boolean;
  waitingOnCustomer: boolean;
};

export type ProjectView = { items: BoardItem[]; workflow: Workflow };

export type Side = 'team' | 'customer';

export function useProject(projectId: string): MeProject | undefined {
  const { me } = useSignedIn();
  return me.projects.find((project) => project.id === projectId);
}

/** The document a side reads the project from. */
export function projectIndexName(side: Side, projectId: string): string {
  return side === 'team' ? projectDocumentName.plan(projectId) : projectDocumentName.portal(projectId);
}

export function readProject(side: Side, doc: Y.Doc): ProjectView {
  if (side === 'team') {
    const plan = new Plan(doc);
    const workflow = plan.workflow();
    return {
      workflow,
      items: plan.items().map((item) => ({
        id: item.id,
        kind: item.kind,
        title: item.title,
        status: item.status,
        order: item.order,
        dueDate: item.dueDate,
        assignees: item.assignees,
        shared: item.shared,
        waitingOnCustomer: waitsOnCustomer(workflow, item),
      })),
    };
  }
  const portal = new Portal(doc);
  return { workflow: portal.workflow(), items: portal.items().map((item) => ({ ...item, shared: true })) };
}

/** Whether an item this side cannot find was there once (removed, or for customers unshared) rather than never. */
export function itemWasRemoved(side: Side, doc: Y.Doc, itemId: string): boolean {
  return side === 'team' ? new Plan(doc).wasRemoved(itemId) : new Portal(doc).wasRemoved(itemId);
}

export const emptyProject: ProjectView = { items: [], workflow: defaultWorkflow };

/**
 * The project as a side sees it, live — with every unchanged item kept as the same object between
 * changes, so a board of hundreds of cards re-renders only the cards that changed.
 */
export function useProjectView(side: Side, doc: Y.Doc | undefined): ProjectView {
  const view = useDocValue(doc, (d) => readProject(side, d), emptyProject);
  const previous = useRef(new Map<string, BoardItem>());
  const workflow = useRef(view.workflow);
  return useStable(view, previous.current, workflow);
}

function useStable(
  view: ProjectView,
  previous: Map<string, BoardItem>,
  workflow: { current: ProjectView['workflow'] },
): ProjectView {
  const items = view.items.map((item) => {
    const before = previous.get(item.id);
    return before && sameItem(before, item) ? before : item;
  });
  previous.clear();
  for (const item of items) previous.set(item.id, item);
  if (JSON.stringify(workflow.current) !== JSON.stringify(view.workflow)) workflow.current = view.workflow;
  return { items, workflow: workflow.current };
}

function sameItem(a: BoardItem, b: BoardItem): boolean {
  return (
    a.kind === b.kind &&
    a.title === b.title &&
    a.status === b.status &&
    a.order === b.order &&
    a.dueDate === b.dueDate &&
    a.shared === b.shared &&
    a.waitingOnCustomer === b.waitingOnCustomer &&
    a.assignees.length === b.assignees.length &&
    a.assignees.every((id, i) => id === b.assignees[i])
  );
}

const peopleCache = new Map<string, Person[]>();

/** The project's people; the last list seen is used while offline. */
export function usePeople(projectId: string): Person[] {
  const key = `atrium:people:${projectId}`;
  const [people, setPeople] = useState<Person[]>(() => peopleCache.get(projectId) ?? readStored(key));
  useEffect(() => {
    let live = true;
    api<Person[]>('GET', `/projects/${projectId}/people`).then(
      (fresh) => {
        peopleCache.set(projectId, fresh);
        localStorage.setItem(key, JSON.stringify(fresh));
        if (live) setPeople(fresh);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId, key]);
  return people;
}

function readStored(key: string): Person[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '[]') as Person[];
  } catch {
    return [];
  }
}

export { formatDue, localToday, type Urgency, urgencyOf } from './urgency.ts';

export const kindLabel: Record<string, string> = {
  task: 'Task',
  deliverable: 'Deliverable',
  document: 'Document',
  request: 'Request',
};
