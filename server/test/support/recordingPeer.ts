/**
 * A person's multiplexed sync socket (`/ws`, session cookie and Atrium's own Origin) that records
 * every frame the server sends, byte for byte, before anything else looks at it — the evidence the
 * split's leak tests scan — and otherwise behaves as a well-mannered client would:
 *
 * - each document keeps one Y.Doc (and awareness) for the life of the peer, so a document whose
 *   access was withdrawn keeps its local edits and syncs them when it is opened again;
 * - local edits and presence are sent only while the document is subscribed (from `open` until the
 *   server refuses or withdraws it, or `unsubscribe`);
 * - every update the server sends is also applied to a never-garbage-collected replica per document
 *   (`received`), so a test can scan everything that ever arrived, deleted content included.
 *
 * It speaks the wire protocol through the shared frame codec only (no production client code).
 */
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeAwareness,
  encodeDocumentFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
  type SyncMessage,
} from '@atrium/shared/protocol/frames.ts';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Defer } from './cleanup.ts';
import { eventually } from './eventually.ts';

export type RecordedFrame = {
  /** Arrival order on this socket, from 0. */
  index: number;
  raw: Uint8Array;
  /** The document the frame is about, when it decoded. */
  name: string | null;
  message: SyncMessage | null;
  /** Why the frame did not decode (the server broke the protocol). */
  undecodable?: string;
};

export type PeerDocument = {
  readonly name: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** From `open` until the server refuses or withdraws the document, or the peer unsubscribes. */
  subscribed: boolean;
  /** The server's sync step 2 arrived on the current subscription. */
  synced: boolean;
  /** The server's step 1 arrived on the current subscription (acks before it are for an older one). */
  greeted: boolean;
  /** Update-bearing messages sent on the current subscription, and the server's latest ack of them. */
  updatesSent: number;
  acked: number;
  /** Every error frame received for this document, oldest first (across subscriptions). */
  readonly errors: Array<{ code: string; message: string }>;
};

/** Errors after which the server no longer carries the document on this socket. */
const endsSubscription = new Set<string>([
  errorCode.forbidden,
  errorCode.accessRevoked,
  errorCode.invalidName,
  errorCode.storageFailed,
]);

/** Origin of changes applied from the server, so they are not sent back. */
const fromServer = Symbol('from server');

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export type PeerCredentials = { cookie: string | undefined };

export class RecordingPeer {
  /** Every frame the server sent on this socket, in arrival order. */
  readonly frames: RecordedFrame[] = [];
  closedWith: { code: number; reason: string } | undefined;
  private readonly documents = new Map<string, PeerDocument>();
  /** Everything received per document, applied to a replica that never garbage-collects. */
  private readonly replicas = new Map<string, Y.Doc>();
  private readonly closed: Promise<void>;

