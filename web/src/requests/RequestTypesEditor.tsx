/**
 * A workspace's request types (question, change request, issue, complaint, and whatever the
 * workspace adds): rename, archive (no new requests of it; existing ones keep it), bring back,
 * add. Owners and admins change them; the rest of the team sees the list.
 */
import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import type { WorkspaceRequestType as RequestType } from './requestApi.ts';

export function RequestTypesEditor({
  workspaceId,
  types,
  admin,
  changed,
}: {
  workspaceId: string;
  types: RequestType[];
  admin: boolean;
  changed: () => Promise<void>;
}) {
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await changed();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  };
  const change = (key: string, body: { name?: string; archived?: boolean }) =>
    run(() => api('PATCH', `/workspaces/${workspaceId}/request-types/${encodeURIComponent(key)}`, body));
  async function add(event: FormEvent) {
    event.preventDefault();
    if (await run(() => api('POST', `/workspaces/${workspaceId}/request-types`, { name }))) setName('');
  }
  return (
    <section className="card settings-section" aria-labelledby="request-types-title">
      <h2 id="request-types-title">Request types</h2>
      <p className="muted">
        What customers choose when they raise a request. An archived type is no longer offered; requests already of that
        type keep it.
      </p>
      <ul className="type-list">
        {types.map((type) => (
          <TypeRow key={type.key} type={type} admin={admin} change={change} />
        ))}
      </ul>
      {admin && (
        <form className="row" onSubmit={(event) => void add(event)}>
          <input
            aria-label="New request type"
            placeholder="e.g. Billing question"
            value={name}
            maxLength={60}
            required
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="secondary">
            Add type
          </button>
        </form>
      )}
      <FormError error={error} />
    </section>
  );
}

function TypeRow({
  type,
  admin,
  change,
}: {
  type: RequestType;
  admin: boolean;
  change: (key: string, body: { name?: string; archived?: boolean }) => Promise<boolean>;
}) {
  const [name, setName] = useState(type.name);
  const renamed = name.trim() !== type.name && name.trim() !== '';
  return (
    <li className={type.archived ? 'archived' : undefined}>
      {admin ? (
        <input
          aria-label={`Name of ${type.name}`}
          value={name}
          maxLength={60}
          onChange={(event) => setName(event.target.value)}
        />
      ) : (
        <span className="type-name">{type.name}</span>
      )}
      {type.archived && <span className="pill">Archived</span>}
      {admin && renamed && (
        <button type="button" className="small" onClick={() => void change(type.key, { name: name.trim() })}>
          Rename
        </button>
      )}
      {admin && (
        <button
          type="button"
          className="small secondary"
          onClick={() => void change(type.key, { archived: !type.archived })}
        >
          {type.archived ? `Use ${type.name} again` : `Archive ${type.name}`}
        </button>
      )}
    </li>
  );
}
