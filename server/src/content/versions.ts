/**
 * Versions of an item's shareable part: the whole Yjs state at a moment — named on demand, taken
 * automatically when the item is submitted and decided, at quiet points after editing, and before
 * a restore — so any version opens read-only exactly as it was, compares with today's text, and
 * restores as a new change (nothing is lost: the state before the restore is a version too).
 */
import { parseProjectDocument } from '@atrium/shared/model/projectDocuments.ts';
import * as Y from 'yjs';
import { newId } from '../identity/secrets.ts';
import type { Logger } from '../log.ts';
import { bufferOf, type Db } from '../storage/database.ts';
import type { DocumentRegistry } from '../sync/documentRegistry.ts';
import { integratedStateAsUpdate } from '../sync/subscription.ts';
import type { DerivationRetries } from './derivationRetries.ts';
import { changeWithRows, holdDocument, type ServerDocuments } from './serverDocuments.ts';
import { historyNow } from './sharingPeriods.ts';

export const versionKinds = ['named', 'submitted', 'approved', 'changes_requested', 'auto', 'before_restore'] as const;
export type VersionKind = (typeof versionKinds)[number];

export type VersionInfo = { id: string; name: string; kind: VersionKind; createdBy: string | null; createdAt: number };

const toInfo = (row: {
  id: string;
  name: string;
  kind: string;
  created_by: string | null;
  created_at: number;
}): VersionInfo => ({
  id: row.id,
  name: row.name,
  // Only `versionKinds` are ever written (saveVersion's type says so).
  kind: row.kind as VersionKind,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/** A version read from a document and not saved yet: `insertVersion` saves it, in a caller's transaction if need be. */
export type PendingVersion = VersionInfo & { document: string; state: Uint8Array };

type VersionFields = { id?: string; document: string; name: string; kind: VersionKind; createdBy: string | null };

/**
 * Reads the document's state as a version, to be saved now or with the change that follows
 * (`insertVersion`). Only what the document shows is kept: deleted text is already gone from the
 * server's copy (it garbage-collects), and changes still waiting for content they build on are
 * left out. Its time (`historyNow`) is taken with the state: it says which sharing period the state
 * belongs to, and customers see a version only when that is a period the item was shared with them.
 */
export function versionOf(doc: Y.Doc, version: VersionFields): PendingVersion {
  return pendingVersion({ ...version, state: integratedStateAsUpdate(doc) });
}

function pendingVersion(version: VersionFields & { state: Uint8Array }): PendingVersion {
  return {
    id: version.id ?? newId('ver'),
    document: version.document,
    name: version.name,
    kind: version.kind,
    createdBy: version.createdBy,
    createdAt: historyNow(),
    state: version.state,
  };
}

/** Saves a version read by `versionOf`; `db` may be the transaction of the change it belongs to. */
export async function insertVersion(db: Db, version: PendingVersion): Promise<VersionInfo> {
  const { document, state, ...info } = version;
  await db
    .insertInto('document_versions')
    .values({
      id: info.id,
      document,
      name: info.name,
      kind: info.kind,
      created_by: info.createdBy,
      created_at: info.createdAt,
      state: bufferOf(state),
    })
    .execute();
  return info;
}

/**
 * Saves a version whose state the caller read just now, in the same event-loop turn (the version's
 * time is taken here: see `versionOf`). Prefer `takeVersion`, which reads the state.
 */
export function saveVersion(db: Db, version: VersionFields & { state: Uint8Array }): Promise<VersionInfo> {
  return insertVersion(db, pendingVersion(version));
}

/** Reads the document's state and saves it as a version in one step (see `versionOf`). */
export function takeVersion(db: Db, doc: Y.Doc, version: VersionFields): Promise<VersionInfo> {
  return insertVersion(db, versionOf(doc, version));
}

/**
 * Makes a change by `actorId` and saves the state it replaces as a version (a restore keeps what it
 * overwrites), in the change's transaction: a change that fails leaves no version behind. The
 * state is read from the very copy the edit changes.
 */
export async function changeAfterVersion(
  db: Db,
  documents: ServerDocuments,
  change: { actorId: string; edit: (doc: Y.Doc) => void },
  version: VersionFields,
): Promise<VersionInfo> {
  let before: PendingVersion | undefined;
  return changeWithRows(
    db,
    documents,
    {
      document: version.document,
      actorId: change.actorId,
      edit: (doc) => {
        before = versionOf(doc, version);
        change.edit(doc);
      },
    },
    (db) => {
      // The edit runs before any row is written; this only tells the type checker so.
      if (!before) throw new Error('the version was not read before the change');
      return insertVersion(db, before);
    },
  );
}

/** Newest first. */
export async function listVersions(db: Db, document: string): Promise<VersionInfo[]> {
  const rows = await db
    .selectFrom('document_versions')
    .select(['id', 'name', 'kind', 'created_by', 'created_at'])
    .where('document', '=', document)
    // `created_at` never repeats within a process (historyNow); the id only makes ties from
    // elsewhere come back in one stable order.
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toInfo);
}

export async function getVersion(
  db: Db,
  document: string,
  id: string,
): Promise<(VersionInfo & { state: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom('document_versions')
    .select(['id', 'name', 'kind', 'created_by', 'created_at', 'state'])
    .where('document', '=', document)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toInfo(row), state: new Uint8Array(row.state) } : undefined;
}

/** The rich text of a version, to compare versions without loading them into an editor. */
export function descriptionOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc.getXmlFragment('description').toString();
  doc.destroy();
  return text;
}

