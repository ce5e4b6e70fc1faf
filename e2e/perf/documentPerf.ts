/**
 * A long document (issue #7), measured in Debian's Chromium against the real server serving the
 * built app (web/dist): a 50-page specification (about 25,000 words in 50 sections) with 200 inline
 * comments (150 client comments, 50 internal ones, half of them with a reply).
 *
 *  1. Open time: from navigation start to the document page (/p/<project>/d/<item>) showing the
 *     whole text, listing the 200 comments and painting their highlights, and until the main thread
 *     is free (no long task or long animation frame); first visit (empty browser profile) and second
 *     visit (same profile: HTTP cache, service worker, IndexedDB replicas).
 *  2. Typing: input → next paint per keystroke in a paragraph in the middle of the document and at
 *     the start of its first paragraph (every comment and block after the caret).
 *
 * The approach and the helpers (quiet machine, server, sign-in, probes, statistics) are those of
 * e2e/perf/webPerf.ts, copied here because that script runs itself on import and exports nothing.
 *
 * Usage: npx tsx e2e/perf/documentPerf.ts [--runs 5] [--keys 300] [--port 4310] [--profile]
 * (--profile: instead of the measurements, a CPU profile of 60 keystrokes in the middle of the
 * document: the functions with the most self time, each with a piece of the built code it is in.)
 * Needs web/dist (npm run build -w web) and /usr/bin/chromium. Prints a markdown report.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { anchorInText, Comments } from '@atrium/shared/model/comments.ts';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentSync } from '../../web/src/sync/documentSync.ts';
import { SyncSocket } from '../../web/src/sync/syncSocket.ts';
import {
  api,
  argv,
  chromiumArgs,
  chromiumPath,
  cleanUp,
  cleanups,
  configurePerf,
  cookieWebSocket,
  foreignSeen,
  installTypingProbe,
  localKeyIntervalMs,
  log,
  machine,
  median,
  ms,
  ms0,
  nameShim,
  prose,
  provider,
  quietly,
  quietThreshold,
  quietWindowMs,
  root,
  type Summary,
  signIn,
  sleep,
  startServer,
  summarize,
  unionLength,
  viewport,
} from './perfSupport.ts';

// ---------------------------------------------------------------------------------------------
// Options

const { runs, keystrokes, port, base } = configurePerf({
  script: 'documentPerf',
  defaultPort: 4310,
  usage: 'npx tsx e2e/perf/documentPerf.ts [--runs 5] [--keys 300] [--port 4310] [--profile]',
});
/** The document: 50 sections of a heading and 10 paragraphs of 50 words = 25,000 words in paragraphs. */
const sections = 50;
const paragraphsPerSection = 10;
const wordsPerParagraph = 50;
const totalParagraphs = sections * paragraphsPerSection;
/** Sections per transaction (and sync message) while seeding. */
const sectionsPerTransaction = 10;
const clientComments = 150;
const internalComments = 50;
const totalComments = clientComments + internalComments;

const editorSelector = '.document-main .ProseMirror';

// ---------------------------------------------------------------------------------------------
// REST API

type Me = {
  user: { id: string; name: string };
  projects: Array<{ id: string; name: string; workspaceId: string }>;
};

// ---------------------------------------------------------------------------------------------
// Sync: the app's own client (web/src/sync/syncSocket.ts) over `ws` with the session cookie.

type SyncClient = { doc: Y.Doc; sync: DocumentSync };

async function openDocuments(cookie: string, names: string[]): Promise<{ clients: SyncClient[]; close: () => void }> {
  const socket = new SyncSocket({ url: `ws://127.0.0.1:${port}/ws`, WebSocket: cookieWebSocket(cookie) });
  const clients: SyncClient[] = [];
  const awarenesses: Awareness[] = [];
  for (const name of names) {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    awarenesses.push(awareness);
    const sync = socket.open(name, doc, awareness);
    clients.push({ doc, sync });
  }
  await Promise.race([
    Promise.all(clients.map((client) => client.sync.whenSynced())),
    sleep(15_000).then(() => {
      throw new Error(`sync of ${names.join(', ')} timed out`);
    }),
  ]);
  return {
    clients,
    close: () => {
      for (const awareness of awarenesses) awareness.destroy();
      socket.close();
      for (const client of clients) client.doc.destroy();
    },
  };
}

