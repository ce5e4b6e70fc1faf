/**
 * Configuration: read from the environment once, validated with zod, then passed down as a typed
 * value. Nothing else in the server reads `process.env`. A wrong value stops start-up with a
 * message naming the variable, so a typo never silently becomes a default.
 */
import path from 'node:path';
import { z } from 'zod';

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: integer(4000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL instead of SQLite: postgres://user:password@host:port/database. Unset: SQLite in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (leave it unset for SQLite in DATA_DIR)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest WebSocket frame accepted; a bigger one closes that connection (1009). */
  MAX_MESSAGE_BYTES: integer(8 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  /** `normal`: committed data survives a crash of the process; `full`: also a power loss (fsync per commit). */
  SQLITE_SYNC: z.enum(['normal', 'full']).default('normal'),
  /** How long a document with no subscribers stays in memory before it is evicted. */
  DOC_EVICT_GRACE_MS: integer(30_000, 0, 24 * 3600_000),
  /** Compact a document's update log into a snapshot after this many updates … */
  COMPACT_AFTER_UPDATES: integer(500, 1, 1_000_000),
  /** … or after this many bytes of updates, whichever comes first. */
  COMPACT_AFTER_BYTES: integer(1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** Mark the session cookie Secure (set when Atrium is served over HTTPS). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** Sessions end after this many hours without use. */
  SESSION_TTL_HOURS: integer(24 * 30, 1, 24 * 365),
  /** The address people use to reach Atrium (invite links are built from it); defaults to http://HOST:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** Extra browser origins allowed to call the API and open sync sockets (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Whether anyone may create an account without an invite. */
  SIGNUP: z.enum(['open', 'invite-only']).default('open'),
  /** On an empty data directory, create a demo workspace with a provider and a customer user. */
  ATRIUM_DEMO: z.enum(['on', 'off']).default('on'),
  /** After this long without edits, an edited item's text gets an automatic version. */
  VERSION_QUIET_MS: integer(120_000, 1000, 24 * 3600_000),
  /** The largest file one upload may carry (attachments, images in documents). */
  MAX_UPLOAD_BYTES: integer(25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** The largest request body any other route accepts (JSON bodies); larger ones get 413 unread. */
  MAX_REQUEST_BYTES: integer(1024 * 1024, 1024, 64 * 1024 * 1024),
  /** How often the escalation worker looks for SLA thresholds reached (at risk, breached). */
  SLA_SCAN_MS: integer(30_000, 10, 3600_000),
  /** Outgoing email's SMTP server: smtp://user:password@host:587 or smtps://…:465. Unset: email is off. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL (leave it unset to turn email off)')
    .optional(),
  /** The sender of every email, e.g. "Atrium <atrium@example.com>"; required with SMTP_URL. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /** How often the outbox worker looks for email due to be sent. */
  OUTBOX_POLL_MS: integer(2_000, 10, 3600_000),
  /** The built web app (`npm run build -w web`) served at `/`. */
  WEB_DIST: z
    .string()
    .min(1)
    .default(path.resolve(import.meta.dirname, '../../web/dist')),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL's URL, or undefined: SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  maxMessageBytes: number;
  sqliteSync: 'normal' | 'full';
  docEvictGraceMs: number;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  cookieSecure: boolean;
  sessionTtlMs: number;
  publicUrl: string;
  allowedOrigins: string[];
  signup: 'open' | 'invite-only';
  demo: boolean;
  webDist: string;
  versionQuietMs: number;
  maxUploadBytes: number;
  maxRequestBytes: number;
  slaScanMs: number;
  /** Outgoing email, or null: email is off (no invite emails, no password reset). */
  mail: MailConfig | null;
  outboxPollMs: number;
};

export type MailConfig = { smtpUrl: string; from: string };

/** Raised when the environment holds an invalid value; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset": `PORT= npm start` should not be a validation error.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration — ${problems.join('; ')}`);
  }
  const v = parsed.data;
  if ((v.SMTP_URL === undefined) !== (v.MAIL_FROM === undefined)) {
    throw new ConfigError(
      'Invalid configuration — SMTP_URL and MAIL_FROM: set both to send email, or neither to leave email off',
    );
  }
  return {
    port: v.PORT,
    host: v.HOST,
    dataDir: path.resolve(v.DATA_DIR),
    databaseUrl: v.DATABASE_URL,
    logLevel: v.LOG_LEVEL,
    maxMessageBytes: v.MAX_MESSAGE_BYTES,
    sqliteSync: v.SQLITE_SYNC,
    docEvictGraceMs: v.DOC_EVICT_GRACE_MS,
    compactAfterUpdates: v.COMPACT_AFTER_UPDATES,
    compactAfterBytes: v.COMPACT_AFTER_BYTES,
    cookieSecure: v.COOKIE_SECURE === 'true',
    sessionTtlMs: v.SESSION_TTL_HOURS * 3600_000,
    publicUrl: (v.PUBLIC_URL ?? `http://${v.HOST}:${v.PORT}`).replace(/\/$/, ''),
    allowedOrigins: v.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    signup: v.SIGNUP,
    demo: v.ATRIUM_DEMO === 'on',
    webDist: path.resolve(v.WEB_DIST),
    versionQuietMs: v.VERSION_QUIET_MS,
    maxUploadBytes: v.MAX_UPLOAD_BYTES,
    maxRequestBytes: v.MAX_REQUEST_BYTES,
    slaScanMs: v.SLA_SCAN_MS,
    mail: v.SMTP_URL && v.MAIL_FROM ? { smtpUrl: v.SMTP_URL, from: v.MAIL_FROM } : null,
    outboxPollMs: v.OUTBOX_POLL_MS,
  };
}
