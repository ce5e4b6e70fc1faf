/**
 * Waiting for a condition in tests: poll until the assertion passes, with a generous timeout, never
 * a fixed sleep. The failure message is the assertion's own last failure.
 */
import { vi } from 'vitest';

/** Polls until `assertion` stops throwing; fails with its last error after `timeout` ms. */
export function eventually<T>(assertion: () => T, timeout = 10_000): Promise<T> {
  return vi.waitFor(assertion, { timeout, interval: 5 });
}
