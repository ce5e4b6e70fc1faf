/**
 * Version history of a document: named versions on demand and the automatic ones (at submission,
 * decisions, quiet points, before restores), with author and time. Open one read-only, compare it
 * with the text now, or restore it — as a new change, after the current text is saved as a version.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import * as Y from 'yjs';
import { api, type Person } from '../app/api.ts';
import { useDocValue } from '../app/replicaHooks.ts';
import { formatDateTime } from '../app/time.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FormError } from '../components/FormError.tsx';
import { LimitedInput, titleLimit } from '../components/LengthLimit.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { ChangedBy } from './ChangedBy.tsx';
import { RichEditor } from './RichEditor.tsx';
import { blocksOf, fragmentFromState } from './richText.ts';
import { TextDiff } from './TextDiff.tsx';

export type Version = { id: string; name: string; kind: string; createdBy: string | null; createdAt: number };

const kindLabel: Record<string, string> = {
  named: 'Named',
  submitted: 'Submitted',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  auto: 'Automatic',
  before_restore: 'Before a restore',
};

type Opened = { version: Version; doc: Y.Doc; fragment: Y.XmlFragment; blocks: string[]; state: Uint8Array };

export function VersionsPanel({
  projectId,
  itemId,
  doc,
  people,
  canWrite,
}: {
  projectId: string;
  itemId: string;
  doc: Y.Doc | undefined;
  people: Person[];
  canWrite: boolean;
}) {
  const base = `/projects/${projectId}/items/${itemId}/versions`;
  const [versions, setVersions] = useState<Version[]>([]);
  const [opened, setOpened] = useState<Opened | null>(null);
  /** In a comparison: the other version (null: the text as it is now). */
  const [against, setAgainst] = useState<Opened | null>(null);
  const [mode, setMode] = useState<'view' | 'compare'>('view');
  const [restoring, setRestoring] = useState<Version | null>(null);
  const [error, setError] = useState<unknown>(null);
  const current = useDocValue(doc, (d) => blocksOf(d.getXmlFragment('description')), []);
  const nameOf = (id: string | null) =>
    id ? (people.find((p) => p.userId === id)?.name ?? 'Former member') : 'Atrium';

  const load = useCallback(() => api<Version[]>('GET', base).then(setVersions, setError), [base]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => () => opened?.doc.destroy(), [opened]);
  useEffect(() => () => against?.doc.destroy(), [against]);

  async function fetchVersion(version: Version): Promise<Opened> {
    const full = await api<Version & { state: string }>('GET', `${base}/${version.id}`);
    const { doc: old, fragment } = fragmentFromState(full.state);
    return { version, doc: old, fragment, blocks: blocksOf(fragment), state: Y.encodeStateAsUpdate(old) };
  }

  async function compareWith(versionId: string) {
    setError(null);
    const other = versions.find((version) => version.id === versionId);
    try {
      setAgainst(other ? await fetchVersion(other) : null);
    } catch (failure) {
      setError(failure);
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setError(null);
    try {
      await api('POST', base, { name: new FormData(form).get('name') });
      form.reset();
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  async function open(version: Version, as: 'view' | 'compare') {
    setError(null);
    try {
      setOpened(await fetchVersion(version));
      setAgainst(null);
      setMode(as);
    } catch (failure) {
      setError(failure);
    }
  }

  async function restore(version: Version) {
    setRestoring(null);
    setError(null);
    try {
      await api('POST', `${base}/${version.id}/restore`);
      setOpened(null);
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="versions-panel" aria-labelledby="versions-title" data-testid="versions">
      <h2 id="versions-title">Versions</h2>
      {canWrite && (
        <form className="row" onSubmit={(event) => void save(event)}>
          <LimitedInput
            name="name"
            aria-label="Version name"
            placeholder="Name this version…"
            required
            limit={titleLimit}
          />
          <button type="submit" className="small">
            Save version
          </button>
        </form>
      )}
      <FormError error={error} />
      {versions.length === 0 && <p className="empty-inline">No versions yet.</p>}
      <ol className="version-list">
        {versions.map((version) => (
          <li key={version.id} className={opened?.version.id === version.id ? 'active' : ''}>
            <div>
              <strong>{version.name}</strong>
              <span className="muted">
                {' '}
                · {kindLabel[version.kind] ?? version.kind} · {nameOf(version.createdBy)} ·{' '}
                <RelativeTime at={version.createdAt} />
              </span>
            </div>
            <div className="row">
              <button type="button" className="small secondary" onClick={() => void open(version, 'view')}>
                Open
              </button>
              <button type="button" className="small secondary" onClick={() => void open(version, 'compare')}>
                Compare with now
              </button>
              {canWrite && (
                <button type="button" className="small secondary" onClick={() => setRestoring(version)}>
                  Restore
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {opened && (
        <div className="version-view" data-testid="version-view">
          <div className="row">
            <h3>{heading(mode, opened, against)}</h3>
            <button type="button" className="link-button" onClick={() => setOpened(null)}>
              Close
            </button>
          </div>
          {mode === 'view' ? (
            <RichEditor
              key={opened.version.id}
              replica={undefined}
              fragment={opened.fragment}
              readOnly
              label={`Version ${opened.version.name}, read-only`}
              placeholder="This version was empty."
            />
          ) : (
            <>
              <label className="compare-with">
                Compare with{' '}
                <select value={against?.version.id ?? 'now'} onChange={(event) => void compareWith(event.target.value)}>
                  <option value="now">the text now</option>
                  {versions
                    .filter((version) => version.id !== opened.version.id)
                    .map((version) => (
                      <option key={version.id} value={version.id}>
                        {version.name} · {formatDateTime(version.createdAt)}
                      </option>
                    ))}
                </select>
              </label>
              <Comparison
                from={ordered(opened, against)[0]}
                to={ordered(opened, against)[1]}
                current={current}
                doc={doc}
                projectId={projectId}
                itemId={itemId}
                people={people}
              />
            </>
          )}
        </div>
      )}
      <ConfirmDialog
        open={restoring !== null}
        title="Restore this version?"
        confirmLabel="Restore"
        onConfirm={() => restoring && void restore(restoring)}
        onCancel={() => setRestoring(null)}
      >
        <p>
          The document’s text becomes “{restoring?.name}” again, for everyone, as a new change. Today’s text is saved as
          a version first, so nothing is lost.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The older of two versions first; with no other version, from this one to now. */
function ordered(opened: Opened, against: Opened | null): [Opened, Opened | null] {
  if (!against) return [opened, null];
  return against.version.createdAt < opened.version.createdAt ? [against, opened] : [opened, against];
}

function heading(mode: 'view' | 'compare', opened: Opened, against: Opened | null): string {
  if (mode === 'view') return `Version “${opened.version.name}”`;
  const [from, to] = ordered(opened, against);
  return to ? `Changes from “${from.version.name}” to “${to.version.name}”` : `Changes since “${from.version.name}”`;
}

/** What changed from one version to another (or to the text now), and who changed it. */
function Comparison({
  from,
  to,
  current,
  doc,
  projectId,
  itemId,
  people,
}: {
  from: Opened;
  to: Opened | null;
  current: string[];
  doc: Y.Doc | undefined;
  projectId: string;
  itemId: string;
  people: Person[];
}) {
  const target = to ? to.doc : doc;
  return (
    <>
      <TextDiff before={from.blocks} after={to ? to.blocks : current} />
      {target && <ChangedBy projectId={projectId} itemId={itemId} since={from.state} doc={target} people={people} />}
    </>
  );
}
