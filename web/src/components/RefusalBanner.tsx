/**
 * When the server refuses this device's changes to a document (access lost while offline, a role
 * lowered, a rule broken), the person is told which document and why, can copy out the text they
 * wrote, and then start over from the server's copy. Nothing is dropped without them knowing.
 */

import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { useState } from 'react';
import { useReplicas, useSaveState } from '../app/replicaHooks.ts';
import { type Refusal, rememberedTitle } from '../sync/replicas.ts';
import { describeWork } from './unsavedWorkText.ts';

export function RefusalBanner() {
  const { refusals } = useSaveState();
  if (refusals.length === 0) return null;
  return (
    <section className="refusals" aria-label="Changes that were not saved">
      {refusals.map((refusal) => (
        <RefusalNotice key={refusal.name} refusal={refusal} />
      ))}
    </section>
  );
}

function RefusalNotice({ refusal }: { refusal: Refusal }) {
  const replicas = useReplicas();
  const [copied, setCopied] = useState(false);
  const text = textOf(replicas.get(refusal.name)?.doc);
  return (
    <div className="refusal" role="alert">
      <p>
        <strong>{headline(refusal)}</strong> {explanation(refusal)}
      </p>
      {text && (
        <details>
          <summary>Show the text on this device</summary>
          <textarea readOnly value={text} rows={5} aria-label="Your unsaved text" />
        </details>
      )}
      <div className="row">
        {text && (
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(text).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy my text'}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => void replicas.discardRefused(refusal.name)}>
          Discard my changes and reload
        </button>
      </div>
    </div>
  );
}

/** "Your edits to “Send brand assets” and 1 message could not be saved." */
function headline(refusal: Refusal): string {
  return `Your ${describeWork([{ name: refusal.name, work: refusal.unsaved }], rememberedTitle)} could not be saved.`;
}

function explanation(refusal: Refusal): string {
  switch (refusal.code) {
    case errorCode.forbidden:
    case errorCode.accessRevoked:
      return 'You no longer have access to it — it was unshared, or your access changed while you were away. Nobody else received your changes. Copy out what you need, then discard them.';
    case errorCode.readOnly:
      return 'You can only read it now. Nobody else received your changes. Copy out what you need, then discard them.';
    default:
      return `${refusal.message} Nobody else received them. Copy out what you need, then discard them.`;
  }
}

/** The readable text of a document: rich-text fields and thread messages. */
function textOf(doc: import('yjs').Doc | undefined): string {
  if (!doc) return '';
  const parts: string[] = [];
  for (const [key, type] of doc.share) {
    const value = type.toJSON() as unknown;
    if (typeof value === 'string' && value.trim()) parts.push(value.replace(/<[^>]+>/g, ' ').trim());
    else if (Array.isArray(value) && key.toLowerCase().includes('thread')) {
      for (const message of value as Array<{ body?: string }>) if (message?.body) parts.push(message.body);
    }
  }
  return parts.join('\n\n');
}