/**
 * Makes the live document's rich text what it was in `state`, as one new change: everyone editing
 * sees it arrive like any edit, and the history keeps both.
 */
export function restoreDescription(live: Y.Doc, state: Uint8Array): void {
  const old = new Y.Doc();
  Y.applyUpdate(old, state);
  const from = old.getXmlFragment('description');
  const to = live.getXmlFragment('description');
  live.transact(() => {
    to.delete(0, to.length);
    to.insert(
      0,
      from.toArray().map((node) => node.clone() as Y.XmlElement | Y.XmlText),
    );
  });
  old.destroy();
}

/**
 * Automatic versions at quiet points: a shareable part edited by people and then left alone for
 * `quietMs` gets a version, unless its text is the same as the latest version's. One that fails is
 * counted and retried (`retries`) until it is taken, and taken at shutdown if still waiting.
 */
export class QuietVersions {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      db: Db;
      registry: () => DocumentRegistry;
      quietMs: number;
      log: Logger;
      retries: DerivationRetries;
    },
  ) {}

  /** A person changed a document. */
  touched(name: string): void {
    if (parseProjectDocument(name)?.kind !== 'itemShared') return;
    clearTimeout(this.timers.get(name));
    const timer = setTimeout(() => {
      this.timers.delete(name);
      this.take(name);
    }, this.options.quietMs);
    timer.unref?.();
    this.timers.set(name, timer);
  }

  /** Takes the pending versions now, those waiting for a retry too (shutdown, tests). */
  async flush(): Promise<void> {
    const names = [...new Set([...this.timers.keys(), ...this.options.retries.pending('version')])];
    for (const name of names) clearTimeout(this.timers.get(name));
    this.timers.clear();
    await Promise.all([...names.map((name) => this.snapshot(name)), ...this.running]);
    for (const name of names) this.options.retries.succeeded('version', name);
  }

  private take(name: string): void {
    const { retries } = this.options;
    const run = this.snapshot(name).then(
      () => retries.succeeded('version', name),
      (error: unknown) => retries.failed('version', name, error, () => this.take(name)),
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async snapshot(name: string): Promise<void> {
    const { db } = this.options;
    await holdDocument(this.options.registry(), name, async (document) => {
      const [latest] = await listVersions(db, name);
      const previous = latest ? await getVersion(db, name, latest.id) : undefined;
      // Compared and read in one turn: the version holds exactly the text found different.
      if (previous && descriptionOf(previous.state) === document.doc.getXmlFragment('description').toString()) return;
      if (!previous && document.doc.getXmlFragment('description').length === 0) return;
      await takeVersion(db, document.doc, {
        document: name,
        name: 'Saved automatically',
        kind: 'auto',
        createdBy: null,
      });
    });
  }
}
