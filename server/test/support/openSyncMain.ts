/**
 * `main.ts` for child-process tests of the sync engine (kill -9 durability): the same server and
 * storage, started with `openSync` so the test can drive documents without accounts. Access rules
 * have their own tests against the real policy.
 */
import { startAtrium } from '../../src/atriumServer.ts';
import { loadConfig } from '../../src/config.ts';

await startAtrium(loadConfig(process.env), { openSync: true });
