/**
 * Small badges for a request: its status (coloured by where it stands in the request workflow), its
 * priority, and — for the team — an escalation ("At risk", "Breached"). Reusable in any list.
 */
import {
  priorityLabels,
  type RequestPriority,
  type RequestStatus,
  statusLabels,
} from '@atrium/shared/model/requests.ts';
import './requests.css';

export function RequestStatusBadge({ status, waitingOn }: { status: RequestStatus; waitingOn?: string }) {
  const label = status === 'waiting_on_customer' && waitingOn ? `Waiting on ${waitingOn}` : statusLabels[status];
  return (
    <span className={`request-status status-${status}`} data-testid="request-status">
      {label}
    </span>
  );
}

export function RequestPriorityBadge({ priority }: { priority: RequestPriority }) {
  return <span className={`request-priority priority-${priority}`}>{priorityLabels[priority]}</span>;
}

export function EscalationBadge({ level }: { level: 'at_risk' | 'breached' | null | undefined }) {
  if (!level) return null;
  return (
    <span className={`escalation-badge level-${level}`} data-testid="escalation">
      {level === 'breached' ? 'Escalated — breached' : 'Escalated — at risk'}
    </span>
  );
}
