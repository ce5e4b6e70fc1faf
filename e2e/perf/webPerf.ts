/**
 * Web app performance (issue #6), measured in Debian's Chromium against the real server serving
 * the built app (web/dist):
 *
 *  1. Board with 500 items: from navigation start until the board's first screen is painted (every
 *     column counts all its items and shows its cards down past the bottom of the window) and the
 *     main thread is free (no long task or long animation frame), on a first visit (empty browser
 *     profile) and on a second visit (same profile: HTTP cache, service worker, IndexedDB replica);
 *     then scrolling the longest column to its last card, and how long a click on a card takes to
 *     put the item panel on screen.
 *  2. Typing in an item's description (Tiptap): input → next paint per keystroke, with no remote
 *     typist and with five remote typists (real sync clients, five team members) typing into the
 *     same description at human speed; plus a bare contenteditable page as the browser's floor.
 *
 * Usage: npx tsx e2e/perf/webPerf.ts [--runs 5] [--keys 300] [--port 4300] [--serve-only] [--trace DIR]
 * (--serve-only: start and seed the server, print the project's address, and keep it running for
 * profiling by hand until Ctrl-C. --trace DIR: record a Chromium performance trace of each typing
 * row into DIR, to open in DevTools' Performance panel; tracing slows the page, so the figures of
 * such a run are not comparable with others.)
 * Needs web/dist (npm run build -w web) and /usr/bin/chromium. Prints a markdown report.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Plan } from '@atrium/shared/model/plan.ts';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
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
  sessionCookieOf,
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
  script: 'webPerf',
  defaultPort: 4300,
  usage: 'npx tsx e2e/perf/webPerf.ts [--runs 5] [--keys 300] [--port 4300] [--serve-only] [--trace DIR]',
});
const traceDir = argv.includes('--trace') ? argv[argv.indexOf('--trace') + 1] : undefined;
const totalItems = 500;
const remoteTypists = 5;

// ---------------------------------------------------------------------------------------------
// A quiet machine: this machine is shared with development work (builds, test runs), and on two
// cores another process's work shows up directly in the page's timings. CPU used by processes that
// are not this script, its browser or its server = all busy CPU time (/proc/stat) minus this process
// tree's own (utime+stime, plus cutime+cstime of children it has reaped, such as closed renderers).

/** What the local editor saw of the remote typists during their row (for the report). */
let remoteSummary = '';
/** Others' characters, typed by them → drawn here, while the local person types and while not. */
let remoteDelays: { typing: Summary; idle: Summary } | undefined;
let loadedWindow = { from: 0, to: 0 };
const remoteIdleWatchMs = 15_000;

// ---------------------------------------------------------------------------------------------
// REST API

type Me = {
  user: { id: string; name: string };
  workspaces: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; name: string; workspaceId: string }>;
};

type Fixture = {
  projectId: string;
  /** The item whose description is typed into. */
  itemId: string;
  /** Items the demo seeded. */
  seededItems: number;
  /** Session cookies of the five remote typists (team members of the workspace). */
  typists: Array<{ cookie: string; id: string; name: string }>;
};

