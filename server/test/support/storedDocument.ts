/**
 * Reads what a server has committed, straight from its SQLite file (read-only, alongside the
 * running server), so tests can check "acknowledged means stored" without trusting the server.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

export type StoredRows = { updates: Uint8Array[]; snapshot: Uint8Array | null };

export function readStoredRows(dataDir: string, documentName: string): StoredRows {
  const db = new Database(path.join(dataDir, 'atrium.db'), { readonly: true, fileMustExist: true });
  try {
    const updates = db
      .prepare<[string], { data: Buffer }>('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
      .all(documentName)
      .map((row) => new Uint8Array(row.data));
    const snapshot = db
      .prepare<[string], { data: Buffer }>('SELECT data FROM document_snapshots WHERE document = ?')
      .get(documentName);
    return { updates, snapshot: snapshot ? new Uint8Array(snapshot.data) : null };
  } finally {
    db.close();
  }
}

/** The document as the stored snapshot plus log would rebuild it. */
export function storedState(dataDir: string, documentName: string): Uint8Array {
  const { updates, snapshot } = readStoredRows(dataDir, documentName);
  const parts = snapshot ? [snapshot, ...updates] : updates;
  return parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts);
}
