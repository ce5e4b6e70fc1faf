/**
 * How REST actions change documents: load through the registry (sharing the live copy
 * with connected editors), make the change as the server on someone's behalf, release — and
 * answer only once what the change implies (a plan's portal and who may open which item) is in
 * place, so a REST "unshared" is already true for every connected customer.
 */
import type * as Y from 'yjs';
import type { DocumentRegistry } from '../sync/documentRegistry.ts';
import { ServerWriter, type Subscriber, type SyncDocument } from '../sync/syncDocument.ts';

export interface ServerDocuments {
  /** Applies `edit` to the document as a change by `actorId`; resolves once it is committed and derived from. */
  change(name: string, actorId: string, edit: (doc: Y.Doc) => void): Promise<void>;
  /** Reads the live document (loading it if needed). */
  read<T>(name: string, use: (doc: Y.Doc) => T): Promise<T>;
}

/**
 * Keeps a document in memory (loading it if needed) while `use` runs, then lets it be evicted
 * as usual. The holder is a subscriber that is never sent anything.
 */
export async function holdDocument<T>(
  registry: DocumentRegistry,
  name: string,
  use: (document: SyncDocument) => Promise<T> | T,
): Promise<T> {
  const holder: Subscriber = { send() {} };
  const document = await registry.subscribe(name, holder);
  try {
    return await use(document);
  } finally {
    registry.unsubscribe(document, holder);
  }
}

/** `derivedFrom` resolves once the server's derivations from a document's latest change are done. */
export function serverDocuments(
  registry: DocumentRegistry,
  derivedFrom: (name: string) => Promise<void> = () => Promise.resolve(),
): ServerDocuments {
  return {
    change: async (name, actorId, edit) => {
      await holdDocument(registry, name, (document) => document.change(edit, new ServerWriter(actorId)));
      await derivedFrom(name);
    },
    read: (name, use) => holdDocument(registry, name, (document) => use(document.doc)),
  };
}
