/**
 * The SLA report as the web reads it (`GET /api/projects/{p}/sla-report`,
 * `GET /api/workspaces/{w}/sla-report`), and how its figures are written for people: durations in
 * the largest units that matter, a met share that says "—" when nothing has stopped yet.
 */

import type { ClockFigures, WeekFigures } from '@atrium/shared/model/slaReport.ts';
import { api } from '../app/api.ts';

export type { ClockFigures, WeekFigures };
export type SlaReport = {
  from: string;
  to: string;
  scope: {
    kind: 'project' | 'customer' | 'workspace';
    name: string;
    workspaceId: string;
    projectId: string | null;
    customerId: string | null;
  };
  projects: Array<{ id: string; name: string }>;
  requests: number;
  firstResponse: ClockFigures;
  resolution: ClockFigures;
  weeks: WeekFigures[];
};

export type ReportTarget = { projectId: string } | { workspaceId: string; customerId: string | null };
export type Range = { from: string; to: string };

export function loadSlaReport(target: ReportTarget, range: Range | null): Promise<SlaReport> {
  const query = new URLSearchParams();
  if ('workspaceId' in target && target.customerId) query.set('customerId', target.customerId);
  if (range) {
    query.set('from', range.from);
    query.set('to', range.to);
  }
  const base = 'projectId' in target ? `/projects/${target.projectId}` : `/workspaces/${target.workspaceId}`;
  const search = query.toString();
  return api<SlaReport>('GET', `${base}/sla-report${search ? `?${search}` : ''}`);
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "—" when there is nothing to measure, else e.g. "45 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < minute) return '< 1 min';
  if (ms < hour) return `${Math.round(ms / minute)} min`;
  if (ms < day) {
    const hours = Math.floor(ms / hour);
    const minutes = Math.round((ms - hours * hour) / minute);
    return minutes === 0 || minutes === 60 ? `${hours + (minutes === 60 ? 1 : 0)} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / day);
  const hours = Math.round((ms - days * day) / hour);
  return hours === 0 || hours === 24 ? `${days + (hours === 24 ? 1 : 0)} d` : `${days} d ${hours} h`;
}

/** The share of settled clocks that met their target: "—" when none is settled. */
export function metShare(figures: ClockFigures): string {
  const settled = figures.met + figures.breached;
  return settled === 0 ? '—' : `${Math.round((figures.met / settled) * 100)}%`;
}
