/**
 * Message types on Atrium's sync sockets.
 *
 * 0–3 are the y-websocket protocol's own types, so the stock `y-websocket` provider works against
 * the single-document endpoint unchanged. 100+ are Atrium's additions, sent only on the
 * multiplexed endpoint (the stock provider would log unknown types as errors).
 */
export const messageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** server → client: the first N update-bearing messages the client sent for this document are committed. */
  ack: 100,
  /** server → client: a request about this document was refused or failed (code + message). */
  error: 101,
  /** client → server: stop syncing this document on this socket. */
  unsubscribe: 102,
} as const;

export type MessageType = (typeof messageType)[keyof typeof messageType];

/** Sub-types of a sync message, as in y-protocols/sync. */
export const syncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;
