/**
 * Customer health on the team's home screen: one row per customer organisation of the workspace,
 * worst first (breaches, then unanswered concerns, open requests, the longest silence), from
 * `GET /workspaces/{w}/customer-health`. The heading links to the feedback inbox, and for owners and
 * admins to the service teams. Refreshed when the tab comes back into view and every so often.
 */
import type { CustomerHealth as Health } from '@atrium/shared/model/feedback.ts';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.ts';
import { useRefetch } from '../app/refetch.ts';
import { FormError } from '../components/FormError.tsx';
import './feedback.css';

const levelLabels: Record<Health['level'], string> = {
  critical: 'Needs action',
  attention: 'Watch',
  healthy: 'Healthy',
};

function silence(entry: Health): string {
  if (entry.daysSinceActivity === null) return 'No activity yet';
  if (entry.daysSinceActivity === 0) return 'Today';
  return entry.daysSinceActivity === 1 ? '1 day ago' : `${entry.daysSinceActivity} days ago`;
}

export function CustomerHealth({ workspaceId, admin }: { workspaceId: string; admin: boolean }) {
  const [customers, setCustomers] = useState<Health[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api<{ customers: Health[] }>('GET', `/workspaces/${workspaceId}/customer-health`).then((result) => {
      setCustomers(result.customers);
      setError(null);
    }, setError);
  }, [workspaceId]);
  useEffect(load, [load]);
  useRefetch(load);

  const headingId = `health-${workspaceId}`;
  return (
    <section className="customer-health card" aria-labelledby={headingId} data-testid="customer-health">
      <div className="section-head">
        <h2 id={headingId}>Customer health</h2>
        <span className="row">
          <Link to={`/w/${workspaceId}/feedback`}>Feedback inbox</Link>
          {admin && <Link to={`/w/${workspaceId}/teams`}>Service teams</Link>}
        </span>
      </div>
      <FormError error={error} />
      {customers === null && !error && <p role="status">Loading…</p>}
      {customers?.length === 0 && <p className="empty-inline">No customers yet.</p>}
      {customers && customers.length > 0 && (
        <div className="table-scroll">
          <table className="health-table">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Open requests</th>
                <th scope="col">Breaches</th>
                <th scope="col">Unanswered concerns</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((entry) => (
                <tr key={entry.customerId} className={`health-${entry.level}`} data-testid="health-row">
                  <th scope="row">
                    <span className={`health-badge health-${entry.level}`}>{levelLabels[entry.level]}</span>{' '}
                    {entry.customerName}
                  </th>
                  <td>{entry.openRequests}</td>
                  <td className={entry.breaches > 0 ? 'health-bad' : undefined}>{entry.breaches}</td>
                  <td className={entry.unansweredConcerns > 0 ? 'health-warn' : undefined} data-testid="concerns">
                    {entry.unansweredConcerns > 0 ? (
                      <Link to={`/w/${workspaceId}/feedback?state=unanswered&sentiment=concern`}>
                        {entry.unansweredConcerns}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td>{silence(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