async function seed(): Promise<Fixture> {
  // The server answers /healthz before it has finished seeding the demo: wait for the demo plan.
  let cookie = '';
  let project: Me['projects'][number] | undefined;
  let existing = 0;
  for (let waited = 0; existing === 0; waited += 250) {
    if (waited > 30_000) throw new Error('the demo project "Website relaunch" did not appear (ATRIUM_DEMO=on?)');
    await sleep(250);
    cookie = cookie || (await signIn(provider.email, provider.password).catch(() => ''));
    if (!cookie) continue;
    project = (await api<Me>(cookie, 'GET', '/me')).projects.find((candidate) => candidate.name === 'Website relaunch');
    if (!project) continue;
    const plan = await openDocument(cookie, `project/${project.id}/plan`, null);
    existing = new Plan(plan.doc).items().length;
    plan.close();
  }
  if (!project) throw new Error('unreachable');
  const toCreate = totalItems - existing;
  let itemId = '';
  const started = Date.now();
  for (let i = 0; i < toCreate; i++) {
    const created = await api<{ id: string }>(cookie, 'POST', `/projects/${project.id}/items`, {
      title: i === 0 ? 'Perf: description typed into' : `Perf item ${String(i).padStart(3, '0')}`,
      kind: 'task',
      shared: i % 2 === 0,
    });
    if (i === 0) itemId = created.id;
  }
  log(`${existing} demo items; created ${toCreate} items in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Five more people on the team, from one workspace invite link.
  const invite = await api<{ token: string }>(cookie, 'POST', `/workspaces/${project.workspaceId}/invites`, {
    projectId: null,
    role: 'member',
    maxUses: remoteTypists,
  });
  const typists: Fixture['typists'] = [];
  for (let i = 1; i <= remoteTypists; i++) {
    const name = `Remote Typist ${i}`;
    const response = await fetch(`${base}/api/invites/${invite.token}/accept`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ name, email: `typist${i}@perf.atrium.test`, password: `perf-typist-password-${i}` }),
    });
    if (!response.ok) throw new Error(`invite accept failed: HTTP ${response.status} ${await response.text()}`);
    const joined = (await response.json()) as { user: { id: string } };
    typists.push({ cookie: sessionCookieOf(response), id: joined.user.id, name });
  }
  return { projectId: project.id, itemId, seededItems: existing, typists };
}

// ---------------------------------------------------------------------------------------------
// Remote typists: the app's own sync client (web/src/sync/syncSocket.ts) over `ws`, each a team
// member with its own session, typing into its own paragraph of the description at human speed and
// publishing its caret through awareness the way y-prosemirror does (a relative position).

type SyncClient = { doc: Y.Doc; awareness: Awareness; close: () => void };

async function openDocument(cookie: string, docName: string, user: object | null): Promise<SyncClient> {
  const socket = new SyncSocket({ url: `ws://127.0.0.1:${port}/ws`, WebSocket: cookieWebSocket(cookie) });
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  if (user) awareness.setLocalStateField('user', user);
  else awareness.setLocalState(null);
  const sync = socket.open(docName, doc, awareness);
  await Promise.race([
    sync.whenSynced(),
    sleep(15_000).then(() => {
      throw new Error(`sync of ${docName} timed out`);
    }),
  ]);
  return {
    doc,
    awareness,
    close: () => {
      awareness.destroy();
      socket.close();
      doc.destroy();
    },
  };
}

/** Paragraph layout of the description: the local person types in paragraph 2, typists in the others. */
const localParagraph = 2;
const typistParagraphs = [0, 1, 3, 4, 5];

async function prepareDescription(cookie: string, docName: string): Promise<void> {
  const client = await openDocument(cookie, docName, null);
  const fragment = client.doc.getXmlFragment('description');
  client.doc.transact(() => {
    const paragraphs = [0, 1, 2, 3, 4, 5].map((index) => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, index === localParagraph ? 'Local notes: ' : `Typist ${typistParagraphs.indexOf(index) + 1}: `);
      paragraph.insert(0, [text]);
      return paragraph;
    });
    fragment.insert(0, paragraphs);
  });
  await sleep(500); // let the server acknowledge it
  client.close();
}

/** When a typist's paragraph reached a length (epoch ms, this process's clock). */
type Typed = { paragraph: number; length: number; at: number };
type Typist = { keystrokes: () => number; typed: Typed[]; stop: () => void };

