/**
 * One live Yjs document on the server: its state, its awareness, its subscribers, and the write
 * path that makes "saved" true.
 *
 * Write path: a client's update is decoded (garbage is rejected before it can touch anything),
 * appended to storage, and only once committed applied to the in-memory document — whose update
 * event broadcasts it to every other subscriber. So nothing is broadcast or acknowledged before it
 * is durable, and the in-memory state always equals the stored log, which is what compaction
 * snapshots.
 */

import { encodeAwareness, encodeUpdate, MalformedFrame } from '@atrium/shared/protocol/frames.ts';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { SyncMetrics } from '../metrics.ts';
import { combineEffects, type DocumentStore, type StoredDocument, type WriteEffect } from '../storage/documentStore.ts';
import { OutgoingMessage } from './outgoingMessage.ts';
import { stampPresence } from './presenceIdentity.ts';

/** What a document needs from a subscription: a way to send, and whose it is (presence ownership and identity). */
export interface Subscriber {
  send(message: OutgoingMessage): void;
  readonly actorId?: string | null;
  /** The person's name, stamped into their presence with their id. */
  readonly actorName?: string | null;
}

export type CompactionPolicy = { afterUpdates: number; afterBytes: number };

/** Called after a document was loaded (origin `loaded`) and after every applied change. */
export type ChangeObserver = (document: SyncDocument, origin: unknown) => void;

/** Marks the document as loaded from storage, for change observers. */
export const loaded = Symbol('loaded');

/** The origin of changes the server itself makes (portal derivation, REST actions), and on whose behalf. */
export class ServerWriter implements Subscriber {
  constructor(readonly actorId: string | null) {}
  send(): void {}
}

/** A write under the server's own identity from someone who is not the server; nothing is stored. */
export class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
}

/**
 * An update that decoded and was committed, but that Yjs could not integrate. The sender is told
 * (never acknowledged); the log is compacted from the live state at once, which drops the entry.
 */
export class UpdateNotApplied extends Error {
  override readonly name = 'UpdateNotApplied';
}

/**
 * What comes with an accepted write: the rows stored in its transaction (who owns its clientIDs,
 * what it deleted), and `settle`, told whether it was stored, so what the rules remembered ahead of
 * the commit (a clientID's new owner) is kept or forgotten with it.
 */
export type WriteExtras = { effect?: WriteEffect; settle?: (stored: boolean) => void };

/**
 * Makes clientIDs the server's for good (those no person owns), so that no client may write under
 * them — the in-memory check below protects only the current load's clientID. `loaded`: every
 * clientID in the stored state, recorded at load. `forWrite`: the server's own clientID, recorded
 * with its first write (in that write's transaction); answers synchronously, as `loaded` made the
 * document's owners known.
 */
export interface ServerClients {
  loaded(documentName: string, clientIds: number[]): Promise<void>;
  forWrite(documentName: string, clientId: number): WriteExtras | null;
}

export type SyncDocumentContext = {
  store: DocumentStore;
  policy: CompactionPolicy;
  log: Logger;
  metrics: SyncMetrics;
  onChange?: ChangeObserver;
  serverClients?: ServerClients;
};