async function untilSaved(client: SyncClient, what: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (client.sync.state.kind === 'saved') return;
    await sleep(50);
  }
  throw new Error(`${what} not saved after 60 s (state ${JSON.stringify(client.sync.state)})`);
}

// ---------------------------------------------------------------------------------------------
// Seeding: the demo project, one document item, its text and comments.

const vocabulary = (
  'the client requirement page layout navigation header footer content section module service ' +
  'delivery approval review draft version release milestone budget schedule owner stakeholder ' +
  'customer team account login password search filter result list table column row chart report ' +
  'export import invoice payment order product catalogue image gallery video caption headline ' +
  'button form field label error message notification email reminder calendar event booking ' +
  'language translation accessibility contrast keyboard screen reader mobile tablet desktop ' +
  'browser performance cache server hosting domain certificate backup monitoring analytics ' +
  'consent cookie privacy policy legal terms contact address map phone support ticket response ' +
  'must should may will shall can needs provides shows keeps lists sends stores updates removes ' +
  'within after before during every each all any new existing current previous next first last ' +
  'quickly clearly always never only also again later soon together separately automatically'
).split(' ');

/** Deterministic pseudo-random words (the same document on every run). */
function wordSource(seed: number): () => string {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return vocabulary[state % vocabulary.length] as string;
  };
}