async function startTypist(
  who: Fixture['typists'][number],
  index: number,
  docName: string,
  color: string,
): Promise<Typist> {
  const client = await openDocument(who.cookie, docName, { id: who.id, name: who.name, color });
  const paragraph = client.doc.getXmlFragment('description').get(typistParagraphs[index] as number);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) throw new Error('description does not have the prepared paragraphs');
  let typed = 0;
  const log: Typed[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cursor = index * 37;
  const tick = () => {
    const char = prose[cursor++ % prose.length] as string;
    text.insert(text.length, char);
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
    client.awareness.setLocalStateField('cursor', { anchor: position, head: position });
    typed += 1;
    log.push({ paragraph: typistParagraphs[index] as number, length: text.length, at: Date.now() });
    timer = setTimeout(tick, 100 + Math.random() * 50); // 100–150 ms per character
  };
  timer = setTimeout(tick, Math.random() * 150);
  return {
    keystrokes: () => typed,
    typed: log,
    stop: () => {
      clearTimeout(timer);
      client.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Board: time to interactive

type BoardProbe = {
  cards: number | null;
  cardsPainted: number | null;
  busy: Array<{ kind: string; start: number; end: number }>;
  click: number | null;
  panel: number | null;
  panelPainted: number | null;
  clickEvent: number | null;
  nav: { responseEnd: number; domContentLoaded: number; load: number };
  /** /api/me answered (Resource Timing responseEnd). */
  me: number | null;
  wsOpen: number | null;
  /** When the largest sync message before the cards appeared was dispatched (the plan's sync step 2). */
  planMessage: number | null;
  planMessageBytes: number;
};

declare global {
  interface Window {
    __board: BoardProbe;
  }
}

/**
 * Runs in the page: the board's first screen is complete. Every column's header counts all of
 * its items (so the whole plan has arrived: `total` in all), and each column shows either all
 * of its cards or enough to run past the bottom of the window (a long column renders the rest as
 * it is scrolled; see `useGrowingWindow` in web/src/board/Board.tsx).
 */
function boardFirstScreenComplete(total: number): boolean {
  const columns = [...document.querySelectorAll<HTMLElement>('[data-testid="board"] section.column')];
  const counted = (column: HTMLElement) => Number.parseInt(column.querySelector('.count')?.textContent ?? '0', 10);
  if (columns.length === 0 || columns.reduce((sum, column) => sum + counted(column), 0) < total) return false;
  return columns.every((column) => {
    const cards = column.querySelectorAll('[data-testid="item-card"]');
    const last = cards[cards.length - 1];
    return cards.length >= counted(column) || (last !== undefined && last.getBoundingClientRect().bottom > innerHeight);
  });
}

/** Runs in the page before any of its scripts (all times are ms since navigation start). */
function installBoardProbe(total: number, firstScreenComplete: (total: number) => boolean): void {
  const probe: BoardProbe = {
    cards: null,
    cardsPainted: null,
    busy: [],
    click: null,
    panel: null,
    panelPainted: null,
    clickEvent: null,
    nav: { responseEnd: 0, domContentLoaded: 0, load: 0 },
    me: null,
    wsOpen: null,
    planMessage: null,
    planMessageBytes: 0,
  };
  window.__board = probe;
  // Milestones of the sync socket (a listener added at construction runs before the app's onmessage).
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
        if (probe.cards === null && bytes > probe.planMessageBytes) {
          probe.planMessageBytes = bytes;
          probe.planMessage = performance.now();
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
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.name === 'click') probe.clickEvent = Math.max(probe.clickEvent ?? 0, entry.duration);
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  } catch {
    // no Event Timing
  }
  new MutationObserver(() => {
    if (probe.cards === null && firstScreenComplete(total)) {
      probe.cards = performance.now();
      afterNextPaint((at) => {
        probe.cardsPainted = at;
      });
    }
    if (probe.click !== null && probe.panel === null && document.querySelector('[data-testid="item-panel"]')) {
      probe.panel = performance.now();
      afterNextPaint((at) => {
        probe.panelPainted = at;
      });
    }
  }).observe(document, { childList: true, subtree: true });
  addEventListener(
    'click',
    (event) => {
      if (probe.click === null) probe.click = event.timeStamp;
    },
    true,
  );
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[])
        if (probe.me === null && new URL(entry.name).pathname === '/api/me') probe.me = entry.responseEnd;
    }).observe({ type: 'resource', buffered: true });
  } catch {
    // no Resource Timing
  }
  addEventListener('load', () => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    if (navigation)
      probe.nav = {
        responseEnd: navigation.responseEnd,
        domContentLoaded: navigation.domContentLoadedEventEnd,
        load: navigation.loadEventStart,
      };
  });
}

type BoardVisit = {
  cards: number;
  cardsPainted: number;
  /** Cards in the DOM when the first screen was complete. */
  cardsRendered: number;
  /** Scrolling the longest column to its end: time until its last card is painted, and its longest task. */
  scrollToEnd: number;
  scrollLongest: number;
  scrollColumn: number;
  /** max(cards painted, end of the last long task / long animation frame starting before cards painted + quiet window) */
  interactive: number;
  busyAfterCards: number;
  longestBusy: number;
  clickToPanel: number;
  clickEventTiming: number | null;
  domContentLoaded: number;
  me: number;
  wsOpen: number;
  planMessage: number;
  planMessageKiB: number;
};

