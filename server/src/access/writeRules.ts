/**
 * The rules a write must follow beyond "may write this document", checked before anything is
 * stored. A refused write is neither stored nor broadcast; the sender gets `write_refused`.
 *
 * Every document:
 * - Authorship: every struct in the update must carry a clientID that belongs to the writer (or a
 *   new one, which then becomes theirs). Nobody can write as someone else.
 *
 * The plan (`project/<p>/plan`, which only the team may write at all):
 * - Workflow: only an admin of the project — a workspace owner or admin; project roles grant no
 *   admin rights — may change anything in the `workflow` map. Other team members edit the rest.
 *
 * An item's shareable part (`project/<p>/item/<i>`), for customers (the team moderates, so it is
 *   not restricted):
 * - Client thread: a customer adds messages only as themselves (and without anyone else's
 *   reactions on them); edits, resolves or deletes only their own messages; and adds or removes
 *   only their own reactions, on any message. Nothing else in someone else's message changes.
 * - Feedback: a customer adds entries only with themselves as author and removes only their own;
 *   entries are never edited in place.
 * - Inline comments (`comments`): a customer adds comments and replies only as themselves and
 *   changes only their own (`commentRules.ts`).
 * - Request view (`request`) of a request item, and in its internal part the routing view
 *   (`routing`): written by the server alone (`requests/requestProjection.ts`), like the approval record.
 * - Approval record (`approval`): written by the server alone — refused from every client, the
 *   team's included, so nobody can record a decision that is the customer's to make.
 *
 * For a writer these rules restrict (a non-admin in a plan, a customer in a shareable part):
 * - Changes that build on, or delete, content the server does not have: Yjs keeps such a change
 *   waiting and applies it when that content arrives. It is refused unless the content can only
 *   come from the same writer (their clientIDs), whose update bringing it is then judged with the
 *   waiting change included — so nothing lands unchecked inside someone else's update.
 *
 * The server's own writes (`ServerWriter`: portal derivation, REST actions) do not pass here.
 *
 * How: the update is decoded once here (`SyncDocument` decodes it again when storing it). From its
 * structs, the document's current state and the writer's own updates still committing,
 * `touchedRoots` works out which root types it adds to or deletes from, without copying the
 * document. A workflow change needs no more: touching the workflow at all is the refusal. An
 * update that touches the client thread or the feedback (or meets changes waiting in the document)
 * is applied to a scratch copy, where the exact changes are read from Yjs events — so the rules
 * hold however the update was produced.
 */
import { isInternal, isWorkspaceAdmin, type ProjectStanding } from '@atrium/shared/access/roles.ts';
import { attachmentsRoot } from '@atrium/shared/model/itemParts.ts';
import { parseProjectDocument } from '@atrium/shared/model/projectDocuments.ts';
import { requestRoot, routingRoot } from '@atrium/shared/model/requests.ts';
import { parseReactionKey } from '@atrium/shared/model/thread.ts';
import { MalformedFrame } from '@atrium/shared/protocol/frames.ts';
import * as Y from 'yjs';
import { newlyDeleted, recordDeletions } from '../content/deletions.ts';
import type { Db } from '../storage/database.ts';
import { combineEffects } from '../storage/documentStore.ts';
import type { ServerClients } from '../sync/syncDocument.ts';
import { type WriteVerdict, writeAccepted } from '../sync/syncServer.ts';
import { ClientOwnership, serverOwner } from './clientOwnership.ts';
import { approvalRoot, commentRefusal, commentsRoot, commentsViolation } from './commentRules.ts';

/** How a writer's standing in a project is looked up (org/projects.ts's standingIn). */
export type StandingLookup = (userId: string, projectId: string) => Promise<ProjectStanding>;

/**
 * A writer's standing in a project, remembered between writes: asked on every update to a plan or
 * a shareable part, it would otherwise be a query per keystroke. Loaded once per person and
 * project; `clear()` is called whenever membership or roles change (the same moments live
 * subscriptions are re-decided).
 */
export class TeamMembership {
  private readonly known = new Map<string, ProjectStanding>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Bumped by `clear()`: a lookup that started before a change must not be remembered after it. */
  private generation = 0;

  constructor(private readonly lookup: StandingLookup) {}