function sentenceCase(words: string[]): string {
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function headingText(section: number, next: () => string): string {
  return `${section + 1}. ${sentenceCase([next(), next(), next(), next()])} (section ${section + 1})`;
}

function paragraphText(next: () => string): string {
  const words: string[] = [];
  for (let i = 0; i < wordsPerParagraph; i++) words.push(next());
  // Sentences of 10 words.
  const sentences: string[] = [];
  for (let i = 0; i < words.length; i += 10) sentences.push(`${sentenceCase(words.slice(i, i + 10))}.`);
  return sentences.join(' ');
}

type Fixture = {
  projectId: string;
  itemId: string;
  userId: string;
  lastHeading: string;
  words: number;
  characters: number;
  sharedBytes: number;
  internalBytes: number;
  replies: number;
  seedSeconds: number;
};

async function seed(): Promise<Fixture> {
  // The server answers /healthz before it has finished seeding the demo: wait for the project.
  let cookie = '';
  let me: Me | undefined;
  let project: Me['projects'][number] | undefined;
  for (let waited = 0; !project; waited += 250) {
    if (waited > 30_000) throw new Error('the demo project "Website relaunch" did not appear (ATRIUM_DEMO=on?)');
    await sleep(250);
    cookie = cookie || (await signIn(provider.email, provider.password).catch(() => ''));
    if (!cookie) continue;
    me = await api<Me>(cookie, 'GET', '/me');
    project = me.projects.find((candidate) => candidate.name === 'Website relaunch');
  }
  if (!me) throw new Error('unreachable');
  const started = Date.now();
  const item = await api<{ id: string }>(cookie, 'POST', `/projects/${project.id}/items`, {
    title: 'Specification (50 pages)',
    kind: 'document',
    shared: true,
  });
  const sharedName = `project/${project.id}/item/${item.id}`;
  const opened = await openDocuments(cookie, [sharedName, `${sharedName}/internal`]);
  try {
    const [shared, internal] = opened.clients as [SyncClient, SyncClient];
    const fragment = shared.doc.getXmlFragment('description');
    const next = wordSource(7);
    let lastHeading = '';
    let words = 0;
    let characters = 0;
    for (let first = 0; first < sections; first += sectionsPerTransaction) {
      const blocks: Y.XmlElement[] = [];
      for (let section = first; section < Math.min(sections, first + sectionsPerTransaction); section++) {
        const heading = new Y.XmlElement('heading');
        (heading as unknown as Y.XmlElement<{ level: number }>).setAttribute('level', 2); // y-prosemirror keeps node attributes as they are
        const title = headingText(section, next);
        lastHeading = title;
        heading.insert(0, [new Y.XmlText(title)]);
        blocks.push(heading);
        words += title.split(' ').length;
        characters += title.length;
        for (let p = 0; p < paragraphsPerSection; p++) {
          const paragraph = new Y.XmlElement('paragraph');
          const text = paragraphText(next);
          paragraph.insert(0, [new Y.XmlText(text)]);
          blocks.push(paragraph);
          words += wordsPerParagraph;
          characters += text.length;
        }
      }
      shared.doc.transact(() => fragment.insert(fragment.length, blocks));
    }
    await untilSaved(shared, 'the document text');

    // 200 comments spread over the 500 paragraphs (every 2.5th), a few words inside each; every
    // fourth one internal; every other one with a reply.
    const paragraphs = fragment.toArray().filter((node): node is Y.XmlElement => {
      return node instanceof Y.XmlElement && node.nodeName === 'paragraph';
    });
    const commentWords = wordSource(11);
    const toAdd: Array<{ internal: boolean; text: Y.XmlText; from: number; to: number; reply: boolean }> = [];
    for (let i = 0; i < totalComments; i++) {
      const paragraph = paragraphs[Math.floor((i * totalParagraphs) / totalComments)];
      const text = paragraph?.get(0);
      if (!(text instanceof Y.XmlText)) throw new Error('paragraph without text');
      const content = text.toString();
      // From the start of the 4th word to the end of the 8th.
      const starts = [...content.matchAll(/\S+/g)].map((match) => [match.index, match.index + match[0].length]);
      const from = starts[3]?.[0] ?? 0;
      const to = starts[7]?.[1] ?? content.length;
      toAdd.push({ internal: i % 4 === 3, text, from, to, reply: i % 2 === 0 });
    }
    if (toAdd.filter((c) => c.internal).length !== internalComments) throw new Error('comment split is off');
    const body = (n: number) => sentenceCase(Array.from({ length: n }, commentWords));
    let replies = 0;
    for (const [target, internalOnes] of [
      [shared.doc, false],
      [internal.doc, true],
    ] as const) {
      const comments = Comments.of(target);
      target.transact(() => {
        for (const comment of toAdd.filter((c) => c.internal === internalOnes)) {
          const id = crypto.randomUUID();
          comments.add({
            id,
            authorId: me.user.id,
            body: `${body(12)}?`,
            anchor: anchorInText(comment.text, comment.from, comment.to),
          });
          if (comment.reply) {
            comments.reply(id, { id: crypto.randomUUID(), authorId: me.user.id, body: `${body(8)}.` });
            replies += 1;
          }
        }
      });
    }
    await untilSaved(shared, 'the client comments');
    await untilSaved(internal, 'the internal comments');
    const seedSeconds = (Date.now() - started) / 1000;
    log(`seeded ${words} words and ${totalComments} comments in ${seedSeconds.toFixed(1)} s`);
    return {
      projectId: project.id,
      itemId: item.id,
      userId: me.user.id,
      lastHeading,
      words,
      characters,
      sharedBytes: Y.encodeStateAsUpdate(shared.doc).byteLength,
      internalBytes: Y.encodeStateAsUpdate(internal.doc).byteLength,
      replies,
      seedSeconds,
    };
  } finally {
    opened.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Open time

type OpenProbe = {
  /** The whole text in the editor (all headings, the last one with its text). */
  text: number | null;
  textPainted: number | null;
  /** All comments in the side panel. */
  comments: number | null;
  commentsPainted: number | null;
  /** Every change of the number of highlight elements: when, how many, painted when. */
  marks: Array<{ at: number; count: number; painted: number | null }>;
  busy: Array<{ kind: string; start: number; end: number }>;
  domContentLoaded: number;
  wsOpen: number | null;
  /** The largest sync message before the text was complete, and when it arrived. */
  bigMessage: number | null;
  bigMessageBytes: number;
};

declare global {
  interface Window {
    __docOpen: OpenProbe;
    __docReady: typeof readyAt;
  }
}

/** Runs in the page before any of its scripts (all times are ms since navigation start). */
function installOpenProbe(expect: { headings: number; lastHeading: string; comments: number; editor: string }): void {
  const probe: OpenProbe = {
    text: null,
    textPainted: null,
    comments: null,
    commentsPainted: null,
    marks: [],
    busy: [],
    domContentLoaded: 0,
    wsOpen: null,
    bigMessage: null,
    bigMessageBytes: 0,
  };
  window.__docOpen = probe;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => {
        probe.wsOpen ??= performance.now();
      });
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as ArrayBuffer | string;
        const bytes = typeof data === 'string' ? data.length : data.byteLength;
        if (probe.text === null && bytes > probe.bigMessageBytes) {
          probe.bigMessageBytes = bytes;
          probe.bigMessage = performance.now();
        }
      });
    }
  };
  const afterNextPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  const watch = (type: string) => {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          probe.busy.push({ kind: type, start: entry.startTime, end: entry.startTime + entry.duration });
      }).observe({ type, buffered: true });
    } catch {
      // entry type not supported by this browser
    }
  };
  watch('longtask');
  watch('long-animation-frame');
  // Live collections: reading their length costs nothing until the DOM changes.
  const marks = document.getElementsByClassName('comment-mark');
  let headings: HTMLCollectionOf<Element> | null = null;
  new MutationObserver(() => {
    if (probe.text === null) {
      const editor = document.querySelector(expect.editor);
      if (editor) headings ??= editor.getElementsByTagName('h2');
      if (headings && headings.length >= expect.headings) {
        if (headings[headings.length - 1]?.textContent === expect.lastHeading) {
          probe.text = performance.now();
          afterNextPaint((at) => {
            probe.textPainted = at;
          });
        }
      }
    }
    if (probe.comments === null && document.querySelectorAll('[data-testid="comment"]').length >= expect.comments) {
      probe.comments = performance.now();
      afterNextPaint((at) => {
        probe.commentsPainted = at;
      });
    }
    const count = marks.length;
    if (count !== (probe.marks.at(-1)?.count ?? 0)) {
      const change = { at: performance.now(), count, painted: null as number | null };
      probe.marks.push(change);
      afterNextPaint((at) => {
        change.painted = at;
      });
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  addEventListener('DOMContentLoaded', () => {
    probe.domContentLoaded = performance.now();
  });
}

/** When the document is complete on screen (text, comment list, final highlights painted), or null. */
function readyAt(probe: OpenProbe): { ready: number; highlights: number; marks: number } | null {
  const last = probe.marks.at(-1);
  if (probe.textPainted === null || probe.commentsPainted === null || !last || last.count === 0) return null;
  // The highlights' time: the first change after which their number stayed at its final value.
  let first = probe.marks.length - 1;
  while (first > 0 && probe.marks[first - 1]?.count === last.count) first--;
  const settled = probe.marks[first]?.painted;
  if (settled === null || settled === undefined) return null;
  return {
    ready: Math.max(probe.textPainted, probe.commentsPainted, settled),
    highlights: settled,
    marks: last.count,
  };
}

type OpenVisit = {
  textPainted: number;
  commentsPainted: number;
  highlightsPainted: number;
  marks: number;
  distinctMarks: number;
  ready: number;
  interactive: number;
  busyAfterReady: number;
  longestBusy: number;
  domContentLoaded: number;
  wsOpen: number;
  bigMessage: number;
  bigMessageKiB: number;
};

async function visitDocument(context: BrowserContext, fixture: Fixture): Promise<OpenVisit> {
  const page = await context.newPage();
  try {
    const expect = {
      headings: sections,
      lastHeading: fixture.lastHeading,
      comments: totalComments,
      editor: editorSelector,
    };
    await page.addInitScript(
      `${nameShim}\n(${installOpenProbe.toString()})(${JSON.stringify(expect)});\nwindow.__docReady = ${readyAt.toString()};`,
    );
    await page.goto(`${base}/p/${fixture.projectId}/d/${fixture.itemId}`, { waitUntil: 'commit' });
    // Complete, then the quiet window after it with no change to the highlights.
    await page
      .waitForFunction(
        (window_) => {
          const ready = window.__docReady(window.__docOpen);
          const lastChange = window.__docOpen.marks.at(-1)?.at ?? 0;
          return ready !== null && performance.now() > Math.max(ready.ready, lastChange) + window_;
        },
        quietWindowMs,
        { timeout: 120_000, polling: 100 },
      )
      .catch(async (error: Error) => {
        const seen = await page.evaluate((editor) => {
          const probe = window.__docOpen;
          return {
            url: location.href,
            headings: document.querySelector(editor)?.getElementsByTagName('h2').length ?? null,
            comments: document.querySelectorAll('[data-testid="comment"]').length,
            marks: document.getElementsByClassName('comment-mark').length,
            probe: probe && { ...probe, busy: probe.busy.length },
            text: (document.body.textContent ?? '').slice(0, 300),
          };
        }, editorSelector);
        await page.screenshot({ path: path.join(os.tmpdir(), 'documentperf-timeout.png') });
        throw new Error(`${error.message}\ndocument not complete: ${JSON.stringify(seen)}`);
      });
    const settled = await page.evaluate(() => structuredClone(window.__docOpen));
    const distinctMarks = await page.evaluate(
      () =>
        new Set(
          [...document.getElementsByClassName('comment-mark')].map((element) => element.getAttribute('data-comment')),
        ).size,
    );
    const complete = readyAt(settled);
    if (!complete) throw new Error('document complete, then not');
    const horizon = complete.ready + quietWindowMs;
    const blocking = settled.busy.filter((span) => span.start < horizon && span.end - span.start >= 50);
    const interactive = Math.max(complete.ready, ...blocking.map((span) => span.end));
    const busyAfterReady = unionLength(
      blocking
        .filter((span) => span.end > complete.ready)
        .map((span) => [Math.max(span.start, complete.ready), span.end]),
    );
    return {
      textPainted: settled.textPainted as number,
      commentsPainted: settled.commentsPainted as number,
      highlightsPainted: complete.highlights,
      marks: complete.marks,
      distinctMarks,
      ready: complete.ready,
      interactive,
      busyAfterReady,
      longestBusy: Math.max(0, ...blocking.map((span) => span.end - span.start)),
      domContentLoaded: settled.domContentLoaded,
      wsOpen: settled.wsOpen ?? NaN,
      bigMessage: settled.bigMessage ?? NaN,
      bigMessageKiB: settled.bigMessageBytes / 1024,
    };
  } finally {
    await page.close();
  }
}

async function measureOpen(
  browser: Browser,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
  fixture: Fixture,
): Promise<{ cold: OpenVisit[]; warm: OpenVisit[] }> {
  const cold: OpenVisit[] = [];
  const warm: OpenVisit[] = [];
  for (let run = 1; run <= runs; run++) {
    const [first, second] = await quietly(`open run ${run}`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        await context.addInitScript(nameShim);
        await context.addCookies(cookies);
        const coldVisit = await visitDocument(context, fixture);
        await sleep(1000); // the replicas have long been written to IndexedDB; let the socket close
        const warmVisit = await visitDocument(context, fixture);
        return [coldVisit, warmVisit] as const;
      } finally {
        await context.close();
      }
    });
    cold.push(first);
    warm.push(second);
    log(
      `open run ${run}: cold ${ms0(first.ready)}/${ms0(first.interactive)} ms, ` +
        `warm ${ms0(second.ready)}/${ms0(second.interactive)} ms (complete/interactive; ${first.marks} highlights)`,
    );
  }
  return { cold, warm };
}

