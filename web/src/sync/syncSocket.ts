/**
 * One WebSocket to the server's multiplexed endpoint (`/ws`) carrying every document the app has
 * open. Reconnects by itself with exponential backoff and jitter, and on every (re)connect resyncs
 * each open document from its state vector, so edits made offline are delivered.
 */
import { closeCode } from '@atrium/shared/protocol/errorCodes.ts';
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeDocumentFrame,
  encodeUnsubscribe,
} from '@atrium/shared/protocol/frames.ts';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { DocumentSync, type DocumentSyncOptions } from './documentSync.ts';

type WebSocketLike = {
  binaryType: string;
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
};

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'closed';

export type SyncSocketOptions = {
  /** ws(s)://host:port/ws */
  url: string;
  /** Defaults to the global WebSocket (browsers); pass `ws` in Node. */
  WebSocket?: WebSocketConstructor;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Whether trying is worth it now (browsers: `navigator.onLine`); when not, wait for `reconnectNow`. */
  networkAvailable?: () => boolean;
};

const open = 1;
/** Close codes after which retrying cannot help: the person must sign in again. */
const finalCloseCodes = new Set<number>([closeCode.unauthorized]);

export class SyncSocket {
  private socket: WebSocketLike | undefined;
  private readonly documents = new Map<string, DocumentSync>();
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  state: ConnectionState = 'connecting';

  constructor(private readonly options: SyncSocketOptions) {
    this.connect();
  }

  /** Starts syncing a document over this socket. */
  open(
    name: string,
    doc: Y.Doc,
    awareness?: awarenessProtocol.Awareness,
    options: Pick<DocumentSyncOptions, 'initialUnsaved' | 'quietOrigins' | 'pacing'> = {},
  ): DocumentSync {
    if (this.documents.has(name)) throw new Error(`document ${name} is already open`);
    const document = new DocumentSync(name, doc, {
      ...options,
      awareness,
      send: (message) => this.send(name, message),
    });
    this.documents.set(name, document);
    if (this.state === 'online') document.connect();
    return document;
  }

  /**
   * Starts over with a fresh Y.Doc for a document, after the server refused a write to it
   * (`write_refused`, `read_only`): a CRDT cannot un-apply a change, so the refused edits are
   * dropped by replacing the replica with the server's state. Read the old doc first to let the
   * person copy out what was not accepted.
   */
  reopen(
    name: string,
    doc: Y.Doc,
    awareness?: awarenessProtocol.Awareness,
    options: Pick<DocumentSyncOptions, 'initialUnsaved' | 'quietOrigins' | 'pacing'> = {},
  ): DocumentSync {
    this.release(name);
    return this.open(name, doc, awareness, options);
  }

  /** Stops syncing a document (the Y.Doc itself is left to its owner). */
  release(name: string): void {
    const document = this.documents.get(name);
    if (!document) return;
    this.documents.delete(name);
    this.send(name, encodeUnsubscribe());
    document.destroy();
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The network went away (the browser said so): drop the socket now. Its close handshake cannot
   * complete without a network, so waiting for `onclose` could leave "Saved" on screen for a
   * minute; the documents count their changes as kept on this device from this moment.
   */
  disconnect(): void {
    const socket = this.socket;
    if (!socket) return;
    this.dropped(socket);
    socket.close();
    // Tries again with backoff (each try first asks whether the network is there), in case the
    // browser never says it is back.
    if (!this.stopped) this.scheduleReconnect();
  }

  /** Skips the backoff: the network is back (the browser said so, or the person asked). */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.attempts = 0;
    this.connect();
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(closeCode.normal, 'closed by client');
    for (const name of [...this.documents.keys()]) this.release(name);
    this.setState('closed');
  }

  private connect(): void {
    if (this.stopped) return;
    if (this.options.networkAvailable && !this.options.networkAvailable()) {
      this.setState('offline');
      this.scheduleReconnect();
      return;
    }
    const Impl = this.options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    const socket = new Impl(this.options.url);
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    this.setState('connecting');
    socket.onopen = () => {
      this.attempts = 0;
      this.setState('online');
      for (const document of this.documents.values()) document.connect();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close event always follows; reconnection is handled there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.dropped(socket);
      if (this.stopped || finalCloseCodes.has(event.code)) return;
      this.scheduleReconnect();
    };
  }

  /** Forgets the socket and tells every document it is offline; frames still arriving are ignored. */
  private dropped(socket: WebSocketLike): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    socket.onmessage = null;
    for (const document of this.documents.values()) document.disconnect();
    if (!this.stopped) this.setState('offline');
  }

  private scheduleReconnect(): void {
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 10_000;
    const delay = Math.min(max, min * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private send(name: string, message: Uint8Array): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== open) return false;
    socket.send(encodeDocumentFrame(name, message));
    return true;
  }

  private receive(data: unknown): void {
    const bytes = toBytes(data);
    if (!bytes) return;
    const { name, message } = decodeDocumentFrame(bytes);
    this.documents.get(name)?.receive(decodeMessage(message));
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
