/**
 * The team's request queue with 2,000 open requests (issue #14: "opening in under one second"),
 * measured in Debian's Chromium against the real server serving the built app (web/dist):
 *
 *  1. Seeds 2,000 open requests into the demo workspace through the real REST API, the way the team
 *     logs requests on a customer's behalf (`POST /api/projects/{p}/requests` with `receivedAt`),
 *     spread over five projects, every type and priority, received over the last weeks — so the
 *     queue holds breached, at-risk and running clocks. Then waits for the escalation worker to
 *     have escalated what is due (so its one-off work does not overlap the measurements).
 *  2. The API: `GET /api/workspaces/{w}/requests?state=open` (the queue's one call), 5 times.
 *  3. The page: from navigation start (a fresh browser profile, signed in) until the queue's first
 *     screen of rows is in the DOM (every row, or enough to run past the bottom of the window: the
 *     queue renders more as it is scrolled) and painted, and until the main thread is free; 5 runs.
 *
 * Usage: npx tsx e2e/perf/queuePerf.ts [--runs 5] [--port 4310] [--requests 2000] [--no-wait]
 * (--no-wait: measure at once instead of waiting for a quiet machine; the report still says how
 * much CPU other processes used during each measurement.)
 * Needs web/dist (npm run build -w web) and /usr/bin/chromium. Prints a markdown report.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requestPriorities } from '@atrium/shared/model/requests.ts';
import { type BrowserContext, chromium } from '@playwright/test';
import {
  api,
  argv,
  chromiumArgs,
  chromiumPath,
  cleanUp,
  cleanups,
  configurePerf,
  cpuSnapshot,
  foreignCores,
  foreignSeen,
  log,
  machine,
  median,
  ms0,
  nameShim,
  provider,
  quietly,
  root,
  signIn,
  sleep,
  startServer,
  viewport,
} from './perfSupport.ts';

const { runs, base } = configurePerf({
  script: 'queuePerf',
  defaultPort: 4310,
  usage: 'npx tsx e2e/perf/queuePerf.ts [--runs 5] [--port 4310] [--requests 2000] [--no-wait]',
});
const totalRequests = argv.includes('--requests') ? Number(argv[argv.indexOf('--requests') + 1]) : 2000;
const projectCount = 5;
const seedConcurrency = 4;
const day = 24 * 3600_000;
/** The escalation worker's default scan interval (SLA_SCAN_MS), to know how long to wait for it. */
const scanMs = 30_000;

const noWait = argv.includes('--no-wait');

/** A measurement on a quiet machine (perfSupport's `quietly`), or at once with --no-wait, noting others' CPU either way. */
async function measured<T>(what: string, measure: () => Promise<T>): Promise<T> {
  if (!noWait) return quietly(what, measure);
  const before = cpuSnapshot();
  const result = await measure();
  foreignSeen.push({ what, cores: foreignCores(before, cpuSnapshot()) });
  return result;
}

type Me = {
  user: { id: string };
  workspaces: Array<{ id: string; name: string }>;
  projects: Array<{ id: string; name: string; workspaceId: string }>;
};
type Summary = { id: string; escalation?: string | null };