const emptyUpdate = Y.encodeStateAsUpdate(new Y.Doc());

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class SyncDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly subscribers = new Set<Subscriber>();
  /**
   * The clientID the server writes with while this document is in memory: one per load, so the
   * state vector does not grow with every derivation. No client may write under it.
   */
  private readonly serverClientId = new Y.Doc().clientID;
  private serverClientClaimed = false;
  /** Awareness client ids each subscriber has announced, removed when it leaves. */
  private readonly awarenessOwners = new Map<Subscriber, Set<number>>();
  private writesInFlight = 0;
  private lastSeq: number;
  private logCount: number;
  private logBytes: number;
  private compacting = false;
  /** The log holds an entry the live document could not apply: compact it away on the next chance. */
  private compactNow = false;

  private readonly store: DocumentStore;
  private readonly policy: CompactionPolicy;
  private readonly log: Logger;
  private readonly metrics: SyncMetrics;
  private readonly onChange: ChangeObserver | undefined;
  private readonly serverClients: ServerClients | undefined;

  private constructor(
    readonly name: string,
    context: SyncDocumentContext,
    stored: StoredDocument,
  ) {
    ({
      store: this.store,
      policy: this.policy,
      log: this.log,
      metrics: this.metrics,
      onChange: this.onChange,
      serverClients: this.serverClients,
    } = context);
    this.awareness.setLocalState(null);
    this.lastSeq = stored.updates.at(-1)?.seq ?? stored.snapshotSeq;
    this.logCount = stored.updates.length;
    this.logBytes = stored.updates.reduce((sum, u) => sum + u.data.byteLength, 0);
    this.restore(stored);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.broadcast(new OutgoingMessage(name, encodeUpdate(update)), origin);
    });
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwarenessChange(change, origin));
  }

  static async load(name: string, context: SyncDocumentContext): Promise<SyncDocument> {
    const stored = await context.store.load(name);
    const document = new SyncDocument(name, context, stored);
    // Every clientID in the stored state that no person owns was written by the server (people's
    // clientIDs are bound before their writes are stored): earlier loads' identities, kept the
    // server's for good — also for documents written before server identities were recorded.
    await context.serverClients?.loaded(name, [...Y.decodeStateVector(Y.encodeStateVector(document.doc)).keys()]);
    // A long log makes every later load slow; fold it now rather than on the next write.
    if (document.needsCompaction()) await document.compact();
    document.notify(loaded);
    return document;
  }

  /**
   * A change made by the server (deriving the portal, a REST action). It is computed on a scratch
   * copy and then takes the same path as a client's update — stored, then applied and broadcast —
   * so server-made content is as durable as anyone's. Resolves once committed. `effect` writes the
   * rows that belong to the change in its transaction (none is written when the edit changes nothing).
   */
  change(edit: (doc: Y.Doc) => void, writer: ServerWriter, effect?: WriteEffect): Promise<void> {
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
    // Set after the state is in: Yjs picks a new clientID when a remote update carries its own.
    scratch.clientID = this.serverClientId;
    let update: Uint8Array | null = null;
    scratch.on('update', (u: Uint8Array) => {
      update = update ? Y.mergeUpdates([update, u]) : u;
    });
    try {
      edit(scratch);
    } finally {
      scratch.destroy();
    }
    if (!update) return Promise.resolve();
    let claim: WriteExtras | null = null;
    if (!this.serverClientClaimed) {
      claim = this.serverClients?.forWrite(this.name, this.serverClientId) ?? null;
      this.serverClientClaimed = true;
    }
    const extras: WriteExtras = { effect: combineEffects(claim?.effect, effect), settle: claim?.settle };
    return this.receiveUpdate(update, writer, extras).catch((error: unknown) => {
      // Not stored, so neither is the claim: the next server write makes it again.
      if (claim) this.serverClientClaimed = false;
      throw error;
    });
  }

  get idle(): boolean {
    return this.subscribers.size === 0 && this.writesInFlight === 0 && !this.compacting;
  }

  get hasUncompactedLog(): boolean {
    return this.logCount > 0;
  }

  /**
   * Stores a client's update with its `extras` (rows in the same transaction), then applies and
   * broadcasts it. Resolves once it is committed and applied; rejects with UpdateNotApplied when it
   * was committed but could not be applied. Throws MalformedFrame (synchronously, before storing
   * anything) when the bytes are not a Yjs update. `extras.settle` hears whether it was stored.
   */
  receiveUpdate(received: Uint8Array, origin: Subscriber, extras?: WriteExtras): Promise<void> {
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    let update = received;
    try {
      decoded = decodeOrThrow(update);
      // A client may resend what the document holds already (a replica restored from the browser's
      // storage resends the server's own changes with its edit). Only what is new is stored: the
      // held part was checked by nobody, and merging the log on load would let a resent struct that
      // spans two stored ones replace the second (a forgery that survives a crash).
      if (decoded.structs.some((struct) => struct.id.clock < Y.getState(this.doc.store, struct.id.client))) {
        update = Y.diffUpdate(update, Y.encodeStateVector(this.doc));
        decoded = Y.decodeUpdate(update);
      }
      if (
        !(origin instanceof ServerWriter) &&
        decoded.structs.some((struct) => struct.id.client === this.serverClientId)
      ) {
        throw new WriteRefused('This change was made under the server’s identity and was not accepted.');
      }
    } catch (error) {
      extras?.settle?.(false);
      throw error;
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) {
      extras?.settle?.(false);
      return Promise.resolve();
    }
    this.writesInFlight += 1;
    return this.store.append(this.name, update, extras?.effect).then(
      (seq) => {
        extras?.settle?.(true);
        this.writesInFlight -= 1;
        this.lastSeq = seq;
        this.logCount += 1;
        this.logBytes += update.byteLength;
        try {
          this.apply(update, origin);
        } finally {
          if (this.needsCompaction()) void this.compact();
        }
      },
      (error: unknown) => {
        extras?.settle?.(false);
        this.writesInFlight -= 1;
        throw error;
      },
    );
  }

  /**
   * Applies an awareness update from a subscriber; garbage throws MalformedFrame. Returns why it was
   * refused, or null: a subscriber may speak only for presence it announced itself, or that the
   * same person announced before (a reconnect reusing its clientID) — never for someone else's.
   * A signed-in subscriber's states say who they are whatever they claimed (presenceIdentity.ts).
   */
  receiveAwareness(received: Uint8Array, origin: Subscriber): string | null {
    const update = origin.actorId
      ? stampPresence(received, { id: origin.actorId, name: origin.actorName ?? '' })
      : received;
    for (const clientId of awarenessClients(update)) {
      const owner = this.awarenessOwnerOf(clientId);
      if (owner && owner !== origin && (owner.actorId ?? null) !== (origin.actorId ?? null)) {
        return 'That presence belongs to someone else; it was not changed.';
      }
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, origin);
    } catch (error) {
      throw new MalformedFrame(`bad awareness update: ${(error as Error).message}`);
    }
    return null;
  }

  private awarenessOwnerOf(clientId: number): Subscriber | undefined {
    for (const [subscriber, owned] of this.awarenessOwners) if (owned.has(clientId)) return subscriber;
    return undefined;
  }

  /** The awareness states of everyone present, or null when nobody is. */
  awarenessSnapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  subscribe(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
  }

  unsubscribe(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    const owned = this.awarenessOwners.get(subscriber);
    this.awarenessOwners.delete(subscriber);
    // The peer is gone: tell everyone else its cursors and names are gone too.
    if (owned && owned.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], null);
  }

  /** Snapshots the in-memory state (which equals the log through lastSeq) and drops the log. */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    const throughSeq = this.lastSeq;
    const countAtStart = this.logCount;
    const bytesAtStart = this.logBytes;
    const needed = this.compactNow;
    this.compactNow = false;
    try {
      await this.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), throughSeq);
      this.logCount -= countAtStart;
      this.logBytes -= bytesAtStart;
    } catch (error) {
      this.compactNow ||= needed;
      this.log.error({ err: error, document: this.name }, 'compaction failed; the log is kept');
    } finally {
      this.compacting = false;
    }
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  private needsCompaction(): boolean {
    return this.compactNow || this.logCount >= this.policy.afterUpdates || this.logBytes >= this.policy.afterBytes;
  }

  private restore(stored: StoredDocument): void {
    const parts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.data)];
    if (parts.length === 0) return;
    try {
      Y.applyUpdate(this.doc, Y.mergeUpdates(parts));
    } catch {
      // One bad entry must not make the whole document unloadable: apply the rest one by one.
      this.doc.transact(() => {
        for (const [index, part] of parts.entries()) {
          try {
            Y.applyUpdate(this.doc, part);
          } catch (error) {
            this.log.error({ err: error, document: this.name, index }, 'skipped an unreadable stored update');
          }
        }
      });
    }
  }

  private apply(update: Uint8Array, origin: Subscriber): void {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // Decoded fine but failed to integrate. It is in the log (it was committed first), where a
      // load — merging the log — could make of it something the live document never had (say,
      // structs that let a waiting change land). So the log is compacted from the in-memory state
      // at once (the caller's `needsCompaction`), which drops it: what is stored stays what was
      // served. Whatever part of it Yjs did integrate was broadcast and is derived from below.
      this.compactNow = true;
      this.log.error({ err: error, document: this.name }, 'stored update failed to apply');
      // Yjs may have stopped before retrying changes that were waiting for what it did integrate;
      // an empty update makes it retry them now, as a load of the compacted state would.
      try {
        Y.applyUpdate(this.doc, emptyUpdate);
      } catch (retryError) {
        this.log.error({ err: retryError, document: this.name }, 'retrying waiting changes failed');
      }
      throw new UpdateNotApplied('The server could not apply this change; it was not saved.', { cause: error });
    } finally {
      this.notify(origin);
    }
  }

  private notify(origin: unknown): void {
    if (!this.onChange) return;
    try {
      this.onChange(this, origin);
    } catch (error) {
      // The change is committed and applied whatever an observer does, so this cannot be undone
      // here: derivations that matter (sharing, the portal, versions) catch, fail closed and retry
      // their own failures. What still arrives here is a defect, made visible in /metrics.
      this.metrics.derivationFailures.inc({ kind: 'observer' });
      this.log.error({ err: error, document: this.name }, 'change observer failed');
    }
  }

  private broadcast(message: OutgoingMessage, origin: unknown): void {
    for (const subscriber of this.subscribers) {
      if (subscriber === origin) continue;
      subscriber.send(message);
      this.metrics.updatesOut.inc();
    }
  }

  private onAwarenessChange({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    if (origin && this.subscribers.has(origin as Subscriber)) {
      const subscriber = origin as Subscriber;
      const owned = this.awarenessOwners.get(subscriber) ?? new Set<number>();
      this.awarenessOwners.set(subscriber, owned);
      for (const id of [...added, ...updated]) {
        // A reconnect took this presence over: it is no longer the old connection's to remove.
        for (const [other, ids] of this.awarenessOwners) if (other !== subscriber) ids.delete(id);
        owned.add(id);
      }
      for (const id of removed) owned.delete(id);
    }
    const body = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    const message = new OutgoingMessage(this.name, body);
    for (const subscriber of this.subscribers) if (subscriber !== origin) subscriber.send(message);
  }
}

/** The clientIDs an awareness update speaks for (y-protocols/awareness wire format). */
function awarenessClients(update: Uint8Array): number[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const clients: number[] = [];
    for (let i = 0; i < count; i++) {
      clients.push(decoding.readVarUint(decoder));
      decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
    }
    return clients;
  } catch (error) {
    throw new MalformedFrame(`bad awareness update: ${(error as Error).message}`);
  }
}

function decodeOrThrow(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  try {
    return Y.decodeUpdate(update);
  } catch (error) {
    throw new MalformedFrame(`not a Yjs update: ${(error as Error).message}`);
  }
}
