/**
 * A raw sync client for integration tests. It speaks the wire protocol with the shared frame codec
 * and nothing else (no production client code), so a test sees exactly what the server sends.
 *
 * Each opened document has its own Y.Doc and awareness. Local edits are sent as update messages,
 * the server's step 1 is answered with a step 2, and every update-bearing message sent on the
 * current socket is counted so acks (multiplexed framing) can be matched to writes. What the
 * server sends that the protocol forbids is recorded in `violations` rather than thrown, so a test
 * can assert on it.
 */
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
import { ClientDocument } from './clientDocument.ts';
import { eventually } from './eventually.ts';

// Other suites (access tests) import the polling helper from here.
export { eventually };

/** Origin of changes that came from the server, so they are not echoed back. */
const fromServer = Symbol('from server');

export type Framing = 'multiplexed' | 'single';
export const framings: Framing[] = ['multiplexed', 'single'];

export type CloseRecord = { code: number; reason: string };

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class SyncClient {
  closedWith: CloseRecord | undefined;
  /** Bytes of every frame this client sent, for checking the server's byte counters. */
  bytesSent = 0;
  /** Every message the server sent, in order of arrival. */
  readonly inbox: Array<{ name: string; message: SyncMessage }> = [];
  /** Messages for documents this client has not opened (e.g. error frames for an invalid name). */
  readonly unsolicited: Array<{ name: string; message: SyncMessage }> = [];
  /** Things the server sent that the protocol does not allow. */
  readonly violations: string[] = [];
  /** Called synchronously for every message the server sends, after the client handled it. */
  onMessage: ((document: ClientDocument | undefined, message: SyncMessage) => void) | undefined;

  /** Socket-level errors the client saw (the server breaking the WebSocket protocol). */
  readonly socketErrors: Error[] = [];

  private readonly documents = new Map<string, ClientDocument>();
  private readonly detachers = new Map<string, () => void>();
  private socket!: WebSocket;
  private opened!: Promise<void>;
  private closed!: Promise<CloseRecord>;

  private constructor(
    private readonly url: string,
    readonly framing: Framing,
  ) {
    this.createSocket();
  }

  /** Connects to `/ws`; documents are subscribed with `open`. */
  static async multiplexed(wsBaseUrl: string, defer?: Defer): Promise<SyncClient> {
    const client = new SyncClient(`${wsBaseUrl}/ws`, 'multiplexed');
    defer?.(() => client.close());
    await client.opened;
    return client;
  }

  /** Connects to `/sync/<name>` and starts syncing that one document. */
  static async single(wsBaseUrl: string, name: string, defer?: Defer, doc = new Y.Doc()): Promise<SyncClient> {
    // Every character escaped, slashes too: a URL parser would otherwise resolve `..` segments.
    const url = `${wsBaseUrl}/sync/${encodeURIComponent(name)}`;
    const client = new SyncClient(url, 'single');
    defer?.(() => client.close());
    // Registered before the handshake: the server greets a /sync/ socket as soon as it opens.
    client.open(name, doc);
    await client.opened;
    return client;
  }

  static async connect(framing: Framing, wsBaseUrl: string, name: string, defer?: Defer): Promise<SyncClient> {
    if (framing === 'single') return SyncClient.single(wsBaseUrl, name, defer);
    const client = await SyncClient.multiplexed(wsBaseUrl, defer);
    client.open(name);
    return client;
  }

  get connected(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Starts syncing a document: registers its Y.Doc and sends sync step 1 (which subscribes on /ws). */
  open(name: string, doc = new Y.Doc()): ClientDocument {
    if (this.framing === 'single' && this.documents.size > 0) throw new Error('a /sync/ socket carries one document');
    const document = new ClientDocument(name, doc);
    this.documents.set(name, document);
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === fromServer) return;
      if (this.sendFor(name, encodeUpdate(update))) document.updatesSent += 1;
    };
    const onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin === fromServer) return;
      const changed = [...added, ...updated, ...removed];
      this.sendFor(name, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(document.awareness, changed)));
    };
    doc.on('update', onUpdate);
    document.awareness.on('update', onAwareness);
    this.detachers.set(name, () => {
      doc.off('update', onUpdate);
      document.awareness.off('update', onAwareness);
      document.awareness.destroy();
    });
    // Not yet connected: the socket's open handler sends step 1 for every registered document.
    if (this.connected) this.sendFor(name, encodeSyncStep1(Y.encodeStateVector(doc)));
    return document;
  }

  /** The opened document called `name` (or the only one). */
  document(name?: string): ClientDocument {
    const document = name === undefined ? [...this.documents.values()][0] : this.documents.get(name);
    if (!document) throw new Error(`document ${name ?? '(any)'} is not open on this client`);
    return document;
  }

  doc(name?: string): Y.Doc {
    return this.document(name).doc;
  }

  /** Sends 102 unsubscribe and forgets the document (/ws only). */
  unsubscribe(name: string): void {
    this.sendFor(name, encodeUnsubscribe());
    this.forget(name);
  }

  /** Sends a message for a document, framed for this socket; false when the socket is not open. */
  sendFor(name: string, body: Uint8Array): boolean {
    return this.sendRaw(this.framing === 'multiplexed' ? encodeDocumentFrame(name, body) : body);
  }

  /** Sends bytes (or a text frame) exactly as given. */
  sendRaw(data: Uint8Array | string): boolean {
    if (!this.connected) return false;
    this.socket.send(data);
    this.bytesSent += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    return true;
  }

  async waitForSync(name?: string): Promise<void> {
    const document = this.document(name);
    await eventually(() => expect(document.synced, `${document.name} synced`).toBe(true));
  }

  /** Waits until every update-bearing message sent for the document so far is acknowledged. */
  async waitForAck(name?: string): Promise<void> {
    if (this.framing !== 'multiplexed') throw new Error('only /ws sockets are acknowledged');
    const document = this.document(name);
    const expected = document.updatesSent;
    await eventually(() => expect(document.acked, `${document.name} acked`).toBeGreaterThanOrEqual(expected));
  }

  /** Resolves with the close code and reason once the socket has closed (for whatever reason). */
  waitForClose(): Promise<CloseRecord> {
    return this.closed;
  }

  /** Closes the socket but keeps the documents, which can be edited offline and `reconnect`ed. */
  async disconnect(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(1000);
    await this.closed;
  }

  /** Opens a new socket and re-syncs every document (step 1 both ways, as after being offline). */
  async reconnect(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) throw new Error('disconnect first');
    this.closedWith = undefined;
    this.createSocket();
    await this.opened;
  }

  /** Drops the connection without a closing handshake, as a crashed or unplugged client would. */
  terminate(): void {
    this.socket.terminate();
  }

  async close(): Promise<void> {
    await this.disconnect();
    for (const name of [...this.documents.keys()]) this.forget(name);
  }

  private forget(name: string): void {
    this.detachers.get(name)?.();
    this.detachers.delete(name);
    this.documents.delete(name);
  }

  /** Listeners go on before the handshake completes: a server may send (or close) right after it. */
  private createSocket(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    let handshakeDone = false;
    this.opened = new Promise((resolve, reject) => {
      socket.once('open', () => {
        handshakeDone = true;
        for (const document of this.documents.values()) {
          document.resetForNewSocket();
          this.sendFor(document.name, encodeSyncStep1(Y.encodeStateVector(document.doc)));
        }
        resolve();
      });
      socket.on('error', (error) => {
        if (handshakeDone) this.socketErrors.push(error);
        else reject(error);
      });
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code: number, reason: Buffer) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
      });
    });
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (!isBinary) {
      this.violations.push('the server sent a text frame');
      return;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let name: string;
    let body: Uint8Array;
    let message: SyncMessage;
    try {
      if (this.framing === 'multiplexed') ({ name, message: body } = decodeDocumentFrame(bytes));
      else [name, body] = [this.document().name, bytes];
      message = decodeMessage(body);
    } catch (error) {
      this.violations.push(`undecodable frame from the server: ${(error as Error).message}`);
      return;
    }
    this.inbox.push({ name, message });
    const document = this.documents.get(name);
    if (!document) this.unsolicited.push({ name, message });
    else this.handle(document, message);
    this.onMessage?.(document, message);
  }

  private handle(document: ClientDocument, message: SyncMessage): void {
    document.received.push(message);
    if (this.framing === 'single' && (message.kind === 'ack' || message.kind === 'error')) {
      this.violations.push(`${message.kind} sent on a /sync/ socket`);
    }
    switch (message.kind) {
      case 'syncStep1':
        document.greeted = true;
        if (this.sendFor(document.name, encodeSyncStep2(Y.encodeStateAsUpdate(document.doc, message.stateVector)))) {
          document.updatesSent += 1;
        }
        return;
      case 'syncStep2':
      case 'update':
        try {
          Y.applyUpdate(document.doc, message.update, fromServer);
        } catch (error) {
          this.violations.push(
            `${document.name}: the server sent an update that does not apply: ${(error as Error).message}`,
          );
        }
        if (message.kind === 'syncStep2') document.synced = true;
        return;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(document.awareness, message.update, fromServer);
        return;
      case 'ack':
        if (this.framing === 'multiplexed' && !document.greeted) {
          document.earlierAcks.push(message.count);
          return;
        }
        if (message.count < document.acked || message.count > document.updatesSent) {
          this.violations.push(
            `${document.name}: ack ${message.count} after ${document.acked}, ${document.updatesSent} sent`,
          );
        }
        document.acked = message.count;
        return;
      case 'error':
        document.errors.push({ code: message.code, message: message.message });
        return;
      default:
        this.violations.push(`${document.name}: the server sent ${message.kind}`);
    }
  }
}
