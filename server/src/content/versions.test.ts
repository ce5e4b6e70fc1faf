/**
 * Versions on either engine (SQLite, or PostgreSQL under `npm run test:postgres`): saved with the
 * document's state as it was, listed newest first, read back byte for byte, and kept to their
 * document.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { descriptionOf, getVersion, insertVersion, listVersions, takeVersion, versionOf } from './versions.ts';

let dispose: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('versions'));
});

afterEach(async () => {
  await dispose();
});

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment('description').insert(0, [paragraph]);
  return doc;
}

describe('versions', () => {
  it('keeps the state as it was when taken, newest first, per document', async () => {
    const { db } = database;
    const doc = docWith('First');
    const first = await takeVersion(db, doc, { document: 'a', name: 'One', kind: 'named', createdBy: 'usr_1' });
    // Read now, saved after the document changed: the version holds what was read.
    const pending = versionOf(doc, { document: 'a', name: 'Two', kind: 'auto', createdBy: null });
    doc.getXmlFragment('description').delete(0, 1);
    const second = await insertVersion(db, pending);
    await takeVersion(db, docWith('Elsewhere'), { document: 'b', name: 'Other', kind: 'named', createdBy: null });

    expect(await listVersions(db, 'a')).toEqual([second, first]);
    expect(second).toMatchObject({ name: 'Two', kind: 'auto', createdBy: null });
    expect(second.createdAt).toBeGreaterThan(first.createdAt);
    const read = await getVersion(db, 'a', second.id);
    expect(read).toMatchObject(second);
    expect(read?.state).toEqual(pending.state);
    expect(descriptionOf(read?.state ?? new Uint8Array())).toContain('First');
    expect(await getVersion(db, 'b', second.id)).toBeUndefined();
  });
});
