/** One card on a board: what it is, when it is due, who has it, and (for the team) whether the customer sees it. */
import { memo, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Person } from '../app/api.ts';
import { initials, personColor } from '../app/colors.ts';
import { type BoardItem, formatDue, kindLabel, urgencyOf } from './projectData.ts';

type ItemCardProps = {
  item: BoardItem;
  href: string;
  people: Person[];
  dragHandle: ReactNode;
  /** The team's view: shows internal/shared and the share button. */
  team?: { customerName: string; onShare: (share: boolean) => void } | undefined;
  /** Done or cancelled: never shown as overdue. */
  closed: boolean;
};

export const ItemCard = memo(function ItemCard({ item, href, people, dragHandle, team, closed }: ItemCardProps) {
  const urgency = closed ? 'later' : urgencyOf(item.dueDate);
  return (
    <article className={`card item-card${team && !item.shared ? ' internal' : ''}`} data-testid="item-card">
      <div className="card-top">
        {dragHandle}
        <Link to={href} className="card-title">
          {item.title || 'Untitled'}
        </Link>
      </div>
      <div className="card-meta">
        <span className="tag">{kindLabel[item.kind] ?? item.kind}</span>
        {item.dueDate && (
          <span className={`due due-${urgency}`}>
            {urgency === 'overdue' ? 'Overdue · ' : ''}
            {formatDue(item.dueDate)}
          </span>
        )}
        {item.assignees.map((id) => {
          const person = people.find((p) => p.userId === id);
          return (
            <span
              key={id}
              className="avatar small"
              style={{ background: personColor(id) }}
              title={person?.name ?? 'Someone'}
              role="img"
              aria-label={`Assigned to ${person?.name ?? 'someone'}`}
            >
              {initials(person?.name ?? '?')}
            </span>
          );
        })}
        {team &&
          (item.shared ? (
            <span className="visibility shared">Shared</span>
          ) : (
            <span className="visibility internal-mark">Internal</span>
          ))}
      </div>
      {team && (
        <button type="button" className="link-button card-share" onClick={() => team.onShare(!item.shared)}>
          {item.shared ? `Unshare` : `Share with ${team.customerName}`}
        </button>
      )}
    </article>
  );
});
