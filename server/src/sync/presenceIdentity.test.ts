import { MalformedFrame } from '@atrium/shared/protocol/frames.ts';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { stampPresence } from './presenceIdentity.ts';

const casey = { id: 'usr_casey', name: 'Casey Customer' };

/** What another client sees after applying the stamped update. */
function received(states: Array<Record<string, unknown> | null>): Array<Record<string, unknown> | null> {
  const sender = new awarenessProtocol.Awareness(new Y.Doc());
  const clients: number[] = [];
  for (const [index, state] of states.entries()) {
    sender.clientID = 100 + index;
    // Twice, as a real client (clock 1): a receiver ignores clock 0 for a client it has not seen.
    sender.setLocalState({});
    sender.setLocalState(state);
    clients.push(sender.clientID);
  }
  const update = awarenessProtocol.encodeAwarenessUpdate(sender, clients);
  const receiver = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(receiver, stampPresence(update, casey), 'server');
  return clients.map((client) => receiver.getStates().get(client) ?? null);
}

describe('stampPresence', () => {
  it('replaces a claimed identity with the authenticated person’s and keeps the rest', () => {
    const [state] = received([
      { user: { id: 'usr_pat', name: 'Pat Provider', color: '#f00' }, cursor: { anchor: 1, head: 2 } },
    ]);
    expect(state).toEqual({
      user: { id: 'usr_casey', name: 'Casey Customer', color: '#f00' },
      cursor: { anchor: 1, head: 2 },
    });
  });

  it('names the person in a state that named nobody, and stamps every state of the update', () => {
    expect(received([{ cursor: null }, { user: 'Pat Provider' }])).toEqual([
      { cursor: null, user: casey },
      { user: casey },
    ]);
  });

  it('leaves a removal (a null state) a removal', () => {
    const sender = new awarenessProtocol.Awareness(new Y.Doc());
    sender.setLocalState(null);
    const update = awarenessProtocol.encodeAwarenessUpdate(sender, [sender.clientID]);
    expect(stampPresence(update, casey)).toEqual(update);
  });

  it('refuses states that are not objects and bytes that are not an awareness update', () => {
    const sender = new awarenessProtocol.Awareness(new Y.Doc());
    sender.setLocalState('Pat Provider' as unknown as Record<string, unknown>);
    const update = awarenessProtocol.encodeAwarenessUpdate(sender, [sender.clientID]);
    expect(() => stampPresence(update, casey)).toThrow(MalformedFrame);
    expect(() => stampPresence(new Uint8Array([5, 1]), casey)).toThrow(MalformedFrame);
  });
});