async function visitBoard(context: BrowserContext, projectId: string): Promise<BoardVisit> {
  const page = await context.newPage();
  try {
    await page.addInitScript(
      `${nameShim}\n(${installBoardProbe.toString()})(${totalItems}, ${boardFirstScreenComplete.toString()});`,
    );
    await page.goto(`${base}/p/${projectId}`, { waitUntil: 'commit' });
    await page
      .waitForFunction(() => window.__board.cardsPainted !== null, null, { timeout: 60_000, polling: 100 })
      .catch(async (error: Error) => {
        const seen = await page.evaluate(() => ({
          url: location.href,
          cards: document.querySelectorAll('[data-testid="item-card"]').length,
          text: (document.body.textContent ?? '').slice(0, 300),
          probe: typeof window.__board,
        }));
        await page.screenshot({ path: path.join(os.tmpdir(), 'webperf-board-timeout.png') });
        throw new Error(`${error.message}\nboard not complete: ${JSON.stringify(seen)}`);
      });
    await page.waitForFunction(
      (window_) => performance.now() > (window.__board.cardsPainted ?? 0) + window_,
      quietWindowMs,
      { timeout: 60_000, polling: 100 },
    );
    const settled = await page.evaluate(() => structuredClone(window.__board));
    const cardsPainted = settled.cardsPainted as number;
    const horizon = cardsPainted + quietWindowMs;
    const blocking = settled.busy.filter((span) => span.start < horizon && span.end - span.start >= 50);
    const interactive = Math.max(cardsPainted, ...blocking.map((span) => span.end));
    const busyAfterCards = unionLength(
      blocking.filter((span) => span.end > cardsPainted).map((span) => [Math.max(span.start, cardsPainted), span.end]),
    );
    const longestBusy = Math.max(0, ...blocking.map((span) => span.end - span.start));
    const cardsRendered = await page.evaluate(() => document.querySelectorAll('[data-testid="item-card"]').length);

    // Scrolling: the longest column, down to its last card (rendered as it comes near).
    const scrolled = await page.evaluate(async () => {
      const columns = [...document.querySelectorAll<HTMLElement>('[data-testid="board"] section.column')];
      const count = (column: HTMLElement) => Number.parseInt(column.querySelector('.count')?.textContent ?? '0', 10);
      const longest = columns.reduce((a, b) => (count(b) > count(a) ? b : a));
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const start = performance.now();
      while (longest.querySelectorAll('[data-testid="item-card"]').length < count(longest)) {
        scrollTo(0, document.documentElement.scrollHeight);
        await frame();
        if (performance.now() - start > 30_000) throw new Error('the column did not fill in 30 s');
      }
      await frame();
      const end = await new Promise<number>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
      scrollTo(0, 0);
      return { start, end, column: count(longest) };
    });
    await sleep(300);
    const afterScroll = await page.evaluate(() => structuredClone(window.__board.busy));
    const scrollLongest = Math.max(
      0,
      ...afterScroll
        .filter((span) => span.end > scrolled.start && span.start < scrolled.end)
        .map((span) => span.end - span.start),
    );

    // Responsiveness once settled: click a card's title, the item panel must appear.
    await page.locator('a.card-title').first().click();
    await page.waitForFunction(() => window.__board.panelPainted !== null, null, { timeout: 30_000, polling: 50 });
    await sleep(300); // let the Event Timing entry arrive
    const clicked = await page.evaluate(() => structuredClone(window.__board));
    return {
      cards: settled.cards as number,
      cardsPainted,
      cardsRendered,
      scrollToEnd: scrolled.end - scrolled.start,
      scrollLongest,
      scrollColumn: scrolled.column,
      interactive,
      busyAfterCards,
      longestBusy,
      clickToPanel: (clicked.panelPainted as number) - (clicked.click as number),
      clickEventTiming: clicked.clickEvent,
      domContentLoaded: settled.nav.domContentLoaded,
      me: settled.me ?? NaN,
      wsOpen: settled.wsOpen ?? NaN,
      planMessage: settled.planMessage ?? NaN,
      planMessageKiB: settled.planMessageBytes / 1024,
    };
  } finally {
    await page.close();
  }
}

