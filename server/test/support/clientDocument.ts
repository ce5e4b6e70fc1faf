/**
 * One document as the raw test client holds it: its Y.Doc and awareness, and what happened to it on
 * the current socket (update-bearing messages sent, the server's ack, greeting, errors received).
 */
import type { SyncMessage } from '@atrium/shared/protocol/frames.ts';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';

export class ClientDocument {
  readonly awareness: awarenessProtocol.Awareness;
  /** Update-bearing messages (sync step 2 or update) sent for this document on the current socket. */
  updatesSent = 0;
  /** The server's latest ack: the first `acked` update-bearing messages are committed. */
  acked = 0;
  /** True once the server's sync step 2 arrived on the current socket. */
  synced = false;
  /**
   * True once the server's step 1 arrived: the server greets every new subscription with it before
   * anything else it sends for it, so acks before it belong to an earlier subscription.
   */
  greeted = false;
  /** Acks that arrived before the greeting (for writes of an earlier subscription, not counted). */
  readonly earlierAcks: number[] = [];
  readonly errors: Array<{ code: string; message: string }> = [];
  readonly received: SyncMessage[] = [];

  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // Tests that use presence set it explicitly; nobody announces an empty state by default.
    this.awareness.setLocalState(null);
  }

  resetForNewSocket(): void {
    this.updatesSent = 0;
    this.acked = 0;
    this.synced = false;
    this.greeted = false;
  }
}