// ---------------------------------------------------------------------------------------------
// Typing latency (the probe of webPerf.ts)

type TypingResult = {
  label: string;
  paint: Summary;
  handled: Summary;
  eventTiming: { at16: number; at24: number; at32plus: number; max: number };
  lost: number;
  /** Characters that reached the editor minus keystrokes (0 when every keystroke landed). */
  missing: number;
};

async function typeAndMeasure(page: Page, label: string, count: number): Promise<TypingResult> {
  const length = () =>
    page.evaluate((selector) => document.querySelector(selector)?.textContent?.length ?? 0, editorSelector);
  const before = await length();
  await page.evaluate(() => {
    window.__typing.samples = [];
    window.__typing.events = [];
    window.__typing.on = true;
  });
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const next = started + (i + 1) * localKeyIntervalMs;
    await page.keyboard.type(prose[(i * 7) % prose.length] as string);
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await sleep(500);
  const data = await page.evaluate(() => {
    window.__typing.on = false;
    return structuredClone({ samples: window.__typing.samples, events: window.__typing.events });
  });
  const after = await length();
  const paint = data.samples.filter((s) => s.painted !== null).map((s) => (s.painted as number) - s.input);
  const handled = data.samples.filter((s) => s.handled !== null).map((s) => (s.handled as number) - s.input);
  const keydowns = data.events.filter((event) => event.name === 'keydown' || event.name === 'keypress');
  const slowInteractions = new Map<number, number>();
  for (const event of keydowns)
    slowInteractions.set(
      event.interactionId || event.start,
      Math.max(slowInteractions.get(event.interactionId || event.start) ?? 0, event.duration),
    );
  const durations = [...slowInteractions.values()];
  return {
    label,
    paint: summarize(paint),
    handled: summarize(handled),
    eventTiming: {
      at16: durations.filter((d) => d < 20).length,
      at24: durations.filter((d) => d >= 20 && d < 28).length,
      at32plus: durations.filter((d) => d >= 28).length,
      max: Math.max(0, ...durations),
    },
    lost: data.samples.length - paint.length,
    missing: count - (after - before),
  };
}

