/**
 * "New request": the customer's people ask a question, request a change or report a problem — about
 * the project or one shared item ("Ask about this" opens this with `?about=<item>`). The team uses
 * the same form to log a request on a customer person's behalf, saying how (email, phone, meeting,
 * portal) and when they asked. Once raised, the request's own page opens.
 */
import {
  channelLabels,
  priorityLabels,
  type RequestChannel,
  type RequestPriority,
  requestChannels,
  requestPriorities,
} from '@atrium/shared/model/requests.ts';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, type MeProject } from '../app/api.ts';
import { useReplica } from '../app/replicaHooks.ts';
import { FormError } from '../components/FormError.tsx';
import { LimitedInput, titleLimit } from '../components/LengthLimit.tsx';
import { projectIndexName, usePeople, useProject, useProjectView } from '../project/projectData.ts';
import {
  type RaiseRequest,
  type RequestType,
  raiseRequest,
  requestPath,
  requestsPath,
  requestTypes,
} from './requestApi.ts';
import { mayRaise } from './requestSides.ts';
import './requests.css';

export function NewRequest() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  if (!project || !mayRaise(project))
    return (
      <main className="page narrow">
        <h1>You cannot raise requests here</h1>
        <p>This project does not exist, or you can view it but not raise requests in it.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  return <NewRequestForm project={project} />;
}

/** A `datetime-local` value for a moment, in this browser's time zone. */
function localInputValue(at: number): string {
  const date = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

function NewRequestForm({ project }: { project: MeProject }) {
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const aboutItemId = search.get('about') ?? undefined;
  const team = project.side === 'team';
  const [types, setTypes] = useState<RequestType[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const people = usePeople(project.id);
  const customers = people.filter((person) => person.side === 'customer');
  const { replica } = useReplica(projectIndexName(project.side, project.id), { shown: false });
  const items = useProjectView(project.side, replica?.doc).items;
  const about = aboutItemId ? items.find((item) => item.id === aboutItemId) : undefined;

  useEffect(() => {
    requestTypes(project.id).then(setTypes, setError);
  }, [project.id]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const input: RaiseRequest = {
      type: text('type'),
      title: text('title'),
      body: text('body'),
      priority: text('priority') as RequestPriority,
      ...(aboutItemId ? { aboutItemId } : {}),
    };
    if (team) {
      const requestedBy = text('requestedBy');
      const receivedAt = new Date(text('receivedAt')).getTime();
      if (!requestedBy) {
        setError(new ApiError(400, 'invalid', 'Choose who asked.'));
        return;
      }
      if (Number.isNaN(receivedAt)) {
        setError(new ApiError(400, 'invalid', 'Say when they asked.'));
        return;
      }
      Object.assign(input, { requestedBy, channel: text('channel') as RequestChannel, receivedAt });
    }
    setBusy(true);
    setError(null);
    try {
      const raised = await raiseRequest(project.id, input);
      navigate(requestPath(project.id, raised.id));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <p className="eyebrow">
        <Link to={`/p/${project.id}`}>{project.name}</Link> · <Link to={requestsPath(project.id)}>Requests</Link>
      </p>
      <h1>{team ? `Log a request for ${project.customerName ?? 'the customer'}` : 'New request'}</h1>
      <form className="card stack new-request-form" onSubmit={(event) => void submit(event)} aria-label="New request">
        {aboutItemId && (
          <p className="row wrap" data-testid="request-about">
            <span>
              About <strong>{about?.title ?? 'an item of this project'}</strong>
            </span>
            <button type="button" className="link-button" onClick={() => setSearch({})}>
              Not about this item
            </button>
          </p>
        )}
        <div className="row wrap">
          <label>
            Type
            <select name="type" required disabled={!types} defaultValue="">
              <option value="" disabled>
                {types ? 'Choose…' : 'Loading…'}
              </option>
              {types?.map((type) => (
                <option key={type.key} value={type.key}>
                  {type.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <select name="priority" defaultValue="normal">
              {requestPriorities.map((priority) => (
                <option key={priority} value={priority}>
                  {priorityLabels[priority]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {/* biome-ignore lint/a11y/noLabelWithoutControl: LimitedInput renders the input this label wraps */}
        <label>
          Title
          <LimitedInput name="title" required limit={titleLimit} />
        </label>
        <label>
          Description
          <textarea name="body" required rows={6} maxLength={20000} />
        </label>
        {team && (
          <fieldset>
            <legend>Who asked, and how</legend>
            {customers.length === 0 ? (
              <p className="hint">
                {project.customerName ?? 'The customer'} has nobody on this project yet: invite them first.
              </p>
            ) : (
              <div className="row wrap">
                <label>
                  Asked by
                  <select name="requestedBy" required defaultValue="">
                    <option value="" disabled>
                      Choose a person…
                    </option>
                    {customers.map((person) => (
                      <option key={person.userId} value={person.userId}>
                        {person.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Channel
                  <select name="channel" defaultValue="email">
                    {requestChannels.map((channel) => (
                      <option key={channel} value={channel}>
                        {channelLabels[channel]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  When they asked
                  <input
                    type="datetime-local"
                    name="receivedAt"
                    required
                    defaultValue={localInputValue(Date.now())}
                    max={localInputValue(Date.now() + 60_000)}
                  />
                </label>
              </div>
            )}
          </fieldset>
        )}
        <FormError error={error} />
        <div className="row">
          <button type="submit" disabled={busy || !types}>
            {team ? 'Log the request' : 'Send to the team'}
          </button>
          <Link className="button secondary" to={requestsPath(project.id)}>
            Cancel
          </Link>
        </div>
      </form>
    </main>
  );
}
