/**
 * Structured logging (pino). One root logger per server instance; each module takes a child with
 * its name, and connection/document context is bound with further children so every line can be
 * traced to a socket and a document.
 */
import { type Logger, pino } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'atrium' } });
}
