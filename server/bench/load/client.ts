/**
 * One simulated client: one WebSocket carrying one or more documents. Per document it holds a Y.Doc
 * but only ever writes its own map key, so its updates are valid on the server without applying
 * anybody else's edits — receiving stays a byte scan (see markers.ts), never a Yjs decode. It
 * performs the sync handshake (answers the server's step 1 with its state, counts a document as
 * synced when step 2 arrives) and reports every marker found in incoming sync messages. Message
 * types it does not know (server extensions, acks, awareness) are ignored, as the stock provider
 * would.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { scanMarkers } from './markers.ts';
import type { WireProtocol } from './protocols.ts';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate, syncStep1, syncStep2, syncUpdate } from './protocols.ts';

/** Called for each marker received: which of this client's documents, the edit, and the clocks. */
export type DeliveryHandler = (slot: number, editId: number, sentAt: number, receivedAt: number) => void;

type ClientDoc = { name: string; ydoc: Y.Doc; map: Y.Map<string>; synced: boolean };

export class LoadClient {
  private ws: WebSocket | null = null;
  private readonly docs: ClientDoc[];
  private readonly slotByName = new Map<string, number>();
  private unsynced: number;
  private closing = false;
  /** Set when the server closed the socket while we still wanted it. */
  unexpectedClose: string | null = null;

  constructor(
    private readonly protocol: WireProtocol,
    private readonly base: string,
    names: readonly string[],
    private readonly key: string,
    private readonly onDelivery: DeliveryHandler,
  ) {
    this.docs = names.map((name, slot) => {
      this.slotByName.set(name, slot);
      const ydoc = new Y.Doc();
      const doc = { name, ydoc, map: ydoc.getMap<string>('m'), synced: false };
      // Every local change goes straight out as a sync update, like the stock provider does.
      ydoc.on('update', (update: Uint8Array) => this.send(name, encodeUpdate(update)));
      return doc;
    });
    this.unsynced = this.docs.length;
  }

  /** Opens the socket and resolves once every document has received sync step 2. */
  connect(timeoutMs: number): Promise<void> {
    const url = this.protocol.url(
      this.base,
      this.docs.map((d) => d.name),
    );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sync timed out after ${timeoutMs} ms: ${url}`)), timeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      // No compression: identical cost for every server, and none of them needs it on loopback.
      const ws = new WebSocket(url, { perMessageDeflate: false });
      this.ws = ws;
      ws.on('open', () => {
        for (const doc of this.docs) {
          for (const frame of this.protocol.openFrames(doc.name)) ws.send(frame);
          this.send(doc.name, encodeSyncStep1(Y.encodeStateVector(doc.ydoc)));
        }
      });
      ws.on('message', (data: Buffer) => {
        this.receive(data);
        if (this.unsynced === 0) done();
      });
      ws.on('error', (error) => done(error));
      ws.on('close', (code, reason) => {
        if (this.closing) return;
        this.unexpectedClose = `${code} ${reason.toString()}`.trim();
        done(new Error(`socket closed before sync: ${this.unexpectedClose}`));
      });
    });
  }

  /** Writes `value` under this client's own key of document `slot`; the update is sent synchronously. */
  edit(slot: number, value: string): void {
    this.docs[slot]?.map.set(this.key, value);
  }

  close(): void {
    this.closing = true;
    this.ws?.close();
  }

  /** Bytes queued in the socket but not yet handed to the kernel (a sign the client is behind). */
  get buffered(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  private send(name: string, message: Uint8Array): void {
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(this.protocol.frame(name, message));
  }

  private receive(data: Buffer): void {
    const receivedAt = performance.now();
    const { doc: name, offset } = this.protocol.parse(data);
    const slot = name === null ? 0 : this.slotByName.get(name);
    if (slot === undefined) return;
    const doc = this.docs[slot];
    // Types and sync steps are varUints below 128, hence single bytes.
    if (!doc || !this.protocol.isSync(data[offset] ?? -1)) return;
    const step = data[offset + 1];
    if (step === syncStep1) {
      const decoder = decoding.createDecoder(data.subarray(offset + 2));
      const stateVector = decoding.readVarUint8Array(decoder);
      this.send(doc.name, encodeSyncStep2(Y.encodeStateAsUpdate(doc.ydoc, stateVector)));
      return;
    }
    if (step === syncStep2 && !doc.synced) {
      doc.synced = true;
      this.unsynced -= 1;
    }
    if (step === syncStep2 || step === syncUpdate) {
      scanMarkers(data, offset + 2, (editId, sentAt) => this.onDelivery(slot, editId, sentAt, receivedAt));
    }
  }
}

/**
 * Connects and syncs all clients, at most `concurrency` handshakes at a time, so the connection
 * storm itself does not become the thing being measured.
 */
export async function connectAll(
  clients: readonly LoadClient[],
  concurrency: number,
  timeoutMs: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < clients.length) {
      const client = clients[next++];
      if (client) await client.connect(timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, worker));
}
