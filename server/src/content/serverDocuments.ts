/**
 * How REST actions read and change documents: load through the registry (sharing the live copy
 * with connected editors), make the change as the server on someone's behalf, release — and
 * answer only once what the change implies (a plan's portal and who may open which item) is in
 * place, so a REST "unshared" is already true for every connected customer.
 */
import type * as Y from 'yjs';
import type { DocumentRegistry } from '../sync/documentRegistry.ts';
import { ServerWriter, type Subscriber } from '../sync/syncDocument.ts';

export interface ServerDocuments {
  /** Applies `edit` to the document as a change by `actorId`; resolves once it is committed and derived from. */
  change(name: string, actorId: string, edit: (doc: Y.Doc) => void): Promise<void>;
  /** Reads the current state of a document. */
  read<T>(name: string, read: (doc: Y.Doc) => T): Promise<T>;
}

/** `derivedFrom` resolves once the server's derivations from a document's latest change are done. */
export function serverDocuments(
  registry: DocumentRegistry,
  derivedFrom: (name: string) => Promise<void> = () => Promise.resolve(),
): ServerDocuments {
  const hold = async <T>(
    name: string,
    use: (document: Awaited<ReturnType<DocumentRegistry['subscribe']>>) => Promise<T> | T,
  ) => {
    const holder: Subscriber = { send() {} };
    const document = await registry.subscribe(name, holder);
    try {
      return await use(document);
    } finally {
      registry.unsubscribe(document, holder);
    }
  };
  return {
    change: async (name, actorId, edit) => {
      await hold(name, (document) => document.change(edit, new ServerWriter(actorId)));
      await derivedFrom(name);
    },
    read: (name, read) => hold(name, (document) => read(document.doc)),
  };
}