  private constructor(
    private readonly socket: WebSocket,
    readonly label: string,
  ) {
    socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.closed = new Promise((resolve) => {
      socket.on('close', (code: number, reason: Buffer) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve();
      });
    });
  }

  /** Connects to `/ws` as the person whose session cookie is given, from Atrium's own origin. */
  static async connect(
    server: { wsUrl: string; url: string },
    who: PeerCredentials,
    defer: Defer,
    label = 'peer',
  ): Promise<RecordingPeer> {
    const headers: Record<string, string> = who.cookie ? { cookie: who.cookie } : {};
    const socket = new WebSocket(`${server.wsUrl}/ws`, { headers, origin: server.url });
    const peer = new RecordingPeer(socket, label);
    defer(() => peer.close());
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return peer;
  }

  get connected(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Subscribes to a document (sync step 1, then the local presence if any). Opening a document the
   * peer already holds but no longer subscribes to re-subscribes with the same Y.Doc, so what was
   * edited meanwhile is offered to the server in the sync exchange.
   */
  open(name: string): PeerDocument {
    const document = this.documents.get(name) ?? this.register(name);
    if (document.subscribed) return document;
    this.subscribe(document);
    return document;
  }

  /** Forgets the local copy of a document and subscribes afresh (a client resetting to the server's state). */
  reset(name: string): PeerDocument {
    const old = this.document(name);
    if (old.subscribed) this.unsubscribe(name);
    old.awareness.destroy();
    old.doc.destroy();
    this.documents.delete(name);
    return this.open(name);
  }

  document(name: string): PeerDocument {
    const document = this.documents.get(name);
    if (!document) throw new Error(`${this.label}: ${name} is not open`);
    return document;
  }

  doc(name: string): Y.Doc {
    return this.document(name).doc;
  }

  has(name: string): boolean {
    return this.documents.has(name);
  }

  /** Sends 102 unsubscribe; the local copy stays. */
  unsubscribe(name: string): void {
    const document = this.document(name);
    this.sendFor(name, encodeUnsubscribe());
    document.subscribed = false;
  }

  /** Announces presence on a document (sent at once when subscribed, else on the next `open`). */
  setPresence(name: string, state: Record<string, unknown> | null): void {
    this.document(name).awareness.setLocalState(state);
  }

  /** Sends update bytes for a document exactly as given (a hand-made update), counted for acks. */
  sendUpdate(name: string, update: Uint8Array): void {
    const document = this.document(name);
    if (this.sendFor(name, encodeUpdate(update))) document.updatesSent += 1;
  }

  /** Sends awareness update bytes for a document exactly as given (a hand-made presence update). */
  sendAwareness(name: string, update: Uint8Array): void {
    this.sendFor(name, encodeAwareness(update));
  }

  /** Everything the server ever sent for a document, as one never-garbage-collected Y.Doc. */
  received(name: string): Y.Doc {
    let replica = this.replicas.get(name);
    if (!replica) {
      replica = new Y.Doc({ gc: false });
      this.replicas.set(name, replica);
    }
    return replica;
  }

  /** Names of every document the server sent anything about. */
  documentNamesReceived(): string[] {
    return [...new Set(this.frames.map((frame) => frame.name).filter((name) => name !== null))];
  }

  async waitForSync(name: string, timeout?: number): Promise<void> {
    const document = this.document(name);
    await eventually(() => {
      const state = `subscribed: ${document.subscribed}, errors: ${JSON.stringify(document.errors)}`;
      expect(document.synced, `${this.label}: ${name} synced (${state})`).toBe(true);
    }, timeout);
  }

  /** Waits until every update-bearing message sent for the document on this subscription is acknowledged. */
  async waitForAck(name: string): Promise<void> {
    const document = this.document(name);
    const expected = document.updatesSent;
    await eventually(() => expect(document.acked, `${this.label}: ${name} acked`).toBeGreaterThanOrEqual(expected));
  }

  /** How many error frames arrived for a document so far (a baseline for `waitForError`). */
  errorCount(name: string): number {
    return this.documents.get(name)?.errors.length ?? 0;
  }

  /** Waits for an error frame about a document after the first `since` ones; returns its code. */
  async waitForError(name: string, since = 0): Promise<{ code: string; message: string }> {
    const document = this.document(name);
    return eventually(() => {
      const error = document.errors[since];
      expect(error, `${this.label}: an error frame for ${name}`).toBeDefined();
      return error as { code: string; message: string };
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    if (this.socket.readyState !== WebSocket.CLOSING) this.socket.close(1000);
    await this.closed;
  }

  private register(name: string): PeerDocument {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const document: PeerDocument = {
      name,
      doc,
      awareness,
      subscribed: false,
      synced: false,
      greeted: false,
      updatesSent: 0,
      acked: 0,
      errors: [],
    };
    this.documents.set(name, document);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === fromServer || !document.subscribed || this.documents.get(name) !== document) return;
      if (this.sendFor(name, encodeUpdate(update))) document.updatesSent += 1;
    });
    awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin === fromServer || !document.subscribed || this.documents.get(name) !== document) return;
      const changed = [...added, ...updated, ...removed];
      this.sendFor(name, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, changed)));
    });
    return document;
  }

  private subscribe(document: PeerDocument): void {
    Object.assign(document, { subscribed: true, synced: false, greeted: false, updatesSent: 0, acked: 0 });
    this.sendFor(document.name, encodeSyncStep1(Y.encodeStateVector(document.doc)));
    const me = document.doc.clientID;
    if (document.awareness.getLocalState() !== null) {
      this.sendFor(document.name, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(document.awareness, [me])));
    }
  }

  private sendFor(name: string, body: Uint8Array): boolean {
    if (!this.connected) return false;
    this.socket.send(encodeDocumentFrame(name, body));
    return true;
  }

  private receive(raw: Uint8Array): void {
    const frame: RecordedFrame = { index: this.frames.length, raw: raw.slice(), name: null, message: null };
    this.frames.push(frame);
    try {
      const { name, message } = decodeDocumentFrame(raw);
      frame.name = name;
      frame.message = decodeMessage(message);
    } catch (error) {
      frame.undecodable = (error as Error).message;
      return;
    }
    const { name, message } = frame as { name: string; message: SyncMessage };
    if (message.kind === 'syncStep2' || message.kind === 'update') {
      try {
        Y.applyUpdate(this.received(name), message.update);
      } catch {
        // The replica is evidence only; the frame itself is recorded and scanned regardless.
      }
    }
    const document = this.documents.get(name);
    if (document) this.handle(document, message);
  }

  private handle(document: PeerDocument, message: SyncMessage): void {
    switch (message.kind) {
      case 'syncStep1':
        document.greeted = true;
        if (!document.subscribed) {
          // The server opened the document for an edit sent just before a refusal arrived: take
          // part in the sync properly rather than hold a half-synced copy.
          this.subscribe(document);
        }
        if (this.sendFor(document.name, encodeSyncStep2(Y.encodeStateAsUpdate(document.doc, message.stateVector)))) {
          document.updatesSent += 1;
        }
        return;
      case 'syncStep2':
      case 'update':
        Y.applyUpdate(document.doc, message.update, fromServer);
        if (message.kind === 'syncStep2') document.synced = true;
        return;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(document.awareness, message.update, fromServer);
        return;
      case 'ack':
        if (document.greeted) document.acked = message.count;
        return;
      case 'error':
        document.errors.push({ code: message.code, message: message.message });
        if (endsSubscription.has(message.code)) document.subscribed = false;
        return;
      default:
        return;
    }
  }
}
