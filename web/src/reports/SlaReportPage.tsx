/**
 * The SLA report screens, for the provider's team: a project's (`/p/:projectId/sla`) and a
 * workspace's, whole or for one customer organisation (`/w/:workspaceId/sla?customer=…`). The range
 * and the customer live in the address, so a report can be linked. Counts, met share, median and p90
 * per clock in a table; met against breached per week in a chart loaded only when a report shows.
 */
import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../app/api.ts';
import { useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { useProject } from '../project/projectData.ts';
import {
  type ClockFigures,
  formatDuration,
  loadSlaReport,
  metShare,
  type ReportTarget,
  type SlaReport,
} from './slaReportData.ts';
import './slaReport.css';

const SlaWeeklyChart = lazy(() => import('./SlaWeeklyChart.tsx'));

export function ProjectSlaReport() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  if (project?.side !== 'team') return <NotForYou />;
  return (
    <ReportScreen
      target={{ projectId }}
      back={{ to: `/p/${projectId}`, label: project.name }}
      title={`SLA report · ${project.name}`}
    />
  );
}

export function WorkspaceSlaReport() {
  const { workspaceId = '' } = useParams();
  const { me } = useSignedIn();
  const [search, setSearch] = useSearchParams();
  const workspace = me.workspaces.find((candidate) => candidate.id === workspaceId);
  const [customers, setCustomers] = useState<Array<{ id: string; name: string }>>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!workspace) return;
    api<Array<{ id: string; name: string }>>('GET', `/workspaces/${workspaceId}/customers`).then(
      setCustomers,
      setError,
    );
  }, [workspace, workspaceId]);
  if (!workspace) return <NotForYou />;
  const customerId = search.get('customer');
  const customer = customers.find((candidate) => candidate.id === customerId);
  const chooseCustomer = (id: string) => {
    const next = new URLSearchParams(search);
    if (id) next.set('customer', id);
    else next.delete('customer');
    setSearch(next);
  };
  return (
    <ReportScreen
      target={{ workspaceId, customerId }}
      back={{ to: '/', label: workspace.name }}
      title={customerId ? `SLA report · ${customer?.name ?? 'Customer'}` : `SLA report · ${workspace.name}`}
      controls={
        <>
          <label>
            Customer
            <select value={customerId ?? ''} onChange={(event) => chooseCustomer(event.target.value)}>
              <option value="">All customers</option>
              {customers.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
          <FormError error={error} />
        </>
      }
    />
  );
}

function NotForYou() {
  return (
    <main className="page narrow">
      <h1>SLA report not available</h1>
      <p>SLA reports are for the provider’s team. Each of your requests shows its own clock.</p>
      <Link to="/">Back to your projects</Link>
    </main>
  );
}

function ReportScreen({
  target,
  back,
  title,
  controls,
}: {
  target: ReportTarget;
  back: { to: string; label: string };
  title: string;
  controls?: React.ReactNode;
}) {
  const [search, setSearch] = useSearchParams();
  const from = search.get('from');
  const to = search.get('to');
  const [report, setReport] = useState<SlaReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify([target, from, to]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the target and range it is made of
  useEffect(() => {
    let live = true;
    setError(null);
    loadSlaReport(target, from && to ? { from, to } : null).then(
      (loaded) => live && setReport(loaded),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [key]);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams(search);
    next.set('from', String(data.get('from') ?? ''));
    next.set('to', String(data.get('to') ?? ''));
    setSearch(next);
  }

  return (
    <main className="page sla-report">
      <p className="eyebrow">
        <Link to={back.to}>← {back.label}</Link>
      </p>
      <h1>{title}</h1>
      <form className="report-range" onSubmit={apply} key={report ? `${report.from}/${report.to}` : 'loading'}>
        {controls}
        <label>
          From
          <input type="date" name="from" required defaultValue={report?.from ?? from ?? ''} />
        </label>
        <label>
          To
          <input type="date" name="to" required defaultValue={report?.to ?? to ?? ''} />
        </label>
        <button type="submit" className="secondary">
          Show
        </button>
      </form>
      <FormError error={error} />
      {!report ? (
        !error && (
          <p role="status" className="loading">
            Loading the report…
          </p>
        )
      ) : (
        <ReportBody report={report} />
      )}
    </main>
  );
}

function ReportBody({ report }: { report: SlaReport }) {
  return (
    <>
      <p className="lead" data-testid="sla-summary">
        {report.requests === 0
          ? 'No requests were raised in this period.'
          : `${report.requests} ${report.requests === 1 ? 'request' : 'requests'} raised between ${report.from} and ${report.to}.`}
        {report.scope.kind !== 'project' &&
          report.projects.length > 0 &&
          ` Projects: ${report.projects.map((project) => project.name).join(', ')}.`}
      </p>
      <table className="report-figures" data-testid="sla-figures">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Met</th>
            <th scope="col">Breached</th>
            <th scope="col">Still running</th>
            <th scope="col">Met share</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
          </tr>
        </thead>
        <tbody>
          <FiguresRow label="First response" figures={report.firstResponse} />
          <FiguresRow label="Resolution" figures={report.resolution} />
        </tbody>
      </table>
      <p className="report-note">
        Times are counted like the request clocks: in the SLA policy’s working hours, without the time spent waiting on
        the customer. Requests belong to the week they were raised in (weeks start on Monday, UTC).
      </p>
      <section className="card report-chart" aria-labelledby="sla-weekly">
        <h2 id="sla-weekly">Met and breached per week</h2>
        <Suspense fallback={<p className="loading">Loading the chart…</p>}>
          <SlaWeeklyChart weeks={report.weeks} />
        </Suspense>
      </section>
    </>
  );
}

function FiguresRow({ label, figures }: { label: string; figures: ClockFigures }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="figure-met">{figures.met}</td>
      <td className="figure-breached">{figures.breached}</td>
      <td>{figures.running}</td>
      <td>{metShare(figures)}</td>
      <td>{formatDuration(figures.medianMs)}</td>
      <td>{formatDuration(figures.p90Ms)}</td>
    </tr>
  );
}