async function measureTyping(
  browser: Browser,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
  fixture: Fixture,
): Promise<TypingResult[]> {
  const results: TypingResult[] = [];
  const context = await browser.newContext({ viewport });
  cleanups.push(() => context.close());
  await context.addInitScript(nameShim);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.addInitScript(`${nameShim}\n(${installTypingProbe.toString()})();`);
  await page.goto(`${base}/p/${fixture.projectId}/d/${fixture.itemId}`);
  await page
    .locator(`${editorSelector} > h2`)
    .nth(sections - 1)
    .waitFor({ timeout: 60_000 });
  await page
    .locator('[data-testid="comment"]')
    .nth(totalComments - 1)
    .waitFor({ timeout: 60_000 });
  await page.locator('.comment-mark').first().waitFor({ state: 'attached', timeout: 60_000 });
  await sleep(2000);
  const paragraphs = page.locator(`${editorSelector} > p`);

  // A paragraph in the middle of the document (section 26), the caret at the end of a line of it.
  const middle = Math.floor(totalParagraphs / 2) + 1;
  await paragraphs.nth(middle).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' warming up the editor ', { delay: 100 });
  await sleep(1000);
  log('typing: middle of the document');
  const middleLabel = `Paragraph ${middle + 1} of ${totalParagraphs} (middle of the document)`;
  results.push(await quietly(middleLabel, () => typeAndMeasure(page, middleLabel, keystrokes)));

  // The very start of the first paragraph: every block and comment highlight lies after the caret
  // (and the first comment's words are in this paragraph).
  await page.keyboard.press('Control+Home');
  await paragraphs.nth(0).click({ position: { x: 2, y: 4 } });
  await page.keyboard.press('Home');
  await page.keyboard.type('Warm ', { delay: 100 });
  await sleep(1000);
  log('typing: start of the first paragraph');
  const startLabel = `Start of paragraph 1 (start of the document, all ${totalComments} highlights after the caret)`;
  results.push(await quietly(startLabel, () => typeAndMeasure(page, startLabel, keystrokes)));
  const marks = await page.evaluate(() => document.getElementsByClassName('comment-mark').length);
  log(`after typing: ${marks} highlight elements`);
  await context.close();
  return results;
}

