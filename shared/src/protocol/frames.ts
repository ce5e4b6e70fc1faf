/**
 * Encoding and decoding of sync frames: pure functions over bytes, no sockets, no timers.
 *
 * Two framings share one message format. The single-document form (`/sync/<name>`) sends the
 * y-websocket message as is. The multiplexed form prefixes every message with the document name
 * (`varString name` then the message), so one socket carries many documents.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { ErrorCode } from './errorCodes.ts';
import { messageType, syncStep } from './messageTypes.ts';

export type SyncMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'auth'; payload: Uint8Array }
  | { kind: 'ack'; count: number }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'unsubscribe' };

/** Thrown when bytes are not a well-formed frame; the connection that sent them is closed. */
export class MalformedFrame extends Error {
  override readonly name = 'MalformedFrame';
}

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, messageType.sync);
    encoding.writeVarUint(e, syncStep.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, messageType.sync);
    encoding.writeVarUint(e, syncStep.step2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, messageType.sync);
    encoding.writeVarUint(e, syncStep.update);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, messageType.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeQueryAwareness(): Uint8Array {
  return build((e) => encoding.writeVarUint(e, messageType.queryAwareness));
}

export function encodeAck(count: number): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, messageType.ack);
    encoding.writeVarUint(e, count);
  });
}

export function encodeError(code: ErrorCode, message: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, messageType.error);
    encoding.writeVarString(e, code);
    encoding.writeVarString(e, message);
  });
}

export function encodeUnsubscribe(): Uint8Array {
  return build((e) => encoding.writeVarUint(e, messageType.unsubscribe));
}

/** Prefixes a message with its document name for the multiplexed socket. */
export function encodeDocumentFrame(name: string, message: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarString(e, name);
    encoding.writeUint8Array(e, message);
  });
}

/** Splits a multiplexed frame into its document name and message bytes. */
export function decodeDocumentFrame(frame: Uint8Array): { name: string; message: Uint8Array } {
  return guard(() => {
    const decoder = decoding.createDecoder(frame);
    const name = decoding.readVarString(decoder);
    return { name, message: frame.subarray(decoder.pos) };
  });
}

function readSync(decoder: decoding.Decoder): SyncMessage {
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case syncStep.step1:
      return { kind: 'syncStep1', stateVector: decoding.readVarUint8Array(decoder) };
    case syncStep.step2:
      return { kind: 'syncStep2', update: decoding.readVarUint8Array(decoder) };
    case syncStep.update:
      return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
    default:
      throw new MalformedFrame(`unknown sync step ${step}`);
  }
}

function readBody(decoder: decoding.Decoder): SyncMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case messageType.sync:
      return readSync(decoder);
    case messageType.awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case messageType.queryAwareness:
      return { kind: 'queryAwareness' };
    case messageType.auth:
      return { kind: 'auth', payload: decoding.readTailAsUint8Array(decoder) };
    case messageType.ack:
      return { kind: 'ack', count: decoding.readVarUint(decoder) };
    case messageType.error:
      return {
        kind: 'error',
        code: decoding.readVarString(decoder),
        message: decoding.readVarString(decoder),
      };
    case messageType.unsubscribe:
      return { kind: 'unsubscribe' };
    default:
      throw new MalformedFrame(`unknown message type ${type}`);
  }
}

/**
 * Decodes one message. Throws MalformedFrame on truncated input, unknown types or trailing bytes:
 * a peer that sends those is broken or hostile, and guessing what it meant risks storing garbage.
 */
export function decodeMessage(bytes: Uint8Array): SyncMessage {
  return guard(() => {
    const decoder = decoding.createDecoder(bytes);
    const message = readBody(decoder);
    if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after message');
    return message;
  });
}

function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame(error instanceof Error ? error.message : String(error));
  }
}
