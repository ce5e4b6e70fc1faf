/**
 * React bindings for replicas: open a document for as long as a component shows it, read typed
 * values from it that re-render on every change, and list who is present in it.
 */
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { OverallSaveState, PresenceUser, Refusal, Replica, Replicas } from '../sync/replicas.ts';

/** Screens read replicas from here, so "view as customer" can swap in a read-only preview set. */
export const ReplicasContext = createContext<Replicas | null>(null);

export function useReplicas(): Replicas {
  const replicas = useContext(ReplicasContext);
  if (!replicas) throw new Error('useReplicas outside a ReplicasContext');
  return replicas;
}

/** The replica of a document while the component is mounted; `synced` once the server's state arrived. */
export function useReplica(
  name: string | null,
  { shown = true }: { shown?: boolean } = {},
): { replica: Replica | undefined; synced: boolean } {
  const replicas = useReplicas();
  const [replica, setReplica] = useState<Replica | undefined>(undefined);
  const [synced, setSynced] = useState(false);
  useEffect(() => {
    if (!name) return;
    const opened = replicas.acquire(name, { shown });
    setReplica(opened);
    setSynced(opened.sync.isSynced);
    const follow = () => {
      const current = replicas.get(name);
      if (current && current !== opened) setReplica(current);
      setSynced(current?.sync.isSynced ?? false);
    };
    const stop = replicas.onChange(follow);
    void opened.sync.whenSynced().then(follow);
    return () => {
      stop();
      replicas.release(name, { shown });
      setReplica(undefined);
      setSynced(false);
    };
  }, [replicas, name, shown]);
  return { replica, synced };
}

/** A value read from a Y.Doc, recomputed after every change to it. */
export function useDocValue<T>(doc: Y.Doc | undefined, read: (doc: Y.Doc) => T, fallback: T): T {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const changed = () => setVersion((v) => v + 1);
    doc.on('update', changed);
    setVersion((v) => v + 1);
    return () => doc.off('update', changed);
  }, [doc]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the change signal for the doc's contents
  return useMemo(() => (doc ? read(doc) : fallback), [doc, version]);
}

/**
 * A value read from one shared type (a thread, a map), recomputed only when that type or anything
 * inside it changes — not on every keystroke elsewhere in the same document.
 */
type Observable = { observeDeep(handler: () => void): void; unobserveDeep(handler: () => void): void };

export function useTypeValue<T, Type extends Observable>(
  type: Type | undefined,
  read: (type: Type) => T,
  fallback: T,
): T {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!type) return;
    const changed = () => setVersion((v) => v + 1);
    type.observeDeep(changed);
    setVersion((v) => v + 1);
    return () => type.unobserveDeep(changed);
  }, [type]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the change signal for the type's contents
  return useMemo(() => (type ? read(type) : fallback), [type, version]);
}

/** Everyone present in a document (one entry per person, however many tabs), the local person first. */
export function usePresence(replica: Replica | undefined): PresenceUser[] {
  const [users, setUsers] = useState<PresenceUser[]>([]);
  useEffect(() => {
    if (!replica) return;
    const { awareness } = replica;
    // Awareness changes many times a second while people type (carets); re-render only when who
    // is here changes.
    const show = onChangeOnly(setUsers);
    const update = () => {
      const byId = new Map<string, PresenceUser>();
      const local = awareness.getLocalState()?.user as PresenceUser | undefined;
      if (local) byId.set(local.id, local);
      for (const state of awareness.getStates().values()) {
        const user = state.user as Partial<PresenceUser> | undefined;
        if (user?.id && user.name && !byId.has(user.id))
          byId.set(user.id, { id: user.id, name: user.name, color: user.color ?? '#64748b' });
      }
      show([...byId.values()]);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [replica]);
  return users;
}

export function useSaveState(): { save: OverallSaveState; refusals: Refusal[] } {
  const replicas = useReplicas();
  const [snapshot, setSnapshot] = useState(() => ({ save: replicas.saveState(), refusals: replicas.refusals() }));
  useEffect(() => {
    // Every acknowledged keystroke notifies; re-render only when what the person sees changes.
    const show = onChangeOnly(setSnapshot);
    const update = () => show({ save: replicas.saveState(), refusals: replicas.refusals() });
    update();
    return replicas.onChange(update);
  }, [replicas]);
  return snapshot;
}

/** A state setter that skips a value equal (as JSON) to the last one it set: no re-render for a repeat. */
function onChangeOnly<T>(set: (value: T) => void): (value: T) => void {
  let shown: string | undefined;
  return (value) => {
    const key = JSON.stringify(value);
    if (key === shown) return;
    shown = key;
    set(value);
  };
}
