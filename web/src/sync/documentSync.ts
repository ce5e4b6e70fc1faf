/**
 * The client side of one document on a multiplexed sync socket: exchanges sync steps, sends local
 * edits, applies remote ones, relays presence, and keeps an honest save state.
 *
 * "Saved" is the server's word, not ours: every update-bearing message we send is counted, and the
 * server's cumulative ack (sent only after it committed them) tells us how many are durable. Edits
 * made while offline are counted as unsaved and travel in the sync step 2 we send on reconnect.
 */
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type SyncMessage,
} from '@atrium/shared/protocol/frames.ts';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type RemotePacing, runAll } from './remotePacing.ts';
import { addWork, hasWork, noWork, type UnsavedWork, workOf } from './unsavedWork.ts';

/**
 * What the UI says about a document. `unsaved` is the work made here that the server has not
 * acknowledged, as the person would name it (edits, messages, comments — unsavedWork.ts).
 * `refused` with unsaved work means it was not accepted (access lost while offline, read-only, or
 * a rule broken): the app shows the message and lets the person copy their text out, then calls
 * `SyncSocket.reopen`.
 */
export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving'; unsaved: UnsavedWork }
  | { kind: 'offline'; unsaved: UnsavedWork }
  | { kind: 'refused'; code: string; message: string; unsaved: UnsavedWork };

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export type DocumentSyncOptions = {
  awareness?: awarenessProtocol.Awareness;
  /** Sends one message about this document; returns false when the socket is not open. */
  send: (message: Uint8Array) => boolean;
  /**
   * Unsaved work carried over from an earlier page load (edits made offline, then a reload): it is
   * in the replica (restored from IndexedDB) but the server has not acknowledged it.
   */
  initialUnsaved?: UnsavedWork;
  /**
   * Origins of updates that are not edits made here, such as the IndexedDB persistence restoring
   * the replica: they are still offered to the server but do not count as unsaved changes.
   */
  quietOrigins?: ReadonlySet<unknown>;
  /**
   * Gathers other people's edits and draws them around the person's own typing (in the browser
   * app, remotePacing.ts); without it they are applied as they arrive.
   */
  pacing?: RemotePacing;
};

export class DocumentSync {
  readonly awareness: awarenessProtocol.Awareness | undefined;
  private readonly pacing: RemotePacing | undefined;
  private connected = false;
  private synced = false;
  /** Our reply to the server's step 1 carries every edit it lacks, offline ones included. */
  private answeredServer = false;
  private sent = 0;
  private acked = 0;
  /** Reset only when the server has acknowledged everything we sent (`settle`). */
  private unsaved: UnsavedWork = noWork;
  private refusal: { code: string; message: string } | undefined;
  private lastEmitted = '';
  private readonly listeners = new Set<(state: SaveState) => void>();
  private readonly syncedWaiters: Array<() => void> = [];
  /** The server's updates not applied yet (see `pacing`), in the order they came. */
  private readonly remoteUpdates: Uint8Array[] = [];

  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
    private readonly options: DocumentSyncOptions,
  ) {
    this.awareness = options.awareness;
    this.pacing = options.pacing;
    this.unsaved = options.initialUnsaved ?? noWork;
    doc.on('update', this.onLocalUpdate);
    this.awareness?.on('update', this.onLocalAwareness);
  }

  get state(): SaveState {
    if (this.refusal) return { kind: 'refused', ...this.refusal, unsaved: this.unsaved };
    if (!this.connected) return { kind: 'offline', unsaved: this.unsaved };
    if (hasWork(this.unsaved) || !this.synced) return { kind: 'saving', unsaved: this.unsaved };
    return { kind: 'saved' };
  }

  get isSynced(): boolean {
    return this.synced;
  }

  onState(listener: (state: SaveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the server's state has been received on the current connection. */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  /** The socket (re)opened: counters restart, because acks count messages per socket. */
  connect(): void {
    this.connected = true;
    this.synced = false;
    this.answeredServer = false;
    this.sent = 0;
    this.acked = 0;
    this.options.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const local = this.awareness?.getLocalState();
    if (this.awareness && local) {
      this.options.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])));
    }
    this.emit();
  }

  disconnect(): void {
    // Offline, the replica is all there is: it holds everything the server sent.
    this.applyRemoteUpdates();
    this.connected = false;
    this.synced = false;
    if (this.awareness) {
      // Without a connection we cannot know who is still there; show nobody rather than ghosts.
      const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
      awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    }
    this.emit();
  }

  receive(message: SyncMessage): void {
    switch (message.kind) {
      case 'syncStep1':
        this.sendUpdateBearing(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        this.answeredServer = true;
        return;
      case 'syncStep2':
        this.applyRemoteUpdates();
        Y.applyUpdate(this.doc, message.update, this);
        this.markSynced();
        return;
      case 'update':
        this.remoteUpdates.push(message.update);
        if (this.pacing) this.pacing.later(this.applyRemoteUpdates);
        else this.applyRemoteUpdates();
        return;
      case 'awareness':
        if (this.awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, this);
        return;
      case 'ack':
        this.acked = message.count;
        this.settle();
        this.emit();
        return;
      case 'error':
        this.refusal = { code: message.code, message: message.message };
        this.emit();
        return;
      default:
        return;
    }
  }

  destroy(): void {
    this.applyRemoteUpdates();
    this.doc.off('update', this.onLocalUpdate);
    this.awareness?.off('update', this.onLocalAwareness);
    this.listeners.clear();
  }

  private markSynced(): void {
    this.synced = true;
    this.settle();
    for (const resolve of this.syncedWaiters.splice(0)) resolve();
    this.emit();
  }

  /**
   * Everything is saved once the server has our state and has acknowledged every message carrying
   * it — unless it refused one: a refused write still takes a number in the acks, yet the replica
   * holds work the server does not, until the person discards it (`SyncSocket.reopen`).
   */
  private settle(): void {
    if (this.refusal) return;
    if (this.answeredServer && this.synced && this.acked >= this.sent) this.unsaved = noWork;
  }

  private sendUpdateBearing(message: Uint8Array): void {
    if (this.options.send(message)) this.sent += 1;
  }

  /** Applies the server's waiting updates in one transaction: one redraw for all of them. */
  private readonly applyRemoteUpdates = (): void => {
    const updates = this.remoteUpdates.splice(0);
    if (updates.length === 0 || this.doc.isDestroyed) return;
    this.doc.transact(() => runAll(updates.map((update) => () => Y.applyUpdate(this.doc, update, this))), this);
  };

  private readonly onLocalUpdate = (
    update: Uint8Array,
    origin: unknown,
    _doc: Y.Doc,
    transaction: Y.Transaction,
  ): void => {
    if (origin === this) return;
    if (!this.options.quietOrigins?.has(origin)) {
      this.unsaved = addWork(this.unsaved, workOf(transaction));
      this.pacing?.localEdit();
    }
    if (this.connected) this.sendUpdateBearing(encodeUpdate(update));
    this.emit();
  };

  private readonly onLocalAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    if (origin === this || !this.awareness || !this.connected) return;
    const changed = [...added, ...updated, ...removed];
    this.options.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
  };

  private emit(): void {
    const state = this.state;
    const key = JSON.stringify(state);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    for (const listener of this.listeners) listener(state);
  }
}
