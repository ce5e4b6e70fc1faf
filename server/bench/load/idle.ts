/**
 * Idle sockets for the memory measurement. Opens a few warm-up sockets first (so code loading and
 * JIT in the server happen before the baseline) and reports 'warm'; then, in `steps` equal steps,
 * opens `count` more in the requested layout, reporting 'loaded' after each step and waiting for
 * 'continue' (the orchestrator samples RSS in between), and finally holds them until 'stop'. The
 * steps let the orchestrator fit a slope instead of trusting one noisy difference. Every document
 * gets one small edit from its first client, so an "idle document" has content, not just a name.
 */
import { connectAll, LoadClient } from './client.ts';
import type { FromLoadgen, IdleConfig } from './ipc.ts';
import { protocolFromSpec } from './protocols.ts';

const ignoreDeliveries = () => {};

export async function runIdle(
  config: IdleConfig,
  emit: (message: FromLoadgen) => void,
  waitFor: (type: 'continue' | 'stop') => Promise<void>,
): Promise<void> {
  const protocol = protocolFromSpec(config.protocol);
  const open: LoadClient[] = [];

  // A batch of `n` sockets/documents named with `tag`, laid out as the config asks.
  const batch = (tag: string, n: number): LoadClient[] => {
    const make = (names: string[], key: string) => new LoadClient(protocol, config.base, names, key, ignoreDeliveries);
    switch (config.layout) {
      case 'sameDocument':
        return Array.from({ length: n }, (_, i) => make([`${config.docPrefix}-shared`], `${tag}${i}`));
      case 'distinctDocuments':
        return Array.from({ length: n }, (_, i) => make([`${config.docPrefix}-${tag}${i}`], 'k'));
      case 'oneSocketManyDocuments':
        return [
          make(
            Array.from({ length: n }, (_, i) => `${config.docPrefix}-${tag}${i}`),
            'k',
          ),
        ];
    }
  };

  const openBatch = async (tag: string, n: number, writeAll: boolean) => {
    const clients = batch(tag, n);
    await connectAll(clients, 50, 120_000);
    open.push(...clients);
    // One edit per document: every client of its own document, or only the first on a shared one.
    const writers = writeAll ? clients : clients.slice(0, 1);
    for (const client of writers) {
      const docs = config.layout === 'oneSocketManyDocuments' ? n : 1;
      for (let slot = 0; slot < docs; slot++) client.edit(slot, `idle document content ${tag}${slot}`);
    }
    // Give the server time to take in the edits before anyone samples its memory.
    await new Promise((resolve) => setTimeout(resolve, 500));
  };

  const shared = config.layout === 'sameDocument';
  await openBatch('w', config.warmupCount, !shared);
  emit({ type: 'phase', phase: 'warm' });
  await waitFor('continue');
  const perStep = Math.ceil(config.count / config.steps);
  for (let step = 1; step <= config.steps; step++) {
    await openBatch(`n${step}-`, perStep, !shared);
    emit({ type: 'phase', phase: 'loaded' });
    await waitFor(step < config.steps ? 'continue' : 'stop');
  }
  for (const client of open) client.close();
}
