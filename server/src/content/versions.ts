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
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';
import type { DocumentRegistry } from '../sync/documentRegistry.ts';
import { integratedStateAsUpdate } from '../sync/subscription.ts';
import type { DerivationRetries } from './derivationRetries.ts';
import { holdDocument } from './serverDocuments.ts';
import { historyNow } from './sharingPeriods.ts';

export const versionKinds = ['named', 'submitted', 'approved', 'changes_requested', 'auto', 'before_restore'] as const;
export type VersionKind = (typeof versionKinds)[number];

export type VersionInfo = { id: string; name: string; kind: VersionKind; createdBy: string | null; createdAt: number };

type Row = { id: string; name: string; kind: VersionKind; created_by: string | null; created_at: number };
const toInfo = (row: Row): VersionInfo => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/**
 * Saves a version whose state the caller read just now, in the same event-loop turn: its time
 * (`historyNow`) says which sharing period the state belongs to, and customers see a version only
 * when that is a period the item was shared with them. Prefer `takeVersion`, which reads the state.
 */
export function saveVersion(
  db: SqliteDatabase,
  version: {
    id?: string;
    document: string;
    name: string;
    kind: VersionKind;
    createdBy: string | null;
    state: Uint8Array;
  },
): VersionInfo {
  const info: VersionInfo = {
    id: version.id ?? newId('ver'),
    name: version.name,
    kind: version.kind,
    createdBy: version.createdBy,
    createdAt: historyNow(),
  };
  sql(
    db,
    'INSERT INTO document_versions (id, document, name, kind, created_by, created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(info.id, version.document, info.name, info.kind, info.createdBy, info.createdAt, version.state);
  return info;
}

/**
 * Reads the document's state and saves it as a version in one step. Only what the document shows
 * is kept: deleted text is already gone from the server's copy (it garbage-collects), and changes
 * still waiting for content they build on are left out.
 */
export function takeVersion(
  db: SqliteDatabase,
  doc: Y.Doc,
  version: { id?: string; document: string; name: string; kind: VersionKind; createdBy: string | null },
): VersionInfo {
  return saveVersion(db, { ...version, state: integratedStateAsUpdate(doc) });
}

/** Newest first. */
export function listVersions(db: SqliteDatabase, document: string): VersionInfo[] {
  return sql<[string], Row>(
    db,
    'SELECT id, name, kind, created_by, created_at FROM document_versions WHERE document = ? ORDER BY created_at DESC, rowid DESC',
  )
    .all(document)
    .map(toInfo);
}

export function getVersion(
  db: SqliteDatabase,
  document: string,
  id: string,
): (VersionInfo & { state: Uint8Array }) | undefined {
  const row = sql<[string, string], Row & { state: Buffer }>(
    db,
    'SELECT id, name, kind, created_by, created_at, state FROM document_versions WHERE document = ? AND id = ?',
  ).get(document, id);
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
      db: SqliteDatabase;
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
    await holdDocument(this.options.registry(), name, (document) => {
      const latest = listVersions(db, name)[0];
      const previous = latest ? getVersion(db, name, latest.id) : undefined;
      if (previous && descriptionOf(previous.state) === document.doc.getXmlFragment('description').toString()) return;
      if (!previous && document.doc.getXmlFragment('description').length === 0) return;
      takeVersion(db, document.doc, { document: name, name: 'Saved automatically', kind: 'auto', createdBy: null });
    });
  }
}
