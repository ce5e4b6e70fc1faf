/**
 * The app's replicas: every document the app has open is a Y.Doc kept on this device in IndexedDB
 * (y-indexeddb) and synced over one multiplexed SyncSocket, with its own presence (awareness).
 *
 * Screens `acquire` a document and `release` it when they unmount; a released document stays warm
 * for a little while so going back and forth between screens does not resync. The app-wide save
 * state ("Saved", "Saving…", "Offline — edits to 1 item kept on this device", "Not saved") is
 * computed here from every open document, and what is unsaved (unsavedWork.ts) survives a reload:
 * it is kept per document in localStorage until the server acknowledges it.
 */

import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentSync, SaveState } from './documentSync.ts';
import { RemotePacing } from './remotePacing.ts';
import { type ConnectionState, SyncSocket, type WebSocketConstructor } from './syncSocket.ts';
import { type DocumentWork, hasWork, parseKeptWork, type UnsavedWork } from './unsavedWork.ts';

export type PresenceUser = { id: string; name: string; color: string };

export type Replica = {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly sync: DocumentSync;
  /** When other people's edits and carets are drawn (around the person's own typing). */
  readonly pacing: RemotePacing;
};

export type Refusal = { name: string; code: string; message: string; unsaved: UnsavedWork };

/**
 * The person's work across every open document. Never `saved` while any of it is unacknowledged or
 * refused: `refused` names what the server would not take (the refusal banner says why).
 */
export type OverallSaveState =
  | { kind: 'saved' }
  | { kind: 'saving'; unsaved: DocumentWork[] }
  | { kind: 'offline'; unsaved: DocumentWork[] }
  | { kind: 'connecting'; unsaved: DocumentWork[] }
  | { kind: 'refused'; refused: DocumentWork[] };

export type ReplicasOptions = {
  /** ws(s)://host/ws, with `?viewAs=` for a preview. */
  url: string;
  user: PresenceUser;
  /** Keep documents in IndexedDB (off for previews, which must never mix with the team's own copies). */
  persist: boolean;
  WebSocket?: WebSocketConstructor;
  /** How long a released document stays open (ms). */
  keepWarmMs?: number;
  /** Announce presence (off for previews: nobody should see a ghost of the person previewing). */
  announce?: boolean;
};

type Entry = {
  replica: Replica;
  persistence: IndexeddbPersistence | undefined;
  users: number;
  /** How many of the users show the document to the person: while any does, they are present in it. */
  shown: number;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
  state: SaveState;
  stopListening: () => void;
  pendingTimer?: ReturnType<typeof setTimeout>;
  /** Whether an unsaved count for this document is on the device now. */
  pendingKept?: boolean;
};

export class Replicas {
  readonly socket: SyncSocket;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private connection: ConnectionState;

  constructor(private readonly options: ReplicasOptions) {
    this.socket = new SyncSocket({
      url: options.url,
      WebSocket: options.WebSocket,
      networkAvailable: () => globalThis.navigator?.onLine !== false,
    });
    this.connection = this.socket.state;
    this.socket.onState((state) => {
      this.connection = state;
      this.emit();
    });
    if (options.persist) this.deliverPending();
    // The browser knows about the network before a socket times out: follow it both ways.
    globalThis.addEventListener?.('offline', this.wentOffline);
    globalThis.addEventListener?.('online', this.cameOnline);
    globalThis.addEventListener?.('pagehide', this.keepAllPending);
  }

  /** The page is going away: whatever is not acknowledged yet is counted on the device now. */
  private readonly keepAllPending = () => {
    if (!this.options.persist) return;
    for (const [name, entry] of this.entries) {
      if (entry.state.kind !== 'saved' && hasWork(entry.state.unsaved))
        savePending(this.options.user.id, name, entry.state.unsaved);
    }
  };

  private readonly wentOffline = () => this.socket.disconnect();
  private readonly cameOnline = () => this.socket.reconnectNow();

  /**
   * Changes made on this device in an earlier visit and never acknowledged (made offline, then the
   * page was closed) are delivered now, whichever screen the person opens: their documents are
   * held open until the server has them.
   */
  private deliverPending(): void {
    for (const name of pendingDocuments(this.options.user.id)) {
      const replica = this.acquire(name, { shown: false });
      const stop = replica.sync.onState((state) => {
        if (state.kind !== 'saved') return;
        stop();
        this.release(name, { shown: false });
      });
    }
  }

