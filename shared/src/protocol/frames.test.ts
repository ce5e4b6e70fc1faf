/**
 * The frame codec: every message survives an encode/decode round trip, and anything that is not
 * exactly one well-formed message — trailing bytes, unknown types, truncation — is MalformedFrame,
 * never another error and never a guess.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { errorCode } from './errorCodes.ts';
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeAck,
  encodeAwareness,
  encodeDocumentFrame,
  encodeError,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
  MalformedFrame,
  type SyncMessage,
} from './frames.ts';
import { messageType } from './messageTypes.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

function encodeRaw(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Every message kind with its encoding; `auth` has no encoder (servers never send it). */
const examples: Array<[string, Uint8Array, SyncMessage]> = [
  ['sync step 1', encodeSyncStep1(bytes(1, 2, 3)), { kind: 'syncStep1', stateVector: bytes(1, 2, 3) }],
  ['sync step 2', encodeSyncStep2(bytes(0, 0)), { kind: 'syncStep2', update: bytes(0, 0) }],
  ['update', encodeUpdate(bytes(9, 8, 7, 6)), { kind: 'update', update: bytes(9, 8, 7, 6) }],
  ['awareness', encodeAwareness(bytes(5)), { kind: 'awareness', update: bytes(5) }],
  ['query awareness', encodeQueryAwareness(), { kind: 'queryAwareness' }],
  ['ack', encodeAck(300), { kind: 'ack', count: 300 }],
  [
    'error',
    encodeError(errorCode.readOnly, 'Read only — “quotes” ok'),
    { kind: 'error', code: 'read_only', message: 'Read only — “quotes” ok' },
  ],
  ['unsubscribe', encodeUnsubscribe(), { kind: 'unsubscribe' }],
];

function expectMalformed(read: () => unknown): MalformedFrame {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedFrame);
    return error as MalformedFrame;
  }
  throw new Error('expected MalformedFrame, but the bytes decoded');
}

describe('decodeMessage', () => {
  it.each(examples)('decodes what was encoded: %s', (_, encoded, message) => {
    expect(decodeMessage(encoded)).toEqual(message);
  });

  it('round-trips any update, state vector and awareness payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
        expect(decodeMessage(encodeUpdate(payload))).toEqual({ kind: 'update', update: payload });
        expect(decodeMessage(encodeSyncStep2(payload))).toEqual({ kind: 'syncStep2', update: payload });
        expect(decodeMessage(encodeSyncStep1(payload))).toEqual({ kind: 'syncStep1', stateVector: payload });
        expect(decodeMessage(encodeAwareness(payload))).toEqual({ kind: 'awareness', update: payload });
      }),
    );
  });

  it('round-trips any ack count and error text', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), (count, text) => {
        expect(decodeMessage(encodeAck(count))).toEqual({ kind: 'ack', count });
        expect(decodeMessage(encodeError(errorCode.forbidden, text))).toEqual({
          kind: 'error',
          code: 'forbidden',
          message: text,
        });
      }),
    );
  });

  it('reads the y-websocket auth message as an opaque payload', () => {
    const auth = encodeRaw((e) => {
      encoding.writeVarUint(e, messageType.auth);
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, 'denied');
    });
    const decoded = decodeMessage(auth);
    expect(decoded.kind).toBe('auth');
  });

  it.each(examples)('rejects trailing bytes after a message: %s', (_, encoded) => {
    const error = expectMalformed(() => decodeMessage(new Uint8Array([...encoded, 0])));
    expect(error.message).toMatch(/trailing/);
  });

  it.each(examples)('rejects every truncation of a message: %s', (_, encoded) => {
    for (let length = 0; length < encoded.length; length += 1) {
      expectMalformed(() => decodeMessage(encoded.subarray(0, length)));
    }
  });

  it('rejects an unknown message type, naming it', () => {
    expect(expectMalformed(() => decodeMessage(bytes(7))).message).toBe('unknown message type 7');
    expect(expectMalformed(() => decodeMessage(bytes(103))).message).toBe('unknown message type 103');
  });

  it('rejects an unknown sync step, naming it', () => {
    expect(expectMalformed(() => decodeMessage(bytes(messageType.sync, 3, 0))).message).toBe('unknown sync step 3');
  });

  it('rejects an empty frame and a varint too large to be a number', () => {
    expectMalformed(() => decodeMessage(bytes()));
    expectMalformed(() => decodeMessage(new Uint8Array(12).fill(0xff)));
  });

  it('rejects a length that runs past the end of the frame even when the buffer behind it continues', () => {
    // A frame is often a view into a larger receive buffer: the length must be checked against the
    // frame, not the buffer, or the decoder would read a neighbour's bytes.
    const buffer = new Uint8Array([messageType.sync, 2, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expectMalformed(() => decodeMessage(buffer.subarray(0, 5)));
  });

  it('throws nothing but MalformedFrame, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        try {
          decodeMessage(input);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedFrame);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('document frames', () => {
  it('round-trip a name and message, including names with slashes and non-ASCII', () => {
    for (const name of ['task/42', 'project/p-1/plan', 'ünïcode/名前', '']) {
      const message = encodeUpdate(bytes(1, 2, 3));
      const frame = decodeDocumentFrame(encodeDocumentFrame(name, message));
      expect(frame.name).toBe(name);
      expect(frame.message).toEqual(message);
      expect(decodeMessage(frame.message)).toEqual({ kind: 'update', update: bytes(1, 2, 3) });
    }
  });

  it('round-trip any name and message bytes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.uint8Array({ maxLength: 100 }),
        (name, message) => {
          const frame = decodeDocumentFrame(encodeDocumentFrame(name, message));
          expect(frame).toEqual({ name, message });
        },
      ),
    );
  });

  it('leave an empty message for the message decoder to reject', () => {
    const frame = decodeDocumentFrame(encodeDocumentFrame('doc', bytes()));
    expect(frame.message.byteLength).toBe(0);
    expectMalformed(() => decodeMessage(frame.message));
  });

  it('reject a truncated name', () => {
    const frame = encodeDocumentFrame('a-long-document-name', encodeQueryAwareness());
    expectMalformed(() => decodeDocumentFrame(frame.subarray(0, 5)));
    expectMalformed(() => decodeDocumentFrame(bytes()));
    expectMalformed(() => decodeDocumentFrame(bytes(0xff)));
  });
});
