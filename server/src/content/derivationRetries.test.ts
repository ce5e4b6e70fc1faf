/**
 * Failed derivations are counted, retried until their owner reports success, and shown as pending
 * meanwhile; a shutdown stops the retries.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createLogger } from '../log.ts';
import { createMetrics } from '../metrics.ts';
import { DerivationRetries } from './derivationRetries.ts';

let metrics: ReturnType<typeof createMetrics>;
let retries: DerivationRetries;

const value = async (metric: 'derivationFailures' | 'derivationsPendingRetry', kind: string) =>
  (await metrics[metric].get()).values.find((v) => v.labels.kind === kind)?.value;

beforeEach(() => {
  vi.useFakeTimers();
  metrics = createMetrics();
  retries = new DerivationRetries({ metrics, log: createLogger('silent'), delays: { firstMs: 10, maxMs: 40 } });
});

afterEach(() => {
  retries.close();
  vi.useRealTimers();
});

it('retries a failed derivation until it succeeds, counting each failure and showing it as pending', async () => {
  expect(await value('derivationFailures', 'version')).toBe(0);
  let attempts = 0;
  const retry = () => {
    attempts += 1;
    if (attempts < 3) retries.failed('version', 'doc/a', new Error('disk full'), retry);
    else retries.succeeded('version', 'doc/a');
  };
  retries.failed('version', 'doc/a', new Error('disk full'), retry);
  expect(await value('derivationsPendingRetry', 'version')).toBe(1);
  expect(retries.pending('version')).toEqual(['doc/a']);

  await vi.advanceTimersByTimeAsync(10 + 20 + 40);
  expect(attempts).toBe(3);
  expect(await value('derivationFailures', 'version')).toBe(3);
  expect(await value('derivationsPendingRetry', 'version')).toBe(0);
  expect(retries.pending('version')).toEqual([]);
});

it('a retry that throws is counted and tried again; after close nothing more runs', async () => {
  let attempts = 0;
  retries.failed('portal', 'prj_1', new Error('first'), () => {
    attempts += 1;
    throw new Error('again');
  });
  await vi.advanceTimersByTimeAsync(10);
  expect(attempts).toBe(1);
  expect(await value('derivationFailures', 'portal')).toBe(2);
  retries.close();
  await vi.advanceTimersByTimeAsync(1000);
  expect(attempts).toBe(1);
  expect(await value('derivationsPendingRetry', 'portal')).toBe(1);
});
