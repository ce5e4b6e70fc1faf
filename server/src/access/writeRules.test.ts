/**
 * The pure parts of the write rules: which root types an update touches (worked out without a
 * scratch copy, so it must agree with what applying the update would change), and what a
 * customer may change in the client thread's reactions and in the feedback. The rules as the sync
 * server enforces them, over real sockets, are tested in server/test/split/.
 */
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { defaultWorkflow } from '@atrium/shared/model/workflow.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { customerViolation, refusal, touchedRoots } from './writeRules.ts';

/** A client's copy of `base` (its own clientID), edited by `edit`; returns the update it would send. */
function edited(base: Y.Doc, edit: (doc: Y.Doc) => void): { update: Uint8Array; replica: Y.Doc } {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return { update: Y.encodeStateAsUpdate(replica, before), replica };
}

const roots = (doc: Y.Doc, update: Uint8Array) => {
  const found = touchedRoots(doc, Y.decodeUpdate(update));
  return found && [...found].sort();
};

const planItem = (id: string) => ({
  id,
  kind: 'task' as const,
  title: `Item ${id}`,
  status: 'todo',
  order: 'a0',
  dueDate: null,
  assignees: [],
  milestoneId: null,
  shared: false,
  createdBy: 'usr_owner',
  createdAt: 1,
});

const otherWorkflow = { ...defaultWorkflow, customerTransitions: [] };

/** A server's plan with an item and a workflow of its own. */
function serverPlan(): Y.Doc {
  const doc = new Y.Doc();
  new Plan(doc).addItem(planItem('itm_1'));
  new Plan(doc).setWorkflow(defaultWorkflow);
  return doc;
}

describe('touchedRoots', () => {
  it('finds the workflow when it is set for the first time (the struct names its root)', () => {
    const server = new Y.Doc();
    new Plan(server).addItem(planItem('itm_1'));
    expect(roots(server, edited(server, (doc) => new Plan(doc).setWorkflow(defaultWorkflow)).update)).toEqual([
      'workflow',
    ]);
  });

  it('finds the workflow when it is replaced (the struct only names its neighbour, the old value)', () => {
    const server = serverPlan();
    const { update } = edited(server, (doc) => new Plan(doc).setWorkflow(otherWorkflow));
    expect(Y.decodeUpdate(update).structs.every((s) => s instanceof Y.Item && s.parent === null)).toBe(true);
    expect(roots(server, update)).toEqual(['workflow']);
  });

  it('finds the workflow when its value is only deleted (a delete set and no structs)', () => {
    const server = serverPlan();
    const { update } = edited(server, (doc) => doc.getMap('workflow').delete('value'));
    expect(Y.decodeUpdate(update).structs).toEqual([]);
    expect(roots(server, update)).toEqual(['workflow']);
  });

  it('does not find it in edits of items, even in a sync step 2 carrying a workflow replaced long ago', () => {
    const server = serverPlan();
    new Plan(server).setWorkflow(otherWorkflow); // the first value is deleted now, on the server too
    const { update: itemEdit } = edited(server, (doc) => new Plan(doc).updateItem('itm_1', { title: 'Renamed' }));
    expect(roots(server, itemEdit)).toEqual(['items']);
    // What a reconnecting client sends: everything the server lacks plus its whole delete set.
    const { replica } = edited(server, (doc) => new Plan(doc).addItem(planItem('itm_2')));
    const syncStep2 = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(syncStep2).ds.clients.size).toBeGreaterThan(0);
    expect(roots(server, syncStep2)).toEqual(['items']);
  });

  it('skips structs the document already has', () => {
    const server = serverPlan();
    expect(roots(server, Y.encodeStateAsUpdate(server))).toEqual([]);
  });

  it('places a struct that builds on another struct of the same update', () => {
    const server = new Y.Doc();
    const { update } = edited(server, (doc) => {
      new Plan(doc).setWorkflow(defaultWorkflow);
      new Plan(doc).setWorkflow(otherWorkflow); // its origin is the first value, in this update too
    });
    expect(roots(server, update)).toEqual(['workflow']);
  });

  it('places changes inside nested types: a reaction on a message, a paragraph of the description', () => {
    const server = new Y.Doc();
    new ItemSharedPart(server).clientThread.add({ id: 'msg_1', authorId: 'usr_mia', body: 'Hello' });
    server.getXmlFragment('description').insert(0, [new Y.XmlText('Brief')]);
    const reaction = edited(server, (doc) => new ItemSharedPart(doc).clientThread.react('msg_1', 'usr_cora', '👍'));
    expect(roots(server, reaction.update)).toEqual(['clientThread']);
    const typing = edited(server, (doc) => (doc.getXmlFragment('description').get(0) as Y.XmlText).insert(5, '!'));
    expect(roots(server, typing.update)).toEqual(['description']);
  });

  it('ignores an edit inside content the document has collected (it would change nothing)', () => {
    const server = serverPlan();
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(server));
    new Plan(server).removeItem('itm_1'); // the item's fields are garbage-collected on the server
    const { update } = edited(offline, (doc) => new Plan(doc).updateItem('itm_1', { title: 'Too late' }));
    expect(roots(server, update)).toEqual([]);
  });

  it('cannot place a change that builds on, or deletes, content neither the document nor the update has', () => {
    const server = serverPlan();
    const { replica: ahead, update: missing } = edited(server, (doc) => new Plan(doc).addItem(planItem('itm_unsent')));
    const buildsOn = edited(ahead, (doc) => new Plan(doc).updateItem('itm_unsent', { title: 'x' })).update;
    expect(roots(server, buildsOn)).toBeNull();
    const deletes = edited(ahead, (doc) => new Plan(doc).removeItem('itm_unsent')).update;
    expect(roots(server, deletes)).toBeNull();
    // Together with the content they build on, they are placed.
    expect(roots(server, Y.mergeUpdates([missing, buildsOn, deletes]))).toEqual(['items']);
  });

  it('lets a change wait for content only from a client it may wait for, and counts it where that lands', () => {
    const server = serverPlan();
    const { replica: ahead, update: missing } = edited(server, (doc) => new Plan(doc).addItem(planItem('itm_unsent')));
    const buildsOn = edited(ahead, (doc) => new Plan(doc).updateItem('itm_unsent', { title: 'x' })).update;
    const decoded = Y.decodeUpdate(buildsOn);
    expect(touchedRoots(server, decoded, [], () => true)).toEqual(new Set());
    expect(touchedRoots(server, decoded, [], () => false)).toBeNull();
    // Content accepted earlier and still committing places it.
    expect(touchedRoots(server, decoded, [{ decoded: Y.decodeUpdate(missing) }])).toEqual(new Set(['items']));
  });
});