/** A small deterministic generator, so every run seeds the same mix. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function demoWorkspace(): Promise<{ cookie: string; workspaceId: string; projectIds: string[] }> {
  // The server answers /healthz before it has finished seeding the demo: wait for its project.
  for (let waited = 0; waited < 30_000; waited += 250) {
    await sleep(250);
    const cookie = await signIn(provider.email, provider.password).catch(() => '');
    if (!cookie) continue;
    const me = await api<Me>(cookie, 'GET', '/me');
    const demo = me.projects.find((project) => project.name === 'Website relaunch');
    if (!demo) continue;
    const projectIds = [demo.id];
    for (let i = 1; i < projectCount; i++) {
      const created = await api<{ id: string }>(cookie, 'POST', `/workspaces/${demo.workspaceId}/projects`, {
        name: `Queue perf project ${i}`,
        customerId: null,
      });
      projectIds.push(created.id);
    }
    return { cookie, workspaceId: demo.workspaceId, projectIds };
  }
  throw new Error('the demo project "Website relaunch" did not appear (ATRIUM_DEMO=on?)');
}

async function seedRequests(cookie: string, projectIds: string[]): Promise<number> {
  const next = random(14);
  const types = ['question', 'change_request', 'issue', 'complaint'];
  const started = Date.now();
  let index = 0;
  const worker = async () => {
    while (index < totalRequests) {
      const i = index++;
      // Most arrived in the last two days, some up to four weeks ago: a backlog with every clock state.
      const age = next() < 0.7 ? next() * 2 * day : next() * 28 * day;
      await api(cookie, 'POST', `/projects/${projectIds[i % projectIds.length]}/requests`, {
        type: types[Math.floor(next() * types.length)],
        title: `Perf request ${String(i).padStart(4, '0')}: the export misses last month's invoices`,
        body: 'Logged on the customer’s behalf for the queue measurement.',
        priority: requestPriorities[Math.floor(next() * requestPriorities.length)],
        requesterName: `Customer ${i % 37}`,
        channel: (['email', 'phone', 'meeting'] as const)[i % 3],
        receivedAt: Date.now() - Math.round(age),
      });
      if ((i + 1) % 250 === 0) log(`seeded ${i + 1} requests (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: seedConcurrency }, worker));
  return (Date.now() - started) / 1000;
}

/** Until an escalation scan escalates nothing new. */
async function escalationsSettled(cookie: string, workspaceId: string): Promise<number> {
  let last = -1;
  for (let waited = 0; waited < 600_000; waited += scanMs) {
    await sleep(scanMs + 2000);
    const { requests } = await api<{ requests: Summary[] }>(cookie, 'GET', `/workspaces/${workspaceId}/requests`);
    const escalated = requests.filter((request) => request.escalation).length;
    log(`escalated so far: ${escalated} of ${requests.length}`);
    if (escalated === last) return escalated;
    last = escalated;
  }
  return last;
}

async function measureApi(cookie: string, workspaceId: string) {
  const times: number[] = [];
  let bytes = 0;
  let count = 0;
  for (let run = 1; run <= runs; run++) {
    const elapsed = await measured(`api run ${run}`, async () => {
      const started = performance.now();
      const response = await fetch(`${base}/api/workspaces/${workspaceId}/requests?state=open`, {
        headers: { cookie, origin: base },
      });
      const text = await response.text();
      const took = performance.now() - started;
      bytes = text.length;
      count = (JSON.parse(text) as { requests: unknown[] }).requests.length;
      return took;
    });
    times.push(elapsed);
    log(`api run ${run}: ${ms0(elapsed)} ms`);
  }
  return { times, bytes, count };
}

type QueueProbe = {
  rendered: number;
  rows: number | null;
  painted: number | null;
  busy: Array<[number, number]>;
  api: number | null;
};

declare global {
  interface Window {
    __queue: QueueProbe;
  }
}

