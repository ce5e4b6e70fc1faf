/**
 * A project's SLA: the workspace's policy, or the project's own override (a customer with a
 * contract of its own). Switching to an override starts from the workspace's policy; "Use the
 * workspace policy" removes the override. Project admins change it; the team sees it.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import { SlaPolicyEditor } from './SlaPolicyEditor.tsx';
import type { PolicyAnswer, SlaPolicy } from './slaPolicyForm.ts';
import './requests.css';

export function ProjectSlaPolicy({ projectId, admin }: { projectId: string; admin: boolean }) {
  const [answer, setAnswer] = useState<PolicyAnswer | null>(null);
  const [types, setTypes] = useState<Array<{ key: string; name: string }>>([]);
  const [overriding, setOverriding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Bumped after every stored change so the form starts again from what the server holds. */
  const [version, setVersion] = useState(0);
  const load = useCallback(() => {
    api<PolicyAnswer>('GET', `/projects/${projectId}/sla-policy`).then((loaded) => {
      setAnswer(loaded);
      setOverriding(!loaded.inherited);
    }, setError);
    api<{ types: Array<{ key: string; name: string }> }>('GET', `/projects/${projectId}/request-types`).then(
      (loaded) => setTypes(loaded.types),
      setError,
    );
  }, [projectId]);
  useEffect(load, [load]);

  const save = async (policy: SlaPolicy) => {
    const stored = await api<PolicyAnswer>('PUT', `/projects/${projectId}/sla-policy`, { policy });
    setAnswer(stored);
  };
  async function revertToWorkspace() {
    setError(null);
    try {
      const stored = await api<PolicyAnswer>('DELETE', `/projects/${projectId}/sla-policy`);
      setAnswer(stored);
      setOverriding(false);
      setVersion((v) => v + 1);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="project-sla-title">
      <h2 id="project-sla-title">Service levels (SLA)</h2>
      {answer && (
        <>
          <p className="muted">
            {answer.inherited
              ? 'This project follows the workspace’s SLA policy.'
              : 'This project has its own SLA policy; the workspace’s does not apply here.'}
          </p>
          {admin && (
            <div className="row">
              {!overriding && (
                <button type="button" className="secondary" onClick={() => setOverriding(true)}>
                  Override for this project
                </button>
              )}
              {overriding && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => (answer.inherited ? setOverriding(false) : void revertToWorkspace())}
                >
                  {answer.inherited ? 'Cancel override' : 'Reset to the workspace policy'}
                </button>
              )}
            </div>
          )}
          {(overriding || !admin) && (
            <SlaPolicyEditor
              key={version}
              policy={answer.policy}
              types={types}
              disabled={!admin}
              saveLabel="Save project SLA policy"
              onSave={save}
            />
          )}
        </>
      )}
      <FormError error={error} />
    </section>
  );
}
