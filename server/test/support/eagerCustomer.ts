/**
 * A customer's person, for the split's leak tests, doing everything a client could to see more than
 * it should: it follows its portal into every shareable part listed there (again after each
 * withdrawal), asks for any document name it can think of, probes REST with internal ids, goes
 * through items' version history (and the team's version ids) — and keeps every frame and response
 * it got, so a test can search all of it for internal markers.
 */
import { Portal } from '@atrium/shared/model/portal.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { newId } from '../../src/identity/secrets.ts';
import type { ApiResponse, Person } from './apiWorld.ts';
import type { Defer } from './cleanup.ts';
import { type Finding, findInFrames, findInReplica, updateTexts } from './frameText.ts';
import { documentsOf } from './projectItems.ts';
import { RecordingPeer } from './recordingPeer.ts';

export class EagerCustomer {
  /** Shareable parts it follows whenever its portal lists them. */
  private readonly portals: string[] = [];
  /** REST responses it got, scanned like frames. */
  readonly responses: ApiResponse[] = [];
  /** The Yjs states of the versions it opened, scanned like replicas. */
  private readonly versionStates: Array<{ where: string; state: Uint8Array }> = [];

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

  /**
   * Goes through every request listing and detail the customer can reach, and the team's queue it
   * cannot: every answer is kept for the scan. Returns the statuses in the order asked.
   */
  async probeRequests(workspaceId: string, projectId: string, requestId: string): Promise<number[]> {
    const paths = [
      `/projects/${projectId}/requests`,
      `/projects/${projectId}/requests/${requestId}`,
      `/projects/${projectId}/items/${requestId}/requests`,
      '/me/requests',
      `/workspaces/${workspaceId}/requests`,
    ];
    const statuses: number[] = [];
    for (const path of paths) {
      const response = await this.person.api.get(path);
      this.responses.push(response);
      statuses.push(response.status);
    }
    return statuses;
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

  /**
   * Goes through an item's history over REST: lists its versions and opens each, opens every id in
   * `guessedVersionIds` (the team's, say), tries to restore each of those it was not offered, and
   * asks who wrote and who deleted what. Everything it gets is kept for the scan (version states
   * decoded); returns what the listings said.
   */
  async probeHistory(
    projectId: string,
    itemId: string,
    guessedVersionIds: string[],
  ): Promise<{ offered: string[]; deletions: ApiResponse; writers: ApiResponse }> {
    const base = `/projects/${projectId}/items/${itemId}`;
    const keep = (response: ApiResponse) => {
      this.responses.push(response);
      return response;
    };
    const listed = keep(await this.person.api.get(`${base}/versions`));
    const offered = listed.status === 200 ? (listed.body as Array<{ id: string }>).map((v) => v.id) : [];
    for (const id of new Set([...offered, ...guessedVersionIds])) {
      const opened = keep(await this.person.api.get(`${base}/versions/${id}`));
      if (opened.status === 200) {
        const { state } = opened.body as { state: string };
        this.versionStates.push({ where: opened.request, state: new Uint8Array(Buffer.from(state, 'base64')) });
      }
    }
    for (const id of guessedVersionIds.filter((id) => !offered.includes(id))) {
      const restored = keep(await this.person.api.post(`${base}/versions/${id}/restore`));
      expect(restored.status, `${this.peer.label} restoring ${id}`).toBeGreaterThanOrEqual(400);
    }
    return {
      offered,
      deletions: keep(await this.person.api.get(`${base}/deletions`)),
      writers: keep(await this.person.api.get(`${base}/writers`)),
    };
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
    for (const { where, state } of this.versionStates) {
      // Every struct as sent, and a replica that never garbage-collects (text joined in order).
      for (const text of [Buffer.from(state).toString('latin1'), ...updateTexts(state)]) {
        const match = pattern.exec(text);
        if (match) findings.push({ where, text: text.slice(match.index, match.index + 60) });
      }
      const replica = new Y.Doc({ gc: false });
      Y.applyUpdate(replica, state);
      findings.push(...findInReplica(`version ${where}`, replica, pattern));
      replica.destroy();
    }
    return findings;
  }
}
