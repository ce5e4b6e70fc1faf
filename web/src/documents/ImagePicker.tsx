/**
 * "Insert an image" for the document editor: one of the item's image attachments, a new image
 * uploaded (it becomes an attachment of the item, so the customer sees it when the item is shared
 * and nobody else ever can), or an image by its web address.
 */
import { type Attachment, attachmentsRoot, fileUrl } from '@atrium/shared/model/itemParts.ts';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { useTypeValue } from '../app/replicaHooks.ts';
import { FormError } from '../components/FormError.tsx';
import { attachFiles } from '../project/Attachments.tsx';

export type ImageSource = { doc: Y.Doc; projectId: string; itemId: string };

const imageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function ImagePicker({
  source,
  open,
  onPick,
  onClose,
}: {
  source: ImageSource | undefined;
  open: boolean;
  onPick: (image: { src: string; alt: string }) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [address, setAddress] = useState('');
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attachments = useTypeValue(
    source?.doc.getArray<Attachment>(attachmentsRoot),
    (list) => list.toArray().filter((file) => imageTypes.includes(file.contentType)),
    [],
  );
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
    if (open) {
      setError(null);
      setAddress('');
    }
  }, [open]);

  const pick = (file: Attachment) => onPick({ src: fileUrl(file.id), alt: file.name });
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !source) return;
    setUploading(true);
    setError(null);
    try {
      const [attached] = await attachFiles(source.projectId, source.itemId, 'shared', [file]);
      if (attached) pick(attached);
    } catch (failed) {
      setError(failed);
    } finally {
      setUploading(false);
    }
  };
  const byAddress = (event: FormEvent) => {
    event.preventDefault();
    if (address.trim()) onPick({ src: address.trim(), alt: '' });
  };

  return (
    <dialog ref={dialog} className="dialog image-picker" aria-labelledby="image-picker-title" onClose={onClose}>
      <h2 id="image-picker-title">Insert an image</h2>
      {source && (
        <>
          <label className="button file-button">
            {uploading ? 'Uploading…' : 'Upload an image'}
            <input
              type="file"
              accept={imageTypes.join(',')}
              className="visually-hidden"
              disabled={uploading}
              onChange={(event) => void upload(event)}
            />
          </label>
          <FormError error={error} />
          {attachments.length > 0 && (
            <>
              <h3>From this item’s files</h3>
              <ul className="image-choices">
                {attachments.map((file) => (
                  <li key={file.id}>
                    <button type="button" className="image-choice" onClick={() => pick(file)}>
                      <img src={fileUrl(file.id)} alt="" loading="lazy" />
                      <span>{file.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <form className="row" onSubmit={byAddress}>
        <label className="grow">
          Or an image’s web address
          <input
            type="url"
            value={address}
            onChange={(event) => setAddress(event.target.value)}
            placeholder="https://"
          />
        </label>
        <button type="submit" className="secondary" disabled={!address.trim()}>
          Insert
        </button>
      </form>
      <div className="row end">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
