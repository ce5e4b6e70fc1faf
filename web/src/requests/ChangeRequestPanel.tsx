/**
 * A change request's plan items and decision. The team links the items it affects (and unlinks
 * them) and accepts or declines it; the customer sees the decision and the linked items they share.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import type { MeProject } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import type { BoardItem } from '../project/projectData.ts';
import { decideRequest, linkItem, type RequestSummary, unlinkItem } from './requestApi.ts';
import { mayWork } from './requestSides.ts';

type ChangeRequestPanelProps = {
  project: MeProject;
  request: RequestSummary;
  /** The project's items as this side sees them (the customer: shared ones only). */
  items: BoardItem[];
  onChanged: () => void;
};

export function ChangeRequestPanel({ project, request, items, onChanged }: ChangeRequestPanelProps) {
  const [error, setError] = useState<unknown>(null);
  const [choice, setChoice] = useState('');
  const work = mayWork(project);
  const linked = request.linkedItemIds
    .map((id) => items.find((item) => item.id === id))
    .filter((item): item is BoardItem => item !== undefined);
  const linkable = items.filter((item) => item.kind !== 'request' && !request.linkedItemIds.includes(item.id));

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card stack" aria-labelledby="change-request-title" data-testid="change-request">
      <h2 id="change-request-title">The change</h2>
      <p>
        Decision:{' '}
        {request.decision ? (
          <span className={`request-decision ${request.decision}`}>
            {request.decision === 'accepted' ? 'Accepted' : 'Declined'}
          </span>
        ) : (
          <span className="muted">Not decided yet</span>
        )}
      </p>
      {work && (
        <div className="row">
          <button
            type="button"
            className="small"
            disabled={request.decision === 'accepted'}
            onClick={() => void act(() => decideRequest(project.id, request.id, 'accepted'))}
          >
            Accept the change
          </button>
          <button
            type="button"
            className="small secondary"
            disabled={request.decision === 'declined'}
            onClick={() => void act(() => decideRequest(project.id, request.id, 'declined'))}
          >
            Decline
          </button>
        </div>
      )}
      <div>
        <h3>Affects</h3>
        {linked.length === 0 ? (
          <p className="hint">{work ? 'Link the plan items this change affects.' : 'No plan items linked yet.'}</p>
        ) : (
          <ul className="request-history" aria-label="Linked plan items">
            {linked.map((item) => (
              <li key={item.id} className="row">
                <Link to={`/p/${project.id}/i/${item.id}`}>{item.title}</Link>
                {work && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Unlink ${item.title}`}
                    onClick={() => void act(() => unlinkItem(project.id, request.id, item.id))}
                  >
                    Unlink
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {work && linkable.length > 0 && (
        <form
          className="row"
          aria-label="Link a plan item"
          onSubmit={(event) => {
            event.preventDefault();
            if (choice) void act(() => linkItem(project.id, request.id, choice)).then(() => setChoice(''));
          }}
        >
          <select aria-label="Plan item to link" value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">Choose an item…</option>
            {linkable.map((item) => (
              <option key={item.id} value={item.id}>
                {item.title}
              </option>
            ))}
          </select>
          <button type="submit" className="small secondary" disabled={!choice}>
            Link
          </button>
        </form>
      )}
      <FormError error={error} />
    </section>
  );
}
