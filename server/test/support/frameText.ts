/**
 * Every piece of text a recorded frame or a Yjs replica could carry, for leak tests that look for
 * marker strings. It errs on the side of finding too much: the raw bytes read as latin1 and UTF-8,
 * each decoded Yjs struct's content (strings, JSON, binary, format attributes, map keys, XML node
 * names), presence states, error messages — and for replicas, each sequence's strings joined in
 * document order, so a marker typed one character per update is still found.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { RecordedFrame } from './recordingPeer.ts';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/** The texts one frame carries, decoded every way that could reveal content. */
export function frameTexts(frame: RecordedFrame): string[] {
  const out = [latin1.decode(frame.raw), utf8.decode(frame.raw)];
  if (frame.name !== null) out.push(frame.name);
  const message = frame.message;
  if (!message) return out;
  switch (message.kind) {
    case 'syncStep2':
    case 'update':
      out.push(...updateTexts(message.update));
      break;
    case 'awareness':
      out.push(...awarenessTexts(message.update));
      break;
    case 'error':
      out.push(message.code, message.message);
      break;
    default:
      break;
  }
  return out;
}

/** The content of every struct in an encoded update. */
export function updateTexts(update: Uint8Array): string[] {
  const out: string[] = [];
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return [`(undecodable update: ${(error as Error).message})`];
  }
  for (const struct of decoded.structs) if (struct instanceof Y.Item) itemTexts(struct, out);
  return out;
}

/** The JSON state of every client in an awareness update (`y-protocols/awareness` encoding). */
export function awarenessTexts(update: Uint8Array): string[] {
  const out: string[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      decoding.readVarUint(decoder); // clientID
      decoding.readVarUint(decoder); // clock
      out.push(decoding.readVarString(decoder));
    }
  } catch (error) {
    out.push(`(undecodable awareness update: ${(error as Error).message})`);
  }
  return out;
}

/** Everything a replica holds: each item's content, and each sequence's strings joined in order. */
export function replicaTexts(doc: Y.Doc): string[] {
  const out: string[] = [...doc.share.keys()];
  // Every sequence the replica holds: its root types and every nested one.
  const types: Array<{ _start: Y.Item | null }> = [...doc.share.values()];
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      itemTexts(struct, out);
      if (struct.content instanceof Y.ContentType) types.push(struct.content.type);
    }
  }
  for (const type of types) {
    let run = '';
    for (let item = type._start; item !== null; item = item.right) {
      if (item.content instanceof Y.ContentString) run += item.content.str;
      else {
        out.push(run);
        run = '';
      }
    }
    out.push(run);
  }
  return out;
}

function itemTexts(item: Y.Item, out: string[]): void {
  if (item.parentSub !== null) out.push(item.parentSub);
  if (typeof item.parent === 'string') out.push(item.parent);
  const content = item.content;
  if (content instanceof Y.ContentString) out.push(content.str);
  else if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) out.push(JSON.stringify(content.arr));
  else if (content instanceof Y.ContentEmbed) out.push(JSON.stringify(content.embed));
  else if (content instanceof Y.ContentFormat) out.push(content.key, JSON.stringify(content.value));
  else if (content instanceof Y.ContentBinary) out.push(latin1.decode(content.content), utf8.decode(content.content));
  else if (content instanceof Y.ContentDoc) out.push(content.doc.guid, JSON.stringify(content.opts));
  else if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlElement) out.push(type.nodeName);
    if (type instanceof Y.XmlHook) out.push(type.hookName);
  }
}

/** Where a pattern matched (a frame, a replica, a response) and the text around the match. */
export type Finding = { where: string; text: string };

/** Scans frames for a pattern (without the `g` flag); returns every match, with its frame. */
export function findInFrames(frames: RecordedFrame[], pattern: RegExp): Finding[] {
  const findings: Finding[] = [];
  for (const frame of frames) {
    for (const text of frameTexts(frame)) {
      const match = pattern.exec(text);
      if (match) {
        findings.push({
          where: `frame ${frame.index} (${frame.name ?? '?'}, ${frame.message?.kind ?? 'undecoded'})`,
          text: excerpt(text, match.index),
        });
      }
    }
  }
  return findings;
}

/** Scans everything a replica holds for a pattern (without the `g` flag). */
export function findInReplica(where: string, doc: Y.Doc, pattern: RegExp): Finding[] {
  const findings: Finding[] = [];
  for (const text of replicaTexts(doc)) {
    const match = pattern.exec(text);
    if (match) findings.push({ where, text: excerpt(text, match.index) });
  }
  return findings;
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 40), at + 60).replace(/[^\x20-\x7e]/g, '·');
}