/** Runs in the page before its scripts: when all rows are in the DOM, painted, and what kept the main thread busy. */
function installQueueProbe(expected: number): void {
  const probe: QueueProbe = { rendered: 0, rows: null, painted: null, busy: [], api: null };
  window.__queue = probe;
  for (const type of ['longtask', 'long-animation-frame']) {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.busy.push([entry.startTime, entry.startTime + entry.duration]);
      }).observe({ type, buffered: true });
    } catch {
      // not supported by this browser
    }
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[])
      if (probe.api === null && new URL(entry.name).pathname.endsWith('/requests')) probe.api = entry.responseEnd;
  }).observe({ type: 'resource', buffered: true });
  const observer = new MutationObserver(() => {
    if (probe.rows !== null) return;
    // The first screen is complete: every row, or enough rows to run past the bottom of the window.
    const rows = document.querySelectorAll('[data-testid="queue-row"]');
    const last = rows[rows.length - 1];
    if (rows.length < expected && !(last && last.getBoundingClientRect().bottom > innerHeight)) return;
    probe.rendered = rows.length;
    probe.rows = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        probe.painted = performance.now();
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

type Visit = { rows: number; painted: number; interactive: number; api: number; rendered: number };

async function visitQueue(context: BrowserContext, workspaceId: string, expected: number): Promise<Visit> {
  const page = await context.newPage();
  try {
    await page.addInitScript(installQueueProbe, expected);
    await page.goto(`${base}/w/${workspaceId}/queue`);
    await page.waitForFunction(() => window.__queue.painted !== null, null, { timeout: 60_000 });
    await sleep(2000); // long tasks that follow the paint
    const probe = await page.evaluate(() => window.__queue);
    const painted = probe.painted as number;
    // Interactive: the end of the last long task or frame that overlaps or follows the paint.
    const after = probe.busy.filter(([, end]) => end > painted);
    const interactive = Math.max(painted, ...after.map(([, end]) => end));
    return { rows: probe.rows as number, painted, interactive, api: probe.api ?? Number.NaN, rendered: probe.rendered };
  } finally {
    await page.close();
  }
}

const range = (values: number[]) => `${ms0(Math.min(...values))}–${ms0(Math.max(...values))}`;

async function main(): Promise<void> {
  const distIndex = path.join(root, 'web/dist/index.html');
  if (!fs.existsSync(distIndex)) throw new Error('web/dist is missing: run npm run build -w web first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-queue-perf-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  await startServer(dataDir);
  const { cookie, workspaceId, projectIds } = await demoWorkspace();
  const seedSeconds = await seedRequests(cookie, projectIds);
  log(`seeded ${totalRequests} requests in ${seedSeconds.toFixed(0)} s; waiting for escalations to settle`);
  const escalated = await escalationsSettled(cookie, workspaceId);

  const apiResult = await measureApi(cookie, workspaceId);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  cleanups.push(() => browser.close());
  const name = cookie.slice(0, cookie.indexOf('='));
  const value = cookie.slice(cookie.indexOf('=') + 1);
  const visits: Visit[] = [];
  for (let run = 1; run <= runs; run++) {
    const visit = await measured(`page run ${run}`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        await context.addInitScript(nameShim);
        await context.addCookies([{ name, value, url: base }]);
        return await visitQueue(context, workspaceId, apiResult.count);
      } finally {
        await context.close();
      }
    });
    visits.push(visit);
    log(`page run ${run}: rows painted ${ms0(visit.painted)} ms, interactive ${ms0(visit.interactive)} ms`);
  }

  const column = (pick: (visit: Visit) => number) => {
    const values = visits.map(pick);
    return `${ms0(median(values))} | ${range(values)}`;
  };
  console.log(
    [
      `## Team queue with ${apiResult.count} open requests`,
      '',
      `Command: \`npx tsx e2e/perf/queuePerf.ts${argv.length ? ` ${argv.join(' ')}` : ''}\``,
      `Machine: ${machine()}; ${browser.version()} headless, viewport ${viewport.width}×${viewport.height}.`,
      `Seeded through REST (on the customer's behalf, ${projectCount} projects, every type and priority) in ${seedSeconds.toFixed(0)} s; ${escalated} escalated before measuring.`,
      '',
      `| ${runs} runs | median (ms) | range (ms) |`,
      '|---|---|---|',
      `| API: GET /workspaces/{w}/requests?state=open (${(apiResult.bytes / 1024 / 1024).toFixed(1)} MB JSON) | ${ms0(median(apiResult.times))} | ${range(apiResult.times)} |`,
      `| Page: the queue's answer received (navigation start →) | ${column((v) => v.api)} |`,
      `| Page: the first screen of rows in the DOM (${visits[0]?.rendered ?? 0} of ${apiResult.count} rows rendered; the rest as one scrolls) | ${column((v) => v.rows)} |`,
      `| Page: those rows painted | ${column((v) => v.painted)} |`,
      `| Page: main thread free after the paint | ${column((v) => v.interactive)} |`,
      '',
      `Other processes' CPU during the runs (cores): ${foreignSeen.map((seen) => seen.cores.toFixed(2)).join(', ')}.`,
    ].join('\n'),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
