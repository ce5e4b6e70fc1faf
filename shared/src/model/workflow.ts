/**
 * A project's workflow: its statuses (columns) with colors, which of them mean "waiting on the
 * customer", and which transitions a customer may make. Stored in the plan; the customer-facing
 * part is copied into the portal by the server.
 */
import { z } from 'zod';

export const StatusSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().trim().min(1).max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  waitingOnCustomer: z.boolean().default(false),
});
export type Status = z.infer<typeof StatusSchema>;

export const WorkflowSchema = z
  .object({
    statuses: z.array(StatusSchema).min(1).max(30),
    /** [from, to] pairs a customer collaborator may move an item along. */
    customerTransitions: z
      .array(z.tuple([z.string(), z.string()]))
      .max(200)
      .default([]),
  })
  .refine((w) => new Set(w.statuses.map((s) => s.id)).size === w.statuses.length, 'Status ids must be unique.')
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
    { id: 'todo', name: 'To do', color: '#64748b', waitingOnCustomer: false },
    { id: 'in-progress', name: 'In progress', color: '#2563eb', waitingOnCustomer: false },
    { id: 'waiting-on-customer', name: 'Waiting on customer', color: '#d97706', waitingOnCustomer: true },
    { id: 'in-review', name: 'In review', color: '#7c3aed', waitingOnCustomer: true },
    { id: 'done', name: 'Done', color: '#16a34a', waitingOnCustomer: false },
  ],
  customerTransitions: [
    ['waiting-on-customer', 'in-progress'],
    ['in-review', 'done'],
    ['in-review', 'in-progress'],
  ],
};

export function canCustomerMove(workflow: Workflow, from: string, to: string): boolean {
  return workflow.customerTransitions.some(([a, b]) => a === from && b === to);
}

export function isWaitingOnCustomer(workflow: Workflow, statusId: string): boolean {
  return workflow.statuses.find((s) => s.id === statusId)?.waitingOnCustomer ?? false;
}
