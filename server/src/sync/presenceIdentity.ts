/**
 * Presence says who someone is, so the server decides that part: every awareness state a client
 * publishes has its `user.id` and `user.name` replaced with the authenticated person's before it is
 * applied or passed on, whatever the client claimed. The rest of the state (colour, caret, anything
 * else) is the client's. Pure: bytes in, bytes out (y-protocols/awareness wire format).
 */
import { MalformedFrame } from '@atrium/shared/protocol/frames.ts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type PresenceIdentity = { id: string; name: string };

/** The update with every present state's `user.id` / `user.name` set to `identity`. */
export function stampPresence(update: Uint8Array, identity: PresenceIdentity): Uint8Array {
  const entries = readEntries(update);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state === null ? null : stamp(state, identity)));
  }
  return encoding.toUint8Array(encoder);
}

type Entry = { clientId: number; clock: number; state: unknown };

function readEntries(update: Uint8Array): Entry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) });
    }
    return entries;
  } catch (error) {
    throw new MalformedFrame(`bad awareness update: ${(error as Error).message}`);
  }
}

function stamp(state: unknown, identity: PresenceIdentity): Record<string, unknown> {
  // A state is an object of fields (y-protocols' setLocalStateField); anything else names nobody.
  if (!isRecord(state)) throw new MalformedFrame('bad awareness update: a presence state must be an object');
  const user = isRecord(state.user) ? state.user : {};
  return { ...state, user: { ...user, id: identity.id, name: identity.name } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
