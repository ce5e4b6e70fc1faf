/**
 * One idle-memory run: a fresh server process (with the GC hook) and a load generator that opens
 * idle sockets/documents in steps. After the warm-up and after each step the server's memory is
 * sampled once it has settled, and per-item costs are the least-squares slopes over those points.
 * Failures are returned as data.
 */
import type { IdleConfig, IdleLayout } from './load/ipc.ts';
import type { Paths, PreparedTarget } from './loadgenProcess.ts';
import { quietThreshold, runLoadgen, sleep } from './loadgenProcess.ts';
import { rssMb, waitForQuiet } from './proc.ts';
import type { RunningServer } from './servers/launch.ts';
import { launchServer } from './servers/launch.ts';
import type { ServerTarget } from './servers/targets.ts';

export type IdleMeasurement = {
  target: ServerTarget;
  layout: IdleLayout;
  count: number;
  /** Memory after each step: items opened beyond the warm-up (0 = baseline), RSS and live JS MiB. */
  points: MemoryPoint[];
  /** Least-squares slopes over items, in KiB per item: of RSS, and of live JS memory. */
  kbPerItem: number;
  liveKbPerItem: number;
  error: string | null;
};

type MemoryPoint = { items: number; rssMb: number; liveMb: number };

/** Memory steps per idle measurement: enough points for a slope that one GC hiccup cannot flip. */
const idleSteps = 5;

function slopeKbPerItem(points: MemoryPoint[], y: (p: MemoryPoint) => number): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((sum, p) => sum + p.items, 0) / n;
  const my = points.reduce((sum, p) => sum + y(p), 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.items - mx) * (y(p) - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.items - mx) ** 2, 0);
  return sxx > 0 ? (sxy / sxx) * 1024 : Number.NaN;
}

/**
 * Memory once it has stopped moving: force a full GC, sample, repeat until the last five RSS
 * samples lie within 0.25 MiB (or 30 s pass), and return their medians. A freshly started V8 keeps
 * shrinking its heap for a while after start-up and after each forced GC; sampling before that
 * settled made RSS fall while sockets were being added. `liveMb` is V8 heap used + external memory
 * right after the GC, i.e. live JavaScript objects and buffers.
 */
async function settledMemory(server: RunningServer): Promise<{ rssMb: number; liveMb: number }> {
  const rss: number[] = [];
  const live: number[] = [];
  const deadline = performance.now() + 30_000;
  const medianOf = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  for (;;) {
    const usage = await server.collectGarbage();
    await sleep(300);
    rss.push(rssMb(server.pid));
    live.push(usage ? (usage.heapUsed + usage.external) / 1024 / 1024 : Number.NaN);
    const last = rss.slice(-5);
    const range = Math.max(...last) - Math.min(...last);
    if ((last.length === 5 && range <= 0.25) || performance.now() > deadline) {
      return { rssMb: medianOf(last), liveMb: medianOf(live.slice(-5)) };
    }
  }
}

export async function measureIdle(prepared: PreparedTarget, layout: IdleLayout, count: number, paths: Paths) {
  const { target } = prepared;
  const measurement: IdleMeasurement = {
    target,
    layout,
    count,
    points: [],
    kbPerItem: Number.NaN,
    liveKbPerItem: Number.NaN,
    error: null,
  };
  const spec = layout === 'oneSocketManyDocuments' ? target.multiplexed : target.protocol;
  if (!spec) return { ...measurement, error: 'not supported (one document per socket)' };
  await waitForQuiet(quietThreshold, 60_000);
  let server: RunningServer | null = null;
  try {
    server = await launchServer(
      target,
      paths.serverDir,
      `${paths.logDir}/${target.id}-idle-${layout}.log`,
      prepared,
      true,
    );
    const running = server;
    const config: IdleConfig = {
      mode: 'idle',
      base: server.base,
      protocol: { ...spec, query: prepared.query },
      docPrefix: `${prepared.namePrefix}idle-${layout}`,
      layout,
      warmupCount: 20,
      count,
      steps: idleSteps,
    };
    const perStep = Math.ceil(count / idleSteps);
    await runLoadgen(config, server, 300_000, async (phase, reply) => {
      if (phase !== 'warm' && phase !== 'loaded') return;
      const memory = await settledMemory(running);
      measurement.points.push({ items: measurement.points.length * perStep, ...memory });
      reply({ type: measurement.points.length > idleSteps ? 'stop' : 'continue' });
    });
    measurement.kbPerItem = slopeKbPerItem(measurement.points, (p) => p.rssMb);
    measurement.liveKbPerItem = slopeKbPerItem(measurement.points, (p) => p.liveMb);
  } catch (error) {
    measurement.error = error instanceof Error ? error.message : String(error);
  } finally {
    await server?.stop();
  }
  return measurement;
}
