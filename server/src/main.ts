/**
 * Entry point of `npm start`: read the configuration, start the server, seed the demo on a first
 * run, and shut down cleanly on SIGINT/SIGTERM (committing queued writes, compacting documents).
 */

import { startAtrium } from './atriumServer.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { demoBanner, seedDemoIfEmpty } from './demo/seedDemo.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const atrium = await startAtrium(config);
  if (config.demo && (await seedDemoIfEmpty(atrium.db, atrium.documents))) console.log(demoBanner(config.publicUrl));
  const stop = (signal: string) => {
    atrium.log.info({ signal }, 'shutting down');
    atrium.close().then(
      () => process.exit(0),
      (error: unknown) => {
        atrium.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
