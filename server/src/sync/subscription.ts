/**
 * One connection's subscription to one document: handles that document's messages for that
 * connection, enforces its access level, and acknowledges committed writes in order.
 *
 * Messages that arrive while the document is still being authorized or loaded are queued and
 * handled in arrival order once it is ready, so a client may send its sync step 1 and its first
 * edits without waiting.
 */
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import {
  encodeAck,
  encodeSyncStep1,
  encodeSyncStep2,
  MalformedFrame,
  type SyncMessage,
} from '@atrium/shared/protocol/frames.ts';
import * as Y from 'yjs';
import { OutgoingMessage } from './outgoingMessage.ts';
import { type Subscriber, type SyncDocument, UpdateNotApplied, WriteRefused } from './syncDocument.ts';

/** What a subscription needs from its connection. */
export interface SubscriptionHost {
  /** Multiplexed sockets get acks and error frames; single-document ones speak plain y-websocket. */
  readonly multiplexed: boolean;
  readonly open: boolean;
  readonly actorId: string | null;
  readonly actorName: string | null;
  validateWrite(documentName: string, doc: Y.Doc, update: Uint8Array): string | null;
  send(message: OutgoingMessage): void;
  /** A per-document refusal: an error frame on multiplexed sockets, a close on single-document ones. */
  refuse(documentName: string, code: (typeof errorCode)[keyof typeof errorCode], message: string): void;
  closeForBadInput(reason: string): void;
  closeForServerError(reason: string, error: unknown): void;
  countUpdateIn(): void;
}

export class Subscription implements Subscriber {
  private document: SyncDocument | undefined;
  private queued: SyncMessage[] = [];
  private access: AccessLevel = 'none';
  private updatesReceived = 0;
  private acked: Promise<unknown> = Promise.resolve();
  /** Set when the connection drops this subscription; a later one for the same document counts anew. */
  private ended = false;
  /** Re-decisions of access in flight (`hold`); meanwhile messages for the client wait in `held`. */
  private holds = 0;
  private held: OutgoingMessage[] = [];

  constructor(
    readonly name: string,
    private readonly host: SubscriptionHost,
  ) {}

  send(message: OutgoingMessage): void {
    if (this.holds > 0) this.held.push(message);
    else this.host.send(message);
  }

  /**
   * Nothing more reaches the client until `release`: its access is being re-decided (asynchronously)
   * and may be gone, so what happens meanwhile — a write to an item just unshared — must wait for
   * the answer. Dropped with the subscription if access is withdrawn.
   */
  hold(): void {
    this.holds++;
  }

  /** The re-decision kept access: what was held is sent, in order, once no other one is pending. */
  release(): void {
    if (this.holds === 0 || --this.holds > 0) return;
    const held = this.held;
    this.held = [];
    for (const message of held) this.host.send(message);
  }

  /** The user whose connection this is: the author of the changes it brings. */
  get actorId(): string | null {
    return this.host.actorId;
  }

  get actorName(): string | null {
    return this.host.actorName;
  }

  get syncDocument(): SyncDocument | undefined {
    return this.document;
  }

  /** Called once the document is loaded and access decided: greet the client, then drain the queue. */
  start(document: SyncDocument, access: AccessLevel): void {
    this.document = document;
    this.access = access;
    // Ask for what the client has that we lack — unless it may not write, in which case we do not
    // invite an answer we would have to refuse.
    if (access === 'write') this.reply(encodeSyncStep1(Y.encodeStateVector(document.doc)));
    const awareness = document.awarenessSnapshot();
    if (awareness) this.reply(awareness);
    const queued = this.queued;
    this.queued = [];
    for (const message of queued) {
      if (!this.host.open) return;
      this.handle(message);
    }
  }

  /**
   * The connection no longer carries this subscription (unsubscribed, access withdrawn, or closed).
   * Writes still committing stay committed, but their acks are not sent: a new subscription to the
   * same document on the same socket counts its messages from one, and an old count would tell the
   * client that writes of the new subscription are saved when they may not be.
   */
  end(): void {
    this.ended = true;
    this.holds = 0;
    this.held = [];
  }