async function measureBoard(
  browser: Browser,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
  projectId: string,
): Promise<{ cold: BoardVisit[]; warm: BoardVisit[] }> {
  const cold: BoardVisit[] = [];
  const warm: BoardVisit[] = [];
  for (let run = 1; run <= runs; run++) {
    // A fresh profile per run: signed in (the session cookie), nothing else on this device.
    const [first, second] = await quietly(`board run ${run}`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        await context.addInitScript(nameShim);
        await context.addCookies(cookies);
        const coldVisit = await visitBoard(context, projectId);
        await sleep(1000); // the replica has long been written to IndexedDB; let the socket close
        const warmVisit = await visitBoard(context, projectId);
        return [coldVisit, warmVisit] as const;
      } finally {
        await context.close();
      }
    });
    cold.push(first);
    warm.push(second);
    log(
      `board run ${run}: cold ${ms0(first.cardsPainted)}/${ms0(first.interactive)} ms, ` +
        `warm ${ms0(second.cardsPainted)}/${ms0(second.interactive)} ms (painted/interactive)`,
    );
  }
  return { cold, warm };
}

// ---------------------------------------------------------------------------------------------
// Typing latency

type TypingResult = {
  label: string;
  paint: Summary;
  handled: Summary;
  /**
   * Event Timing (input → the frame presented, 8 ms granularity; entries exist only from 16 ms):
   * how many keystrokes took 16, 24, 32 ms or more.
   */
  eventTiming: { at16: number; at24: number; at32plus: number; max: number };
  /** Characters other people typed that reached this editor during the measurement. */
  remoteChars: number | null;
  remoteRate: number | null;
  lost: number;
};

async function typeAndMeasure(page: Page, label: string, count: number, editor: string): Promise<TypingResult> {
  const before = await page.evaluate((selector) => document.querySelector(selector)?.textContent?.length ?? 0, editor);
  await page.evaluate(() => {
    window.__typing.samples = [];
    window.__typing.events = [];
    window.__typing.on = true;
  });
  const tracePath = traceDir && path.join(traceDir, `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`);
  if (tracePath) {
    fs.mkdirSync(path.dirname(tracePath), { recursive: true });
    await page.context().browser()?.startTracing(page, { path: tracePath, screenshots: false });
  }
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const next = started + (i + 1) * localKeyIntervalMs;
    const char = prose[(i * 7) % prose.length] as string;
    await page.keyboard.type(char);
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await sleep(500);
  const seconds = (Date.now() - started) / 1000;
  if (tracePath) await page.context().browser()?.stopTracing();
  const data = await page.evaluate(() => {
    window.__typing.on = false;
    return structuredClone({ samples: window.__typing.samples, events: window.__typing.events });
  });
  const after = await page.evaluate((selector) => document.querySelector(selector)?.textContent?.length ?? 0, editor);
  const paint = data.samples.filter((s) => s.painted !== null).map((s) => (s.painted as number) - s.input);
  const handled = data.samples.filter((s) => s.handled !== null).map((s) => (s.handled as number) - s.input);
  const keydowns = data.events.filter((event) => event.name === 'keydown' || event.name === 'keypress');
  const slowInteractions = new Map<number, number>();
  for (const event of keydowns)
    slowInteractions.set(
      event.interactionId || event.start,
      Math.max(slowInteractions.get(event.interactionId || event.start) ?? 0, event.duration),
    );
  const remote = after - before - count;
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
    remoteChars: remote,
    remoteRate: remote / seconds,
    lost: data.samples.length - paint.length,
  };
}

/**
 * Others' edits, typed → drawn here: the page notes, at every change of the editor's DOM, how long
 * each paragraph's text is (carets' name labels left out, epoch ms of the page's clock, the same
 * machine's clock as the typists'), and each typed character is matched with the first moment its
 * paragraph was that long. Covers the network, the server and the pacing of remote edits.
 */
function watchParagraphs(selector: string): void {
  const editor = document.querySelector(selector) as HTMLElement;
  const seen: Array<[number, number[]]> = [];
  (window as unknown as { __paragraphs: typeof seen }).__paragraphs = seen;
  const lengths = () =>
    [...editor.querySelectorAll(':scope > p')].map((paragraph) => {
      let length = paragraph.textContent?.length ?? 0;
      for (const caret of paragraph.querySelectorAll('.collaboration-carets__caret'))
        length -= caret.textContent?.length ?? 0;
      return length;
    });
  new MutationObserver(() => seen.push([performance.timeOrigin + performance.now(), lengths()])).observe(editor, {
    subtree: true,
    childList: true,
    characterData: true,
  });
}