  /**
   * Opens (or reuses) a document; pair every call with `release` (with the same `shown`). `shown`:
   * the screen shows it to the person, so others see them present in it; a screen that only reads
   * something from it (an approval on the home page, say) passes false.
   */
  acquire(name: string, { shown = true }: { shown?: boolean } = {}): Replica {
    const existing = this.entries.get(name);
    if (existing && existing.users === 0 && existing.state.kind === 'refused' && !hasWork(existing.state.unsaved)) {
      // Closed by the server (unshared, access changed) with nothing of ours in it: start afresh.
      this.close(name);
    } else if (existing) {
      existing.users += 1;
      if (shown) this.setShown(existing, existing.shown + 1);
      clearTimeout(existing.closeTimer);
      existing.closeTimer = undefined;
      return existing.replica;
    }
    const entry = this.openEntry(name, new Y.Doc(), shown ? 1 : 0);
    this.entries.set(name, entry);
    return entry.replica;
  }

  release(name: string, { shown = true }: { shown?: boolean } = {}): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    if (shown) this.setShown(entry, entry.shown - 1);
    entry.users -= 1;
    if (entry.users > 0) return;
    // Changes the server refused stay open until the person has seen them and chosen to discard.
    if (entry.state.kind === 'refused' && hasWork(entry.state.unsaved)) return;
    entry.closeTimer = setTimeout(() => this.close(name), this.options.keepWarmMs ?? 30_000);
  }

  /** The current replica of a document that is open, if it is. */
  get(name: string): Replica | undefined {
    return this.entries.get(name)?.replica;
  }

  /**
   * After the server refused this device's changes to a document: forget them (the local copy is
   * replaced by the server's state, here and in IndexedDB). Call it once the person has seen what
   * was not accepted and copied out what they need.
   */
  async discardRefused(name: string): Promise<Replica | undefined> {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    entry.stopListening();
    await entry.persistence?.clearData();
    entry.replica.awareness.destroy();
    entry.replica.doc.destroy();
    clearPending(this.options.user.id, name);
    const users = entry.users;
    this.socket.release(name);
    entry.replica.pacing.stop();
    const fresh = this.openEntry(name, new Y.Doc(), entry.shown);
    fresh.users = users;
    this.entries.set(name, fresh);
    this.emit();
    return fresh.replica;
  }

  /**
   * Documents where the server refused changes made here, with its reasons. A subscription closed
   * with nothing of ours pending (an item unshared while someone looks at it) is not a lost change:
   * the screen shows that the item went away instead.
   */
  refusals(): Refusal[] {
    const refused: Refusal[] = [];
    for (const [name, entry] of this.entries) {
      if (entry.state.kind === 'refused' && hasWork(entry.state.unsaved)) refused.push({ name, ...entry.state });
    }
    return refused;
  }

  saveState(): OverallSaveState {
    const unsaved: DocumentWork[] = [];
    const refused: DocumentWork[] = [];
    for (const [name, entry] of this.entries) {
      const state = entry.state;
      // A document still syncing with nothing of this person's in it is not their unsaved work.
      if (state.kind === 'saved' || !hasWork(state.unsaved)) continue;
      (state.kind === 'refused' ? refused : unsaved).push({ name, work: state.unsaved });
    }
    // Without a connection nothing can be saved or refused: what is waiting is kept on the device.
    if (this.connection === 'offline' || this.connection === 'closed') return { kind: 'offline', unsaved };
    if (this.connection === 'connecting') return { kind: 'connecting', unsaved };
    if (refused.length > 0) return { kind: 'refused', refused };
    return unsaved.length > 0 ? { kind: 'saving', unsaved } : { kind: 'saved' };
  }

  /** Calls back whenever the save state, a refusal or the connection changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(name?: string): void {
    const names = name === undefined ? [...this.entries.keys()] : [name];
    for (const key of names) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      clearTimeout(entry.closeTimer);
      clearTimeout(entry.pendingTimer);
      this.entries.delete(key);
      entry.stopListening();
      this.socket.release(key);
      entry.replica.pacing.stop();
      void entry.persistence?.destroy();
      removeAwarenessStates(entry.replica.awareness, [entry.replica.doc.clientID], 'closed');
      entry.replica.awareness.destroy();
      entry.replica.doc.destroy();
    }
    if (name === undefined) {
      this.socket.close();
      globalThis.removeEventListener?.('offline', this.wentOffline);
      globalThis.removeEventListener?.('online', this.cameOnline);
      globalThis.removeEventListener?.('pagehide', this.keepAllPending);
    }
    this.emit();
  }

  /** Present (the person's name in the document's awareness) exactly while some screen shows it. */
  private setShown(entry: Entry, shown: number): void {
    entry.shown = Math.max(0, shown);
    const { awareness } = entry.replica;
    const wanted = this.presence(entry.shown);
    // Only on a change of presence: the caret and other fields of a present state stay as they are.
    if ((wanted === null) !== (awareness.getLocalState() === null)) awareness.setLocalState(wanted);
  }

  /** The local awareness state while `shown` screens show the document: the person, or nobody. */
  private presence(shown: number): { user: PresenceUser } | null {
    return shown > 0 && this.options.announce !== false ? { user: this.options.user } : null;
  }

  private openEntry(name: string, doc: Y.Doc, shown: number): Entry {
    const awareness = new Awareness(doc);
    awareness.setLocalState(this.presence(shown));
    const persistence = this.options.persist
      ? new IndexeddbPersistence(`atrium:${this.options.user.id}:${name}`, doc)
      : undefined;
    const pacing = new RemotePacing();
    const kept = this.options.persist ? loadPending(this.options.user.id, name) : undefined;
    const sync = this.socket.open(name, doc, awareness, {
      initialUnsaved: kept,
      quietOrigins: new Set(persistence ? [persistence] : []),
      pacing,
    });
    const entry: Entry = {
      pendingKept: kept !== undefined && hasWork(kept),
      replica: { name, doc, awareness, sync, pacing },
      persistence,
      users: 1,
      shown,
      closeTimer: undefined,
      state: sync.state,
      stopListening: () => {},
    };
    entry.stopListening = sync.onState((state) => {
      entry.state = state;
      // Refused while no screen shows it (the item vanished first): kept until the person discards.
      if (state.kind === 'refused' && hasWork(state.unsaved)) {
        clearTimeout(entry.closeTimer);
        entry.closeTimer = undefined;
      }
      if (this.options.persist) this.keepPendingCount(entry, name);
      this.emit();
    });
    return entry;
  }

  /**
   * Keeps the unsaved count on the device when it matters: at once when offline or refused; while
   * online only if the server has not acknowledged within a second (a keystroke is usually saved
   * in milliseconds, and writing localStorage on every one costs typing time).
   */
  private keepPendingCount(entry: Entry, name: string): void {
    const userId = this.options.user.id;
    clearTimeout(entry.pendingTimer);
    const state = entry.state;
    if (state.kind === 'saved') {
      if (entry.pendingKept) clearPending(userId, name);
      entry.pendingKept = false;
      return;
    }
    const keep = () => {
      if (entry.state.kind === 'saved') return;
      savePending(userId, name, entry.state.unsaved);
      entry.pendingKept = hasWork(entry.state.unsaved);
    };
    if (state.kind === 'saving') entry.pendingTimer = setTimeout(keep, 1000);
    else keep();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

const pendingKey = (userId: string, name: string) => `atrium:unsaved:${userId}:${name}`;
const titleKey = (name: string) => `atrium:title:${name}`;

/**
 * What people call a document ("Approve homepage wireframes"), remembered when a screen shows it,
 * so a refusal can name it even after the item was unshared and its title is no longer visible.
 */
export function rememberTitle(name: string, title: string): void {
  globalThis.localStorage?.setItem(titleKey(name), title);
}

export function rememberedTitle(name: string): string | null {
  return globalThis.localStorage?.getItem(titleKey(name)) ?? null;
}

function loadPending(userId: string, name: string): UnsavedWork {
  return parseKeptWork(globalThis.localStorage?.getItem(pendingKey(userId, name)) ?? null);
}

function savePending(userId: string, name: string, unsaved: UnsavedWork): void {
  if (!globalThis.localStorage) return;
  if (hasWork(unsaved)) localStorage.setItem(pendingKey(userId, name), JSON.stringify(unsaved));
  else localStorage.removeItem(pendingKey(userId, name));
}

function clearPending(userId: string, name: string): void {
  globalThis.localStorage?.removeItem(pendingKey(userId, name));
}

/** The documents with changes kept on this device that the server has not acknowledged yet. */
export function pendingDocuments(userId: string): string[] {
  if (!globalThis.localStorage) return [];
  const prefix = `atrium:unsaved:${userId}:`;
  const names: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) names.push(key.slice(prefix.length));
  }
  return names;
}
