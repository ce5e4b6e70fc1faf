/**
 * One sync WebSocket. Decodes frames, routes each message to the subscription for its document
 * (creating it, after an access check, on first use), and owns the socket's fate: a malformed,
 * unknown or garbage frame closes this connection — and only this one.
 *
 * Two framings: a single-document socket (`/sync/<name>`, plain y-websocket, subscribed at
 * connect) and a multiplexed socket (`/ws`, every frame prefixed with its document name).
 */
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import { isValidDocumentName } from '@atrium/shared/model/documentName.ts';
import { closeCode, type ErrorCode, errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { decodeDocumentFrame, decodeMessage, encodeError, MalformedFrame } from '@atrium/shared/protocol/frames.ts';
import type { WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { SyncMetrics } from '../metrics.ts';
import type { DocumentRegistry } from './documentRegistry.ts';
import { OutgoingMessage } from './outgoingMessage.ts';
import { Subscription, type SubscriptionHost } from './subscription.ts';

/** A peer that lets this much pile up unsent is not reading; drop it rather than our memory. */
const maxBufferedBytes = 64 * 1024 * 1024;

export type ConnectionContext = {
  registry: DocumentRegistry;
  authorize: (documentName: string) => AccessLevel | Promise<AccessLevel>;
  validateWrite: (documentName: string, doc: Y.Doc, update: Uint8Array) => string | null;
  /** The user behind this socket (null when anonymous), recorded as the author of its changes. */
  actorId: string | null;
  /** That user's name, which their presence carries (null when anonymous). */
  actorName: string | null;
  log: Logger;
  metrics: SyncMetrics;
};

export type Framing = { kind: 'single'; documentName: string } | { kind: 'multiplexed' };

export class Connection implements SubscriptionHost {
  private readonly subscriptions = new Map<string, Subscription>();
  private closed = false;
  alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly framing: Framing,
    private readonly context: ConnectionContext,
  ) {
    context.metrics.connections.inc();
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('error', (error) => {
      // ws reports oversized frames (closing with 1009 itself) and protocol violations here.
      context.log.warn({ err: error }, 'sync socket error; closing the connection');
      context.metrics.closedForBadInput.inc();
    });
    socket.on('close', () => this.cleanUp());
    if (framing.kind === 'single') this.subscription(framing.documentName);
  }

  get actorId(): string | null {
    return this.context.actorId;
  }

  get actorName(): string | null {
    return this.context.actorName;
  }

  validateWrite(documentName: string, doc: Y.Doc, update: Uint8Array): string | null {
    return this.context.validateWrite(documentName, doc, update);
  }

  get multiplexed(): boolean {
    return this.framing.kind === 'multiplexed';
  }

  get open(): boolean {
    return !this.closed;
  }

  send(message: OutgoingMessage): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > maxBufferedBytes) {
      this.close(closeCode.slowConsumer, 'send buffer overflow');
      return;
    }
    const bytes = this.multiplexed ? message.framed() : message.body;
    this.context.metrics.bytesOut.inc(bytes.byteLength);
    this.socket.send(bytes);
  }

  refuse(documentName: string, code: ErrorCode, message: string): void {
    this.context.log.info({ document: documentName, code }, 'refused');
    if (!this.multiplexed) {
      this.close(closeCode.forbidden, code);
      return;
    }
    this.send(new OutgoingMessage(documentName, encodeError(code, message)));
  }

  closeForBadInput(reason: string): void {
    this.context.log.warn({ reason }, 'closing sync connection: bad input');
    this.context.metrics.closedForBadInput.inc();
    this.close(closeCode.malformed, reason);
  }

  closeForServerError(reason: string, error: unknown): void {
    this.context.log.error({ err: error, reason }, 'closing sync connection: server error');
    this.close(1011, reason);
  }

  countUpdateIn(): void {
    this.context.metrics.updatesIn.inc();
  }

  /** Pings, or terminates a peer that did not answer the previous ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    // A close reason may hold at most 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
    this.cleanUp();
  }

  /** Withdraws one document from this socket (access revoked, or the client unsubscribed). */
  drop(documentName: string, notice?: { code: ErrorCode; message: string }): void {
    const subscription = this.subscriptions.get(documentName);
    if (!subscription) return;
    this.subscriptions.delete(documentName);
    subscription.end();
    const document = subscription.syncDocument;
    if (document) this.context.registry.unsubscribe(document, subscription);
    if (notice) this.refuse(documentName, notice.code, notice.message);
  }

  /**
   * Re-asks the access decision for every subscription and applies the answer, so a revoked
   * subscription receives nothing more: at once when the policy answers synchronously, otherwise
   * the subscription is held (sends nothing) until the answer comes.
   */
  reauthorize(): void {
    for (const [name, subscription] of [...this.subscriptions]) {
      let decided: AccessLevel | Promise<AccessLevel>;
      try {
        decided = this.context.authorize(name);
      } catch (error) {
        decided = Promise.reject(error);
      }
      if (typeof decided === 'string') {
        this.applyAccess(name, subscription, decided);
        continue;
      }
      // Answered later: until then the subscription receives nothing, as if decided at once.
      subscription.hold();
      decided
        .then(
          (access) => this.applyAccess(name, subscription, access),
          (error: unknown) => {
            this.context.log.error({ err: error, document: name }, 'access re-check failed; closing the subscription');
            this.applyAccess(name, subscription, 'none');
          },
        )
        .finally(() => subscription.release());
    }
  }

  private applyAccess(name: string, subscription: Subscription, access: AccessLevel): void {
    if (this.subscriptions.get(name) !== subscription) return;
    if (access === 'none') {
      this.drop(name, { code: errorCode.accessRevoked, message: 'Your access to this document was withdrawn.' });
    } else {
      subscription.setAccess(access);
    }
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.context.metrics.bytesIn.inc(data.byteLength);
    if (!isBinary) {
      this.closeForBadInput('text frames are not part of the protocol');
      return;
    }
    try {
      this.dispatch(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      if (error instanceof MalformedFrame) {
        this.closeForBadInput(error.message);
        return;
      }
      this.closeForServerError('unexpected error handling a frame', error);
    }
  }

  private dispatch(frame: Uint8Array): void {
    if (this.framing.kind === 'single') {
      this.subscriptions.get(this.framing.documentName)?.handle(decodeMessage(frame));
      return;
    }
    const { name, message: bytes } = decodeDocumentFrame(frame);
    const message = decodeMessage(bytes);
    if (message.kind === 'unsubscribe') {
      this.drop(name);
      return;
    }
    this.subscription(name)?.handle(message);
  }

  /** The subscription for a document, created (and its authorization and load started) on first use. */
  private subscription(name: string): Subscription | undefined {
    const existing = this.subscriptions.get(name);
    if (existing) return existing;
    if (!isValidDocumentName(name)) {
      this.refuse(name.slice(0, 256), errorCode.invalidName, 'That is not a valid document name.');
      return undefined;
    }
    const subscription = new Subscription(name, this);
    this.subscriptions.set(name, subscription);
    void this.startSubscription(subscription);
    return subscription;
  }

  private async startSubscription(subscription: Subscription): Promise<void> {
    const { registry, authorize } = this.context;
    const { name } = subscription;
    try {
      const access = await authorize(name);
      if (this.subscriptions.get(name) !== subscription) return;
      if (access === 'none') {
        this.subscriptions.delete(name);
        // Same answer whether the document is missing or forbidden: names must not be probeable.
        this.refuse(name, errorCode.forbidden, 'This document does not exist or you do not have access to it.');
        return;
      }
      const document = await registry.subscribe(name, subscription);
      if (this.subscriptions.get(name) !== subscription) {
        registry.unsubscribe(document, subscription);
        return;
      }
      subscription.start(document, access);
    } catch (error) {
      if (error instanceof MalformedFrame) {
        this.closeForBadInput(error.message);
        return;
      }
      this.subscriptions.delete(name);
      this.refuse(name, errorCode.storageFailed, 'The server could not open this document.');
      this.context.log.error({ err: error, document: name }, 'could not open document');
    }
  }

  private cleanUp(): void {
    if (this.closed && this.subscriptions.size === 0) return;
    const firstTime = !this.closed;
    this.closed = true;
    for (const name of [...this.subscriptions.keys()]) this.drop(name);
    if (firstTime) this.context.metrics.connections.dec();
  }
}
