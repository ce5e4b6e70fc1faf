/**
 * Error codes carried by error frames and WebSocket close codes.
 *
 * One list shared by server and client so the app can tell a person precisely what happened to
 * their work (for example "this document is read-only for you") instead of a generic failure.
 */
export const errorCode = {
  /** The caller may not subscribe to the document (also used when it does not exist). */
  forbidden: 'forbidden',
  /** The caller may read but not write the document; the write was not stored. */
  readOnly: 'read_only',
  /** The document name is not a valid Atrium document name. */
  invalidName: 'invalid_name',
  /** The server failed to store or load; nothing was acknowledged. */
  storageFailed: 'storage_failed',
  /** Access was withdrawn while subscribed; the subscription is closed. */
  accessRevoked: 'access_revoked',
  /**
   * A write broke a rule of the document (writing as someone else, editing another person's
   * message…). Nothing of it was stored or sent to anyone; the client should reset this document
   * to the server's state.
   */
  writeRefused: 'write_refused',
} as const;

export type ErrorCode = (typeof errorCode)[keyof typeof errorCode];

/**
 * WebSocket close codes (4000–4999 are free for applications). A close ends the whole socket, so
 * these are used only for connection-level faults; per-document refusals use error frames.
 */
export const closeCode = {
  normal: 1000,
  goingAway: 1001,
  /** A frame could not be decoded, had an unknown type, or carried a garbage update. */
  malformed: 4400,
  /** The client is not authenticated. */
  unauthorized: 4401,
  /** The client's single document is not accessible to it. */
  forbidden: 4403,
  /** The client is not reading fast enough; its send buffer overflowed. */
  slowConsumer: 4408,
  /** The server is shutting down. */
  shuttingDown: 4503,
} as const;
