/**
 * Preloaded (`--import`) into a server process for the memory measurement only, together with
 * `--expose-gc`: SIGUSR2 runs a full garbage collection and then writes `process.memoryUsage()` as
 * JSON to the file named by BENCH_MEMORY_FILE. Without the GC, RSS depends on when V8 last happened
 * to collect; the heap figures after a full GC are the live JavaScript memory, a steadier second
 * view next to RSS. It touches nothing in the server itself and is applied identically to every
 * server under test.
 */
import { writeFileSync } from 'node:fs';

const collect = (globalThis as { gc?: () => void }).gc;
const file = process.env.BENCH_MEMORY_FILE;
if (collect && file) {
  process.on('SIGUSR2', () => {
    collect();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
