/**
 * One connection's subscription to one document: handles that document's messages for that
 * connection, enforces its access level, and acknowledges committed writes in order.
 *
 * Messages that arrive while the document is still being authorized or loaded are queued and
 * handled in arrival order once it is ready, so a client may send its sync step 1 and its first
 * edits without waiting. While a write's verdict is looked up, the connection holds every later
 * frame (`SubscriptionHost.hold`). While its access is being re-decided (an asynchronous decision:
 * the data layer is asked), nothing more is sent to the client and what it sends waits, so a
 * withdrawal takes effect as of the moment it was asked for — no update applied meanwhile reaches
 * someone who lost access.
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
import type { WriteVerdict } from './syncServer.ts';

/** What a subscription needs from its connection. */
export interface SubscriptionHost {
  /** Multiplexed sockets get acks and error frames; single-document ones speak plain y-websocket. */
  readonly multiplexed: boolean;
  readonly open: boolean;
  readonly actorId: string | null;
  readonly actorName: string | null;
  validateWrite(documentName: string, doc: Y.Doc, update: Uint8Array): WriteVerdict | Promise<WriteVerdict>;
  /** Handles no further frame of the connection until `until` settles, then the held ones in order. */
  hold(until: Promise<unknown>): void;
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
  /** A write's verdict is being looked up: this subscription's later messages wait behind it. */
  private holding = false;
  private access: AccessLevel = 'none';
  private updatesReceived = 0;
  private acked: Promise<unknown> = Promise.resolve();
  /** Set when the connection drops this subscription; a later one for the same document counts anew. */
  private ended = false;
  /** Re-decisions of access not yet applied; while there are any, outgoing messages wait in `held`. */
  private redecisions = 0;
  private held: OutgoingMessage[] = [];

  constructor(
    readonly name: string,
    private readonly host: SubscriptionHost,
  ) {}

  send(message: OutgoingMessage): void {
    if (this.redecisions > 0) this.held.push(message);
    else this.host.send(message);
  }

  /** Access is being re-decided: hold everything for this document until `redecided`. */
  redeciding(): void {
    this.redecisions += 1;
  }

  /**
   * A re-decision was applied. Once none is pending, what was held goes out and what the client
   * sent meanwhile is handled — unless the subscription was dropped, which discards both.
   */
  redecided(): void {
    this.redecisions -= 1;
    if (this.redecisions > 0) return;
    const held = this.held;
    this.held = [];
    if (this.ended) return;
    for (const message of held) this.host.send(message);
    if (this.document) this.resume(() => this.drain());
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
    this.drain();
  }

  /**
   * Goes on with held messages once what they waited for is decided — in a promise callback, not in
   * the frame that brought them, so nothing above catches what they throw: a bad message closes the
   * sender here, as it would have on arrival, instead of escaping as an unhandled rejection (which
   * ends the process).
   */
  private resume(handle: () => void): void {
    try {
      handle();
    } catch (error) {
      if (error instanceof MalformedFrame) this.host.closeForBadInput(error.message);
      else this.host.closeForServerError('unexpected error handling a frame', error);
    }
  }

  /** Handles queued messages in order until one has to wait (a verdict, a re-decision). */
  private drain(): void {
    while (this.queued.length > 0 && !this.holding && this.redecisions === 0 && this.host.open) {
      this.handle(this.queued.shift() as SyncMessage);
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
  }

  /** Applies a re-decided access level (never `none`: that closes the subscription instead). */
  setAccess(access: AccessLevel): void {
    if (this.document) this.access = access;
  }

  handle(message: SyncMessage): void {
    const document = this.document;
    if (!document || this.holding || this.redecisions > 0) {
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
    const verdict = this.host.validateWrite(this.name, document.doc, update);
    if (!(verdict instanceof Promise)) {
      this.write(document, update, sequence, verdict);
      return;
    }
    this.holding = true;
    const decided = verdict.then(
      (decided) => {
        this.holding = false;
        // Unsubscribed, access withdrawn or disconnected meanwhile: nothing is stored; a client
        // still connected resends what was never acknowledged.
        if (this.ended || !this.host.open) {
          if (decided.refusal === null) decided.settle?.(false);
          return;
        }
        this.resume(() => {
          this.write(document, update, sequence, decided);
          this.drain();
        });
      },
      (error: unknown) => {
        this.holding = false;
        if (!this.host.open) return;
        if (error instanceof MalformedFrame) this.host.closeForBadInput(error.message);
        else this.host.closeForServerError('write check failed', error);
      },
    );
    this.host.hold(decided);
  }

  private write(document: SyncDocument, update: Uint8Array, sequence: number, verdict: WriteVerdict): void {
    if (verdict.refusal !== null) {
      // Not stored, not broadcast: the sender alone hears about it, and resets its copy.
      this.host.refuse(this.name, errorCode.writeRefused, verdict.refusal);
      return;
    }
    let committed: Promise<void>;
    try {
      committed = document.receiveUpdate(update, this, verdict);
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
