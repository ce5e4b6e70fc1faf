/**
 * Per-test teardown: a test registers what it opened (servers, sockets, temporary directories) and
 * it is closed after that test, newest first, whether the test passed or not.
 */
import { afterEach } from 'vitest';

export type Defer = (task: () => unknown) => void;

/** Call once at the top of a test file; returns the function tests use to register teardown. */
export function cleanupAfterEach(): Defer {
  const tasks: Array<() => unknown> = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const task of tasks.splice(0).reverse()) {
      try {
        await task();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'teardown failed');
  });
  return (task) => {
    tasks.push(task);
  };
}
