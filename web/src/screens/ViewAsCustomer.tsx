/**
 * "View as customer": the project exactly as one of the customer's people sees it. The page opens
 * its own sync socket with `?viewAs=<person>`, so the server decides every document for that
 * person (the same decision as their own connection) and serves it read-only; nothing here is a
 * filter over the team's data. Nothing is stored on this device and no presence is announced.
 */
import { useEffect, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { personColor } from '../app/colors.ts';
import { ReplicasContext } from '../app/replicaHooks.ts';
import { syncUrl, useSignedIn } from '../app/session.tsx';
import { PageBanner } from '../components/PageBanner.tsx';
import { usePeople, useProject } from '../project/projectData.ts';
import { Replicas } from '../sync/replicas.ts';
import { CustomerProject } from './ProjectPage.tsx';

export function ViewAsCustomer() {
  const { projectId = '', userId = '', itemId } = useParams();
  const { me } = useSignedIn();
  const project = useProject(projectId);
  const people = usePeople(projectId);
  const person = people.find((candidate) => candidate.userId === userId);
  const preview = useMemo(
    () =>
      new Replicas({
        url: syncUrl(userId),
        user: { id: me.user.id, name: me.user.name, color: personColor(me.user.id) },
        persist: false,
        announce: false,
        keepWarmMs: 0,
      }),
    [userId, me.user.id, me.user.name],
  );
  useEffect(() => () => preview.close(), [preview]);

  if (project?.side !== 'team')
    return (
      <main className="page narrow">
        <h1>Preview not available</h1>
        <p>Only the provider’s team can preview a project as a customer sees it.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  const base = `/p/${projectId}/as/${userId}`;
  return (
    <>
      {/* In the app's chrome, so an open task panel never covers "Exit preview". */}
      <PageBanner>
        <div className="preview-banner" role="status" data-testid="preview-banner">
          <span>
            You are viewing <strong>{project.name}</strong> as <strong>{person?.name ?? 'this customer'}</strong> sees
            it — read-only.
          </span>
          <Link to={`/p/${projectId}`} className="button small">
            Exit preview
          </Link>
        </div>
      </PageBanner>
      <ReplicasContext.Provider value={preview}>
        <CustomerProject
          project={{ ...project, side: 'customer', role: 'viewer' }}
          itemId={itemId}
          basePath={base}
          readOnly
          personId={userId}
        />
      </ReplicasContext.Provider>
    </>
  );
}
