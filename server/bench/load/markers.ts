/**
 * Edit markers: the value a client writes is `@@t=<send time ms>@@<edit id>!`. Yjs encodes a string
 * map value as raw UTF-8 inside the update, so a receiver can find send time and edit id by scanning
 * the bytes of an incoming message, without decoding or applying the update. That keeps the load
 * generator cheap enough not to compete with the server for the two cores. A server that merges
 * several updates into one message is handled: every marker in the message is reported.
 */
const start = Buffer.from('@@t=', 'latin1');
const at = 0x40; // '@'
const bang = 0x21; // '!'

export function formatMarker(sentAt: number, editId: number): string {
  return `@@t=${sentAt.toFixed(3)}@@${editId}!`;
}

/** Calls `found` for every marker in `bytes` from `from` on. */
export function scanMarkers(bytes: Buffer, from: number, found: (editId: number, sentAt: number) => void): void {
  let i = bytes.indexOf(start, from);
  while (i !== -1) {
    const separator = bytes.indexOf(at, i + start.length);
    if (separator === -1) return;
    const end = bytes.indexOf(bang, separator + 2);
    if (end === -1) return;
    const sentAt = Number(bytes.toString('latin1', i + start.length, separator));
    const editId = Number(bytes.toString('latin1', separator + 2, end));
    if (Number.isFinite(sentAt) && Number.isInteger(editId)) found(editId, sentAt);
    i = bytes.indexOf(start, end + 1);
  }
}
