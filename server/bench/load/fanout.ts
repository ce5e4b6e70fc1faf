/**
 * The fan-out load: D documents × C clients each; every document receives R edits per second, each
 * made by a seeded-random client of that document, and every other client of the document records
 * the delay from send until the edit first arrives.
 *
 * Edits are scheduled on one global, evenly spaced timeline (edit j at t0 + j/(D·R), on document
 * j mod D), so each document gets exactly R edits/s with staggered phases and the offered load
 * does not depend on timer luck. An edit's latency is measured from when it was actually sent, and
 * the worst schedule lag is reported, so a generator that falls behind is visible rather than
 * hidden. Only edits sent in the measured window count; after it, sending stops and we wait (up to
 * drainSeconds) for edits still in flight. Anything not arrived by then is counted as lost.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectAll, LoadClient } from './client.ts';
import type { FromLoadgen, LoadConfig, LoadResult } from './ipc.ts';
import { formatMarker } from './markers.ts';
import { protocolFromSpec } from './protocols.ts';
import { LatencyRecorder } from './recorder.ts';
import { seededRandom } from './rng.ts';

export async function runFanout(config: LoadConfig, emit: (message: FromLoadgen) => void): Promise<LoadResult> {
  const protocol = protocolFromSpec(config.protocol);
  const { documents: D, clientsPerDocument: C, editsPerSecondPerDocument: R } = config;
  const firstWindowEdit = Math.round(D * R * config.warmupSeconds);
  const totalEdits = firstWindowEdit + Math.round(D * R * config.measureSeconds);
  // Flat tables indexed by edit id (and receiver): no per-edit objects on the hot path.
  const senderOf = new Int32Array(totalEdits).fill(-1);
  const seen = new Uint8Array(totalEdits * C);
  const latency = new LatencyRecorder();
  let delivered = 0;
  let duplicates = 0;
  let misrouted = 0;
  let unknown = 0;

  const clients: LoadClient[] = [];
  for (let d = 0; d < D; d++) {
    for (let c = 0; c < C; c++) {
      const onDelivery = (_slot: number, editId: number, sentAt: number, receivedAt: number) => {
        if (editId < 0 || editId >= totalEdits) {
          unknown++;
          return;
        }
        if (editId % D !== d) {
          misrouted++;
          return;
        }
        if (senderOf[editId] === c) return; // our own edit echoed back: not a delivery
        const index = editId * C + c;
        if (seen[index] === 1) {
          duplicates++;
          return;
        }
        seen[index] = 1;
        if (editId >= firstWindowEdit) {
          delivered++;
          latency.add(receivedAt - sentAt);
        }
      };
      clients.push(new LoadClient(protocol, config.base, [`${config.docPrefix}-d${d}`], `c${c}`, onDelivery));
    }
  }

  await connectAll(clients, 50, 60_000);
  emit({ type: 'phase', phase: 'connected' });

  const random = seededRandom(config.seed);
  const intervalMs = 1000 / (D * R);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  let cpuAtWindowStart = process.cpuUsage();
  let wallAtWindowStart = performance.now();
  let sendLagMaxMs = 0;
  let next = 0;
  const t0 = performance.now() + 50;

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < totalEdits && t0 + next * intervalMs <= now) {
        if (next === firstWindowEdit) {
          emit({ type: 'phase', phase: 'windowStart' });
          cpuAtWindowStart = process.cpuUsage();
          wallAtWindowStart = performance.now();
          loopDelay.enable();
        }
        if (next >= firstWindowEdit) sendLagMaxMs = Math.max(sendLagMaxMs, now - (t0 + next * intervalMs));
        const d = next % D;
        const c = Math.floor(random() * C);
        senderOf[next] = c;
        clients[d * C + c]?.edit(0, formatMarker(performance.now(), next));
        next++;
      }
      if (next >= totalEdits) resolve();
      else setTimeout(tick, Math.max(0, t0 + next * intervalMs - performance.now()));
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  const windowEdits = totalEdits - firstWindowEdit;
  const windowSeconds = (performance.now() - wallAtWindowStart) / 1000;
  emit({ type: 'phase', phase: 'windowEnd' });

  const expected = windowEdits * (C - 1);
  const drainDeadline = performance.now() + config.drainSeconds * 1000;
  while (delivered < expected && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  emit({ type: 'phase', phase: 'drained' });
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtWindowStart);
  const wallMs = performance.now() - wallAtWindowStart;

  const result: LoadResult = {
    editsSent: windowEdits,
    // The window spans windowEdits intervals; the loop ends just after the last send.
    achievedEditsPerSecond: windowEdits / (windowSeconds + intervalMs / 1000),
    expected,
    delivered,
    duplicates,
    misrouted,
    unknown,
    latencyMs: latency.summary(),
    loadgenCpu: (cpu.user + cpu.system) / 1000 / wallMs,
    loadgenLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    sendLagMaxMs,
    unexpectedCloses: clients.flatMap((client) => (client.unexpectedClose ? [client.unexpectedClose] : [])),
  };
  for (const client of clients) client.close();
  return result;
}