  /** Resolves once the standing is known; null when it already is (no wait). */
  ready(userId: string, projectId: string): Promise<void> | null {
    const key = `${userId} ${projectId}`;
    if (this.known.has(key)) return null;
    let load = this.loading.get(key);
    if (!load) {
      const generation = this.generation;
      load = this.lookup(userId, projectId)
        .then(({ workspaceRole, projectRole }) => {
          if (generation === this.generation) this.known.set(key, { workspaceRole, projectRole });
        })
        .finally(() => {
          if (this.loading.get(key) === load) this.loading.delete(key);
        });
      this.loading.set(key, load);
    }
    // A clear() while it loaded left nothing remembered: look again.
    return load.then(() => this.ready(userId, projectId) ?? undefined);
  }

  /** On the provider's side of the project (any workspace role, or an internal project member). */
  isTeam(userId: string, projectId: string): boolean {
    return isInternal(this.standing(userId, projectId));
  }

  /** May administer the project: its workspace's owners and admins. */
  isAdmin(userId: string, projectId: string): boolean {
    return isWorkspaceAdmin(this.standing(userId, projectId).workspaceRole);
  }

  clear(): void {
    this.known.clear();
    this.loading.clear();
    this.generation += 1;
  }

  private standing(userId: string, projectId: string): ProjectStanding {
    const standing = this.known.get(`${userId} ${projectId}`);
    if (!standing) throw new Error('the standing is not loaded');
    return standing;
  }
}

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type ProjectDocument = NonNullable<ReturnType<typeof parseProjectDocument>>;
type SharedType = Y.AbstractType<unknown>;

export const refusal = {
  workflow: 'Only workspace owners and admins can change the workflow; the change was not saved.',
  unplaceable: 'This change builds on someone else’s changes that the server does not have; reload and try again.',
  newMessage: 'New messages must be written as yourself.',
  deleteMessage: 'You can delete only your own messages.',
  changeMessage: 'You can change only your own messages.',
  reaction: 'You can add or remove only your own reactions.',
  newFeedback: 'Feedback must be given as yourself.',
  removeFeedback: 'You can remove only your own feedback.',
  editFeedback: 'Feedback can be added or removed, not changed in place.',
  requestView: 'A request’s status, priority and clocks change through its actions, not by editing the document.',
  routing: 'A request’s routing changes through its actions (assign, route), not by editing the document.',
} as const;

/** Roots of a shareable part that only the server writes (REST approvals, file uploads, request views). */
const serverOnlyRoots = [approvalRoot, attachmentsRoot, requestRoot];

function serverOnlyViolation(roots: ReadonlySet<string> | null): string | null {
  if (roots?.has(approvalRoot)) return commentRefusal.approval;
  if (roots?.has(requestRoot)) return refusal.requestView;
  if (roots?.has(attachmentsRoot))
    return 'Files are attached by uploading them; the list of attachments cannot be edited directly.';
  return null;
}

/** Whether an update may touch `root`: the document has it, or a struct of the update names it as its parent. */
function touchesRoot(doc: Y.Doc, decoded: DecodedUpdate, root: string): boolean {
  return (
    doc.share.has(root) ||
    decoded.structs.some((struct) => struct instanceof Y.Item && (struct.parent as unknown) === root)
  );
}

/** The write rules with what they remember: standings, clientID owners, writes still committing. */
export class WriteRules {
  private readonly standings: TeamMembership;
  private readonly ownership: ClientOwnership;
  private readonly inFlight = new InFlightWrites();
  /** Parsed document names: validating a name costs more than the rest of a team member's check. */
  private readonly documents = new Map<string, ProjectDocument | null>();

  constructor(db: Db, lookup: StandingLookup) {
    this.standings = new TeamMembership(lookup);
    this.ownership = new ClientOwnership(db);
  }

  /** Makes the server's the clientIDs nobody owns: those of a document's state, at load, and the server's own. */
  readonly serverClients: ServerClients = {
    loaded: (documentName, clientIds) => this.ownership.claimNow(documentName, clientIds, serverOwner),
    forWrite: (documentName, clientId) => this.ownership.claim(documentName, [clientId], serverOwner),
  };

  /** Membership or roles changed: forget remembered standings. */
  accessChanged(): void {
    this.standings.clear();
  }

