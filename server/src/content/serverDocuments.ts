/**
 * How REST actions change documents: load through the registry (sharing the live copy
 * with connected editors), make the change as the server on someone's behalf, release — and
 * answer only once what the change implies (a plan's portal and who may open which item) is in
 * place, so a REST "unshared" is already true for every connected customer.
 */
import type * as Y from 'yjs';
import type { Db } from '../storage/database.ts';
import type { WriteEffect } from '../storage/documentStore.ts';
import type { DocumentRegistry } from '../sync/documentRegistry.ts';
import { ServerWriter, type Subscriber, type SyncDocument } from '../sync/syncDocument.ts';

export interface ServerDocuments {
  /**
   * Applies `edit` to the document as a change by `actorId`; resolves once it is committed and
   * derived from. `effect` writes the rows that belong to the change (a version of the state it
   * replaces, a file's record) in the change's transaction: both are stored or neither. It does not
   * run when the edit changes nothing.
   */
  change(name: string, actorId: string, edit: (doc: Y.Doc) => void, effect?: WriteEffect): Promise<void>;
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

/**
 * Makes a change together with the rows that belong to it (`write`: a version of the state it
 * replaces, a file's record): committed in the change's transaction, so a change that fails leaves
 * none of them behind and rows that fail to be written fail the change. When the edit changes
 * nothing there is no transaction to join, and `write` runs by itself. Resolves with what `write`
 * returned.
 */
export async function changeWithRows<T>(
  db: Db,
  documents: ServerDocuments,
  change: { document: string; actorId: string; edit: (doc: Y.Doc) => void },
  write: (db: Db) => Promise<T>,
): Promise<T> {
  let written: { value: T } | undefined;
  await documents.change(change.document, change.actorId, change.edit, async (tx) => {
    written = { value: await write(tx) };
  });
  return written ? written.value : write(db);
}

/** `derivedFrom` resolves once the server's derivations from a document's latest change are done. */
export function serverDocuments(
  registry: DocumentRegistry,
  derivedFrom: (name: string) => Promise<void> = () => Promise.resolve(),
): ServerDocuments {
  return {
    change: async (name, actorId, edit, effect) => {
      await holdDocument(registry, name, (document) => document.change(edit, new ServerWriter(actorId), effect));
      await derivedFrom(name);
    },
    read: (name, use) => holdDocument(registry, name, (document) => use(document.doc)),
  };
}
