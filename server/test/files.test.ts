/**
 * Files on items, over real HTTP and sockets against a real SQLite file and data directory: who may
 * upload to which part, who may download, size and type limits with clear errors, removal, and the
 * attachment list that only the server writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, cleanupAfterAll, expectStatus, type Person, type World } from './support/apiWorld.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { refuseWrites } from './support/engines.ts';
import { eventually } from './support/eventually.ts';
import { createItem, documentsOf, setSharing } from './support/projectItems.ts';
import { RecordingPeer } from './support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3,
]);
const filesPath = (itemId: string, name: string, part = 'shared') =>
  `/projects/${world.projectA.id}/items/${itemId}/files?name=${encodeURIComponent(name)}&part=${part}`;
const upload = (person: Person, itemId: string, name: string, bytes: Uint8Array, type: string, part = 'shared') =>
  person.api.post(filesPath(itemId, name, part), undefined, { raw: bytes, contentType: type });
const item = async (shared: boolean) =>
  createItem(world.owner, world.projectA.id, { title: `Files ${++fresh}`, shared });

describe('uploading', () => {
  it('attaches a file to the shareable part, written by the server as the uploader, for everyone who reads it', async () => {
    const task = await item(true);
    const name = documentsOf(world.projectA.id).item(task.id);
    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'team');
    team.open(name);
    await team.waitForSync(name);

    const attached = expectStatus(await upload(world.collaborator, task.id, 'logo.png', png, 'image/png'), 201);
    expect(attached).toMatchObject({ name: 'logo.png', size: png.byteLength, contentType: 'image/png' });
    expect(attached.uploadedBy).toBe(world.collaborator.id);
    await eventually(() =>
      expect(new ItemSharedPart(team.doc(name)).attachments.all()).toEqual([
        expect.objectContaining({ id: attached.id }),
      ]),
    );
    const stored = fs.readdirSync(path.join(world.server.dataDir, 'files'), { recursive: true });
    expect(stored.map(String).some((entry) => entry.endsWith(attached.id))).toBe(true);

    // Downloads: the same bytes, served safely, to the team and the customer.
    for (const person of [world.owner, world.collaborator, world.viewer]) {
      const response = await person.api.get(`/files/${attached.id}`);
      expect(response.status, person.name).toBe(200);
      expect(response.bytes).toEqual(png);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''logo\.png$/);
    }
    const audit = expectStatus(
      await world.owner.api.get(`/workspaces/${world.workspace.id}/audit?action=file.uploaded`),
      200,
    );
    expect(JSON.stringify(audit)).toContain(attached.id);
  });

  it('keeps internal files from customers: only the team uploads or downloads them', async () => {
    const task = await item(true);
    const internal = documentsOf(world.projectA.id).internal(task.id);
    expectStatus(
      await upload(world.collaborator, task.id, 'notes.txt', new TextEncoder().encode('x'), 'text/plain', 'internal'),
      404,
    );
    const attached = expectStatus(
      await upload(
        world.member,
        task.id,
        'margin.txt',
        new TextEncoder().encode('MARGIN-IS-THIN'),
        'text/plain',
        'internal',
      ),
      201,
    );
    const team = await RecordingPeer.connect(world.server, world.owner.api, defer, 'team');
    team.open(internal);
    await team.waitForSync(internal);
    expect(new ItemInternalPart(team.doc(internal)).attachments.all().map((a) => a.id)).toEqual([attached.id]);
    const download = await world.owner.api.get(`/files/${attached.id}`);
    expect(download.text).toBe('MARGIN-IS-THIN');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    for (const person of [world.collaborator, world.viewer, world.collaboratorB, world.stranger]) {
      const response = await person.api.get(`/files/${attached.id}`);
      expect(response.status, person.name).toBe(404);
      expect(response.text).not.toContain('MARGIN');
    }
    expect((await world.signedOut.get(`/files/${attached.id}`)).status).toBe(401);
  });

  it('refuses customers on unshared items, viewers everywhere, and outsiders, like a missing item', async () => {
    const hidden = await item(false);
    expectStatus(await upload(world.collaborator, hidden.id, 'a.png', png, 'image/png'), 404);
    expectStatus(await upload(world.collaboratorB, hidden.id, 'a.png', png, 'image/png'), 404);
    expectStatus(await upload(world.stranger, hidden.id, 'a.png', png, 'image/png'), 404);
    const shared = await item(true);
    const refused = expectStatus(await upload(world.viewer, shared.id, 'a.png', png, 'image/png'), 403);
    expect(refused.error.code).toBe('forbidden');
  });

  it('a file of an item unshared later is no longer served to the customer', async () => {
    const task = await item(true);
    const attached = expectStatus(
      await upload(world.owner, task.id, 'brief.pdf', new TextEncoder().encode('%PDF-1.7 brief'), 'application/pdf'),
      201,
    );
    expect((await world.collaborator.api.get(`/files/${attached.id}`)).status).toBe(200);
    await setSharing(world.owner, world.projectA.id, task.id, false);
    expect((await world.collaborator.api.get(`/files/${attached.id}`)).status).toBe(404);
    expect((await world.owner.api.get(`/files/${attached.id}`)).status).toBe(200);
  });

  it('explains what is too large, of a refused type, disguised, or empty — and stores nothing', async () => {
    const task = await item(true);
    const before = fs.existsSync(path.join(world.server.dataDir, 'files'))
      ? fs.readdirSync(path.join(world.server.dataDir, 'files'), { recursive: true }).length
      : 0;
    const html = await upload(
      world.owner,
      task.id,
      'page.html',
      new TextEncoder().encode('<script>x</script>'),
      'text/html',
    );
    expect(expectStatus(html, 415).error.message).toMatch(/cannot be attached.*Accepted: images/);
    const svg = await upload(world.owner, task.id, 'x.svg', new TextEncoder().encode('<svg/>'), 'image/svg+xml');
    expect(expectStatus(svg, 415).error.code).toBe('unsupported_media_type');
    const disguised = await upload(world.owner, task.id, 'photo.png', new TextEncoder().encode('<html>'), 'image/png');
    expect(expectStatus(disguised, 415).error.message).toBe('This file is not a PNG image, though it says so.');
    expect(
      expectStatus(await upload(world.owner, task.id, 'empty.txt', new Uint8Array(), 'text/plain'), 400).error.message,
    ).toBe('The file is empty.');
    const big = new Uint8Array(25 * 1024 * 1024 + 1); // MAX_UPLOAD_BYTES defaults to 25 MB
    const tooBig = await upload(world.owner, task.id, 'big.txt', big, 'text/plain');
    expect(expectStatus(tooBig, 413).error.message).toMatch(/larger than \d+ MB/);
    expectStatus(
      await world.owner.api.post(filesPath(task.id, ''), undefined, { raw: png, contentType: 'image/png' }),
      400,
    );
    const after = fs.existsSync(path.join(world.server.dataDir, 'files'))
      ? fs.readdirSync(path.join(world.server.dataDir, 'files'), { recursive: true }).length
      : 0;
    expect(after).toBe(before);
  });
});

describe('removing', () => {
  it('the uploader or the team removes a file; another customer cannot; it is gone for everyone', async () => {
    const task = await item(true);
    const attached = expectStatus(await upload(world.collaborator, task.id, 'draft.png', png, 'image/png'), 201);
    const other = expectStatus(await upload(world.owner, task.id, 'team.png', png, 'image/png'), 201);
    expectStatus(await world.viewer.api.delete(`/files/${attached.id}`), 403);
    expectStatus(await world.collaborator.api.delete(`/files/${other.id}`), 403);
    expectStatus(await world.collaborator.api.delete(`/files/${attached.id}`), 204);
    expectStatus(await world.collaborator.api.get(`/files/${attached.id}`), 410);
    expectStatus(await world.member.api.delete(`/files/${other.id}`), 204);
    const name = documentsOf(world.projectA.id).item(task.id);
    const reader = await RecordingPeer.connect(world.server, world.owner.api, defer, 'reader');
    reader.open(name);
    await reader.waitForSync(name);
    expect(new ItemSharedPart(reader.doc(name)).attachments.all()).toEqual([]);
    expectStatus(await world.collaboratorB.api.delete(`/files/${other.id}`), 404);
  });
});

describe('a failed write', () => {
  const refuse = (table: string, event: 'insert' | 'update', condition: string) =>
    refuseWrites(world.server.database, {
      name: `refuse_files_${table}_${event}`,
      table,
      event,
      message: 'refused by the test',
      when: { sqlite: condition, postgres: condition },
    });
  const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const attachmentsOf = async (name: string) => {
    const reader = await RecordingPeer.connect(world.server, world.owner.api, defer, 'reader');
    reader.open(name);
    await reader.waitForSync(name);
    return new ItemSharedPart(reader.doc(name)).attachments.all();
  };

  it('an upload whose change is not stored keeps neither a record nor the bytes', async () => {
    const task = await item(true);
    const name = documentsOf(world.projectA.id).item(task.id);
    const storedFiles = () => {
      const root = path.join(world.server.dataDir, 'files');
      if (!fs.existsSync(root)) return 0;
      // Files only: the directory a file was put in stays when it is removed.
      return fs
        .readdirSync(root, { recursive: true })
        .filter((entry) => fs.statSync(path.join(root, String(entry))).isFile()).length;
    };
    const before = storedFiles();
    const refusal = await refuse('document_updates', 'insert', `NEW.document = ${quoted(name)}`);
    try {
      expectStatus(await upload(world.owner, task.id, 'lost.png', png, 'image/png'), 500);
    } finally {
      await refusal.allow();
    }
    expect(storedFiles()).toBe(before);
    const records = await world.server.db.selectFrom('files').select('id').where('item_id', '=', task.id).execute();
    expect(records).toEqual([]);
    expect(await attachmentsOf(name)).toEqual([]);
  });

  it('a removal whose record cannot be marked leaves the file attached and served', async () => {
    const task = await item(true);
    const name = documentsOf(world.projectA.id).item(task.id);
    const attached = expectStatus(await upload(world.owner, task.id, 'kept.png', png, 'image/png'), 201);
    const refusal = await refuse('files', 'update', `NEW.id = ${quoted(attached.id)}`);
    try {
      expectStatus(await world.owner.api.delete(`/files/${attached.id}`), 500);
    } finally {
      await refusal.allow();
    }
    expect(await attachmentsOf(name)).toEqual([expect.objectContaining({ id: attached.id })]);
    expect((await world.collaborator.api.get(`/files/${attached.id}`)).bytes).toEqual(png);
    expectStatus(await world.owner.api.delete(`/files/${attached.id}`), 204);
    expect(await attachmentsOf(name)).toEqual([]);
  });
});

describe('the attachments list', () => {
  it('is written by the server only: a client that edits it, team or customer, is refused', async () => {
    const task = await item(true);
    const name = documentsOf(world.projectA.id).item(task.id);
    for (const person of [world.collaborator, world.owner]) {
      const peer = await RecordingPeer.connect(world.server, person.api, defer, person.name);
      peer.open(name);
      await peer.waitForSync(name);
      const before = peer.errorCount(name);
      new ItemSharedPart(peer.doc(name)).attachments.add({
        id: 'fil_forged000000000000',
        name: 'forged.exe',
        size: 1,
        contentType: 'image/png',
        uploadedBy: world.owner.id,
        uploadedAt: Date.now(),
      });
      expect((await peer.waitForError(name, before)).code, person.name).toBe(errorCode.writeRefused);
    }
    const reader = await RecordingPeer.connect(world.server, world.member.api, defer, 'reader');
    reader.open(name);
    await reader.waitForSync(name);
    expect(new ItemSharedPart(reader.doc(name)).attachments.all()).toEqual([]);
  });
});
