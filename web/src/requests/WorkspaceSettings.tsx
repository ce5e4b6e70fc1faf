/**
 * Workspace settings for requests: the request types and the workspace's SLA policy (projects
 * follow it unless they override it in their own settings). Owners and admins change them; the rest
 * of the team sees them read-only.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import { RequestTypesEditor } from './RequestTypesEditor.tsx';
import type { WorkspaceRequestType as RequestType } from './requestApi.ts';
import { SlaPolicyEditor } from './SlaPolicyEditor.tsx';
import type { PolicyAnswer, SlaPolicy } from './slaPolicyForm.ts';
import './requests.css';
import { TeamOnly, useTeamWorkspace } from '../components/TeamWorkspace.tsx';

export function WorkspaceSettings() {
  const workspace = useTeamWorkspace();
  if (!workspace)
    return (
      <TeamOnly title="Settings not available" reason="Only the provider’s team can see a workspace’s settings." />
    );
  const admin = workspace.role === 'owner' || workspace.role === 'admin';
  return (
    <main className="page settings">
      <p className="eyebrow">
        <Link to="/">← {workspace.name}</Link>
      </p>
      <h1>Workspace settings</h1>
      {!admin && <p className="note">Only workspace admins can change these settings. You can see them here.</p>}
      <RequestSettings workspaceId={workspace.id} admin={admin} />
    </main>
  );
}

function RequestSettings({ workspaceId, admin }: { workspaceId: string; admin: boolean }) {
  const [types, setTypes] = useState<RequestType[] | null>(null);
  const [policy, setPolicy] = useState<SlaPolicy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loadTypes = useCallback(
    () =>
      api<{ types: RequestType[] }>('GET', `/workspaces/${workspaceId}/request-types`).then(
        (answer) => setTypes(answer.types),
        setError,
      ),
    [workspaceId],
  );
  useEffect(() => {
    void loadTypes();
    api<PolicyAnswer>('GET', `/workspaces/${workspaceId}/sla-policy`).then(
      (answer) => setPolicy(answer.policy),
      setError,
    );
  }, [workspaceId, loadTypes]);
  const save = async (next: SlaPolicy) => {
    const answer = await api<PolicyAnswer>('PUT', `/workspaces/${workspaceId}/sla-policy`, { policy: next });
    setPolicy(answer.policy);
  };
  if (error) return <FormError error={error} />;
  if (!types || !policy)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  return (
    <>
      <RequestTypesEditor workspaceId={workspaceId} types={types} admin={admin} changed={loadTypes} />
      <section className="card settings-section" aria-labelledby="sla-title">
        <h2 id="sla-title">Service levels (SLA)</h2>
        <p className="muted">
          How fast your team promises to answer and resolve requests, per priority and type. Customers see the clocks; a
          request turns at risk, then breached, and is escalated to its assignee and team. Projects follow this policy
          unless their settings override it.
        </p>
        <SlaPolicyEditor
          policy={policy}
          types={types.filter((type) => !type.archived)}
          disabled={!admin}
          saveLabel="Save SLA policy"
          onSave={save}
        />
      </section>
    </>
  );
}
