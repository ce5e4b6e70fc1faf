/**
 * The moves a customer may make on an item, as the buttons they see ("Mark done", "Done — back to
 * the team"): worded from what the target status means (its category), never from its position,
 * and always distinct, so two moves never look like the same action. Deliverables have none: they
 * move by approval (`customerMoves`).
 */
import { customerMoves, statusCategory, statusName, type Workflow } from '@atrium/shared/model/workflow.ts';

export type CustomerAction = { to: string; label: string };

export function customerActions(workflow: Workflow, item: { kind: string; status: string }): CustomerAction[] {
  const moves = customerMoves(workflow, item);
  const category = (id: string) => statusCategory(workflow, id);
  const name = (id: string) => statusName(workflow, id);
  const waiting = category(item.status) === 'waiting_on_customer';
  const canFinish = moves.some((to) => category(to) === 'done');
  const labelled = moves.map((to): CustomerAction => {
    const target = category(to);
    if (target === 'done') return { to, label: 'Mark done' };
    if (target === 'cancelled') return { to, label: 'Mark as not needed' };
    if (waiting && target !== 'waiting_on_customer')
      return { to, label: canFinish ? 'Send back to the team' : 'Done — back to the team' };
    return { to, label: `Move to ${name(to)}` };
  });
  const count = (label: string) => labelled.filter((action) => action.label === label).length;
  return labelled.map((action) =>
    count(action.label) > 1 ? { ...action, label: `Move to ${name(action.to)}` } : action,
  );
}