  /**
   * Whether `userId` may apply `update` to the document: refused (why), or accepted with the rows
   * that go with it (new clientID owners, deletions). Synchronous when the writer's standing and the
   * document's clientID owners are known — every write after the first; otherwise they are loaded
   * first, and the update judged against the document as it is then.
   */
  check(userId: string, documentName: string, doc: Y.Doc, received: Uint8Array): WriteVerdict | Promise<WriteVerdict> {
    const document = this.parse(documentName);
    const owners = this.ownership.ready(documentName);
    const standing =
      document?.kind === 'plan' || document?.kind === 'itemShared'
        ? this.standings.ready(userId, document.projectId)
        : null;
    if (owners || standing) {
      return Promise.all([owners, standing]).then(() => this.check(userId, documentName, doc, received));
    }
    const { update, decoded } = newToServer(doc, received);
    const clientIds = new Set(decoded.structs.map((struct) => struct.id.client));
    if (this.ownership.foreign(documentName, clientIds, userId).length > 0) {
      return { refusal: 'This change was made under another person’s editing identity and was not accepted.' };
    }
    const violation = this.contentViolation(userId, documentName, doc, update, decoded, clientIds);
    if (violation) return { refusal: violation };
    const claim = this.ownership.claim(documentName, clientIds, userId);
    const deleted = decoded.ds.clients.size > 0 && document?.kind === 'itemShared' ? newlyDeleted(doc, decoded.ds) : [];
    const deletions = deleted.length > 0 ? recordDeletions(documentName, userId, deleted) : undefined;
    if (!claim && !deletions) return writeAccepted;
    return { refusal: null, effect: combineEffects(claim?.effect, deletions), settle: claim?.settle };
  }

  private contentViolation(
    userId: string,
    documentName: string,
    doc: Y.Doc,
    update: Uint8Array,
    decoded: DecodedUpdate,
    clientIds: ReadonlySet<number>,
  ): string | null {
    const document = this.parse(documentName);
    // An internal part is the team's to write, except a request's routing view: the server's alone.
    if (document?.kind === 'itemInternal') {
      if (!touchesRoot(doc, decoded, routingRoot)) return null;
      return touchedRoots(doc, decoded)?.has(routingRoot) ? refusal.routing : null;
    }
    const team = document?.kind === 'itemShared' && this.standings.isTeam(userId, document.projectId);
    if (team) {
      // The team is not restricted in a shareable part, except that nobody but the server records
      // approvals or attaches files. (An update that cannot be placed yet changes nothing until the
      // team member's own content it waits for arrives — and that update is checked here in turn.)
      // Most item documents never had such a record: then only a struct naming it can start one.
      const mayTouch = serverOnlyRoots.some((root) => touchesRoot(doc, decoded, root));
      if (!mayTouch) return null;
      return serverOnlyViolation(touchedRoots(doc, decoded));
    }
    const restricted =
      (document?.kind === 'plan' && !this.standings.isAdmin(userId, document.projectId)) ||
      document?.kind === 'itemShared';
    if (!restricted) return null;
    // Earlier writes of this person that are still committing: this update may build on them.
    const earlier = this.inFlight.of(documentName, userId, doc);
    const roots = touchedRoots(doc, decoded, earlier, (client) => this.writes(userId, documentName, client, clientIds));
    if (roots === null) return refusal.unplaceable;
    let violation: string | null = null;
    if (document?.kind === 'plan') {
      // Placement alone decides: content waiting in the plan lands beside (or inside) what it
      // waits for, and the update bringing that is placed in turn.
      if (roots.has('workflow')) violation = refusal.workflow;
    } else if (serverOnlyViolation(roots)) {
      violation = serverOnlyViolation(roots);
    } else if (roots.has('clientThread') || roots.has('feedback') || roots.has(commentsRoot) || hasWaiting(doc)) {
      // The scratch copy cannot judge a change while it waits (say, behind a gap in its client's
      // clocks), only when it lands — with whichever update lets it, so look at every one then.
      violation = customerViolation(doc, update, userId, earlier);
    }
    if (violation === null) this.inFlight.add(documentName, userId, update, decoded);
    return violation;
  }

  private parse(documentName: string): ProjectDocument | null {
    let document = this.documents.get(documentName);
    if (document === undefined) {
      if (this.documents.size >= 10_000) this.documents.clear();
      document = parseProjectDocument(documentName);
      this.documents.set(documentName, document);
    }
    return document;
  }

