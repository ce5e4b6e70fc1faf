/**
 * What the sync tests against a real server share (tests only; nothing in the app imports it):
 * clean-ups run after each test, newest first, and a wait for a condition.
 */
import { afterEach } from 'vitest';

export const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 10) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
