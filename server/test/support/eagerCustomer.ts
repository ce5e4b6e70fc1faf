/**
 * A customer's person, for the split's leak tests, doing everything a client could to see more than
 * it should: it follows its portal into every shareable part listed there (again after each
 * withdrawal), asks for any document name it can think of, probes REST with internal ids — and
 * keeps every frame and response it got, so a test can search all of it for internal markers.
 */
import { Portal } from '@atrium/shared/model/portal.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { expect } from 'vitest';
import { newId } from '../../src/identity/secrets.ts';
import type { ApiResponse, Person } from './apiWorld.ts';
import type { Defer } from './cleanup.ts';
import { type Finding, findInFrames, findInReplica } from './frameText.ts';
import { documentsOf } from './projectItems.ts';
import { RecordingPeer } from './recordingPeer.ts';

export class EagerCustomer {
  /** Shareable parts it follows whenever its portal lists them. */
  private readonly portals: string[] = [];
  /** REST responses it got, scanned like frames. */
  readonly responses: ApiResponse[] = [];

  private constructor(
    readonly peer: RecordingPeer,
    readonly person: Person,
  ) {}

  static async start(
    server: { wsUrl: string; url: string },
    person: Person,
    label: string,
    ownProjectId: string,
    defer: Defer,
  ): Promise<EagerCustomer> {
    const customer = new EagerCustomer(await RecordingPeer.connect(server, person.api, defer, label), person);
    customer.follow(ownProjectId);
    await customer.peer.waitForSync(documentsOf(ownProjectId).portal);
    return customer;
  }

  /** Subscribes to a project's portal and, from then on, to every shareable part it lists. */
  follow(projectId: string): void {
    const { portal, item } = documentsOf(projectId);
    this.portals.push(portal);
    const document = this.peer.open(portal);
    document.doc.on('update', () => {
      for (const listed of new Portal(document.doc).items()) {
        const name = item(listed.id);
        if (!this.peer.has(name) || !this.peer.document(name).subscribed) this.peer.open(name);
      }
    });
  }

  /** Asks for each name (again, if it was refused before) and waits for the answer: it must be a refusal. */
  async expectRefused(names: string[]): Promise<void> {
    const before = names.map((name) => this.peer.errorCount(name));
    for (const name of names) this.peer.open(name);
    for (const [index, name] of names.entries()) {
      const answer = await this.peer.waitForError(name, before[index]);
      expect(answer.code, `${this.peer.label} asking for ${name}`).toBe(errorCode.forbidden);
    }
  }

  /** Tries REST on an internal item and on a made-up one: the answers must be the same. */
  async probeRest(projectId: string, internalItemId: string): Promise<void> {
    const move = (itemId: string) =>
      this.person.api.put(`/projects/${projectId}/items/${itemId}/status`, { status: 'done' });
    const [internal, madeUp] = [await move(internalItemId), await move(newId('itm'))];
    this.responses.push(internal, madeUp, await this.person.api.get(`/projects/${projectId}`));
    expect(internal.status).toBeGreaterThanOrEqual(400);
    expect({ status: internal.status, body: internal.body }).toEqual({ status: madeUp.status, body: madeUp.body });
  }

  /** Asks for files by id (an internal file, say): every answer is kept for the scan. */
  async probeFiles(fileIds: string[]): Promise<number[]> {
    const statuses: number[] = [];
    for (const id of fileIds) {
      const response = await this.person.api.get(`/files/${id}`);
      this.responses.push(response);
      statuses.push(response.status);
    }
    return statuses;
  }

  /** Everything that matched `pattern` in what the server ever sent this person. */
  find(pattern: RegExp): Finding[] {
    const findings = findInFrames(this.peer.frames, pattern);
    for (const name of this.peer.documentNamesReceived()) {
      findings.push(...findInReplica(`replica of ${name}`, this.peer.received(name), pattern));
    }
    for (const response of this.responses) {
      const match = pattern.exec(response.text);
      if (match) findings.push({ where: response.request, text: response.text.slice(match.index, match.index + 60) });
    }
    return findings;
  }
}