  /**
   * Whether only `userId` can write under `client` in the document: it carries structs of this
   * update (whose clientIDs passed the authorship check), or it is already theirs. Content the
   * server lacks may be awaited only from such a client — never from an unowned one, which might
   * be someone else's next session or the server's own.
   */
  private writes(userId: string, documentName: string, client: number, clientIds: ReadonlySet<number>): boolean {
    if (clientIds.has(client)) return true;
    return (
      this.ownership.owned(documentName, client) && this.ownership.foreign(documentName, [client], userId).length === 0
    );
  }
}

/** An update accepted earlier, decoded. */
type Accepted = { update: Uint8Array; decoded: DecodedUpdate; acceptedAt: number };

/**
 * What a restricted writer had accepted that the document may not hold yet: the server applies an
 * update only once it is committed, so a quick second edit (the next keystroke, a burst of moves)
 * is checked while the first is still on its way to disk. Its structs are then neither in the
 * document nor in the update, and without these the second edit could not be placed. Only the
 * writer's own: everything else reaches a client after the server applied it. An entry leaves once
 * the document holds all its structs; one that never arrives (its commit failed and the client
 * reconnects) is dropped after a while.
 */
class InFlightWrites {
  private static readonly forgetAfterMs = 30_000;
  private readonly byWriter = new Map<string, Accepted[]>();
  private lastSweep = Date.now();

  of(documentName: string, userId: string, doc: Y.Doc): Accepted[] {
    const key = `${documentName}\n${userId}`;
    const waiting = (this.byWriter.get(key) ?? []).filter(
      (entry) => !applied(doc, entry.decoded) && !this.stale(entry),
    );
    if (waiting.length > 0) this.byWriter.set(key, waiting);
    else this.byWriter.delete(key);
    return waiting;
  }

  add(documentName: string, userId: string, update: Uint8Array, decoded: DecodedUpdate): void {
    // Only structs can be built on; a delete-only update needs no remembering.
    if (!decoded.structs.some((struct) => struct instanceof Y.Item)) return;
    const key = `${documentName}\n${userId}`;
    this.byWriter.set(key, [...(this.byWriter.get(key) ?? []), { update, decoded, acceptedAt: Date.now() }]);
    if (Date.now() - this.lastSweep > InFlightWrites.forgetAfterMs) this.sweep();
  }

  private stale(entry: Accepted): boolean {
    return Date.now() - entry.acceptedAt > InFlightWrites.forgetAfterMs;
  }

  /** Writers who stopped writing are never asked again; drop what they left behind. */
  private sweep(): void {
    this.lastSweep = Date.now();
    for (const [key, entries] of this.byWriter) {
      const fresh = entries.filter((entry) => !this.stale(entry));
      if (fresh.length > 0) this.byWriter.set(key, fresh);
      else this.byWriter.delete(key);
    }
  }
}

/** Whether the document holds changes Yjs keeps back until what they build on arrives. */
function hasWaiting(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Whether the document holds every struct of the update. */
function applied(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  return decoded.structs.every((struct) => struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client));
}

/**
 * The part of an update the server does not have yet. A client's sync step 2 is computed against
 * the state vector the server sent when it subscribed; if others' changes arrived meanwhile, the
 * reply re-sends them — anyone's, under their editing identities. Those parts change nothing when
 * applied (Yjs skips what it has), so only what is new is judged: otherwise the sender's own
 * changes would be refused with them. Most updates carry nothing old and are returned as they are.
 */
function newToServer(doc: Y.Doc, update: Uint8Array): { update: Uint8Array; decoded: DecodedUpdate } {
  const decoded = decode(update);
  const old = decoded.structs.some((struct) => struct.id.clock < Y.getState(doc.store, struct.id.client));
  if (!old) return { update, decoded };
  const fresh = Y.diffUpdate(update, Y.encodeStateVector(doc));
  return { update: fresh, decoded: decode(fresh) };
}

function decode(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update);
  } catch (error) {
    throw new MalformedFrame(`not a Yjs update: ${(error as Error).message}`);
  }
}

/**
 * Where a struct lands: under a root type (by name); nowhere visible (garbage); not yet known but
 * waiting for the writer's own content (placed when that arrives); or unknown.
 */
type Placement = string | typeof garbage | typeof waiting | null;
/** Builds on garbage-collected content: Yjs integrates it as garbage, so it changes nothing. */
const garbage = Symbol('garbage');
/**
 * Builds on content of the writer's own that the server does not have yet. Yjs keeps it pending
 * until that content arrives — in a later update of the same writer (nobody else may write under
 * their clientIDs), which is checked with the pending struct included, since a scratch copy carries
 * the document's pending structs. Clients do this when edits made while reconnecting are sent
 * before the sync step 2 that carries the offline edits they build on.
 */