async function remoteDrawDelays(page: Page, typists: Typist[], from: number, to: number): Promise<Summary> {
  const seen = await page.evaluate(
    () => (window as unknown as { __paragraphs: Array<[number, number[]]> }).__paragraphs,
  );
  const delays: number[] = [];
  for (const typist of typists)
    for (const typed of typist.typed) {
      if (typed.at < from || typed.at > to) continue;
      const drawn = seen.find(([, lengths]) => (lengths[typed.paragraph] ?? 0) >= typed.length);
      if (drawn) delays.push(drawn[0] - typed.at);
    }
  return summarize(delays);
}

async function measureTyping(
  browser: Browser,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
  fixture: Fixture,
): Promise<TypingResult[]> {
  const docName = `project/${fixture.projectId}/item/${fixture.itemId}`;
  const results: TypingResult[] = [];

  // The browser's floor: the same probe on a bare contenteditable, no app.
  const bare = await browser.newContext({ viewport });
  cleanups.push(() => bare.close());
  await bare.addInitScript(nameShim);
  const barePage = await bare.newPage();
  await barePage.addInitScript(`${nameShim}\n(${installTypingProbe.toString()})();`);
  // Served from the app's origin (a routed URL, so the init script runs as on any page).
  await barePage.route(`${base}/perf-bare`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><div contenteditable="true" id="bare" style="min-height:200px;font:16px sans-serif"></div>',
    }),
  );
  await barePage.goto(`${base}/perf-bare`);
  await barePage.click('#bare');
  log('typing: bare contenteditable');
  const bareLabel = 'Bare contenteditable (browser floor, no app)';
  results.push(await quietly(bareLabel, () => typeAndMeasure(barePage, bareLabel, keystrokes, '#bare')));
  await bare.close();

  const context = await browser.newContext({ viewport });
  cleanups.push(() => context.close());
  await context.addInitScript(nameShim);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.addInitScript(`${nameShim}\n(${installTypingProbe.toString()})();`);
  await page.goto(`${base}/p/${fixture.projectId}/i/${fixture.itemId}`);
  const editor = '[data-testid="description"] .ProseMirror';
  await page.locator(`${editor} > p`).nth(typistParagraphs.length).waitFor({ timeout: 30_000 });
  await page.waitForFunction(boardFirstScreenComplete, totalItems, { timeout: 30_000 });
  await page.locator(`${editor} > p`).nth(localParagraph).click();
  await page.keyboard.press('End');
  await page.keyboard.type('warming up the editor before measuring ', { delay: 100 });
  await sleep(1000);

  log('typing: no remote typist');
  const idleLabel = 'Item description, 0 remote typists';
  results.push(await quietly(idleLabel, () => typeAndMeasure(page, idleLabel, keystrokes, editor)));

  // Diagnostic: the same, with the board behind the panel taken out of rendering (display: none).
  const hide = await page.addStyleTag({ content: '[data-testid="board"] { display: none !important; }' });
  await sleep(1000);
  log('typing: no remote typist, board hidden (diagnostic)');
  const hiddenLabel = 'Diagnostic: 0 remote typists, board hidden by CSS';
  results.push(await quietly(hiddenLabel, () => typeAndMeasure(page, hiddenLabel, keystrokes, editor)));
  await hide.evaluate((element) => (element as Element).remove());
  await sleep(1000);

  const colors = ['#b45309', '#0f766e', '#7c3aed', '#be123c', '#1d4ed8'];
  const typists: Typist[] = [];
  const stopTypists = () => {
    for (const typist of typists.splice(0)) typist.stop();
  };
  cleanups.push(stopTypists);
  for (const [index, who] of fixture.typists.entries())
    typists.push(await startTypist(who, index, docName, colors[index] as string));
  await page.evaluate(watchParagraphs, editor);
  await sleep(3000); // steady state: every typist's caret shown, text flowing
  log(`typing: ${typists.length} remote typists`);
  const loadedLabel = `Item description, ${remoteTypists} remote typists`;
  let remoteCarets = 0;
  const loaded = await quietly(loadedLabel, async () => {
    const remoteBefore = typists.reduce((sum, typist) => sum + typist.keystrokes(), 0);
    const startedAt = Date.now();
    const result = await typeAndMeasure(page, loadedLabel, keystrokes, editor);
    loadedWindow = { from: startedAt, to: Date.now() - 1000 };
    const remoteSent = typists.reduce((sum, typist) => sum + typist.keystrokes(), 0) - remoteBefore;
    remoteCarets = await page.evaluate(
      (selector) => document.querySelectorAll(`${selector} .collaboration-carets__caret`).length,
      editor,
    );
    remoteSummary =
      `During the ${remoteTypists}-typist row the typists sent ${remoteSent} characters (each also a caret update); ` +
      `${result.remoteChars} of them reached the local editor within the row, and ${remoteCarets} remote carets were on screen.`;
    log(
      `remote typists sent ${remoteSent} characters in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ` +
        `${result.remoteChars} reached the local editor during the measurement; ${remoteCarets} remote carets shown`,
    );
    return result;
  });
  results.push(loaded);
  // The same typists while the local person does not type, for comparison.
  log('remote typists, nobody typing here');
  const idleFrom = Date.now();
  await sleep(remoteIdleWatchMs);
  const idleTo = Date.now() - 1000; // characters typed in the last second may still be on their way
  remoteDelays = {
    typing: await remoteDrawDelays(page, typists, loadedWindow.from, loadedWindow.to),
    idle: await remoteDrawDelays(page, typists, idleFrom, idleTo),
  };
  stopTypists();
  await context.close();
  return results;
}

