/**
 * A project's workflow: its statuses (columns) with colors and a category each, and which
 * transitions a customer may make. Stored in the plan; the customer-facing part is copied into the
 * portal by the server.
 *
 * The category — not a column's position — says what a status means: whether an item in it is
 * done (counts as progress, is never overdue), cancelled, or waiting on the customer. Every screen
 * and the server ask the functions below, so adding a column after "Done" changes nothing else.
 */
import { z } from 'zod';

export const statusCategories = ['not_started', 'in_progress', 'waiting_on_customer', 'done', 'cancelled'] as const;
export type StatusCategory = (typeof statusCategories)[number];

export const statusCategoryLabels: Record<StatusCategory, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const StatusSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'A status id is 1–40 lowercase letters, digits or dashes.'),
  name: z.string().trim().min(1, 'Every status needs a name.').max(60, 'Status names are at most 60 characters.'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A status color is a hex color such as #2563eb.'),
  category: z.enum(statusCategories),
});
export type Status = z.infer<typeof StatusSchema>;

export const WorkflowSchema = z
  .object({
    statuses: z.array(StatusSchema).min(1, 'A workflow needs at least one status.').max(30),
    /** [from, to] pairs a customer collaborator may move an item along. */
    customerTransitions: z
      .array(z.tuple([z.string(), z.string()]))
      .max(200)
      .default([]),
  })
  .refine((w) => new Set(w.statuses.map((s) => s.id)).size === w.statuses.length, 'Status ids must be unique.')
  .refine(
    (w) => w.statuses.some((s) => s.category === 'done'),
    'At least one status must mean “Done”, so finished work can be counted.',
  )
  .refine(
    (w) =>
      w.customerTransitions.every(
        ([from, to]) => w.statuses.some((s) => s.id === from) && w.statuses.some((s) => s.id === to),
      ),
    'Transitions must name existing statuses.',
  );
export type Workflow = z.infer<typeof WorkflowSchema>;

export const defaultWorkflow: Workflow = {
  statuses: [
    { id: 'todo', name: 'To do', color: '#64748b', category: 'not_started' },
    { id: 'in-progress', name: 'In progress', color: '#2563eb', category: 'in_progress' },
    { id: 'waiting-on-customer', name: 'Waiting on customer', color: '#d97706', category: 'waiting_on_customer' },
    { id: 'in-review', name: 'In review', color: '#7c3aed', category: 'waiting_on_customer' },
    { id: 'done', name: 'Done', color: '#16a34a', category: 'done' },
  ],
  customerTransitions: [
    ['waiting-on-customer', 'in-progress'],
    ['in-review', 'done'],
    ['in-review', 'in-progress'],
  ],
};

/**
 * Workflows stored before statuses had a category: `waitingOnCustomer` flags, and "done" meant the
 * last column. Read once through `upgradeLegacyWorkflow`; the server writes the result back.
 */
const LegacyWorkflowSchema = z.object({
  statuses: z
    .array(
      z.object({ id: z.string(), name: z.string(), color: z.string(), waitingOnCustomer: z.boolean().default(false) }),
    )
    .min(1),
  customerTransitions: z.array(z.tuple([z.string(), z.string()])).default([]),
});

/**
 * The categories the old rules implied: the last column was done, flagged ones waited on the
 * customer. Only a workflow none of whose statuses has a category is legacy: a current one that is
 * invalid (no "done" status, a category this version does not know) is never re-categorised.
 */
export function upgradeLegacyWorkflow(value: unknown): Workflow | null {
  const statuses = (value as { statuses?: unknown } | null)?.statuses;
  if (
    !Array.isArray(statuses) ||
    statuses.some((status) => typeof status === 'object' && status && 'category' in status)
  )
    return null;
  const legacy = LegacyWorkflowSchema.safeParse(value);
  if (!legacy.success) return null;
  const last = legacy.data.statuses.length - 1;
  const upgraded = WorkflowSchema.safeParse({
    customerTransitions: legacy.data.customerTransitions,
    statuses: legacy.data.statuses.map(({ waitingOnCustomer, ...status }, index): Status => {
      const category: StatusCategory =
        index === last
          ? 'done'
          : waitingOnCustomer
            ? 'waiting_on_customer'
            : index === 0
              ? 'not_started'
              : 'in_progress';
      return { ...status, category };
    }),
  });
  return upgraded.success ? upgraded.data : null;
}

/**
 * Any stored value as a workflow: the current shape, a legacy one upgraded, or the default when it
 * is neither (a workflow is written by admins' clients, so the reader never trusts it).
 */
export function readWorkflow(value: unknown): { workflow: Workflow; legacy: boolean } {
  if (value === undefined || value === null) return { workflow: defaultWorkflow, legacy: false };
  const parsed = WorkflowSchema.safeParse(value);
  if (parsed.success) return { workflow: parsed.data, legacy: false };
  const upgraded = upgradeLegacyWorkflow(value);
  return upgraded ? { workflow: upgraded, legacy: true } : { workflow: defaultWorkflow, legacy: false };
}

export function statusCategory(workflow: Workflow, statusId: string): StatusCategory | null {
  return workflow.statuses.find((s) => s.id === statusId)?.category ?? null;
}

export function statusName(workflow: Workflow, statusId: string): string {
  return workflow.statuses.find((s) => s.id === statusId)?.name ?? statusId;
}

/** The statuses a customer's workflow lets them move an item to from `statusId`. */
export function transitionsFrom(workflow: Workflow, statusId: string): string[] {
  return workflow.customerTransitions.filter(([from]) => from === statusId).map(([, to]) => to);
}

/** Done or cancelled: nothing more is expected of anyone, so it is neither open nor overdue. */
export function isClosed(workflow: Workflow, statusId: string): boolean {
  const category = statusCategory(workflow, statusId);
  return category === 'done' || category === 'cancelled';
}

export function isWaitingOnCustomer(workflow: Workflow, statusId: string): boolean {
  return statusCategory(workflow, statusId) === 'waiting_on_customer';
}

/**
 * Whether an item waits on the customer. A deliverable waits while it is submitted for approval —
 * its approval state, which the plan indexes from the approval record — wherever the team has
 * dragged its card, so "Waiting on you" never offers a deliverable with nothing to approve, nor
 * drops one that still waits. Other items wait while their status means so.
 */
export function waitsOnCustomer(
  workflow: Workflow,
  item: { kind: string; status: string; approval?: string },
): boolean {
  if (item.kind === 'deliverable') return item.approval === 'submitted';
  return isWaitingOnCustomer(workflow, item.status);
}

/** Progress of a set of items: done out of all that were not cancelled. */
export function progressOf(workflow: Workflow, statuses: readonly string[]): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const status of statuses) {
    const category = statusCategory(workflow, status);
    if (category === 'cancelled') continue;
    total += 1;
    if (category === 'done') done += 1;
  }
  return { done, total };
}

/**
 * Where a customer may move an item from its current status. A deliverable's sign-off is its
 * approval record, decided through the approval action (approve, or ask for changes with a comment),
 * and its status follows the decision — so a customer never moves a deliverable by hand.
 */
export function customerMoves(workflow: Workflow, item: { kind: string; status: string }): string[] {
  if (item.kind === 'deliverable') return [];
  return transitionsFrom(workflow, item.status);
}