const waiting = Symbol('waiting');

/**
 * The names of the root types an update adds content to or deletes content from, given the
 * document it would be applied to; null when a change builds on, or deletes, content of someone
 * else's that neither the document nor the update holds (it could land anywhere once that arrives).
 *
 * A struct names its parent only when it has no neighbours; otherwise it lands beside its origin
 * (or right origin), so it is placed where that neighbour is — looked up in the document, in the
 * update itself, or in `earlier` updates that will be applied before it (only this update's own
 * changes are reported). Content missing everywhere is acceptable only if `mayWaitFor` its client
 * (the writer's own). Structs and deletions the document already has change nothing and are
 * skipped, which matters because a client's sync step 2 carries its whole delete set.
 */
export function touchedRoots(
  doc: Y.Doc,
  decoded: DecodedUpdate,
  earlier: ReadonlyArray<{ decoded: DecodedUpdate }> = [],
  mayWaitFor: (client: number) => boolean = () => false,
): Set<string> | null {
  const store = doc.store;
  const rootNames = new Map<unknown, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  /** Structs the document does not hold yet — this update's and the writer's earlier ones — per client. */
  const own = new Map<number, Array<Y.Item | Y.GC>>();
  for (const struct of [...earlier.flatMap((e) => e.decoded.structs), ...decoded.structs]) {
    if (struct instanceof Y.Skip) continue;
    const list = own.get(struct.id.client) ?? [];
    own.set(struct.id.client, list);
    list.push(struct);
  }
  if (earlier.length > 0) for (const list of own.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  const missing = (client: number): Placement => (mayWaitFor(client) ? waiting : null);
  const placed = new Map<Y.Item, Placement>();

  const placeType = (type: SharedType | null): Placement => {
    let root = type;
    while (root?._item) root = root._item.parent as SharedType | null;
    return root ? (rootNames.get(root) ?? null) : garbage;
  };
  /**
   * Follows the chain of structs each landing where the next one is (its nested type's holder or
   * its neighbour) until a named root, the document, or a dead end — iteratively, as an offline
   * client's update can hold thousands of structs in one chain.
   */
  const placeItem = (start: Y.Item): Placement => {
    const chain: Y.Item[] = [];
    let item = start;
    let placement: Placement = null;
    for (;;) {
      if (placed.has(item)) {
        placement = placed.get(item) ?? null; // null also while in progress: a chain that loops
        break;
      }
      placed.set(item, null);
      chain.push(item);
      const parent = item.parent as SharedType | Y.ID | string | null;
      if (typeof parent === 'string') {
        placement = parent;
        break;
      }
      // A nested type lives under the same root as the item holding it; a struct with neighbours
      // lands in their parent.
      const next = parent instanceof Y.ID ? parent : (item.origin ?? item.rightOrigin);
      if (!next) break;
      if (next.clock < Y.getState(store, next.client)) {
        const stored = Y.getItem(store, next) as Y.Item | Y.GC;
        placement = stored instanceof Y.Item ? placeType(stored.parent as SharedType) : garbage;
        break;
      }
      const pending = findStruct(own.get(next.client) ?? [], next.clock);
      if (!(pending instanceof Y.Item)) {
        placement = pending ? garbage : missing(next.client);
        break;
      }
      item = pending;
    }
    for (const link of chain) placed.set(link, placement);
    return placement;
  };

  const roots = new Set<string>();
  const add = (placement: Placement): boolean => {
    if (placement === null) return false;
    if (typeof placement === 'string') roots.add(placement);
    return true;
  };
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue;
    if (!add(placeItem(struct))) return null;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const known = Y.getState(store, client);
    const structs = store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      const end = clock + len;
      for (let i = clock < known ? Y.findIndexSS(structs, clock) : structs.length; i < structs.length; i++) {
        const struct = structs[i];
        if (!struct || struct.id.clock >= end) break;
        if (struct instanceof Y.Item && !struct.deleted && !add(placeType(struct.parent as SharedType))) return null;
      }
      // Beyond what the document holds: this update's or earlier structs, or content still to come.
      let next = Math.max(clock, known);
      while (next < end) {
        const pending = findStruct(own.get(client) ?? [], next);
        if (!pending) {
          if (!add(missing(client))) return null;
          break;
        }
        if (pending instanceof Y.Item && !add(placeItem(pending))) return null;
        next = pending.id.clock + pending.length;
      }
    }
  }
  return roots;
}

