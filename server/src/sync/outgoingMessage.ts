/**
 * A message about one document, encoded once and framed lazily for each kind of socket: the bare
 * y-websocket message for single-document sockets, the name-prefixed frame for multiplexed ones.
 * Broadcasting to N subscribers therefore costs at most two encodings, not N.
 */
import { encodeDocumentFrame } from '@atrium/shared/protocol/frames.ts';

export class OutgoingMessage {
  private documentFrame: Uint8Array | undefined;

  constructor(
    readonly documentName: string,
    readonly body: Uint8Array,
  ) {}

  /** The message prefixed with its document name, for multiplexed sockets. */
  framed(): Uint8Array {
    this.documentFrame ??= encodeDocumentFrame(this.documentName, this.body);
    return this.documentFrame;
  }
}