describe('customerViolation', () => {
  const customer = 'usr_cora';
  const other = 'usr_victor';

  /** A shareable part with a team message, a customer message and a reaction of someone else on each. */
  function sharedPart(): Y.Doc {
    const doc = new Y.Doc();
    const part = new ItemSharedPart(doc);
    part.clientThread.add({ id: 'msg_team', authorId: 'usr_mia', body: 'Please review' });
    part.clientThread.add({ id: 'msg_own', authorId: customer, body: 'Looks good' });
    part.clientThread.react('msg_team', other, '👀');
    part.clientThread.react('msg_own', other, '👀');
    part.addFeedback({ id: 'fb_team', authorId: 'usr_mia', createdAt: 1, sentiment: 'neutral', text: 'Draft' });
    part.addFeedback({ id: 'fb_own', authorId: customer, createdAt: 2, sentiment: 'positive', text: 'Nice' });
    return doc;
  }

  const check = (edit: (part: ItemSharedPart) => void) => {
    const server = sharedPart();
    return customerViolation(server, edited(server, (doc) => edit(new ItemSharedPart(doc))).update, customer);
  };

  it('lets a customer react and unreact as themselves on anyone’s message', () => {
    expect(check((part) => part.clientThread.react('msg_team', customer, '👍'))).toBeNull();
    expect(check((part) => part.clientThread.react('msg_own', customer, '👍'))).toBeNull();
    const server = sharedPart();
    new ItemSharedPart(server).clientThread.react('msg_team', customer, '👍');
    const { update } = edited(server, (doc) =>
      new ItemSharedPart(doc).clientThread.unreact('msg_team', customer, '👍'),
    );
    expect(customerViolation(server, update, customer)).toBeNull();
  });

  it('refuses reactions under anyone else’s name, on any message, added or removed', () => {
    expect(check((part) => part.clientThread.react('msg_team', other, '👍'))).toBe(refusal.reaction);
    expect(check((part) => part.clientThread.unreact('msg_team', other, '👀'))).toBe(refusal.reaction);
    expect(check((part) => part.clientThread.unreact('msg_own', other, '👀'))).toBe(refusal.reaction);
    const withOthersReaction = check((part) => {
      part.clientThread.add({ id: 'msg_new', authorId: customer, body: 'Hi' });
      part.clientThread.react('msg_new', other, '👍');
    });
    expect(withOthersReaction).toBe(refusal.reaction);
  });

  it('still refuses any other change to someone else’s message, even alongside an own reaction', () => {
    const edit = check((part) => {
      part.clientThread.react('msg_team', customer, '👍');
      part.clientThread.edit('msg_team', 'Changed');
    });
    expect(edit).toBe(refusal.changeMessage);
    expect(check((part) => part.clientThread.array.get(0).set('reaction', 'not one'))).toBe(refusal.changeMessage);
    expect(check((part) => part.clientThread.edit('msg_own', 'Looks great'))).toBeNull();
  });

  it('lets a customer give feedback as themselves and remove their own', () => {
    const own = { id: 'fb_new', authorId: customer, createdAt: 3, sentiment: 'negative' as const, text: 'Too dark' };
    expect(check((part) => part.addFeedback(own))).toBeNull();
    expect(check((part) => part.removeFeedback('fb_own'))).toBeNull();
  });

  it('refuses feedback under someone else’s name, removing someone else’s, and changing entries in place', () => {
    const forged = { id: 'fb_new', authorId: other, createdAt: 3, sentiment: 'negative' as const, text: 'Too dark' };
    expect(check((part) => part.addFeedback(forged))).toBe(refusal.newFeedback);
    expect(check((part) => part.removeFeedback('fb_team'))).toBe(refusal.removeFeedback);
    const asType = check((part) => {
      const entry = new Y.Map<unknown>();
      entry.set('authorId', customer);
      part.doc.getArray('feedback').push([entry]);
    });
    expect(asType).toBe(refusal.newFeedback);

    // An entry the team added as a nested map is still not the customer's to change.
    const server = sharedPart();
    const entry = new Y.Map<unknown>();
    server.getArray('feedback').push([entry]);
    entry.set('authorId', customer);
    const { update } = edited(server, (doc) =>
      (doc.getArray('feedback').get(2) as Y.Map<unknown>).set('text', 'changed'),
    );
    expect(customerViolation(server, update, customer)).toBe(refusal.editFeedback);
  });
});