/** The struct holding `clock` among one client's structs (in clock order), if any. */
function findStruct(structs: Array<Y.Item | Y.GC>, clock: number): Y.Item | Y.GC | undefined {
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const struct = structs[middle];
    if (!struct) return undefined;
    if (clock < struct.id.clock) high = middle - 1;
    else if (clock >= struct.id.clock + struct.length) low = middle + 1;
    else return struct;
  }
  return undefined;
}

/** What is wrong with the update's changes to the client thread or the feedback for this customer, if anything. */
export function customerViolation(
  doc: Y.Doc,
  update: Uint8Array,
  userId: string,
  earlier: ReadonlyArray<{ update: Uint8Array }> = [],
): string | null {
  return scratchViolation(doc, update, earlier, (scratch, refuse) => {
    const thread = scratch.getArray<unknown>('clientThread');
    const feedback = scratch.getArray<unknown>('feedback');
    const comments = scratch.getArray<unknown>(commentsRoot);
    thread.observeDeep((events) => refuse(threadViolation(thread, events, userId)));
    feedback.observeDeep((events) => refuse(feedbackViolation(feedback, events, userId)));
    comments.observeDeep((events) => refuse(commentsViolation(comments, events, userId)));
  });
}

/**
 * Applies the update to a scratch copy of the document — with its pending structs, and the
 * writer's `earlier` updates still committing — while `watch`'s observers judge the Yjs events;
 * returns the first refusal.
 */
function scratchViolation(
  doc: Y.Doc,
  update: Uint8Array,
  earlier: ReadonlyArray<{ update: Uint8Array }>,
  watch: (scratch: Y.Doc, refuse: (violation: string | null) => void) => void,
): string | null {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  for (const entry of earlier) Y.applyUpdate(scratch, entry.update);
  let violation: string | null = null;
  watch(scratch, (found) => {
    violation ??= found;
  });
  try {
    Y.applyUpdate(scratch, update);
  } finally {
    scratch.destroy();
  }
  return violation;
}

const isOwnReaction = (key: string, userId: string) => parseReactionKey(key)?.userId === userId;

function threadViolation(thread: Y.Array<unknown>, events: Array<Y.YEvent<SharedType>>, userId: string): string | null {
  const own = (message: unknown) => message instanceof Y.Map && message.get('authorId') === userId;
  for (const event of events) {
    if (event.target === thread) {
      for (const item of event.changes.deleted) {
        if (!item.content.getContent().every(own)) return refusal.deleteMessage;
      }
      for (const item of event.changes.added) {
        for (const message of item.content.getContent()) {
          if (!own(message)) return refusal.newMessage;
          const reactions = [...(message as Y.Map<unknown>).keys()].filter((key) => parseReactionKey(key));
          if (!reactions.every((key) => isOwnReaction(key, userId))) return refusal.reaction;
        }
      }
      continue;
    }
    // A change inside an existing message: its text, resolved state, author, reactions…
    if (event.path.length !== 1) return refusal.changeMessage; // messages hold no nested types
    const message = event.target as Y.Map<unknown>;
    const authorBefore = event.changes.keys.get('authorId')?.oldValue;
    const ownMessage = message.get('authorId') === userId && (authorBefore === undefined || authorBefore === userId);
    for (const key of event.changes.keys.keys()) {
      if (parseReactionKey(key)) {
        if (!isOwnReaction(key, userId)) return refusal.reaction;
      } else if (!ownMessage) {
        return refusal.changeMessage;
      }
    }
  }
  return null;
}

function feedbackViolation(
  feedback: Y.Array<unknown>,
  events: Array<Y.YEvent<SharedType>>,
  userId: string,
): string | null {
  const own = (entry: unknown) =>
    typeof entry === 'object' &&
    entry !== null &&
    !(entry instanceof Y.AbstractType) &&
    (entry as { authorId?: unknown }).authorId === userId;
  for (const event of events) {
    if (event.target !== feedback) return refusal.editFeedback;
    for (const item of event.changes.deleted) {
      if (!item.content.getContent().every(own)) return refusal.removeFeedback;
    }
    for (const item of event.changes.added) {
      if (!item.content.getContent().every(own)) return refusal.newFeedback;
    }
  }
  return null;
}