// ---------------------------------------------------------------------------------------------
// Diagnostic (--profile): where the time of a keystroke goes. The built app is minified, so each
// function is shown with the code around its start in the served bundle.

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

async function profileTyping(
  browser: Browser,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
  fixture: Fixture,
): Promise<string> {
  const context = await browser.newContext({ viewport });
  cleanups.push(() => context.close());
  await context.addInitScript(nameShim);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto(`${base}/p/${fixture.projectId}/d/${fixture.itemId}`);
  await page
    .locator('[data-testid="comment"]')
    .nth(totalComments - 1)
    .waitFor({ timeout: 60_000 });
  await page.locator('.comment-mark').first().waitFor({ state: 'attached', timeout: 60_000 });
  await sleep(3000);
  await page
    .locator(`${editorSelector} > p`)
    .nth(Math.floor(totalParagraphs / 2) + 1)
    .click();
  await page.keyboard.press('End');
  await sleep(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const count = 60;
  for (let i = 0; i < count; i++) {
    await page.keyboard.type(prose[(i * 7) % prose.length] as string);
    await sleep(localKeyIntervalMs);
  }
  await sleep(500);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const self = new Map<number, number>();
  for (const [index, id] of profile.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  const byFunction = new Map<string, { frame: ProfileNode['callFrame']; ms: number }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName}|${url}|${lineNumber}|${columnNumber}`;
    const entry = byFunction.get(key) ?? { frame: node.callFrame, ms: 0 };
    entry.ms += self.get(node.id) ?? 0;
    byFunction.set(key, entry);
  }
  const sources = new Map<string, string[]>();
  const snippet = async (frame: ProfileNode['callFrame']) => {
    if (!frame.url.startsWith(base)) return '';
    if (!sources.has(frame.url)) sources.set(frame.url, (await (await fetch(frame.url)).text()).split('\n'));
    const line = sources.get(frame.url)?.[frame.lineNumber] ?? '';
    return line.slice(Math.max(0, frame.columnNumber - 20), frame.columnNumber + 100).replaceAll('|', '¦');
  };
  const total = [...byFunction.values()].reduce((sum, entry) => sum + entry.ms, 0);
  const top = [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, 30);
  const rows: string[] = [];
  for (const { frame, ms: selfMs } of top)
    rows.push(
      `| ${ms((selfMs / count) * 1)} | ${frame.functionName || '(anonymous)'} | ${frame.url.replace(base, '')}:${frame.lineNumber + 1}:${frame.columnNumber + 1} | \`${(await snippet(frame)).replaceAll('`', "'")}\` |`,
    );
  await context.close();
  return [
    `### CPU profile of ${count} keystrokes in the middle of the document (self time per keystroke, ms; total ${ms(total / count)} ms per keystroke incl. idle)`,
    '',
    '| Self ms / key | Function | Where | Code |',
    '|---:|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Report

function report(
  browserVersion: string,
  fixture: Fixture,
  open: { cold: OpenVisit[]; warm: OpenVisit[] },
  typing: TypingResult[],
  distBuilt: Date,
  distChanged: boolean,
): string {
  const command = ['npx tsx e2e/perf/documentPerf.ts', ...argv].join(' ');
  const med = (visits: OpenVisit[], pick: (visit: OpenVisit) => number) => median(visits.map(pick));
  const openRow = (label: string, visits: OpenVisit[]) =>
    `| ${label} | ${ms0(med(visits, (v) => v.textPainted))} | ${ms0(med(visits, (v) => v.commentsPainted))} | ` +
    `${ms0(med(visits, (v) => v.highlightsPainted))} | ${ms0(med(visits, (v) => v.ready))} | ` +
    `**${ms0(med(visits, (v) => v.interactive))}** | ${visits.map((v) => ms0(v.interactive)).join(', ')} | ` +
    `${ms0(med(visits, (v) => v.busyAfterReady))} | ${ms0(med(visits, (v) => v.longestBusy))} |`;
  const milestones = (label: string, visits: OpenVisit[]) =>
    `| ${label} | ${ms0(med(visits, (v) => v.domContentLoaded))} | ${ms0(med(visits, (v) => v.wsOpen))} | ` +
    `${ms0(med(visits, (v) => v.bigMessage))} (${ms0(med(visits, (v) => v.bigMessageKiB))} KiB) | ` +
    `${visits.map((v) => `${v.marks}/${v.distinctMarks}`).join(', ')} |`;
  const eventTimingCell = ({ eventTiming: e, paint, lost }: TypingResult) => {
    const keys = paint.n + lost;
    const slow = e.at16 + e.at24 + e.at32plus;
    return `${keys - slow} / ${e.at16} / ${e.at24} / ${e.at32plus} (max ${ms0(e.max)})`;
  };
  const typingRow = (result: TypingResult) =>
    `| ${result.label} | ${result.paint.n} | ${ms(result.paint.p50)} | ${ms(result.paint.p95)} | ${ms(result.paint.p99)} | ` +
    `${ms(result.paint.max)} | ${ms(result.handled.p50)} | ${ms(result.handled.p95)} | ${ms(result.handled.max)} | ` +
    `${eventTimingCell(result)} |`;
  return [
    '## Document performance',
    '',
    `- Command: \`${command}\``,
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine()}`,
    `- Browser: Debian Chromium ${browserVersion} (headless, ${chromiumArgs.join(' ')}), viewport ${viewport.width}×${viewport.height}`,
    `- Web app: web/dist built ${distBuilt.toISOString()}, served by the Atrium server (PORT=${port}, fresh DATA_DIR, LOG_LEVEL=warn, ATRIUM_DEMO=on) on this machine`,
    ...(distChanged
      ? ['- **web/dist was rebuilt during this run**: later measurements may have used the new build']
      : []),
    `- CPU used by other processes on this machine during each measurement (cores; each measurement first waits for < ${quietThreshold} ` +
      `over 2 s, and is repeated, at most twice, when they used more meanwhile): ${foreignSeen.map((seen) => `${seen.what} ${seen.cores.toFixed(2)}`).join(', ')}`,
    `- Data: one shared document item in the demo project "Website relaunch": ${sections} sections (heading level 2 + ` +
      `${paragraphsPerSection} paragraphs of ${wordsPerParagraph} words) = ${fixture.words} words, ${fixture.characters} characters; ` +
      `${clientComments} client comments + ${internalComments} internal comments (each on 5 words of its own paragraph, ` +
      `one every 2.5 paragraphs), ${fixture.replies} of them with one reply; Yjs state ${ms0(fixture.sharedBytes / 1024)} KiB ` +
      `(shareable part) + ${ms0(fixture.internalBytes / 1024)} KiB (internal part); seeded through sync in ${fixture.seedSeconds.toFixed(1)} s`,
    '',
    `### Opening the document: median of ${runs} runs, ms from navigation start`,
    '',
    '| Visit | Whole text painted | 200 comments listed, painted | Highlights painted (final count) | Complete | Interactive | Interactive, each run | Long tasks after complete | Longest task or frame |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|',
    openRow('First visit (empty profile, signed in)', open.cold),
    openRow('Second visit (same profile)', open.warm),
    '',
    '| Visit | DOMContentLoaded | Sync socket open | Largest sync message before the text was complete | Highlight elements / distinct comments highlighted, each run |',
    '|---|---:|---:|---:|---|',
    milestones('First visit', open.cold),
    milestones('Second visit', open.warm),
    '',
    `Complete = max(text painted, comments listed and painted, highlights painted at their final count). Interactive = max(complete, end of the last long task or long animation frame (≥ 50 ms) starting before "complete + ${quietWindowMs / 1000} s").`,
    '',
    `### Typing in the document: ${keystrokes} keystrokes per row, one every ${localKeyIntervalMs} ms; ms`,
    '',
    '| Where | Keys | Input → paint p50 | p95 | p99 | max | Input → handled p50 | p95 | max | Event Timing: keys < 16 / 16 / 24 / ≥ 32 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...typing.map(typingRow),
    '',
    ...typing.map(
      (result) =>
        `- ${result.label}: ${result.lost} keystrokes without a paint sample; ${result.missing} characters missing in the editor afterwards.`,
    ),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const distIndex = path.join(root, 'web/dist/index.html');
  if (!fs.existsSync(distIndex)) {
    console.error('web/dist is missing: run `npm run build -w web` first.');
    process.exit(1);
  }
  if (!fs.existsSync(chromiumPath)) {
    console.error(`${chromiumPath} is missing: run 'sh e2e/ensure-chromium.sh' (Debian's chromium package).`);
    process.exit(1);
  }
  const distAtStart = fs.statSync(distIndex).mtime;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-docperf-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  log(`starting the server on ${base} (data in ${dataDir})`);
  await startServer(dataDir);
  const fixture = await seed();

  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  cleanups.push(() => browser.close());

  // Sign in through the UI once; later contexts start from its session cookie only.
  const signInContext = await browser.newContext({ viewport });
  const signInPage = await signInContext.newPage();
  await signInPage.goto(`${base}/signin`);
  await signInPage.getByLabel('Email').fill(provider.email);
  await signInPage.getByLabel('Password').fill(provider.password);
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await signInPage.waitForURL(`${base}/`);
  await signInPage.getByText('Website relaunch').first().waitFor();
  const cookies = await signInContext.cookies();
  await signInContext.close();

  if (argv.includes('--profile')) {
    console.log(await profileTyping(browser, cookies, fixture));
    return;
  }
  const open = await measureOpen(browser, cookies, fixture);
  const typing = await measureTyping(browser, cookies, fixture);
  const distBuilt = fs.statSync(distIndex).mtime;
  console.log(
    report(browser.version(), fixture, open, typing, distBuilt, distBuilt.getTime() !== distAtStart.getTime()),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
