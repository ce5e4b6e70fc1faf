/**
 * A sync client that presents credentials the way browsers and scripts do — a session cookie, an
 * API token (Authorization header or `?token=`) and an Origin — for the sync access tests. Like
 * `syncClient.ts` it speaks the wire protocol through the shared frame codec only, so a test sees
 * exactly what the server sends: error frames per document, close codes, the upgrade's HTTP status.
 */
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeDocumentFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from '@atrium/shared/protocol/frames.ts';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Defer } from './cleanup.ts';
import { type CloseRecord, eventually } from './syncClient.ts';

export type SyncCredentials = {
  /** A Cookie header value, e.g. `atrium_session=…`. */
  cookie?: string | undefined;
  /** Sent as `Authorization: Bearer …`. */
  bearer?: string | undefined;
  /** Sent as the `token` query parameter (for clients that cannot set headers). */
  token?: string | undefined;
  origin?: string | undefined;
};

/** Where a socket goes: the multiplexed endpoint, or one document's own endpoint. */
export type SyncTarget = { ws: true } | { document: string };

export type PeerDocument = {
  name: string;
  doc: Y.Doc;
  synced: boolean;
  updatesSent: number;
  acked: number;
  errors: Array<{ code: string; message: string }>;
};

function socketUrl(wsBaseUrl: string, target: SyncTarget, credentials: SyncCredentials): string {
  const path = 'ws' in target ? '/ws' : `/sync/${target.document.split('/').map(encodeURIComponent).join('/')}`;
  const query = credentials.token ? `?token=${encodeURIComponent(credentials.token)}` : '';
  return `${wsBaseUrl}${path}${query}`;
}

function socketOptions(credentials: SyncCredentials) {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
  return { headers, ...(credentials.origin ? { origin: credentials.origin } : {}) };
}

/**
 * Attempts the WebSocket upgrade and reports how it ended: `open` (then closed again at once), or
 * the HTTP status and JSON body the server refused it with.
 */
export function attemptUpgrade(
  wsBaseUrl: string,
  target: SyncTarget,
  credentials: SyncCredentials,
): Promise<{ status: 'open' } | { status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl(wsBaseUrl, target, credentials), socketOptions(credentials));
    socket.once('open', () => {
      socket.close(1000);
      resolve({ status: 'open' });
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      response.on('error', reject);
    });
    socket.once('error', reject);
  });
}

/** Origin of changes applied from the server, so they are not sent back. */
const fromServer = Symbol('from server');

export class SyncPeer {
  closedWith: CloseRecord | undefined;
  readonly closed: Promise<CloseRecord>;
  private readonly documents = new Map<string, PeerDocument>();

  private constructor(
    private readonly socket: WebSocket,
    readonly multiplexed: boolean,
  ) {
    socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.closed = new Promise((resolve) => {
      socket.on('close', (code: number, reason: Buffer) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
      });
    });
  }

  /** Opens `/ws` (documents are then subscribed with `open`) or `/sync/<name>` (subscribed at once). */
  static async connect(
    wsBaseUrl: string,
    target: SyncTarget,
    credentials: SyncCredentials,
    defer: Defer,
  ): Promise<SyncPeer> {
    const socket = new WebSocket(socketUrl(wsBaseUrl, target, credentials), socketOptions(credentials));
    const peer = new SyncPeer(socket, 'ws' in target);
    defer(() => peer.close());
    // Registered before the handshake completes: a /sync/ socket is greeted (or refused) at once.
    if ('document' in target) peer.register(target.document);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    for (const document of peer.documents.values())
      peer.sendFor(document.name, encodeSyncStep1(Y.encodeStateVector(document.doc)));
    return peer;
  }

  get connected(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Subscribes to a document on a multiplexed socket (sync step 1). */
  open(name: string): PeerDocument {
    const document = this.register(name);
    this.sendFor(name, encodeSyncStep1(Y.encodeStateVector(document.doc)));
    return document;
  }

  document(name?: string): PeerDocument {
    const document = name === undefined ? [...this.documents.values()][0] : this.documents.get(name);
    if (!document) throw new Error(`document ${name ?? '(any)'} is not open on this peer`);
    return document;
  }

  /** Edits the document locally; the change is sent to the server as an update. */
  write(name: string | undefined, key: string, value: string): void {
    this.document(name).doc.getMap('fields').set(key, value);
  }

  async waitForSync(name?: string): Promise<void> {
    const document = this.document(name);
    await eventually(() => expect(document.synced, `${document.name} synced`).toBe(true));
  }

  async waitForAck(name?: string): Promise<void> {
    const document = this.document(name);
    const expected = document.updatesSent;
    await eventually(() => expect(document.acked, `${document.name} acked`).toBeGreaterThanOrEqual(expected));
  }

  /** Waits for the next error frame about a document and returns its code. */
  async waitForError(name: string): Promise<string> {
    const document = this.document(name);
    const error = await eventually(() => {
      const [first] = document.errors;
      expect(first, `an error frame for ${name}`).toBeDefined();
      return first as { code: string };
    });
    return error.code;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    if (this.socket.readyState !== WebSocket.CLOSING) this.socket.close(1000);
    await this.closed;
  }

  private register(name: string): PeerDocument {
    const document: PeerDocument = { name, doc: new Y.Doc(), synced: false, updatesSent: 0, acked: 0, errors: [] };
    this.documents.set(name, document);
    document.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== fromServer && this.sendFor(name, encodeUpdate(update))) document.updatesSent += 1;
    });
    return document;
  }

  private sendFor(name: string, body: Uint8Array): boolean {
    if (!this.connected) return false;
    this.socket.send(this.multiplexed ? encodeDocumentFrame(name, body) : body);
    return true;
  }

  private receive(bytes: Uint8Array): void {
    let name: string;
    let body: Uint8Array;
    if (this.multiplexed) ({ name, message: body } = decodeDocumentFrame(bytes));
    else [name, body] = [this.document().name, bytes];
    const document = this.documents.get(name);
    if (!document) return;
    const message = decodeMessage(body);
    switch (message.kind) {
      case 'syncStep1':
        if (this.sendFor(name, encodeSyncStep2(Y.encodeStateAsUpdate(document.doc, message.stateVector)))) {
          document.updatesSent += 1;
        }
        return;
      case 'syncStep2':
      case 'update':
        Y.applyUpdate(document.doc, message.update, fromServer);
        if (message.kind === 'syncStep2') document.synced = true;
        return;
      case 'ack':
        document.acked = message.count;
        return;
      case 'error':
        document.errors.push({ code: message.code, message: message.message });
        return;
      default:
        return;
    }
  }
}
