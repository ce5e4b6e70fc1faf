/**
 * Wire framings of the servers under test, reduced to what the load client needs: where to connect,
 * what to send before syncing a document, how to wrap a y-protocols message, and how to find the
 * y-protocols message inside an incoming frame.
 *
 * - `y-websocket` (reference server and Atrium's `/sync/<name>`): one document per socket, the
 *   socket carries bare y-websocket messages (varUint type, then the body).
 * - `hocuspocus`: every message is prefixed with varString documentName; before anything else for a
 *   document the client must send Auth (type 2, sub-type 0 = Token, varString token). One socket may
 *   carry many documents (the server keys connections by the name prefix). The server also sends
 *   `SyncReply` (4) as a sync message, and a `SyncStatus` (8) after every update, which we ignore.
 * - `prefixed` (Atrium's `/ws`): name-prefixed messages without an Auth message (authentication
 *   happens at the upgrade), many documents per socket. Atrium also sends its own types (100+:
 *   acks, errors) there, which we ignore.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const syncType = 0;
export const syncStep1 = 0;
export const syncStep2 = 1;
export const syncUpdate = 2;

export interface WireProtocol {
  readonly name: string;
  /** How many documents one socket may carry. */
  readonly maxDocsPerSocket: number;
  /** URL of a socket that will carry `docs` (exactly one for single-document framings). */
  url(base: string, docs: readonly string[]): string;
  /** Frames to send for a document before its sync step 1 (e.g. authentication). */
  openFrames(doc: string): Uint8Array[];
  /** Wraps a y-protocols message for `doc`. */
  frame(doc: string, message: Uint8Array): Uint8Array;
  /** The document an incoming frame is about (null: the socket's only one) and where its message starts. */
  parse(frame: Uint8Array): { doc: string | null; offset: number };
  /** True for message types that carry y-protocols sync messages. */
  isSync(type: number): boolean;
}

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint(e, syncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint(e, syncStep2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint(e, syncUpdate);
    encoding.writeVarUint8Array(e, update);
  });
}

function prefixWithName(doc: string, message: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarString(e, doc);
    encoding.writeUint8Array(e, message);
  });
}

const withQuery = (query: string) => (query ? `?${query}` : '');

function parsePrefixed(frame: Uint8Array): { doc: string; offset: number } {
  const decoder = decoding.createDecoder(frame);
  const doc = decoding.readVarString(decoder);
  return { doc, offset: decoder.pos };
}

/** One document per socket at `<base><path><name>`, bare y-websocket messages. */
export function yWebsocketProtocol(path: string, query = ''): WireProtocol {
  return {
    name: 'y-websocket',
    maxDocsPerSocket: 1,
    url: (base, docs) => `${base}${path}${encodeURIComponent(docs[0] ?? '')}${withQuery(query)}`,
    openFrames: () => [],
    frame: (_doc, message) => message,
    parse: () => ({ doc: null, offset: 0 }),
    isSync: (type) => type === syncType,
  };
}

const hocuspocusAuth = 2;
const hocuspocusAuthToken = 0;
const hocuspocusSyncReply = 4;

/** Hocuspocus 3: name-prefixed messages, Auth before sync, many documents per socket. */
export function hocuspocusProtocol(query = ''): WireProtocol {
  return {
    name: 'hocuspocus',
    maxDocsPerSocket: Number.POSITIVE_INFINITY,
    url: (base) => `${base}/${withQuery(query)}`,
    openFrames: (doc) => [
      build((e) => {
        encoding.writeVarString(e, doc);
        encoding.writeVarUint(e, hocuspocusAuth);
        encoding.writeVarUint(e, hocuspocusAuthToken);
        // No onAuthenticate hook is installed, so any token is accepted.
        encoding.writeVarString(e, 'bench');
      }),
    ],
    frame: prefixWithName,
    parse: parsePrefixed,
    isSync: (type) => type === syncType || type === hocuspocusSyncReply,
  };
}

/** Name-prefixed y-websocket messages on one socket at `<base><path>`, no Auth. */
export function prefixedProtocol(path: string, query = ''): WireProtocol {
  return {
    name: 'prefixed',
    maxDocsPerSocket: Number.POSITIVE_INFINITY,
    url: (base) => `${base}${path}${withQuery(query)}`,
    openFrames: () => [],
    frame: prefixWithName,
    parse: parsePrefixed,
    isSync: (type) => type === syncType,
  };
}

/**
 * A protocol as plain data, so the orchestrator can hand it to the load generator process.
 * `query` (e.g. an access token) is added to every socket URL.
 */
export type ProtocolSpec =
  | { kind: 'y-websocket'; path: string; query?: string }
  | { kind: 'hocuspocus'; query?: string }
  | { kind: 'prefixed'; path: string; query?: string };

export function protocolFromSpec(spec: ProtocolSpec): WireProtocol {
  switch (spec.kind) {
    case 'y-websocket':
      return yWebsocketProtocol(spec.path, spec.query);
    case 'hocuspocus':
      return hocuspocusProtocol(spec.query);
    case 'prefixed':
      return prefixedProtocol(spec.path, spec.query);
  }
}
