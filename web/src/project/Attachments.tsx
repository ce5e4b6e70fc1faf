/**
 * An item's files: the list (from the part's Yjs document, so it updates live for everyone), an
 * "Attach files" button for those who may write the part, and removal for the team and for whoever
 * attached a file. The bytes go to the server (`POST …/files`), which checks size and type, stores
 * them and adds the entry to the list itself; errors are the server's own words.
 */
import { type Attachment, attachmentsRoot, fileUrl } from '@atrium/shared/model/itemParts.ts';
import { type ChangeEvent, useId, useState } from 'react';
import type * as Y from 'yjs';
import { api, type Person, uploadFile } from '../app/api.ts';
import { useTypeValue } from '../app/replicaHooks.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';

type AttachmentsProps = {
  doc: Y.Doc;
  people: Person[];
  projectId: string;
  itemId: string;
  part: 'shared' | 'internal';
  /** May attach files (write access to the part). */
  canAttach: boolean;
  /** The team removes any file; others only their own. */
  team: boolean;
  me: string;
  title?: string;
  emptyText?: string;
};

/** Uploads files to an item's part, one after another; resolves with what the server attached. */
export async function attachFiles(
  projectId: string,
  itemId: string,
  part: 'shared' | 'internal',
  files: Iterable<File>,
): Promise<Attachment[]> {
  const attached: Attachment[] = [];
  for (const file of files) {
    const query = `name=${encodeURIComponent(file.name)}&part=${part}`;
    attached.push(await uploadFile<Attachment>(`/projects/${projectId}/items/${itemId}/files?${query}`, file));
  }
  return attached;
}

export function Attachments({
  doc,
  people,
  projectId,
  itemId,
  part,
  canAttach,
  team,
  me,
  title = 'Attachments',
  emptyText = 'No files attached.',
}: AttachmentsProps) {
  const attachments = useTypeValue(doc.getArray<Attachment>(attachmentsRoot), (list) => list.toArray(), []);
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<Attachment | null>(null);
  const headingId = useId();

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    setError(null);
    try {
      for (const file of files) {
        setUploading(file.name);
        await attachFiles(projectId, itemId, part, [file]);
      }
    } catch (failed) {
      setError(failed);
    } finally {
      setUploading(null);
    }
  };
  const remove = async (file: Attachment) => {
    setRemoving(null);
    setError(null);
    try {
      await api('DELETE', `/files/${encodeURIComponent(file.id)}`);
    } catch (failed) {
      setError(failed);
    }
  };

  return (
    <section
      className={`panel-section${part === 'internal' ? ' internal-files' : ''}`}
      aria-labelledby={headingId}
      data-testid={`attachments-${part}`}
    >
      <div className="section-head">
        <h3 id={headingId}>{title}</h3>
        {canAttach && (
          <label className="button secondary small file-button">
            Attach files
            <input type="file" multiple className="visually-hidden" onChange={(event) => void chosen(event)} />
          </label>
        )}
      </div>
      {uploading && <p role="status">Uploading {uploading}…</p>}
      <FormError error={error} />
      {attachments.length === 0 ? (
        <p className="empty-inline">{emptyText}</p>
      ) : (
        <ul className="attachments">
          {attachments.map((file) => (
            <li key={file.id}>
              <a href={fileUrl(file.id)} target="_blank" rel="noopener">
                {file.name}
              </a>
              <span className="muted">
                {formatSize(file.size)} · {people.find((p) => p.userId === file.uploadedBy)?.name ?? 'Someone'} ·{' '}
                <RelativeTime at={file.uploadedAt} />
              </span>
              {canAttach && (team || file.uploadedBy === me) && (
                <button type="button" className="link-button" onClick={() => setRemoving(file)}>
                  Remove<span className="visually-hidden"> {file.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? 'this file'}?`}
        confirmLabel="Remove"
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>It is removed from the item for everyone, and its file is deleted.</p>
      </ConfirmDialog>
    </section>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
