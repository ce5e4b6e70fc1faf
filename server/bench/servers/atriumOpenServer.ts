/**
 * Atrium with its access checks switched off, for the benchmark's "checks on vs off" comparison
 * only: the same server, storage, HTTP app and configuration as `src/main.ts`, started with the
 * open sync policy (`src/access/openSyncPolicy.ts`) — no authentication at the upgrade, no
 * authorization per subscription, no write rules per update. `openSync` is an option of
 * `startAtrium` that no environment variable reaches; this file, outside `src/`, is the only
 * process entry that passes it, so no configuration of a real server can turn the checks off.
 */
import { startAtrium } from '../../src/atriumServer.ts';
import { loadConfig } from '../../src/config.ts';

const atrium = await startAtrium(loadConfig(process.env), { openSync: true });

// As `main.ts`: commit queued writes on SIGTERM, so both variants stop the same way.
process.once('SIGTERM', () => {
  atrium.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