// ---------------------------------------------------------------------------------------------
// Report

function report(
  browserVersion: string,
  board: { cold: BoardVisit[]; warm: BoardVisit[] },
  typing: TypingResult[],
  seededItems: number,
  distBuilt: Date,
  distChanged: boolean,
): string {
  const command = ['npx tsx e2e/perf/webPerf.ts', ...argv].join(' ');
  const med = (visits: BoardVisit[], pick: (visit: BoardVisit) => number) => median(visits.map(pick));
  const boardRow = (label: string, visits: BoardVisit[]) =>
    `| ${label} | ${ms0(med(visits, (v) => v.cardsPainted))} | **${ms0(med(visits, (v) => v.interactive))}** | ` +
    `${visits.map((v) => ms0(v.interactive)).join(', ')} | ${ms0(med(visits, (v) => v.busyAfterCards))} | ` +
    `${ms0(med(visits, (v) => v.longestBusy))} | ${ms0(med(visits, (v) => v.clickToPanel))} | ` +
    `${visits.map((v) => (v.clickEventTiming === null ? '<16' : ms0(v.clickEventTiming))).join(', ')} |`;
  const milestones = (label: string, visits: BoardVisit[]) =>
    `| ${label} | ${ms0(med(visits, (v) => v.domContentLoaded))} | ${ms0(med(visits, (v) => v.me))} | ` +
    `${ms0(med(visits, (v) => v.wsOpen))} | ${ms0(med(visits, (v) => v.planMessage))} (${ms0(med(visits, (v) => v.planMessageKiB))} KiB) | ` +
    `${ms0(med(visits, (v) => v.cards))} | ${ms0(med(visits, (v) => v.cardsPainted))} | ${ms0(med(visits, (v) => v.cardsRendered))} |`;
  const scrollRow = (label: string, visits: BoardVisit[]) =>
    `| ${label} | ${ms0(med(visits, (v) => v.scrollToEnd))} (${ms0(med(visits, (v) => v.scrollColumn))} cards) | ` +
    `${ms0(med(visits, (v) => v.scrollLongest))} |`;
  const slowestBoard = Math.max(...[...board.cold, ...board.warm].map((v) => v.interactive));
  const boardMedians = [med(board.cold, (v) => v.interactive), med(board.warm, (v) => v.interactive)];
  const typingRow = (result: TypingResult) =>
    `| ${result.label} | ${result.paint.n} | ${ms(result.paint.p50)} | ${ms(result.paint.p95)} | ${ms(result.paint.p99)} | ` +
    `${ms(result.paint.max)} | ${ms(result.handled.p50)} | ${ms(result.handled.p95)} | ${ms(result.handled.max)} | ` +
    `${eventTimingCell(result)} | ` +
    `${result.label.startsWith('Item description') && result.remoteRate !== null ? result.remoteRate.toFixed(1) : '–'} |`;
  const eventTimingCell = ({ eventTiming: e, paint, lost }: TypingResult) => {
    const keys = paint.n + lost;
    const slow = e.at16 + e.at24 + e.at32plus;
    return `${keys - slow} / ${e.at16} / ${e.at24} / ${e.at32plus} (max ${ms0(e.max)})`;
  };
  const product = typing.filter((result) => result.label.startsWith('Item description'));
  const verdict = (result: TypingResult) =>
    `${result.label}: p50 ${ms(result.paint.p50)}, p95 ${ms(result.paint.p95)} → ` +
    `${result.paint.p95 < 16 ? 'met at p95' : result.paint.p50 < 16 ? 'met at the median only, NOT at p95' : 'NOT met'}`;
  return [
    '## Web app performance',
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
    `- Data: the demo project "Website relaunch" (${seededItems} items) + ${totalItems - seededItems} items created through the API = ${totalItems} items, half of them shared`,
    '',
    `### Board with ${totalItems} items: median of ${runs} runs, ms from navigation start`,
    '',
    '| Visit | First screen painted | Interactive | Interactive, each run | Long tasks after paint | Longest task or frame | Click → panel painted | Click Event Timing, each run |',
    '|---|---:|---:|---|---:|---:|---:|---|',
    boardRow('First visit (empty profile, signed in)', board.cold),
    boardRow('Second visit (same profile)', board.warm),
    '',
    '| Visit | DOMContentLoaded (app script run) | /api/me answered | Sync socket open | Largest sync message before the cards handled | First screen in DOM | Painted | Cards in DOM then |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    milestones('First visit', board.cold),
    milestones('Second visit', board.warm),
    '',
    '| Visit | Scroll the longest column to its last card | Longest task or frame meanwhile |',
    '|---|---:|---:|',
    scrollRow('First visit', board.cold),
    scrollRow('Second visit', board.warm),
    '',
    `Interactive = max(first screen painted, end of the last long task or long animation frame (≥ 50 ms) starting before "painted + ${quietWindowMs / 1000} s"). ` +
      `Target < 1000 ms: ${Math.max(...boardMedians) < 1000 ? 'met' : '**NOT met**'} (medians ${boardMedians.map(ms0).join(' / ')} ms; slowest run ${ms0(slowestBoard)} ms).`,
    '',
    `### Typing in an item description: ${keystrokes} keystrokes per row, one every ${localKeyIntervalMs} ms; ms`,
    '',
    '| Scenario | Keys | Input → paint p50 | p95 | p99 | max | Input → handled p50 | p95 | max | Event Timing: keys < 16 / 16 / 24 / ≥ 32 ms | Remote chars/s arriving |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...typing.map(typingRow),
    '',
    remoteSummary,
    '',
    ...(remoteDelays
      ? [
          `Others' characters, typed by a remote typist → drawn in the local editor (network, server and pacing; ms): ` +
            `while the local person types p50 ${ms(remoteDelays.typing.p50)}, p95 ${ms(remoteDelays.typing.p95)}, max ${ms(remoteDelays.typing.max)} (${remoteDelays.typing.n} characters); ` +
            `while nobody types here (${remoteIdleWatchMs / 1000} s) p50 ${ms(remoteDelays.idle.p50)}, p95 ${ms(remoteDelays.idle.p95)}, max ${ms(remoteDelays.idle.max)} (${remoteDelays.idle.n} characters).`,
          '',
        ]
      : []),
    `Target < 16 ms input → paint: ${product.map(verdict).join('; ')}.`,
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-webperf-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  log(`starting the server on ${base} (data in ${dataDir})`);
  await startServer(dataDir);
  const fixture = await seed();
  await prepareDescription(
    await signIn(provider.email, provider.password),
    `project/${fixture.projectId}/item/${fixture.itemId}`,
  );

  if (argv.includes('--serve-only')) {
    console.log(
      `Seeded; serving ${base}/p/${fixture.projectId} (typing item ${fixture.itemId}). ` +
        `Sign in as ${provider.email} / ${provider.password}. Ctrl-C stops the server and deletes its data.`,
    );
    await new Promise(() => undefined); // until SIGINT/SIGTERM
  }
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

  const board = await measureBoard(browser, cookies, fixture.projectId);
  const typing = await measureTyping(browser, cookies, fixture);
  const distBuilt = fs.statSync(distIndex).mtime;
  console.log(
    report(
      browser.version(),
      board,
      typing,
      fixture.seededItems,
      distBuilt,
      distBuilt.getTime() !== distAtStart.getTime(),
    ),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