  /** Applies a re-decided access level (never `none`: that closes the subscription instead). */
  setAccess(access: AccessLevel): void {
    if (this.document) this.access = access;
  }

  handle(message: SyncMessage): void {
    const document = this.document;
    if (!document) {
      this.queued.push(message);
      return;
    }
    switch (message.kind) {
      case 'syncStep1':
        this.reply(encodeSyncStep2(integratedStateAsUpdate(document.doc, message.stateVector)));
        return;
      case 'syncStep2':
      case 'update':
        this.receiveUpdate(document, message.update);
        return;
      case 'awareness': {
        const refusal = document.receiveAwareness(message.update, this);
        if (refusal !== null) this.host.refuse(this.name, errorCode.writeRefused, refusal);
        return;
      }
      case 'queryAwareness': {
        const awareness = document.awarenessSnapshot();
        if (awareness) this.reply(awareness);
        return;
      }
      case 'auth':
        // The y-websocket auth message carries nothing we use: authentication happens at upgrade.
        return;
      default:
        throw new MalformedFrame(`a client may not send ${message.kind} messages`);
    }
  }

  private receiveUpdate(document: SyncDocument, update: Uint8Array): void {
    this.host.countUpdateIn();
    const sequence = ++this.updatesReceived;
    if (this.access !== 'write') {
      this.host.refuse(
        this.name,
        errorCode.readOnly,
        'You can read this document but not change it; the change was not saved.',
      );
      return;
    }
    const refusal = this.host.validateWrite(this.name, document.doc, update);
    if (refusal !== null) {
      // Not stored, not broadcast: the sender alone hears about it, and resets its copy.
      this.host.refuse(this.name, errorCode.writeRefused, refusal);
      return;
    }
    let committed: Promise<void>;
    try {
      committed = document.receiveUpdate(update, this);
    } catch (error) {
      if (!(error instanceof WriteRefused)) throw error;
      this.host.refuse(this.name, errorCode.writeRefused, error.message);
      return;
    }
    // Acks must be cumulative and in order, so each waits for every earlier write of this subscription.
    this.acked = Promise.all([this.acked, committed]).then(
      () => {
        if (this.host.multiplexed && this.host.open && !this.ended) this.reply(encodeAck(sequence));
      },
      (error: unknown) => {
        if (!this.host.open) return;
        if (error instanceof UpdateNotApplied) {
          // Resending it cannot help: like any refused write it keeps its number and is never
          // acknowledged itself; the client resets this document to the server's state.
          if (!this.ended) this.host.refuse(this.name, errorCode.writeRefused, error.message);
          return;
        }
        // Multiplexed clients learn which document failed; every client then reconnects and resends.
        if (this.host.multiplexed) {
          this.host.refuse(this.name, errorCode.storageFailed, 'The server could not save this change; reconnecting.');
        }
        this.host.closeForServerError('storage failed', error);
      },
    );
  }

  private reply(body: Uint8Array): void {
    this.send(new OutgoingMessage(this.name, body));
  }
}

/**
 * What the client lacks of the server's state, without the server's pending changes (structs and
 * deletions waiting for content the server does not have yet, which Yjs would include). A client
 * given someone else's pending changes would hold them pending too, and offer them back in a later
 * sync reply as part of its own update — which the authorship check must refuse, the client's own
 * edits with it. Pending changes reach clients through the broadcast once they integrate. Versions
 * are taken the same way: what the document showed, never changes it was still waiting to place.
 */
export function integratedStateAsUpdate(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { pendingStructs, pendingDs } = doc.store;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } catch (error) {
    throw new MalformedFrame(`bad state vector: ${(error as Error).message}`);
  } finally {
    doc.store.pendingStructs = pendingStructs;
    doc.store.pendingDs = pendingDs;
  }
}
